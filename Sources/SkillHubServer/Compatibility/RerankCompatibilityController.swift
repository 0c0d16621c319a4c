import Foundation
import Hummingbird
import SkillHubCore

/// `POST /v1/rerank` in the Cohere shape (also what Jina, vLLM and Infinity
/// serve), dispatched to the `rerank` skill's `rerank` capability, so existing
/// rerank clients work against SkillHub by changing only their base URL and
/// key (`Authorization: Bearer <API key or token>`).
struct RerankCompatibilityController: Sendable {
    let dispatcher: Dispatcher
    let authentication: AuthenticationMiddleware
    /// The skill the route dispatches to.
    static let skill = "rerank"

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.group("/v1").add(middleware: authentication).post("/rerank") { request, context in
            try await self.rerank(request, context)
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

    func rerank(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let body = try await StrictJSONBody.decode(Body.self, allowedKeys: Body.keys, from: request, context: context)
        var input: [String: JSONValue] = [:]
        input["query"] = body.query
        input["documents"] = body.documents
        input["top_n"] = body.topN
        input["return_documents"] = body.returnDocuments
        input["model"] = body.model.map(JSONValue.string)
        let outcome = try await dispatcher.dispatch(
            Dispatcher.Request(
                skill: Self.skill, capability: "rerank", input: .object(input), requestID: context.requestID,
                traceHeaders: TraceHeaders.forwarded(from: request.headers), inputField: ""
            ),
            principal: try context.requirePrincipal()
        )
        return try JSONResponses.response(
            Answer(
                id: context.requestID,
                results: outcome.output["results"] ?? [],
                model: outcome.output["model"]?.stringValue ?? body.model,
                meta: ["api_version": ["version": "2"], "billed_units": ["search_units": 1], "provider": outcome.output["provider"] ?? .null]
            )
        )
    }
}
