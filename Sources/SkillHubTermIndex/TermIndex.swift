import Synchronization

/// An in-memory inverted index of text chunks for full-text search ranked by Okapi BM25
/// (``BM25Parameters``: Lucene's formula and defaults), keyed by a caller-given `Int64` id (for
/// SkillHub, a chunk's row id). A chunk is given as its terms with their frequencies; the caller
/// tokenizes (SkillHub: its ``Tokenizer``-made terms, as kept in PostgreSQL's `lexemes` column).
///
/// Queries have OR semantics over their distinct terms: every chunk holding at least one scores,
/// and the best `k` are kept in a heap (no sort of all matches). Equal scores are ordered by id.
///
/// Storage is compact: terms are interned to integer ids; each term's postings are two parallel
/// arrays, a `UInt32` slot and a `UInt16` frequency per chunk holding it. Removing a chunk marks its
/// slot dead at once (searches skip it, and the statistics N, n and the average length count only
/// live chunks, so scores are exactly those of an index built without it); when dead slots pass a
/// quarter of all, the postings are rewritten without them.
///
/// Thread safety: every operation holds one mutex, so searches may run concurrently with inserts
/// and removals from any thread; a search sees each change entirely or not at all.
public final class TermIndex: Sendable {
    /// The ranking constants.
    public let parameters: BM25Parameters
    private let state = Mutex(TermIndexState())

    /// An empty index ranking with `parameters` (Lucene's defaults unless given).
    public init(parameters: BM25Parameters = BM25Parameters()) {
        self.parameters = parameters
    }

    /// The number of chunks in the index.
    public var count: Int {
        state.withLock { $0.liveCount }
    }

    /// Whether a chunk with `id` is in the index.
    public func contains(id: Int64) -> Bool {
        state.withLock { $0.slotByID[id] != nil }
    }

    /// Adds a chunk, or replaces the chunk with the same id. Its length is the sum of the
    /// frequencies; terms with a frequency below 1 are left out, a term given twice counts once
    /// with the frequencies summed.
    public func insert(id: Int64, terms: [(term: String, frequency: Int)]) {
        state.withLock { $0.insert(id: id, terms: terms) }
    }

    /// Removes chunks (ids not in the index are ignored); how many were there.
    @discardableResult
    public func remove(ids: some Sequence<Int64>) -> Int {
        state.withLock { state in
            var removed = 0
            for id in ids where state.remove(id: id) { removed += 1 }
            state.compactIfWorthIt()
            return removed
        }
    }

    /// The best `k` chunks holding any of `terms`, best first, with their BM25 scores; only chunks
    /// whose id is in `allowed`, when given. No terms, no known terms or `k` < 1: no chunks.
    public func search(_ terms: [String], k: Int, allowed: Set<Int64>? = nil) -> [(id: Int64, score: Double)] {
        state.withLock { $0.search(terms, k: k, allowed: allowed, parameters: parameters) }
    }

    /// An estimate of the memory the index holds, in bytes (without the allocator's slack).
    public var approximateMemoryBytes: Int {
        state.withLock { $0.approximateMemoryBytes }
    }

    /// The number of distinct terms held (including, until a compaction, terms only removed chunks had).
    public var termCount: Int {
        state.withLock { $0.termIDs.count }
    }
}
