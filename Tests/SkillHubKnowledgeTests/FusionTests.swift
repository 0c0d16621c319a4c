import Foundation
import SkillHubStorage
import Testing
@testable import SkillHubKnowledge

@Suite("Hybrid fusion, full-text literals and change messages")
struct FusionTests {
    @Test func reciprocalRankFusionSumsOverChannelsAndScalesTheBestToOne() {
        let fullText: [(id: Int64, score: Double)] = [(1, 0.9), (2, 0.5), (3, 0.1)]
        let vector: [(id: Int64, score: Double)] = [(2, 0.95), (4, 0.9), (1, 0.2)]
        let fused = ScoreFusion.reciprocalRank(k: 60).fuse([fullText, vector])
        // 2: 1/62 + 1/61; 1: 1/61 + 1/63; 4: 1/62; 3: 1/63 — each × 61/2.
        #expect(fused.map(\.id) == [2, 1, 4, 3])
        let expected: [Int64: Double] = [2: 1.0 / 62 + 1.0 / 61, 1: 1.0 / 61 + 1.0 / 63, 4: 1.0 / 62, 3: 1.0 / 63]
        for hit in fused {
            #expect(abs(hit.score - (expected[hit.id] ?? 0) * 61 / 2) < 1e-12)
        }
        let first = ScoreFusion.reciprocalRank(k: 60).fuse([[(7, 1)], [(7, 1)]])
        #expect(first.map(\.score) == [1.0])
    }

    @Test func weightedFusionNormalisesEachChannel() {
        let fullText: [(id: Int64, score: Double)] = [(1, 10), (2, 5), (3, 0)]
        let vector: [(id: Int64, score: Double)] = [(3, 0.9), (2, 0.7), (4, 0.5)]
        let fused = ScoreFusion.weighted(weights: [0.3, 0.7]).fuse([fullText, vector])
        let scores = Dictionary(uniqueKeysWithValues: fused.map { ($0.id, $0.score) })
        #expect(abs((scores[1] ?? 0) - 0.3) < 1e-12)
        #expect(abs((scores[2] ?? 0) - (0.3 * 0.5 + 0.7 * 0.5)) < 1e-12)
        #expect(abs((scores[3] ?? 0) - 0.7) < 1e-12)
        #expect(abs((scores[4] ?? 0) - 0) < 1e-12)
        #expect(fused.first?.id == 3)
        // A channel with one hit scores it 1; an empty channel adds nothing.
        #expect(ScoreFusion.weighted(weights: [0.5, 0.5]).fuse([[(9, 3)], []]).map(\.score) == [0.5])
    }

    @Test func lexemeLiteralsQuoteAndKeepPositions() {
        #expect(LexemeText.vector(["a", "b", "a"]) == "'a':1,3 'b':2")
        #expect(LexemeText.vector(["it's", "back\\slash"]) == "'it''s':1 'back\\\\slash':2")
    }

    @Test func lexemesAreReadBackWithTheirFrequencies() {
        let terms = ["it's", "机器", "back\\slash", "it's", "学习", "机器", "it's"]
        let read = LexemeText.termFrequencies(LexemeText.vector(terms))
        #expect(read.map(\.term) == ["it's", "机器", "back\\slash", "学习"])
        #expect(read.map(\.frequency) == [3, 2, 1, 1])
        // As PostgreSQL prints a tsvector: weights after positions, a lexeme without positions, an escaped character.
        let printed = LexemeText.termFrequencies("'a':1A,2,3C 'b' 'c\\'d':4 'x''y':5")
        #expect(printed.map(\.term) == ["a", "b", "c'd", "x'y"])
        #expect(printed.map(\.frequency) == [3, 1, 1, 1])
        // Positions are capped at 256 per term, as PostgreSQL caps them.
        #expect(LexemeText.termFrequencies(LexemeText.vector(Array(repeating: "many", count: 300))).first?.frequency == 256)
        #expect(LexemeText.termFrequencies("").isEmpty)
        #expect(LexemeText.termFrequencies("'unclosed").isEmpty)
    }

    @Test func changeMessagesRoundTripAndRefuseOtherVersions() throws {
        let change = KnowledgeChange(kind: .chunksDeleted, collectionID: UUID(), chunkIDs: [3, 4], origin: UUID())
        #expect(KnowledgeChange(message: change.serialized()) == change)
        #expect(KnowledgeChange(message: Array(#"{"v": 2, "kind": "chunks_deleted", "collection_id": "\#(UUID())"}"#.utf8)) == nil)
        #expect(KnowledgeChange(message: Array("garbage".utf8)) == nil)
    }
}
