import Hummingbird
import SkillHubCore
import SkillHubRedis
import SkillHubStorage

/// Turns every error thrown below it into a response in SkillHub's envelope:
/// SkillHub errors as they are, Hummingbird's HTTP errors (unknown route,
/// malformed JSON, body too large) with the matching code, PostgreSQL or Redis
/// out of reach as a 503 worth retrying, anything else as a logged 500 that
/// reveals nothing internal.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.envelope(for: error, request: request, context: context).response(requestID: context.requestID)
        }
    }

    static func envelope(for error: any Error, request: Request, context: Context) -> SkillHubError {
        switch error {
        case let error as SkillHubError:
            return error
        case let error as HTTPError:
            return translate(error, request: request, context: context)
        case let error as any HTTPResponseError:
            return SkillHubError(ErrorCode(httpStatus: error.status.code), error.status.reasonPhrase)
        case let error as RedisClientError where error.isUnavailability:
            context.logger.warning("Redis unavailable", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return SkillHubError(.serviceUnavailable, "Redis is unavailable; retry shortly")
        case let error where DatabaseUnavailability.matches(error):
            context.logger.warning("PostgreSQL unavailable", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return SkillHubError(.serviceUnavailable, "PostgreSQL is unavailable; retry shortly")
        case let error where DatabaseInputRejection.matches(error):
            // Issue 18 (contract testing): a `\u0000` in a skill's metadata reached PostgreSQL and came back a 500.
            return SkillHubError.invalidField("body", "text may not contain the character U+0000 (NUL)",
                                              message: "invalid request: text may not contain the character U+0000 (NUL)")
        case let error as TimeoutError:
            context.logger.warning("dependency timeout", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return SkillHubError(.timeout, "\(error.operation) did not finish in time; retry shortly")
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return SkillHubError(.internalError, "internal server error; quote request id \(context.requestID) when reporting it")
        }
    }

    private static func translate(_ error: HTTPError, request: Request, context: Context) -> SkillHubError {
        switch error.status {
        case .notFound:
            return SkillHubError(.notFound, "no route for \(request.method) \(request.uri.path)")
        case .contentTooLarge:
            return .bodyTooLarge(limit: context.maxUploadSize)
        case .badRequest:
            let problem = error.body ?? "the body is not valid JSON of the expected shape"
            return SkillHubError.invalidField("body", problem, message: "malformed request: \(problem)")
        default:
            return SkillHubError(ErrorCode(httpStatus: error.status.code), error.body ?? error.status.reasonPhrase)
        }
    }
}
