import Foundation
import SearchEngine
import SkillKit

/// A `chunk_strategy` object read into the engine's ``ChunkStrategy``, with errors naming the field.
enum ChunkStrategyReader {
    static func read(_ value: JSONValue?) throws -> ChunkStrategy {
        guard let value, value != .null else { return ChunkStrategy() }
        guard value.objectValue != nil else { throw SkillError(.invalidInput, "chunk_strategy must be an object") }
        do {
            return try JSONDecoder().decode(ChunkStrategy.self, from: Data(value.serialized()))
        } catch let error as SearchEngineError {
            throw SkillError(error)
        } catch {
            throw SkillError(.invalidInput, "chunk_strategy is not valid: \(error)")
        }
    }
}

extension SkillError {
    /// A document's problem (a format not read, invalid UTF-8, a corrupt PDF, a bad strategy):
    /// every one is the caller's to fix, so invalid input (400).
    init(_ error: SearchEngineError) {
        self.init(.invalidInput, error.description)
    }
}
