import Testing
@testable import SkillHubVectorIndex

@Suite("Bad input is a thrown error, never a crash")
struct ValidationTests {
    @Test("a dimension mismatch on insert, bulk insert or search throws and changes nothing")
    func dimensionMismatch() throws {
        let index = try VectorIndex(dimensions: 4)
        try index.insert(id: 1, vector: [1, 0, 0, 0])
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 3)) {
            try index.insert(id: 2, vector: [1, 0, 0])
        }
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 0)) {
            try index.insert(id: 2, vector: [])
        }
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 5)) {
            try index.search([1, 0, 0, 0, 0], k: 1)
        }
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 2)) {
            let entries: [(id: Int64, vector: [Float])] = [(id: 3, vector: [1, 0, 0, 0]), (id: 4, vector: [1, 0])]
            try index.insert(contentsOf: entries)
        }
        #expect(throws: VectorIndexError.bulkLengthMismatch(expected: 8, actual: 7)) {
            try index.insert(ids: [5, 6], flattenedVectors: [Float](repeating: 0.5, count: 7))
        }
        #expect(index.count == 1)
        #expect(!index.contains(id: 3))
    }

    @Test("NaN and infinity are refused; fewer than one dimension is refused")
    func nonFinite() throws {
        let index = try VectorIndex(dimensions: 2)
        #expect(throws: VectorIndexError.nonFiniteComponent(index: 1)) {
            try index.insert(id: 1, vector: [0, .nan])
        }
        #expect(throws: VectorIndexError.nonFiniteComponent(index: 0)) {
            try index.search([.infinity, 0], k: 1)
        }
        #expect(throws: VectorIndexError.invalidDimensions(0)) {
            try VectorIndex(dimensions: 0)
        }
        #expect(index.count == 0)
    }
}
