import Foundation
import SkillHubCore

/// JSON values as the text PostgreSQL's `jsonb` columns take and give back
/// (SkillHub binds `$n::jsonb` and selects `column::text`).
enum JSONText {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func object(_ text: String) -> [String: JSONValue] {
        (try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))) ?? [:]
    }

    static func value(_ text: String) -> JSONValue {
        (try? JSONValue(parsing: Data(text.utf8))) ?? .null
    }
}
