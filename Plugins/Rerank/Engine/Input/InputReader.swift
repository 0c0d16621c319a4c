import Foundation
import SkillHubCore

/// Reads the members of a capability's input with messages that name the member.
enum InputReader {
    /// Decodes `bytes` as a JSON object.
    static func object(_ bytes: [UInt8]) throws -> [String: JSONValue] {
        guard let value = try? JSONValue(parsing: bytes) else {
            throw RerankError.invalidInput("the input is not valid JSON")
        }
        return try object(value)
    }

    /// `value` as an object.
    static func object(_ value: JSONValue) throws -> [String: JSONValue] {
        guard case .object(let members) = value else {
            throw RerankError.invalidInput("the input must be a JSON object")
        }
        return members
    }

    /// An optional whole number of at least 1 (`top_n`).
    static func positiveInteger(_ value: JSONValue?, name: String) throws -> Int? {
        switch value {
        case nil, .null?:
            return nil
        case .number(let number)?:
            guard let count = Int(exactly: number) else { throw RerankError.invalidInput("\(name) must be a whole number, not \(NumberText.describe(number))") }
            guard count > 0 else { throw RerankError.invalidInput("\(name) must be at least 1, not \(count)") }
            return count
        default:
            throw RerankError.invalidInput("\(name) must be a number")
        }
    }

    /// An optional non-negative number (`k`).
    static func nonNegativeNumber(_ value: JSONValue?, name: String) throws -> Double? {
        switch value {
        case nil, .null?:
            return nil
        case .number(let number)?:
            guard number >= 0, number.isFinite else { throw RerankError.invalidInput("\(name) must be 0 or more, not \(NumberText.describe(number))") }
            return number
        default:
            throw RerankError.invalidInput("\(name) must be a number")
        }
    }

    /// An optional boolean.
    static func bool(_ value: JSONValue?, name: String) throws -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw RerankError.invalidInput("\(name) must be true or false")
        }
    }

    /// An optional string; empty counts as absent.
    static func string(_ value: JSONValue?, name: String) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        default: throw RerankError.invalidInput("\(name) must be a string")
        }
    }
}
