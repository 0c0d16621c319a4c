import Foundation
import SkillHubCore

/// Okapi BM25 over a set of candidate documents (the candidates are the whole collection).
///
/// `score(D, Q) = Σ over distinct terms t of Q: idf(t) · tf(t, D) · (k1 + 1) / (tf(t, D) + k1 · (1 − b + b · |D| / avgdl))`
/// with the always-positive `idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))`.
public struct BM25Scorer: Sendable {
    /// Term-frequency saturation.
    public var k1: Double
    /// Length normalisation, 0 (none) to 1 (full).
    public var b: Double
    public var tokenizer: Tokenizer

    public init(k1: Double = 1.2, b: Double = 0.75, tokenizer: Tokenizer = Tokenizer()) {
        self.k1 = k1
        self.b = b
        self.tokenizer = tokenizer
    }

    /// The raw BM25 score of each document for `query`, in document order (0 where nothing matches).
    public func scores(query: String, documents: [String]) -> [Double] {
        // Sorted, so the sum runs in the same order on every call.
        let queryTerms = Set(tokenizer.tokens(query)).sorted()
        let frequencies = documents.map { text in
            tokenizer.tokens(text).reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        let lengths = frequencies.map { Double($0.values.reduce(0, +)) }
        let count = Double(documents.count)
        let averageLength = count > 0 ? lengths.reduce(0, +) / count : 0
        let idf = Dictionary(uniqueKeysWithValues: queryTerms.map { term in
            let holding = Double(frequencies.filter { $0[term] != nil }.count)
            return (term, log(1 + (count - holding + 0.5) / (holding + 0.5)))
        })
        return zip(frequencies, lengths).map { termCounts, length in
            let norm = averageLength > 0 ? 1 - b + b * length / averageLength : 1
            return queryTerms.reduce(0.0) { sum, term in
                guard let tf = termCounts[term].map(Double.init), let weight = idf[term] else { return sum }
                return sum + weight * tf * (k1 + 1) / (tf + k1 * norm)
            }
        }
    }
}
