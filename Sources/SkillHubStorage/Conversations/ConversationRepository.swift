import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Conversations — sessions and their messages — within one ``PluginDataNamespace``: the record
/// behind the plugins' `sessions` service (Redis keeps only the recent messages of active sessions).
public struct ConversationRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.conversations")) {
        self.database = database
        self.logger = logger
    }

    static let sessionJSON = """
        jsonb_build_object(
            'session_id', s.session_id, 'system', s.system_prompt, 'model', s.model, 'metadata', s.metadata,
            'message_count', s.message_count, 'created_at', s.created_at, 'updated_at', s.updated_at
        )
        """

    static let messageJSON = """
        jsonb_strip_nulls(jsonb_build_object(
            'message_id', m.message_id, 'role', m.role, 'content', m.content, 'name', m.name,
            'tool_calls', m.tool_calls, 'tool_call_id', m.tool_call_id, 'metadata', m.metadata, 'created_at', m.created_at
        ))
        """

    /// Creates a session; 409 (1006) when the namespace has one of that id, unless `existing` is true,
    /// which answers the existing session instead (and `created: false`).
    public func create(_ draft: SessionDraft, in namespace: PluginDataNamespace, existing: Bool = false) async throws -> JSONValue {
        do {
            return try await one(
                """
                WITH s AS (
                    INSERT INTO conversation_sessions (namespace, account_id, session_id, system_prompt, model, metadata)
                    VALUES (\(namespace.plugin), \(namespace.account), \(draft.sessionID), \(draft.system), \(draft.model),
                            \(JSONText.encode(draft.metadata))::jsonb)
                    RETURNING *
                )
                SELECT (\(unescaped: Self.sessionJSON) || '{"created": true}'::jsonb)::text FROM s
                """
            )
        } catch let error as PSQLError where error.isUniqueViolation {
            guard existing else { throw SkillHubError(.conflict, "a session '\(draft.sessionID)' already exists") }
            return try await session(draft.sessionID, in: namespace)
        }
    }

    /// A session; 404 (1012) when the namespace has none of that id.
    public func session(_ sessionID: String, in namespace: PluginDataNamespace) async throws -> JSONValue {
        try await one(
            """
            SELECT (\(unescaped: Self.sessionJSON) || '{"created": false}'::jsonb)::text FROM conversation_sessions s
            WHERE \(session: sessionID, in: namespace)
            """,
            notFound: sessionID
        )
    }

    /// A page of the namespace's sessions, most recently active first, and how many there are.
    public func sessions(in namespace: PluginDataNamespace, limit: Int, offset: Int) async throws -> (sessions: [JSONValue], total: Int) {
        try await database.withConnection { connection in
            let sessions = try await Self.values(try await connection.query(
                """
                SELECT \(unescaped: Self.sessionJSON)::text FROM conversation_sessions s
                WHERE \(namespace: namespace, alias: "s") ORDER BY s.updated_at DESC, s.session_id LIMIT \(limit) OFFSET \(offset)
                """,
                logger: logger
            ))
            var total = 0
            for try await count in try await connection.query(
                "SELECT count(*)::bigint FROM conversation_sessions s WHERE \(namespace: namespace, alias: "s")", logger: logger
            ).decode(Int.self) {
                total = count
            }
            return (sessions, total)
        }
    }

    /// Changes a session's system prompt, model or metadata (those given).
    public func update(_ sessionID: String, system: String?, model: String?, metadata: JSONValue?, in namespace: PluginDataNamespace) async throws -> JSONValue {
        try await one(
            """
            WITH s AS (
                UPDATE conversation_sessions s SET system_prompt = coalesce(\(system), s.system_prompt), model = coalesce(\(model), s.model),
                       metadata = coalesce(\(metadata.map(JSONText.encode))::jsonb, s.metadata), updated_at = now()
                WHERE \(session: sessionID, in: namespace)
                RETURNING *
            )
            SELECT \(unescaped: Self.sessionJSON)::text FROM s
            """,
            notFound: sessionID
        )
    }

    /// Deletes a session with its messages.
    public func delete(_ sessionID: String, in namespace: PluginDataNamespace) async throws {
        let deleted = try await database.withConnection { connection in
            try await connection.query(
                "DELETE FROM conversation_sessions s WHERE \(session: sessionID, in: namespace) RETURNING s.session_id", logger: logger
            ).collect().count
        }
        guard deleted == 1 else { throw Self.notFound(sessionID) }
    }

    /// Appends messages to a session (in one transaction); the stored messages and the session's count.
    public func append(_ messages: [MessageDraft], to sessionID: String, in namespace: PluginDataNamespace) async throws -> (messages: [JSONValue], count: Int) {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                var conversation: UUID?
                for try await id in try await connection.query(
                    "SELECT s.conversation_id FROM conversation_sessions s WHERE \(session: sessionID, in: namespace) FOR UPDATE",
                    logger: logger
                ).decode(UUID.self) {
                    conversation = id
                }
                guard let conversation else { throw Self.notFound(sessionID) }
                let stored = try await Self.values(try await connection.query(
                    """
                    INSERT INTO conversation_messages (conversation_id, role, content, name, tool_calls, tool_call_id, metadata)
                    SELECT \(conversation), d.role, d.content, nullif(d.name, ''), nullif(d.tool_calls, 'null')::jsonb, nullif(d.tool_call_id, ''), d.metadata::jsonb
                    FROM unnest(\(messages.map(\.role)), \(messages.map(\.content)), \(messages.map { $0.name ?? "" }),
                                \(messages.map { $0.toolCalls.map(JSONText.encode) ?? "null" }), \(messages.map { $0.toolCallID ?? "" }),
                                \(messages.map { JSONText.encode($0.metadata) }))
                         WITH ORDINALITY AS d(role, content, name, tool_calls, tool_call_id, metadata, position)
                    ORDER BY d.position
                    RETURNING \(unescaped: Self.messageJSON.replacingOccurrences(of: "m.", with: ""))::text
                    """,
                    logger: logger
                ))
                var count = 0
                for try await total in try await connection.query(
                    """
                    UPDATE conversation_sessions SET message_count = message_count + \(messages.count), updated_at = now()
                    WHERE conversation_id = \(conversation) RETURNING message_count
                    """,
                    logger: logger
                ).decode(Int.self) {
                    count = total
                }
                return (stored, count)
            }
        }
    }

    /// The session's last `limit` messages, oldest first.
    public func messages(of sessionID: String, in namespace: PluginDataNamespace, limit: Int) async throws -> [JSONValue] {
        let found = try await database.withConnection { connection in
            var exists = false
            for try await _ in try await connection.query(
                "SELECT 1 FROM conversation_sessions s WHERE \(session: sessionID, in: namespace)", logger: logger
            ) {
                exists = true
            }
            guard exists else { return nil as [JSONValue]? }
            return try await Self.values(try await connection.query(
                """
                SELECT t.message FROM (
                    SELECT m.message_id, \(unescaped: Self.messageJSON)::text AS message
                    FROM conversation_messages m JOIN conversation_sessions s USING (conversation_id)
                    WHERE \(session: sessionID, in: namespace) ORDER BY m.message_id DESC LIMIT \(limit)
                ) t ORDER BY t.message_id
                """,
                logger: logger
            ))
        }
        guard let found else { throw Self.notFound(sessionID) }
        return found
    }

    static func notFound(_ sessionID: String) -> SkillHubError {
        SkillHubError(.notFound, "session '\(sessionID)' not found")
    }

    private func one(_ query: PostgresQuery, notFound sessionID: String = "") async throws -> JSONValue {
        let values = try await database.withConnection { connection in
            try await Self.values(try await connection.query(query, logger: logger))
        }
        guard let value = values.first else { throw Self.notFound(sessionID) }
        return value
    }

    static func values(_ rows: PostgresRowSequence) async throws -> [JSONValue] {
        var values: [JSONValue] = []
        for try await text in rows.decode(String.self) { values.append(JSONText.value(text)) }
        return values
    }
}

/// A new session's fields.
public struct SessionDraft: Sendable {
    public var sessionID: String
    public var system: String
    public var model: String?
    public var metadata: JSONValue

    public init(sessionID: String, system: String = "", model: String? = nil, metadata: JSONValue = [:]) {
        self.sessionID = sessionID
        self.system = system
        self.model = model
        self.metadata = metadata
    }
}

/// A message to append.
public struct MessageDraft: Sendable {
    public var role: String
    public var content: String
    public var name: String?
    public var toolCalls: JSONValue?
    public var toolCallID: String?
    public var metadata: JSONValue

    public init(role: String, content: String, name: String? = nil, toolCalls: JSONValue? = nil, toolCallID: String? = nil, metadata: JSONValue = [:]) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.metadata = metadata
    }
}

extension PostgresQuery.StringInterpolation {
    /// The condition that `s` is the session `sessionID` of `namespace`.
    mutating func appendInterpolation(session sessionID: String, in namespace: PluginDataNamespace) {
        appendInterpolation(namespace: namespace, alias: "s")
        appendLiteral(" AND s.session_id = ")
        appendInterpolation(sessionID)
    }
}
