import SkillKit

extension SearchSkill {
    /// `search`: knowledge collections (Coze Studio's knowledge bases, OpenViking's resources) over
    /// the host's document store. Every configuration key is listed in `default_config`.
    static let descriptor = SkillDescriptor(
        name: "search",
        version: "1.0.0",
        description: "Knowledge search: collections of documents (text, Markdown, HTML, PDF, images through OCR), chunked, embedded and retrieved by full text, vector or both (RRF), optionally reranked",
        capabilities: [
            capability("create_collection", "creates a collection with its chunk strategy", object(
                required: ["name"],
                ["name": string("the collection's name, unique in the account (1-128 characters)"),
                 "description": string("what it holds"),
                 "chunk_strategy": chunkStrategy,
                 "metadata": ["type": "object"]]
            ), idempotent: false),
            capability("list_collections", "the account's collections with their counts", object(required: [], [:])),
            capability("get_collection", "one collection, with document and chunk counts and any re-embedding's progress", object(required: ["collection"], ["collection": collectionReference])),
            capability("update_collection", "changes a collection's description, chunk strategy (for documents added later) or metadata", object(
                required: ["collection"],
                ["collection": collectionReference, "description": string("what it holds"), "chunk_strategy": chunkStrategy, "metadata": ["type": "object"]]
            )),
            capability("delete_collection", "deletes a collection with all its documents", object(required: ["collection"], ["collection": collectionReference])),
            capability("reembed_collection", "computes the collection's vectors again with the host's current embedding model, in the background", object(required: ["collection"], ["collection": collectionReference])),
            capability("add_document", "adds a document (text, base64 content or a URL); answers its id and status at once, embedding runs in the background", object(
                required: ["collection"],
                ["collection": collectionReference,
                 "text": string("the document's text (format: text, or markdown/html with mime_type or file_name)"),
                 "content_base64": string("the document's bytes in base64 (PDF, image, text, Markdown, HTML)"),
                 "url": ["type": "string", "format": "uri", "description": "an http(s) URL to fetch the document from"],
                 "file_name": string("its file name (the extension tells the format)"),
                 "mime_type": string("its MIME type"),
                 "title": string("its title (default: the document's own, else the file name)"),
                 "metadata": ["type": "object", "description": "filterable fields, e.g. {\"lang\": \"en\"}"],
                 "chunk_strategy": chunkStrategy,
                 "ocr_languages": string("for images: Tesseract languages joined by '+' (default search_ocr_languages)")]
            ), idempotent: false),
            capability("get_document", "a document with its status and progress (chunks_embedded of chunks_total)", object(
                required: ["collection", "document_id"], ["collection": collectionReference, "document_id": string("the document's id")]
            )),
            capability("list_documents", "a page of a collection's documents, newest first", object(
                required: ["collection"],
                ["collection": collectionReference,
                 "status": ["type": "string", "enum": ["pending", "processing", "ready", "failed"]],
                 "limit": ["type": "integer", "minimum": 1, "maximum": 500],
                 "offset": ["type": "integer", "minimum": 0]]
            )),
            capability("delete_document", "deletes a document and its chunks", object(
                required: ["collection", "document_id"], ["collection": collectionReference, "document_id": string("the document's id")]
            )),
            capability("query", "the chunks most relevant to a query, with each channel's rank and score", querySchema),
        ],
        services: ["store", "embed", "invoke", "http"],
        defaultConfig: [
            "search_max_document_bytes": 20_971_520,
            "search_fetch_timeout_ms": 30_000,
            "search_ocr_skill": "ocr",
            "search_ocr_languages": "eng+chi_sim",
            "search_rerank_skill": "rerank",
        ]
    )

    static let querySchema = object(
        required: ["query"],
        ["query": ["type": "string", "minLength": 1, "maxLength": 4000],
         "collection": collectionReference,
         "collections": ["type": "array", "items": collectionReference, "minItems": 1, "maxItems": 20],
         "top_k": ["type": "integer", "minimum": 1, "maximum": 200, "description": "how many chunks (default 10)"],
         "min_score": ["type": "number", "description": "drop results scoring lower (fused score 0-1 in hybrid mode, cosine in vector mode, BM25 in fulltext mode, rerank relevance when reranked)"],
         "filter": ["type": "object", "description": "documents whose metadata contains these fields"],
         "mode": ["type": "string", "enum": ["hybrid", "vector", "fulltext"]],
         "fusion": ["type": "string", "enum": ["rrf", "weighted"], "description": "hybrid: reciprocal rank fusion (default, k = rrf_k) or a weighted sum of normalised scores"],
         "rrf_k": ["type": "number", "minimum": 1, "maximum": 1000],
         "vector_weight": ["type": "number", "minimum": 0, "maximum": 1],
         "candidates": ["type": "integer", "minimum": 1, "maximum": 2000, "description": "how many each channel retrieves before fusion"],
         "rerank": ["description": "reorder the results with the rerank skill: true, or {top_n, model}",
                    "anyOf": [["type": "boolean"], ["type": "object", "properties": ["model": ["type": "string"], "candidates": ["type": "integer", "minimum": 1, "maximum": 200]], "additionalProperties": false]]],
         "explain": ["type": "boolean", "description": "each result says how its fused score was made"]]
    )

    static let collectionReference: JSONValue = ["type": "string", "minLength": 1, "maxLength": 128, "description": "a collection's name or id"]

    static let chunkStrategy: JSONValue = [
        "type": "object",
        "description": "Coze Studio's chunk_strategy: sizes in characters",
        "properties": [
            "separator": ["type": "string", "minLength": 1],
            "max_tokens": ["type": "integer", "minimum": 100, "maximum": 5000],
            "overlap": ["type": "integer", "minimum": 0, "maximum": 50],
            "remove_extra_spaces": ["type": "boolean"],
            "remove_urls_emails": ["type": "boolean"],
            "markdown_headings": ["type": "boolean"],
        ],
        "additionalProperties": false,
    ]

    private static func capability(_ name: String, _ description: String, _ parameters: JSONValue, idempotent: Bool = true) -> SkillDescriptor.Capability {
        .init(name: name, description: description, category: "retrieval", parameters: parameters, idempotent: idempotent)
    }

    private static func object(required: [String], _ properties: [String: JSONValue]) -> JSONValue {
        ["type": "object", "required": .array(required.map(JSONValue.string)), "properties": .object(properties), "additionalProperties": false]
    }

    private static func string(_ description: String) -> JSONValue {
        ["type": "string", "description": .string(description)]
    }
}
