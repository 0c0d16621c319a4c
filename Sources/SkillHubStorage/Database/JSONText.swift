import Foundation
import SkillHubCore

/// JSON values as the text PostgreSQL's `jsonb` columns take and give back
/// (SkillHub binds `$n::jsonb` and selects `column::text`).
enum JSONText {
    /// A JSON value, written directly (no Codable).
    static func encode(_ value: JSONValue) -> String {
        String(decoding: value.serialized(), as: UTF8.self)
    }

    /// A JSON object, written directly (no Codable).
    static func encode(_ object: [String: JSONValue]) -> String {
        encode(JSONValue.object(object))
    }

    static func object(_ text: String) -> [String: JSONValue] {
        guard case .object(let object) = value(text) else { return [:] }
        return object
    }

    static func value(_ text: String) -> JSONValue {
        (try? JSONValue(parsing: Data(text.utf8))) ?? .null
    }
}
