import SkillKit

extension MemorySkill {
    /// `memory`: long-term memory. Every configuration key is listed in `default_config`.
    static let descriptor = SkillDescriptor(
        name: "memory",
        version: "1.0.0",
        description: "Long-term memory for agents: facts extracted from messages as they arrive and reconciled (ADD/UPDATE/DELETE/NONE, with history), searched by full text and vectors fused, decaying with disuse",
        capabilities: [
            .init(name: "add", description: "remembers messages: facts extracted (later, or now with wait) and reconciled with what is known; with infer: false the texts as given", category: "memory", parameters: [
                "type": "object",
                "properties": .object(scopeProperties.merging([
                    "messages": ["type": "array", "minItems": 1, "maxItems": 1000, "items": message],
                    "text": ["type": "string", "minLength": 1], "infer": ["type": "boolean"], "wait": ["type": "boolean"],
                    "metadata": ["type": "object"], "expiration_date": ["type": "string"],
                    "type": ["type": "string", "enum": ["preference", "profile", "entity", "event", "fact"]],
                ]) { $1 }),
            ], idempotent: false),
            .init(name: "extract", description: "extracts and reconciles now (the deferred half of add)", category: "memory", parameters: [
                "type": "object", "required": ["messages"], "properties": .object(scopeProperties.merging(["messages": ["type": "array"], "metadata": ["type": "object"]]) { $1 }),
            ], idempotent: false),
            .init(name: "search", description: "the memories of a scope relevant to a query, by relevance blended with hotness", category: "memory", parameters: [
                "type": "object", "required": ["query"],
                "properties": .object(scopeProperties.merging([
                    "query": ["type": "string", "minLength": 1], "top_k": ["type": "integer", "minimum": 1, "maximum": 100],
                    "threshold": ["type": "number", "minimum": 0, "maximum": 1], "include_archived": ["type": "boolean"],
                ]) { $1 }),
            ]),
            .init(name: "list", description: "a scope's memories, newest first (archived ones with archived: true)", category: "memory", parameters: [
                "type": "object",
                "properties": .object(scopeProperties.merging([
                    "limit": ["type": "integer", "minimum": 1, "maximum": 500], "offset": ["type": "integer", "minimum": 0], "archived": ["type": "boolean"],
                ]) { $1 }),
            ]),
            .init(name: "get", description: "one memory", category: "memory", parameters: memoryID),
            .init(name: "update", description: "changes a memory's text or metadata (kept in its history)", category: "memory", parameters: [
                "type": "object", "required": ["memory_id"],
                "properties": ["memory_id": ["type": "string"], "text": ["type": "string", "minLength": 1], "metadata": ["type": "object"]],
            ], idempotent: false),
            .init(name: "delete", description: "deletes a memory (its history stays readable)", category: "memory", parameters: memoryID, idempotent: false),
            .init(name: "delete_all", description: "deletes every memory of a scope", category: "memory", parameters: ["type": "object", "properties": .object(scopeProperties)], idempotent: false),
            .init(name: "history", description: "a memory's changes, oldest first", category: "memory", parameters: memoryID),
            .init(name: "restore", description: "brings an archived memory back", category: "memory", parameters: memoryID, idempotent: false),
            .init(name: "sweep", description: "archives the account's cold memories and removes expired ones (runs by itself every memory_decay_check_interval)", category: "memory", parameters: ["type": "object"], idempotent: false),
            .init(name: "create_session", description: "starts a session whose messages feed a user's (or agent's) memories", category: "memory", parameters: [
                "type": "object", "properties": .object(scopeProperties),
            ], idempotent: false),
            .init(name: "add_session_messages", description: "appends messages to a session; their facts are extracted soon after", category: "memory", parameters: [
                "type": "object", "required": ["session_id"],
                "properties": ["session_id": ["type": "string"], "messages": ["type": "array"], "role": ["type": "string"], "content": ["type": "string"]],
            ], idempotent: false),
            .init(name: "commit_session", description: "extracts a session's messages not yet extracted, now", category: "memory", parameters: sessionID, idempotent: false),
            .init(name: "extract_session", description: "the deferred form of commit_session", category: "memory", parameters: sessionID, idempotent: false),
            .init(name: "session_context", description: "a session's recent messages and relevant memories within a token budget", category: "memory", parameters: [
                "type": "object", "required": ["session_id"],
                "properties": [
                    "session_id": ["type": "string"], "token_budget": ["type": "integer", "minimum": 64], "query": ["type": "string"],
                    "top_k": ["type": "integer", "minimum": 1, "maximum": 50],
                ],
            ]),
            .init(name: "get_session", description: "a session with its messages", category: "memory", parameters: sessionID),
            .init(name: "delete_session", description: "deletes a session (its memories stay)", category: "memory", parameters: sessionID, idempotent: false),
        ],
        services: ["store", "model", "sessions", "invoke"],
        defaultConfig: [
            "enable_memory_decay": true,
            "memory_decay_check_interval": 3600,
            "memory_decay_half_life_days": 7,
            "memory_hotness_weight": 0.2,
            "memory_archive_threshold": 0.05,
            "memory_model": "",
            "memory_extraction_delay_ms": 1000,
            "memory_similar_per_fact": 5,
            "memory_max_message_chars": 32000,
            "memory_wait_timeout_ms": 20000,
        ]
    )

    static let scopeProperties: [String: JSONValue] = [
        "user_id": ["type": "string", "minLength": 1, "maxLength": 256], "agent_id": ["type": "string", "minLength": 1, "maxLength": 256],
        "session_id": ["type": "string", "minLength": 1, "maxLength": 256], "run_id": ["type": "string", "minLength": 1, "maxLength": 256],
        "filters": ["type": "object"],
    ]

    static let message: JSONValue = [
        "type": "object", "required": ["content"],
        "properties": ["role": ["type": "string", "enum": ["system", "user", "assistant", "tool"]], "content": ["type": "string"]],
    ]

    static let memoryID: JSONValue = ["type": "object", "required": ["memory_id"], "properties": ["memory_id": ["type": "string", "minLength": 1]]]
    static let sessionID: JSONValue = ["type": "object", "required": ["session_id"], "properties": ["session_id": ["type": "string", "minLength": 1]]]
}
