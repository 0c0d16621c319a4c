import Foundation
import Logging
import SkillHubCore
import SkillHubPluginHost
import SkillHubRedis
import SkillHubStorage

/// The ABI 1.1 `sessions` service: conversations per plugin and caller's account. PostgreSQL keeps
/// every session and message; Redis keeps the recent messages of active sessions (the last 200,
/// expiring `CHAT_SESSION_TTL` after the last message), so a conversation's history is read
/// without a query while it goes on and survives Redis being emptied. Redis failing is never the
/// caller's problem: PostgreSQL answers.
struct PluginSessionsGateway: Sendable {
    let conversations: ConversationRepository
    let redis: RedisConnectionPool
    let ttl: Duration
    let logger: Logger
    /// Messages kept in Redis per session.
    static let recentKept = 200
    static let roles: Set<String> = ["system", "user", "assistant", "tool"]

    func handle(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8] {
        let value = try HostServiceAnswers.parse(request, "sessions")
        let namespace = PluginDataNamespace(plugin: namespace.plugin, account: namespace.account)
        return try await HostServiceAnswers.answering("sessions", logger: logger) {
            try await run(try RequestFields(value, what: "a sessions request"), in: namespace).serialized()
        }
    }

    private func run(_ request: RequestFields, in namespace: PluginDataNamespace) async throws -> JSONValue {
        switch request.operation {
        case "session.create", "session.ensure":
            let sessionID = try request.string("session_id") ?? UUID().lowercasedString
            try Self.check(sessionID: sessionID, request)
            let draft = SessionDraft(
                sessionID: sessionID, system: try request.string("system") ?? "", model: try request.string("model"),
                metadata: try request.object("metadata") ?? [:]
            )
            return try await conversations.create(draft, in: namespace, existing: request.operation == "session.ensure")
        case "session.get":
            var session = try await conversations.session(try request.requiredString("session_id"), in: namespace).objectValue ?? [:]
            let limit = try request.integer("messages", default: 0, in: 0...10_000)
            if limit > 0 {
                session["messages"] = .array(try await recentMessages(try request.requiredString("session_id"), limit: limit, in: namespace))
            }
            session["created"] = nil
            return .object(session)
        case "session.list":
            let page = try await conversations.sessions(
                in: namespace, limit: try request.integer("limit", default: 50, in: 1...500), offset: try request.integer("offset", default: 0, in: 0...10_000_000)
            )
            return ["sessions": .array(page.sessions), "total": .number(Double(page.total))]
        case "session.update":
            return try await conversations.update(
                try request.requiredString("session_id"), system: try request.string("system"), model: try request.string("model"),
                metadata: try request.object("metadata"), in: namespace
            )
        case "session.delete":
            let sessionID = try request.requiredString("session_id")
            try await conversations.delete(sessionID, in: namespace)
            _ = try? await redis.delete([Self.key(sessionID, namespace)])
            return ["deleted": true, "session_id": .string(sessionID)]
        case "message.append":
            let sessionID = try request.requiredString("session_id")
            let drafts = try Self.messages(request)
            let appended = try await conversations.append(drafts, to: sessionID, in: namespace)
            do {
                try await redis.listAppend(Self.key(sessionID, namespace), appended.messages.map { $0.serialized() }, keep: Self.recentKept, ttl: ttl)
            } catch {
                // The cache may now miss these messages: drop it, PostgreSQL answers until it is filled again.
                _ = try? await redis.delete([Self.key(sessionID, namespace)])
                logger.debug("session cache not updated", metadata: ["error": "\(error)"])
            }
            return ["appended": .number(Double(appended.messages.count)), "message_count": .number(Double(appended.count)), "messages": .array(appended.messages)]
        case "message.list":
            let sessionID = try request.requiredString("session_id")
            let limit = try request.integer("limit", default: 50, in: 1...10_000)
            return ["messages": .array(try await recentMessages(sessionID, limit: limit, in: namespace))]
        case let operation:
            throw request.invalid("op", operation == nil ? "is required" : "'\(operation ?? "")' is not an operation of the sessions service")
        }
    }

    /// The last `limit` messages, oldest first: from Redis when it holds the session (and enough of
    /// it), else from PostgreSQL, which then fills Redis again.
    private func recentMessages(_ sessionID: String, limit: Int, in namespace: PluginDataNamespace) async throws -> [JSONValue] {
        let key = Self.key(sessionID, namespace)
        if limit <= Self.recentKept, let cached = try? await redis.listRange(key, from: -limit, to: -1), !cached.isEmpty {
            let messages = cached.compactMap { try? JSONValue(parsing: $0) }
            let count = (try? await conversations.session(sessionID, in: namespace))?["message_count"]?.intValue ?? 0
            // A complete enough copy: it holds the last `limit` messages, or every message there is.
            if messages.count == cached.count, messages.count >= min(limit, count) { return messages }
        }
        let messages = try await conversations.messages(of: sessionID, in: namespace, limit: limit)
        if limit >= Self.recentKept || messages.count < limit {
            _ = try? await redis.delete([key])
            try? await redis.listAppend(key, messages.suffix(Self.recentKept).map { $0.serialized() }, keep: Self.recentKept, ttl: ttl)
        }
        return messages
    }

    static func key(_ sessionID: String, _ namespace: PluginDataNamespace) -> String {
        "skillhub:sessions:\(namespace.plugin):\(namespace.account ?? "_"):\(sessionID)"
    }

    static func check(sessionID: String, _ request: RequestFields) throws {
        guard (1...128).contains(sessionID.utf8.count), !sessionID.contains(where: \.isNewline) else {
            throw request.invalid("session_id", "must be 1 to 128 bytes")
        }
    }

    static func messages(_ request: RequestFields) throws -> [MessageDraft] {
        guard let items = request.fields["messages"]?.arrayValue, !items.isEmpty, items.count <= 1000 else {
            throw request.invalid("messages", "must be an array of 1 to 1000 messages {role, content}")
        }
        return try items.enumerated().map { index, item in
            guard let role = item["role"]?.stringValue, roles.contains(role) else {
                throw request.invalid("messages[\(index)].role", "must be one of system, user, assistant, tool")
            }
            let content = item["content"]?.stringValue ?? ""
            guard !content.isEmpty || item["tool_calls"] != nil else {
                throw request.invalid("messages[\(index)].content", "must be a non-empty string")
            }
            return MessageDraft(
                role: role, content: content, name: item["name"]?.stringValue, toolCalls: item["tool_calls"],
                toolCallID: item["tool_call_id"]?.stringValue, metadata: item["metadata"] ?? [:]
            )
        }
    }
}
