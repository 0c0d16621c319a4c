import Foundation
import Hummingbird
import SkillHubCore

/// Knowledge collections over REST, for people and clients (Coze Studio's knowledge bases):
/// each route is one capability of the `search` skill, dispatched with the caller's rights, so
/// the REST routes and `POST /api/v1/skills/search/invoke` are the same thing in two shapes.
/// Reads need `knowledge:read`, changes `knowledge:write`.
///
/// ```
/// POST   /api/v1/knowledge/collections                                   create
/// GET    /api/v1/knowledge/collections                                   list
/// GET    /api/v1/knowledge/collections/{collection}                      describe (counts, re-embedding)
/// PATCH  /api/v1/knowledge/collections/{collection}                      description, chunk_strategy, metadata
/// DELETE /api/v1/knowledge/collections/{collection}
/// POST   /api/v1/knowledge/collections/{collection}/reembed              202: vectors again with the current model
/// POST   /api/v1/knowledge/collections/{collection}/documents            202: JSON or multipart/form-data upload
/// GET    /api/v1/knowledge/collections/{collection}/documents            ?status=&limit=&offset=
/// GET    /api/v1/knowledge/collections/{collection}/documents/{document_id}
/// DELETE /api/v1/knowledge/collections/{collection}/documents/{document_id}
/// POST   /api/v1/knowledge/collections/{collection}/query
/// POST   /api/v1/knowledge/query                                         several collections
/// ```
struct KnowledgeController: Sendable {
    let dispatcher: Dispatcher
    let authentication: AuthenticationMiddleware
    /// The skill the routes dispatch to.
    static let skill = "search"
    /// Ingestion (extraction, OCR, chunking) may take longer than a plain call.
    static let documentTimeout = Duration.seconds(300)

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let group = router.group("/api/v1/knowledge").add(middleware: authentication)
        group.post("/collections") { request, context in
            try await self.call("create_collection", try await Self.body(request, context), context, scope: .knowledgeWrite, status: .created)
        }
        group.get("/collections") { _, context in
            try await self.call("list_collections", [:], context, scope: .knowledgeRead)
        }
        group.get("/collections/:collection") { _, context in
            try await self.call("get_collection", ["collection": .string(try context.decodedPathParameter("collection"))], context, scope: .knowledgeRead)
        }
        group.patch("/collections/:collection") { request, context in
            var input = try await Self.body(request, context)
            input["collection"] = .string(try context.decodedPathParameter("collection"))
            return try await self.call("update_collection", input, context, scope: .knowledgeWrite)
        }
        group.delete("/collections/:collection") { _, context in
            try await self.call("delete_collection", ["collection": .string(try context.decodedPathParameter("collection"))], context, scope: .knowledgeWrite)
        }
        group.post("/collections/:collection/reembed") { _, context in
            try await self.call("reembed_collection", ["collection": .string(try context.decodedPathParameter("collection"))], context, scope: .knowledgeWrite, status: .accepted)
        }
        group.post("/collections/:collection/documents") { request, context in
            try await self.addDocument(request, context)
        }
        group.get("/collections/:collection/documents") { request, context in
            var query = QueryParameters(request)
            var input: [String: JSONValue] = ["collection": .string(try context.decodedPathParameter("collection"))]
            input["limit"] = .number(Double(query.integer("limit", default: 50, in: 1...500)))
            input["offset"] = .number(Double(query.integer("offset", default: 0, in: 0...10_000_000)))
            if let status = query.string("status") { input["status"] = .string(status) }
            try query.validate()
            return try await self.call("list_documents", input, context, scope: .knowledgeRead)
        }
        group.get("/collections/:collection/documents/:document_id") { _, context in
            try await self.call("get_document", try Self.documentInput(context), context, scope: .knowledgeRead)
        }
        group.delete("/collections/:collection/documents/:document_id") { _, context in
            try await self.call("delete_document", try Self.documentInput(context), context, scope: .knowledgeWrite)
        }
        group.post("/collections/:collection/query") { request, context in
            var input = try await Self.body(request, context)
            input["collection"] = .string(try context.decodedPathParameter("collection"))
            return try await self.call("query", input, context, scope: .knowledgeRead)
        }
        group.post("/query") { request, context in
            try await self.call("query", try await Self.body(request, context), context, scope: .knowledgeRead)
        }
    }

    /// A document as JSON (`text`, `content_base64` or `url` with the other fields), or a
    /// `multipart/form-data` upload (a `file` part, and optional `title`, `metadata` and
    /// `chunk_strategy` parts, the last two as JSON). Answered 202 with the document's id and
    /// status, and its `Location`.
    private func addDocument(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.knowledgeWrite)
        var input: [String: JSONValue]
        if let boundary = MultipartUpload.boundary(of: request.headers[.contentType]) {
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            input = try MultipartUpload.documentInput(Array(body.readableBytesView), boundary: boundary)
        } else {
            input = try await Self.body(request, context)
        }
        let collection = try context.decodedPathParameter("collection")
        input["collection"] = .string(collection)
        let outcome = try await dispatch("add_document", input, context, timeout: Self.documentTimeout)
        var response = JSONResponses.response(body: outcome.output.serialized(), status: .accepted)
        if let id = outcome.output["document_id"]?.stringValue {
            response.headers[.location] = "/api/v1/knowledge/collections/\(Self.pathSegment(collection))/documents/\(id)"
        }
        return response
    }

    private func call(
        _ capability: String, _ input: [String: JSONValue], _ context: SkillHubRequestContext, scope: Scope, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try await dispatcher.respond(skill: Self.skill, capability: capability, input: input, context: context, scope: scope, status: status)
    }

    private func dispatch(
        _ capability: String, _ input: [String: JSONValue], _ context: SkillHubRequestContext, timeout: Duration? = nil
    ) async throws -> Dispatcher.Outcome {
        try await dispatcher.dispatch(
            Dispatcher.Request(skill: Self.skill, capability: capability, input: .object(input), timeout: timeout, requestID: context.requestID, inputField: "", platformOnly: true),
            principal: try context.requirePrincipal()
        )
    }

    private static func body(_ request: Request, _ context: SkillHubRequestContext) async throws -> [String: JSONValue] {
        try await StrictJSONBody.members(of: request, context: context)
    }

    private static func documentInput(_ context: SkillHubRequestContext) throws -> [String: JSONValue] {
        ["collection": .string(try context.decodedPathParameter("collection")), "document_id": .string(try context.decodedPathParameter("document_id"))]
    }

    private static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
