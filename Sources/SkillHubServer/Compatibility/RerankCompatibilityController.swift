import Foundation
import Hummingbird
import SkillHubCore

/// `POST /v1/rerank` in the Cohere shape (also what Jina, vLLM and Infinity
/// serve) and `POST /v2/rerank` in the shape of Cohere's v2 API (what the
/// `cohere` Python SDK's `ClientV2` calls), both dispatched to the `rerank`
/// skill's `rerank` capability, so existing rerank clients work against
/// SkillHub by changing only their base URL and key (`Authorization: Bearer
/// <API key or token>`).
struct RerankCompatibilityController: Sendable {
    let dispatcher: Dispatcher
    let authentication: AuthenticationMiddleware
    /// The skill the route dispatches to.
    static let skill = "rerank"

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.group("/v1").add(middleware: authentication).post("/rerank") { request, context in
            try await self.rerank(request, context)
        }
        router.group("/v2").add(middleware: authentication).post("/rerank") { request, context in
            try await self.rerankV2(request, context)
        }
    }

    /// The request fields. Those of Cohere's v1 and v2 and Jina's APIs that
    /// have no meaning here (`max_chunks_per_doc`, `rank_fields`,
    /// `max_tokens_per_doc`, `truncation`) are accepted and ignored.
    struct Body: Decodable {
        static let keys: Set<String> = [
            "model", "query", "documents", "top_n", "return_documents", "max_chunks_per_doc", "rank_fields", "max_tokens_per_doc", "truncation",
        ]
        var model: String?
        var query: JSONValue?
        var documents: JSONValue?
        var topN: JSONValue?
        var returnDocuments: JSONValue?

        enum CodingKeys: String, CodingKey {
            case model, query, documents
            case topN = "top_n"
            case returnDocuments = "return_documents"
        }
    }

    struct Answer: Encodable {
        var id: String
        var results: JSONValue
        var model: String?
        var meta: JSONValue
    }

    /// Cohere's v2 request (`cohere` 7.x `ClientV2.rerank`): `documents` are
    /// plain strings; `max_tokens_per_doc`, `relevant_spans` and `priority` are
    /// accepted and ignored.
    struct V2Body: Decodable {
        static let keys: Set<String> = ["model", "query", "documents", "top_n", "max_tokens_per_doc", "relevant_spans", "priority"]
        var model: String?
        var query: JSONValue?
        var documents: JSONValue?
        var topN: JSONValue?

        enum CodingKeys: String, CodingKey {
            case model, query, documents
            case topN = "top_n"
        }
    }

    /// Cohere's `V2RerankResponse`: `{id, results: [{index, relevance_score}],
    /// meta: {api_version: {version: "2"}, billed_units: {search_units}}}`,
    /// plus `meta.provider`, the scorer that answered (the SDK keeps extra members).
    struct V2Answer: Encodable {
        var id: String
        var results: [V2Result]
        var meta: JSONValue
    }

    struct V2Result: Encodable {
        var index: Int
        var relevanceScore: Double

        enum CodingKeys: String, CodingKey {
            case index
            case relevanceScore = "relevance_score"
        }
    }

    func rerank(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let body = try await StrictJSONBody.decode(Body.self, allowedKeys: Body.keys, from: request, context: context)
        var input: [String: JSONValue] = [:]
        input["query"] = body.query
        input["documents"] = body.documents
        input["top_n"] = body.topN
        input["return_documents"] = body.returnDocuments
        input["model"] = body.model.map(JSONValue.string)
        let outcome = try await dispatch(input, request, context)
        return try JSONResponses.response(
            Answer(
                id: context.requestID,
                results: outcome.output["results"] ?? [],
                model: outcome.output["model"]?.stringValue ?? body.model,
                meta: ["api_version": ["version": "2"], "billed_units": ["search_units": 1], "provider": outcome.output["provider"] ?? .null]
            )
        )
    }

    func rerankV2(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let body = try await StrictJSONBody.decode(V2Body.self, allowedKeys: V2Body.keys, from: request, context: context)
        // v2 documents are strings only (v1's `{text}` objects are not part of it).
        if let documents = body.documents?.arrayValue {
            let objects = documents.indices.filter { documents[$0].stringValue == nil }
            if !objects.isEmpty {
                throw SkillHubError.invalidFields(
                    objects.prefix(10).map { FieldError(field: "documents[\($0)]", message: "must be a string (Cohere's v2 API takes plain strings)") })
            }
        }
        var input: [String: JSONValue] = [:]
        input["query"] = body.query
        input["documents"] = body.documents
        input["top_n"] = body.topN
        input["model"] = body.model.map(JSONValue.string)
        let outcome = try await dispatch(input, request, context)
        let results = (outcome.output["results"]?.arrayValue ?? []).compactMap { result -> V2Result? in
            guard let index = result["index"]?.intValue, let score = result["relevance_score"]?.doubleValue else { return nil }
            return V2Result(index: index, relevanceScore: score)
        }
        return try JSONResponses.response(
            V2Answer(
                id: context.requestID,
                results: results,
                meta: ["api_version": ["version": "2"], "billed_units": ["search_units": 1], "provider": outcome.output["provider"] ?? .null]
            )
        )
    }

    private func dispatch(_ input: [String: JSONValue], _ request: Request, _ context: SkillHubRequestContext) async throws -> Dispatcher.Outcome {
        try await dispatcher.dispatch(
            Dispatcher.Request(
                skill: Self.skill, capability: "rerank", input: .object(input), requestID: context.requestID,
                traceHeaders: TraceHeaders.forwarded(from: request.headers), inputField: "", platformOnly: true
            ),
            principal: try context.requirePrincipal()
        )
    }
}
