import Foundation
import Hummingbird
import SkillHubCore

/// OpenAI's chat API on SkillHub — `POST /v1/chat/completions` (whole, or streamed as
/// `chat.completion.chunk` events ending with `data: [DONE]`, with `stream_options.include_usage`)
/// and `GET /v1/models` — dispatched to the `chat` skill, so OpenAI SDKs work by changing their base
/// URL and key (a SkillHub API key or token as `Authorization: Bearer …`). Scope `skills:invoke`.
/// Request fields SkillHub has no use for (`presence_penalty`, `seed`, `response_format`, …) are
/// accepted and ignored, as clients send them by default.
struct ChatCompletionsController: Sendable {
    let dispatcher: Dispatcher
    let authentication: AuthenticationMiddleware
    static let skill = "chat"
    /// The fields passed on to the skill.
    static let forwarded = ["model", "messages", "temperature", "top_p", "stop", "tools", "tool_choice"]

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let group = router.group("/v1").add(middleware: authentication)
        group.post("/chat/completions") { request, context in try await self.complete(request, context) }
        group.get("/models") { _, context in try await self.models(context) }
    }

    func complete(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let body = try await StrictJSONBody.members(of: request, context: context)
        var input: [String: JSONValue] = [:]
        for key in Self.forwarded {
            if let value = body[key], value != .null { input[key] = value }
        }
        if let stop = body["stop"]?.stringValue { input["stop"] = [.string(stop)] }
        if let limit = body["max_completion_tokens"] ?? body["max_tokens"], limit != .null { input["max_tokens"] = limit }
        if let n = body["n"]?.intValue, n != 1 {
            throw SkillHubError.invalidFields([FieldError(field: "n", message: "only 1 is supported")])
        }
        let stream = body["stream"] == .bool(true)
        let includeUsage = body["stream_options"]?["include_usage"] == .bool(true)
        let call = Dispatcher.Request(
            skill: Self.skill, capability: "complete", input: .object(input), requestID: context.requestID,
            traceHeaders: TraceHeaders.forwarded(from: request.headers), inputField: "", platformOnly: true
        )
        let target = try await dispatcher.target(of: call, principal: try context.requirePrincipal())
        let id = "chatcmpl-" + context.requestID
        let created = Int(Date().timeIntervalSince1970)
        guard stream else {
            let output = try await dispatcher.call(target, call).output
            return JSONResponses.response(body: JSONValue.object([
                "id": .string(id), "object": "chat.completion", "created": .number(Double(created)),
                "model": output["model"] ?? .null,
                "choices": [["index": 0, "message": output["message"] ?? [:], "finish_reason": output["finish_reason"] ?? "stop", "logprobs": .null]],
                "usage": output["usage"] ?? ["prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0],
            ]).serialized())
        }
        let requestedModel = body["model"] ?? .null
        // A completion refused for want of capacity before its first piece is a plain 429 with Retry-After.
        let streamed = try await StreamedCall.start(dispatcher, target, call)
        return Response.eventStream(
            of: streamed, renderer: OpenAIChunkRenderer(id: id, created: created, requestedModel: requestedModel, includeUsage: includeUsage)
        )
    }

    func models(_ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let output = try await dispatcher.dispatch(
            Dispatcher.Request(skill: Self.skill, capability: "list_models", input: [:], requestID: context.requestID, inputField: "", platformOnly: true),
            principal: try context.requirePrincipal()
        ).output
        let models: [JSONValue] = (output["models"]?.arrayValue ?? []).map { model in
            ["id": model["name"] ?? "", "object": "model", "created": 0, "owned_by": model["provider"] ?? "skillhub"]
        }
        return JSONResponses.response(body: JSONValue.object(["object": "list", "data": .array(models)]).serialized())
    }

    /// OpenAI's error `type` for a SkillHub error code.
    static func errorType(_ code: ErrorCode) -> String {
        switch code {
        case .invalidParameter: "invalid_request_error"
        case .unauthorized: "authentication_error"
        case .forbidden: "permission_error"
        case .rateLimited: "rate_limit_error"
        default: "api_error"
        }
    }
}
