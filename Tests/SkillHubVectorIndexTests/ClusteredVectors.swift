/// Test data: a deterministic generator of clustered, L2-normalised vectors that look like sentence embeddings:
/// each vector is a cluster centre plus a point of the cluster's own low-rank subspace plus a little
/// isotropic noise (real embeddings have a low intrinsic dimension).
struct ClusteredVectors {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Approximately standard normal (sum of four uniforms, scaled).
        @_optimize(speed)
        mutating func normal() -> Float {
            var sum: Float = 0
            for _ in 0..<4 { sum += Float(next() >> 40) * 0x1p-24 }
            return (sum - 2) * 1.7320508
        }
    }

    let dimensions: Int
    let clusters: Int
    let rank: Int
    let noiseLevel: Float
    private var centres: [[Float]] = []
    private var bases: [[[Float]]] = []
    private var generator: Generator

    init(dimensions: Int, clusters: Int = 100, rank: Int = 12, noiseLevel: Float = 1, seed: UInt64 = 42) {
        self.noiseLevel = noiseLevel
        self.dimensions = dimensions
        self.clusters = clusters
        self.rank = rank
        generator = Generator(state: seed)
        for _ in 0..<clusters {
            centres.append(Self.normalised((0..<dimensions).map { _ in generator.normal() }))
            var basis: [[Float]] = []
            for _ in 0..<rank {
                basis.append(Self.normalised((0..<dimensions).map { _ in generator.normal() }))
            }
            bases.append(basis)
        }
    }

    @_optimize(speed)
    static func normalised(_ vector: [Float]) -> [Float] {
        var norm: Float = 0
        for value in vector { norm += value * value }
        norm = norm.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    @_optimize(speed)
    mutating func next() -> [Float] {
        let cluster = Int(generator.next() % UInt64(clusters))
        var vector = centres[cluster]
        for basis in bases[cluster] {
            let coefficient = generator.normal() * 0.6
            for index in 0..<dimensions { vector[index] += coefficient * basis[index] }
        }
        let noise: Float = noiseLevel / Float(dimensions).squareRoot()
        for index in 0..<dimensions { vector[index] += generator.normal() * noise }
        return Self.normalised(vector)
    }

    mutating func next(_ count: Int) -> [[Float]] {
        (0..<count).map { _ in next() }
    }
}
