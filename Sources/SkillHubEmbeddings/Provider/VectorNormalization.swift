/// L2 normalisation and the checks every provider's answer goes through.
enum VectorNormalization {
    /// `vector` scaled to length 1; nil when it has a non-finite component or is all zeros.
    static func normalized(_ vector: [Float]) -> [Float]? {
        var sum: Double = 0
        for value in vector {
            guard value.isFinite else { return nil }
            sum += Double(value) * Double(value)
        }
        guard sum > 0, sum.isFinite else { return nil }
        let scale = Float(1 / sum.squareRoot())
        return vector.map { $0 * scale }
    }

    /// `vectors` checked (one per text, each of `dimensions`) and normalised; errors name the provider and the fault.
    static func checked(_ vectors: [[Float]], texts: Int, dimensions: Int, provider: String) throws(EmbeddingError) -> [[Float]] {
        guard vectors.count == texts else {
            throw .badAnswer("\(provider) answered \(vectors.count) vectors for \(texts) texts")
        }
        var units: [[Float]] = []
        units.reserveCapacity(vectors.count)
        for (index, vector) in vectors.enumerated() {
            guard vector.count == dimensions else {
                throw .badAnswer("\(provider) answered a vector of \(vector.count) dimensions for text \(index); expected \(dimensions)")
            }
            guard let unit = normalized(vector) else {
                throw .badAnswer("\(provider) answered a zero or non-finite vector for text \(index)")
            }
            units.append(unit)
        }
        return units
    }
}
