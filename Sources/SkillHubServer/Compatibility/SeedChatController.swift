import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import SkillHubCore

/// The chat routes of the distributed assistant of seed 002: `POST /api/chat`
/// `{session_id, message}` → `{response, worker_id, session_id, model}` — the `chat` skill's
/// `complete` in that session, routed with the session id (``SessionChat``) — and `GET /api/metrics`, the root node's counters of those
/// calls on this instance (`{requests, errors, average_latency_ms, workers: {worker_id: requests}}`).
/// Scope `skills:invoke`; seed 002's clients add their key (`X-API-Key` or `Authorization: Bearer`).
struct SeedChatController: Sendable {
    let dispatcher: Dispatcher
    let authentication: AuthenticationMiddleware
    let counters = SeedChatCounters()

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let group = router.group("/api").add(middleware: authentication)
        group.post("/chat") { request, context in try await self.chat(request, context) }
        group.get("/metrics") { _, context in try self.metrics(context) }
    }

    struct Body: Decodable {
        static let keys: Set<String> = ["session_id", "message", "model"]
        var sessionID: String
        var message: String
        var model: String?

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case message, model
        }
    }

    func chat(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let body = try await StrictJSONBody.decode(Body.self, allowedKeys: Body.keys, from: request, context: context)
        let started = ContinuousClock.now
        do {
            let outcome = try await SessionChat(dispatcher: dispatcher).send(
                SessionChat.Message(sessionID: body.sessionID, content: body.message, model: body.model),
                principal: try context.requirePrincipal(), requestID: context.requestID, traceHeaders: TraceHeaders.forwarded(from: request.headers)
            )
            let workerID = outcome.endpoint.endpointID.lowercasedString
            counters.record(worker: workerID, latency: ContinuousClock.now - started)
            return JSONResponses.response(body: JSONValue.object([
                "response": outcome.output["message"]?["content"] ?? "",
                "worker_id": .string(workerID),
                "session_id": .string(body.sessionID),
                "model": outcome.output["model"] ?? .null,
            ]).serialized())
        } catch {
            counters.record(worker: nil, latency: ContinuousClock.now - started)
            throw error
        }
    }

    func metrics(_ context: SkillHubRequestContext) throws -> Response {
        try context.require(.skillsInvoke)
        return JSONResponses.response(body: counters.snapshot().serialized())
    }
}

/// The counters of `/api/chat` on this instance.
final class SeedChatCounters: Sendable {
    private struct State {
        var requests = 0
        var errors = 0
        var totalLatency = Duration.zero
        var workers: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// One call: answered by `worker`, or failed (nil).
    func record(worker: String?, latency: Duration) {
        state.withLockedValue { state in
            state.requests += 1
            state.totalLatency += latency
            if let worker { state.workers[worker, default: 0] += 1 } else { state.errors += 1 }
        }
    }

    func snapshot() -> JSONValue {
        state.withLockedValue { state in
            [
                "requests": .number(Double(state.requests)),
                "errors": .number(Double(state.errors)),
                "average_latency_ms": .number(state.requests == 0 ? 0 : state.totalLatency.inMilliseconds / Double(state.requests)),
                "workers": .object(state.workers.mapValues { .number(Double($0)) }),
            ]
        }
    }
}
