import MemoryEngine
import SkillKit

/// The fields of a memory request, read with errors that name them.
struct MemoryInput: Sendable {
    let value: JSONValue

    init(_ bytes: [UInt8]) throws {
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw SkillError(.invalidInput, "the input is not JSON: \(error)")
        }
        guard value.objectValue != nil else { throw SkillError(.invalidInput, "the input is a JSON object") }
    }

    func scope(required: Bool = true) throws -> MemoryScope {
        do {
            return try MemoryScope(value, required: required)
        } catch {
            throw SkillError(.invalidInput, error.description)
        }
    }

    func string(_ name: String, required: Bool = false) throws -> String? {
        guard let field = value[name], field != .null else {
            if required { throw SkillError(.invalidInput, "\(name) is required") }
            return nil
        }
        guard let text = field.stringValue, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SkillError(.invalidInput, "\(name) must be a non-empty string")
        }
        return text
    }

    func memoryID() throws -> String {
        guard let id = try string("memory_id") ?? string("id"), id.count <= 64 else { throw SkillError(.invalidInput, "memory_id is required") }
        return id
    }

    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let field = value[name], field != .null else { return defaultValue }
        guard let number = field.intValue ?? field.stringValue.flatMap({ Int($0) }), range.contains(number) else {
            throw SkillError(.invalidInput, "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let field = value[name], field != .null else { return nil }
        guard let number = field.doubleValue ?? field.stringValue.flatMap({ Double($0) }), range.contains(number) else {
            throw SkillError(.invalidInput, "\(name) must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func flag(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let field = value[name], field != .null else { return defaultValue }
        switch field {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw SkillError(.invalidInput, "\(name) must be true or false")
        }
    }

    func object(_ name: String) throws -> JSONValue? {
        guard let field = value[name], field != .null else { return nil }
        guard field.objectValue != nil else { throw SkillError(.invalidInput, "\(name) must be an object") }
        return field
    }

    /// `expiration_date`: an ISO 8601 date or time.
    func expiration() throws -> String? {
        guard let text = try string("expiration_date") else { return nil }
        guard MemoryRecords.date(text) != nil else { throw SkillError(.invalidInput, "expiration_date must be an ISO 8601 date (2027-01-31) or time") }
        return text
    }

    /// `messages` (`[{role, content}]`, 1–1000) or one text (`text`, `memory`, `message`: a user message).
    func messages(maxCharacters: Int) throws -> [(role: String, text: String)] {
        var messages: [(role: String, text: String)] = []
        if let items = value["messages"], items != .null {
            guard let list = items.arrayValue, (1...1000).contains(list.count) else {
                throw SkillError(.invalidInput, "messages must be an array of 1 to 1000 {role, content}")
            }
            for (index, item) in list.enumerated() {
                let role = item["role"]?.stringValue ?? "user"
                guard ["user", "assistant", "system", "tool"].contains(role) else {
                    throw SkillError(.invalidInput, "messages[\(index)].role must be user, assistant, system or tool")
                }
                guard let text = item["content"]?.stringValue ?? item.stringValue,
                      !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                else { throw SkillError(.invalidInput, "messages[\(index)].content must be a non-empty string") }
                messages.append((role, text))
            }
        } else if let text = try string("text") ?? string("memory") ?? string("message") {
            messages = [("user", text)]
        } else {
            throw SkillError(.invalidInput, "give messages ([{role, content}]) or text")
        }
        if let long = messages.firstIndex(where: { $0.text.count > maxCharacters }) {
            throw SkillError(.invalidInput, "messages[\(long)].content is longer than \(maxCharacters) characters (memory_max_message_chars)")
        }
        return messages
    }

    static func json(_ messages: [(role: String, text: String)]) -> JSONValue {
        .array(messages.map { ["role": .string($0.role), "content": .string($0.text)] })
    }
}
