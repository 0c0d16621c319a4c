import Logging
import SkillHubCore
import SkillHubEmbeddings
import SkillHubPluginHost
import SkillHubStorage

/// What the JSON host services (`store`, `embed`, `model`, `sessions`) share: reading the
/// request, and turning failures into the statuses a plugin sees.
enum HostServiceAnswers {
    static func parse(_ bytes: [UInt8], _ service: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw PluginCallError(status: .invalidInput, message: "the \(service) request is not JSON: \(error)")
        }
    }

    /// Runs `body`, answering its failures with the status a plugin sees.
    static func answering(_ service: String, logger: Logger, _ body: () async throws -> [UInt8]) async throws -> [UInt8] {
        do {
            return try await body()
        } catch let error as SkillHubError {
            throw PluginCallError(status: status(of: error.code), message: error.message)
        } catch let error as EmbeddingError {
            let status: PluginStatus = switch error {
            case .invalidInput: .invalidInput
            case .timeout: .timeout
            case .unavailable, .badAnswer: .unavailable
            }
            throw PluginCallError(status: status, message: error.description)
        } catch let error as PluginCallError {
            throw error
        } catch where DatabaseInputRejection.matches(error) {
            throw PluginCallError(status: .invalidInput, message: "the \(service) request holds text PostgreSQL cannot store: text may not contain the character U+0000 (NUL)")
        } catch where DatabaseUnavailability.matches(error) {
            throw PluginCallError(status: .unavailable, message: "PostgreSQL is unavailable; retry shortly")
        } catch is CancellationError {
            throw PluginCallError(status: .cancelled, message: "the \(service) request was cancelled")
        } catch {
            logger.error("host service failed", metadata: ["service": "\(service)", "error": "\(String(reflecting: error))"])
            throw PluginCallError(status: .internal, message: "the \(service) service failed")
        }
    }

    static func status(of code: ErrorCode) -> PluginStatus {
        switch code {
        case .invalidParameter, .payloadTooLarge: .invalidInput
        case .notFound, .skillNotFound: .notFound
        case .conflict: .conflict
        case .timeout: .timeout
        case .serviceUnavailable, .rateLimited: .unavailable
        default: .internal
        }
    }
}
