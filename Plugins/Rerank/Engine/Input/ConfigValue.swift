import Foundation
import SkillHubCore

/// Reads configuration values that may arrive as JSON numbers or, when set
/// through environment variables, as strings ("60", " 1000 ").
enum ConfigValue {
    /// The trimmed string at `key`; nil when absent, null or empty.
    static func string(_ configuration: [String: JSONValue], _ key: String) -> String? {
        let text: String? = switch configuration[key] {
        case .string(let value): value
        case .number(let value): NumberText.describe(value)
        case .bool(let value): String(value)
        default: nil
        }
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed?.isEmpty == false ? trimmed : nil
    }

    /// The number at `key` (a JSON number or a numeric string); nil when absent or empty.
    static func number(_ configuration: [String: JSONValue], _ key: String) throws -> Double? {
        if case .number(let value) = configuration[key] { return value }
        guard let text = string(configuration, key) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw RerankError.invalidConfiguration("\(key) must be a number, not \"\(text)\"")
        }
        return value
    }
}
