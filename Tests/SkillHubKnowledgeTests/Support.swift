import Foundation
import Logging
import NIOConcurrencyHelpers
import SkillHubCore
import SkillHubEmbeddings
import SkillHubStorage
@testable import SkillHubKnowledge

/// An embedding provider scripted by the test: vectors from a hash of the text, or failures.
final class ScriptedProvider: EmbeddingProvider, @unchecked Sendable {
    let model: String
    let dimensions = 8
    private let state = NIOLockedValueBox<(failures: [EmbeddingError], calls: Int, delay: Duration)>(([], 0, .zero))

    init(model: String = "scripted-v1") {
        self.model = model
    }

    /// The next calls fail with these errors, in order.
    func fail(with errors: [EmbeddingError]) {
        state.withLockedValue { $0.failures = errors }
    }

    /// Each call waits this long first.
    func delay(_ duration: Duration) {
        state.withLockedValue { $0.delay = duration }
    }

    var calls: Int { state.withLockedValue { $0.calls } }

    func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        let (failure, delay): (EmbeddingError?, Duration) = state.withLockedValue { state in
            state.calls += 1
            return (state.failures.isEmpty ? nil : state.failures.removeFirst(), state.delay)
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        if let failure { throw failure }
        return EmbeddingResult(vectors: texts.map(Self.vector), promptTokens: texts.count)
    }

    static func vector(_ text: String) -> [Float] {
        var values = [Float](repeating: 0, count: 8)
        for (index, byte) in text.utf8.enumerated() { values[(index + Int(byte)) % 8] += Float(byte % 7 + 1) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / max(norm, 1e-6) }
    }
}

/// Records the changes announced, instead of publishing them.
final class RecordedChanges: KnowledgeChangeAnnouncer, @unchecked Sendable {
    private let changes = NIOLockedValueBox<[KnowledgeChange]>([])
    var all: [KnowledgeChange] { changes.withLockedValue { $0 } }
    func announce(_ change: KnowledgeChange) async { changes.withLockedValue { $0.append(change) } }
}

extension Logger {
    static var quiet: Logger {
        var logger = Logger(label: "skillhub.test.knowledge")
        logger.logLevel = .critical
        return logger
    }
}

/// A draft of `count` chunks with their full-text terms.
func draft(_ texts: [String], checksum: String = UUID().uuidString) -> DocumentDraft {
    DocumentDraft(
        title: "test", source: "text", format: "text", checksum: checksum, byteSize: 10, metadata: [:],
        chunks: texts.map { ChunkDraft(text: $0, headingPath: [], metadata: [:], lexemes: LexemeText.vector(Tokenizer().tokens($0))) }
    )
}
