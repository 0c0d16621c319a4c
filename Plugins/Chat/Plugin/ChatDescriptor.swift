import SkillKit

extension ChatSkill {
    /// `chat`: multi-turn conversations with the host's models. Every configuration key is listed
    /// in `default_config`.
    static let descriptor = SkillDescriptor(
        name: "chat",
        version: "1.0.0",
        description: "Multi-turn chat with the host's models (OpenAI-compatible or Ollama, with fallback; a local model by default): sessions kept by the host, answers streamed",
        capabilities: [
            .init(
                name: "complete", description: "answers a message (or a list of messages), in a session when session_id is given; streams the answer when asked",
                category: "llm", parameters: completeSchema, streaming: true, idempotent: false
            ),
            .init(name: "create_session", description: "starts a session with a system prompt and a model", category: "llm", parameters: [
                "type": "object", "additionalProperties": false,
                "properties": ["session_id": sessionID, "system": ["type": "string"], "model": ["type": "string"], "metadata": ["type": "object"]],
            ], idempotent: false),
            .init(name: "get_session", description: "a session with its messages (the last `messages`, 100 by default)", category: "llm", parameters: [
                "type": "object", "required": ["session_id"], "additionalProperties": false,
                "properties": ["session_id": sessionID, "messages": ["type": "integer", "minimum": 0, "maximum": 10000]],
            ]),
            .init(name: "list_sessions", description: "the caller's sessions, most recently active first", category: "llm", parameters: [
                "type": "object", "additionalProperties": false,
                "properties": ["limit": ["type": "integer", "minimum": 1, "maximum": 500], "offset": ["type": "integer", "minimum": 0]],
            ]),
            .init(name: "delete_session", description: "deletes a session and its messages", category: "llm", parameters: [
                "type": "object", "required": ["session_id"], "additionalProperties": false, "properties": ["session_id": sessionID],
            ]),
            .init(name: "list_models", description: "the models the host offers", category: "llm", parameters: ["type": "object", "additionalProperties": false]),
        ],
        services: ["model", "sessions", "invoke"],
        defaultConfig: [
            "chat_context_tokens": 2048,
            "chat_answer_tokens": 512,
            "chat_history_messages": 200,
            "chat_max_message_chars": 32000,
        ]
    )

    static let sessionID: JSONValue = ["type": "string", "minLength": 1, "maxLength": 128]

    static let message: JSONValue = [
        "type": "object", "required": ["role"],
        "properties": [
            "role": ["type": "string", "enum": ["system", "user", "assistant", "tool"]],
            "content": ["type": ["string", "null"]], "name": ["type": "string"], "tool_calls": ["type": "array"], "tool_call_id": ["type": "string"],
        ],
    ]

    static let completeSchema: JSONValue = [
        "type": "object",
        "properties": [
            "message": ["type": "string", "minLength": 1, "description": "the user's message"],
            "messages": ["type": "array", "minItems": 1, "items": message, "description": "messages to send (OpenAI's shape); with a session, appended to its history"],
            "session_id": sessionID,
            "model": ["type": "string", "description": "a model name (MODEL_NAME_N); the default model otherwise"],
            "system": ["type": "string", "description": "a system prompt (a session's own prompt otherwise)"],
            "temperature": ["type": "number", "minimum": 0, "maximum": 2],
            "top_p": ["type": "number", "minimum": 0, "maximum": 1],
            "max_tokens": ["type": "integer", "minimum": 1],
            "stop": ["type": "array", "items": ["type": "string"]],
            "tools": ["type": "array"],
            "tool_choice": [:],
            "memory": ["type": "boolean", "description": "recall the user's memories into the prompt and hand the turn to the memory skill (needs user_id)"],
            "user_id": ["type": "string", "minLength": 1, "maxLength": 256, "description": "whose memories (OpenAI's user is read too)"],
            "agent_id": ["type": "string", "minLength": 1, "maxLength": 256],
        ],
        "oneOf": [["required": ["message"]], ["required": ["messages"]]],
    ]
}
