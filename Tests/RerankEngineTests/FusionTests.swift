import Foundation
import RerankEngine
import SkillHubCore
import Testing

@Suite("fuse: reciprocal rank fusion")
struct FusionTests {
    @Test("two overlapping lists, k = 60, by hand")
    func handChecked() throws {
        // lists A = [a, b, c], B = [b, c, d]; score = Σ 1 / (60 + rank)
        // a: 1/61            = 0.016393442622950820
        // b: 1/61 + 1/62     = 0.016393442622950820 + 0.016129032258064516 = 0.032522474881015336
        // c: 1/62 + 1/63     = 0.016129032258064516 + 0.015873015873015872 = 0.032002048131080388
        // d: 1/63            = 0.015873015873015872
        // so b > c > a > d
        let output = try localEngine().fuse(["lists": [["a", "b", "c"], ["b", "c", "d"]]])
        #expect(output.k == 60)
        #expect(output.results.map(\.id) == ["b", "c", "a", "d"])
        let expected = [0.032522474881015336, 0.032002048131080388, 0.016393442622950820, 0.015873015873015872]
        for (result, score) in zip(output.results, expected) {
            #expect(abs(result.score - score) < 1e-15)
        }
        #expect(output.results.map(\.ranks) == [[2, 1], [3, 2], [1, nil], [nil, 3]])
    }

    @Test("k from the call, then from rrf_k (a string, as from the environment)")
    func kChoice() throws {
        // k = 1: a = 1/(1+1) = 0.5; b = 1/(1+2) = 0.333…
        let given = try localEngine().fuse(["lists": [["a", "b"]], "k": 1])
        #expect(given.k == 1)
        #expect(given.results.map(\.score) == [0.5, 1.0 / 3.0])
        // rrf_k = 10: a = 1/11
        let configured = try localEngine(["rrf_k": "10"]).fuse(["lists": [["a"]]])
        #expect(configured.k == 10)
        #expect(configured.results.first?.score == 1.0 / 11.0)
    }

    @Test("a tie goes to the first appearance")
    func tieByAppearance() throws {
        // a: 1/61 + 1/62, b: 1/62 + 1/61: equal; both best rank 1; a appears first
        let output = try localEngine().fuse(["lists": [["a", "b"], ["b", "a"]]])
        #expect(output.results.map(\.id) == ["a", "b"])
        #expect(output.results[0].score == output.results[1].score)
    }

    @Test("the same ranks in other lists give bit-identical scores")
    func exactTieAcrossThreeLists() throws {
        // every id has the ranks {1, 2, 3}: 1/61 + 1/62 + 1/63 each, summed in rank order
        let output = try localEngine().fuse(["lists": [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]]])
        #expect(output.results.map(\.id) == ["a", "b", "c"])
        #expect(Set(output.results.map(\.score)).count == 1)
        #expect(abs(output.results[0].score - (1.0 / 61 + 1.0 / 62 + 1.0 / 63)) < 1e-15)
    }

    @Test("a tie goes to the better best rank before the first appearance")
    func tieByBestRank() throws {
        // k = 0: x = 1/1, p = 1/2 + 1/2, y = 1/1, q = 1/1: all 1.0
        // best ranks: x 1, p 2, y 1, q 1 → x, y, q (by appearance), then p
        let output = try localEngine().fuse(["lists": [["x", "p"], ["y", "p"], ["q"]], "k": 0])
        #expect(output.results.map(\.id) == ["x", "y", "q", "p"])
        #expect(output.results.allSatisfy { $0.score == 1 })
    }

    @Test("a repeated id in one list counts at its best rank only")
    func duplicatesInAList() throws {
        let output = try localEngine().fuse(["lists": [["a", "b", "a"]]])
        #expect(output.results.map(\.id) == ["a", "b"])
        #expect(output.results[0].ranks == [1])
        #expect(output.results[0].score == 1.0 / 61)
    }

    @Test("top_n keeps the best")
    func topN() throws {
        let output = try localEngine().fuse(["lists": [["a", "b", "c"], ["b", "c", "d"]], "top_n": 2])
        #expect(output.results.map(\.id) == ["b", "c"])
    }

    @Test("empty lists fuse to nothing")
    func emptyLists() throws {
        #expect(try localEngine().fuse(["lists": [[], []]]).results.isEmpty)
    }

    @Test("objects keep their members, merged across lists, the first list winning")
    func objectItems() throws {
        let input = try json("""
        {"lists": [[{"id": "a", "text": "alpha", "text_score": 3.5}, "b"],
                   [{"id": "b", "vector_score": 0.9}, {"id": "a", "text": "other", "vector_score": 0.8}]]}
        """)
        let output = try localEngine().fuse(input)
        let byID = Dictionary(uniqueKeysWithValues: output.results.map { ($0.id, $0.item) })
        #expect(byID["a"] == .some(["id": "a", "text": "alpha", "text_score": 3.5, "vector_score": 0.8]))
        #expect(byID["b"] == .some(["id": "b", "vector_score": 0.9]))
    }

    @Test("the output encodes missing ranks as null and bare ids without item")
    func encoding() throws {
        let output = try localEngine().fuse(["lists": [["a"], ["b"]], "k": 0])
        let encoded = try json(String(decoding: try JSONEncoder().encode(output), as: UTF8.self))
        #expect(encoded == ["k": 0, "results": [["id": "a", "score": 1, "ranks": [1, nil]], ["id": "b", "score": 1, "ranks": [nil, 1]]]])
    }
}
