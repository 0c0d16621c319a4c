/// The tuning of a ``VectorIndex``. `M` and `efConstruction` are the HNSW paper's recommended values;
/// `efSearch` is raised from the usual 64 to 100 for L2-normalised sentence embeddings of a few hundred
/// dimensions, whose cosines crowd together (multilingual-e5-small: about 0.8 between unrelated texts).
public struct VectorIndexConfiguration: Sendable, Equatable {
    /// Below this many live vectors the index searches exactly (brute force over contiguous storage);
    /// from this many on it builds and searches an HNSW graph.
    public var exactSearchThreshold: Int
    /// HNSW's `M`: the neighbours each node keeps on the upper layers (twice as many on layer 0).
    public var maxConnections: Int
    /// HNSW's `efConstruction`: the candidate list size while inserting.
    public var efConstruction: Int
    /// HNSW's `ef` at query time, unless a search gives its own: each search uses `max(k, ef)`.
    /// 100 by default: on 5,000 real e5 passage vectors (`scripts/bench/search_scale.py --corpus real`)
    /// recall@10 with `k` 50 was 0.979 at 64, under the 0.98 aimed at, and 0.989 at 100 (a larger `M` or
    /// `efConstruction` gained less, and cost memory or build time; 100 costs about half again the search
    /// time).
    public var efSearch: Int
    /// When removed (tombstoned) graph nodes exceed this fraction of all nodes, the index is rebuilt from
    /// the live vectors by a background job. Searches and writes continue meanwhile (against the current
    /// index; the writes are carried over before the rebuilt one is swapped in).
    public var compactionFraction: Double
    /// The seed of the level generator: the same inserts in the same order build the same graph.
    public var seed: UInt64

    /// Creates a configuration; every parameter has the recommended default.
    public init(
        exactSearchThreshold: Int = 2_000,
        maxConnections: Int = 16,
        efConstruction: Int = 200,
        efSearch: Int = 100,
        compactionFraction: Double = 0.3,
        seed: UInt64 = 0x5EED_1D5E_C702_2025
    ) {
        self.exactSearchThreshold = exactSearchThreshold
        self.maxConnections = maxConnections
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.compactionFraction = compactionFraction
        self.seed = seed
    }

    /// The configuration with every value clamped into a usable range.
    var sanitised: VectorIndexConfiguration {
        var copy = self
        copy.exactSearchThreshold = max(0, exactSearchThreshold)
        copy.maxConnections = min(max(2, maxConnections), 256)
        copy.efConstruction = max(copy.maxConnections, efConstruction)
        copy.efSearch = max(1, efSearch)
        copy.compactionFraction = compactionFraction.isFinite ? min(max(0.05, compactionFraction), 0.95) : 0.3
        return copy
    }
}
