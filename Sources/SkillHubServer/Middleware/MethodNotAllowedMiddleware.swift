import HTTPTypes
import Hummingbird
import SkillHubCore

/// Answers 405 (1013) in the error envelope, with an `Allow` header, when the router has no route
/// for a request whose path it serves with other methods (TRACE, OPTIONS, PATCH where only PUT is
/// declared, …), instead of the router's 404. Added after every route, so it sees the router's
/// "no route" answer; a path that no route matches stays a 404.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let table: RouteMethodTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = table.methods(forPath: request.uri.path), !allowed.contains(request.method) else { throw error }
            let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            let refusal = SkillHubError(.methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path); allowed: \(list)")
            var response = refusal.response(requestID: context.requestID)
            response.headers[.allow] = list
            return response
        }
    }
}
