import Hummingbird
import Logging
import SkillHubCore

/// The fields of the per-request log entry: method, path, route, status, `duration_ms`, and the
/// caller's `account` and the route's `skill` when there are.
enum RequestLogFields {
    static func metadata(request: Request, context: SkillHubRequestContext, route: String, status: Int, duration: Duration) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "method": "\(request.method)", "path": "\(request.uri.path)", "route": "\(route)",
            "status": .stringConvertible(status), "duration_ms": .stringConvertible(duration.inMilliseconds),
        ]
        if let account = context.observed.account { metadata["account"] = "\(account)" }
        if let skill = skill(route: route, path: request.uri.path) { metadata["skill"] = "\(skill)" }
        return metadata
    }

    /// The path's segment where the route has `{skill_id}`: `echo` for `/api/v1/skills/echo/invoke`.
    static func skill(route: String, path: String) -> Substring? {
        guard route.contains("{skill_id}") else { return nil }
        let templates = route.split(separator: "/")
        let segments = path.split(separator: "/")
        guard let index = templates.firstIndex(of: "{skill_id}"), index < segments.count else { return nil }
        return segments[index]
    }
}
