import SkillHubCore

/// JSON Schemas of the capabilities' inputs, for the plugin descriptor. The engine checks
/// the same rules itself (and the configured document cap, which a static schema cannot know).
public enum RerankSchemas {
    /// `rerank`: `{"query", "documents", "top_n"?, "return_documents"?, "model"?}`.
    public static let rerank: JSONValue = [
        "type": "object",
        "required": ["query", "documents"],
        "properties": [
            "query": ["type": "string", "minLength": 1, "description": "what the documents are ranked against"],
            "documents": [
                "type": "array",
                "minItems": 1,
                "description": "candidates: plain texts, or objects with a text and optionally an id and metadata",
                "items": [
                    "anyOf": [
                        ["type": "string"],
                        [
                            "type": "object",
                            "required": ["text"],
                            "properties": [
                                "text": ["type": "string"],
                                "id": ["type": "string"],
                                "metadata": ["type": "object"],
                            ],
                        ],
                    ],
                ],
            ],
            "top_n": ["type": "integer", "minimum": 1, "description": "how many results (default: all)"],
            "return_documents": ["type": "boolean", "description": "echo each document in its result (default false)"],
            "model": ["type": "string", "description": "remote providers: overrides the configured model"],
        ],
    ]

    /// `fuse`: `{"lists", "k"?, "top_n"?}`.
    public static let fuse: JSONValue = [
        "type": "object",
        "required": ["lists"],
        "properties": [
            "lists": [
                "type": "array",
                "minItems": 1,
                "description": "ranked lists, best first; an item is an id or an object with a string id",
                "items": [
                    "type": "array",
                    "items": [
                        "anyOf": [
                            ["type": "string", "minLength": 1],
                            ["type": "object", "required": ["id"], "properties": ["id": ["type": "string", "minLength": 1]]],
                        ],
                    ],
                ],
            ],
            "k": ["type": "number", "minimum": 0, "description": "RRF constant (default: the rrf_k setting, 60)"],
            "top_n": ["type": "integer", "minimum": 1, "description": "how many results (default: all)"],
        ],
    ]
}
