import Hummingbird
import SkillHubCore

/// Records each request's count and latency by route and status, and logs it
/// with its request id, the caller's account and the skill the route names (`{skill_id}`).
struct RequestObservationMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let duration = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        metrics.record(route: route, method: request.method.rawValue, status: response.status.code, duration: duration)
        context.logger.info("request", metadata: RequestLogFields.metadata(request: request, context: context, route: route, status: response.status.code, duration: duration))
        return response
    }
}
