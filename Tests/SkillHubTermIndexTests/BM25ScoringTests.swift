import Foundation
import Testing
@testable import SkillHubTermIndex

/// Three chunks whose BM25 scores are worked out by hand below: N = 3, lengths 3, 4 and 1, so the
/// average length is 8/3; with k1 = 1.2 and b = 0.75 the length norms k1 × (1 − b + b × length / avg)
/// are 1.3125, 1.65 and 0.6375.
func threeChunks() -> TermIndex {
    let index = TermIndex()
    index.insert(id: 1, terms: [("apple", 2), ("banana", 1)])
    index.insert(id: 2, terms: [("apple", 1), ("cherry", 3)])
    index.insert(id: 3, terms: [("banana", 1)])
    return index
}

@Suite("BM25 ranking")
struct BM25ScoringTests {
    @Test func aTermInOneChunkScoresItsIDFTimesTheSaturatedFrequency() throws {
        let hits = threeChunks().search(["cherry"], k: 10)
        // idf = ln(1 + (3 − 1 + 0.5) / (1 + 0.5)) = ln(8/3) = 0.980829; 3 / (3 + 1.65) = 0.645161.
        #expect(hits.map(\.id) == [2])
        let score = try #require(hits.first?.score)
        #expect(abs(score - log(8.0 / 3.0) * 3 / (3 + 1.65)) < 1e-12)
        #expect(abs(score - 0.632793) < 1e-6)
    }

    @Test func termsAreSummedOverTheChunksHoldingAny() {
        let hits = threeChunks().search(["apple", "banana"], k: 10)
        // idf(apple) = idf(banana) = ln(1 + 1.5 / 2.5) = ln 1.6 = 0.470004.
        // 1: (2 / 3.3125 + 1 / 2.3125) × 0.470004 = 0.487021; 3: 1 / 1.6375 × 0.470004 = 0.287026;
        // 2: 1 / 2.65 × 0.470004 = 0.177360.
        #expect(hits.map(\.id) == [1, 3, 2])
        let expected = [0.487021, 0.287026, 0.177360]
        for (hit, want) in zip(hits, expected) {
            #expect(abs(hit.score - want) < 1e-6, "chunk \(hit.id): \(hit.score), not \(want)")
        }
    }

    @Test func theRareTermOutweighsTheCommonOne() {
        // Chunk 1 has the common term twice, chunk 2 the rare one: 0.283776 against 0.177360 + 0.632793.
        let hits = threeChunks().search(["apple", "cherry"], k: 10)
        #expect(hits.map(\.id) == [2, 1])
        #expect(abs(hits[0].score - 0.810153) < 1e-6)
        #expect(abs(hits[1].score - 0.283776) < 1e-6)
    }

    @Test func aQueryTermRepeatedCountsOnceAndUnknownTermsMatchNothing() {
        let index = threeChunks()
        #expect(index.search(["cherry", "cherry", "durian"], k: 10).map(\.score) == index.search(["cherry"], k: 10).map(\.score))
        #expect(index.search(["durian"], k: 10).isEmpty)
    }

    @Test func emptyQueriesEmptyIndexesAndNoRoomFindNothing() {
        #expect(threeChunks().search([], k: 10).isEmpty)
        #expect(threeChunks().search(["apple"], k: 0).isEmpty)
        #expect(threeChunks().search(["apple"], k: -1).isEmpty)
        #expect(TermIndex().search(["apple"], k: 10).isEmpty)
    }

    @Test func theTopKAreTheBestOfAllMatchesAndTiesGoByID() {
        let index = TermIndex()
        // Identical chunks score alike: their order is by id, whatever the insertion order.
        for id: Int64 in [50, 7, 23, -4, 11] { index.insert(id: id, terms: [("same", 1), ("filler", 3)]) }
        index.insert(id: 99, terms: [("same", 4)])
        #expect(index.search(["same"], k: 3).map(\.id) == [99, -4, 7])
        #expect(index.search(["same"], k: 10).map(\.id) == [99, -4, 7, 11, 23, 50])
    }

    @Test func theFilterKeepsOnlyAllowedIDs() {
        let index = threeChunks()
        #expect(index.search(["apple", "banana"], k: 10, allowed: [2, 3]).map(\.id) == [3, 2])
        #expect(index.search(["apple", "banana"], k: 1, allowed: [2]).map(\.id) == [2])
        #expect(index.search(["apple"], k: 10, allowed: []).isEmpty)
    }

    @Test func aTermGivenTwiceCountsOnceWithItsFrequenciesSummed() {
        let twice = TermIndex()
        twice.insert(id: 1, terms: [("apple", 1), ("banana", 1), ("apple", 1), ("empty", 0)])
        let once = TermIndex()
        once.insert(id: 1, terms: [("apple", 2), ("banana", 1)])
        #expect(twice.search(["apple", "banana", "empty"], k: 10).map(\.score) == once.search(["apple", "banana"], k: 10).map(\.score))
    }

    @Test func theParametersAreLucenesDefaults() {
        #expect(BM25Parameters() == BM25Parameters(k1: 1.2, b: 0.75))
        // b = 0: the length no longer matters, so equal frequencies score equally.
        let index = TermIndex(parameters: BM25Parameters(k1: 1.2, b: 0))
        index.insert(id: 1, terms: [("apple", 1)])
        index.insert(id: 2, terms: [("apple", 1), ("filler", 50)])
        let hits = index.search(["apple"], k: 10)
        #expect(hits.count == 2 && hits[0].score == hits[1].score)
    }
}
