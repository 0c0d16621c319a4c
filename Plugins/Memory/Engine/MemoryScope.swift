import SkillHubWire

/// Whose memories: a user, an agent, a session (mem0's `run_id`), at least one of them. Within
/// an account (the host keeps accounts apart); a memory matches a scope when it carries every id
/// the scope gives.
public struct MemoryScope: Sendable, Hashable {
    public var userID: String?
    public var agentID: String?
    public var sessionID: String?

    /// The longest id taken.
    public static let maximumIDLength = 256

    public init(userID: String? = nil, agentID: String? = nil, sessionID: String? = nil) {
        self.userID = userID
        self.agentID = agentID
        self.sessionID = sessionID
    }

    /// The scope of a request: `user_id`, `agent_id`, `session_id` (or `run_id`), top level or
    /// in `filters`. Throws ``MemoryInputError`` when an id is not a string of 1 to 256 characters,
    /// or (`required`) when none is given.
    public init(_ input: JSONValue, required: Bool) throws(MemoryInputError) {
        func id(_ names: String...) throws(MemoryInputError) -> String? {
            for name in names {
                for value in [input[name], input["filters"]?[name]] {
                    guard let value, value != .null else { continue }
                    guard let text = value.stringValue, !text.isEmpty, text.count <= Self.maximumIDLength else {
                        throw MemoryInputError("\(name) must be a string of 1 to \(Self.maximumIDLength) characters")
                    }
                    return text
                }
            }
            return nil
        }
        userID = try id("user_id")
        agentID = try id("agent_id")
        sessionID = try id("session_id", "run_id")
        if required, isEmpty { throw MemoryInputError("give user_id, agent_id or session_id (run_id): whose memories") }
    }

    public var isEmpty: Bool { userID == nil && agentID == nil && sessionID == nil }

    /// The ids as metadata members (`user_id`, `agent_id`, `session_id`), the given ones only.
    public var fields: [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        if let userID { fields["user_id"] = .string(userID) }
        if let agentID { fields["agent_id"] = .string(agentID) }
        if let sessionID { fields["session_id"] = .string(sessionID) }
        return fields
    }

    /// One string naming the scope (for serialising its work and for checksums).
    public var key: String {
        ["u:" + (userID ?? ""), "a:" + (agentID ?? ""), "s:" + (sessionID ?? "")].joined(separator: "\u{1F}")
    }
}

/// A request the memory skill refuses, with the reason.
public struct MemoryInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
