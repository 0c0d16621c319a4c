import Foundation

/// The constants of Okapi BM25 as Lucene's `BM25Similarity` uses them (and as its defaults set them).
///
/// A chunk's score for a query is the sum over the query's distinct terms that it contains of
///
///     idf(t) × tf / (tf + k1 × (1 − b + b × length / averageLength))
///     idf(t) = ln(1 + (N − n + 0.5) / (n + 0.5))
///
/// where `tf` is the term's frequency in the chunk, `length` the chunk's number of terms,
/// `averageLength` the mean over the index's chunks, `N` the number of chunks and `n` the number
/// holding the term. This is Lucene's form since 8.0: without the classic numerator factor
/// `(k1 + 1)`, which scales every score alike and so changes no ranking. Unlike Lucene, lengths are
/// kept exactly (Lucene rounds them into one byte).
public struct BM25Parameters: Sendable, Equatable {
    /// Term-frequency saturation: how quickly repeats of a term stop adding to the score (1.2).
    public var k1: Double
    /// Length normalisation: 0 ignores the chunk's length, 1 divides by it fully (0.75).
    public var b: Double

    /// Lucene's defaults, k1 = 1.2 and b = 0.75, unless given.
    public init(k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
    }

    /// The inverse document frequency of a term held by `holding` of `documents` chunks (always > 0).
    public func inverseDocumentFrequency(documents: Int, holding: Int) -> Double {
        let n = Double(holding)
        return log(1 + (Double(documents) - n + 0.5) / (n + 0.5))
    }
}
