import HTTPTypes
import SkillHubCore

extension RateLimitGroup {
    /// The group of a request, by method and path; nil for routes no group covers (reads,
    /// administration, health).
    ///
    /// - ``token``: `POST /api/v1/auth/token`.
    /// - ``dispatch``: calls that run a skill: `POST /api/v1/skills/{id}/invoke`,
    ///   `/api/v1/commands/execute`, `/api/chat`, `/api/v1/chat/…`, `/v1/chat/completions`,
    ///   `/v1/embeddings`, `/v1/rerank`, `/v2/rerank`, `/api/v1/memories…`, `/api/v1/search`,
    ///   `/api/v1/knowledge/…`, `/api/v1/sessions…` (every method but `GET`).
    /// - ``registryWrites``: every other method but `GET` under `/api/v1/skills` (endpoints and
    ///   heartbeats included) and `POST /api/v1/heartbeats`.
    init?(method: HTTPRequest.Method, path: String) {
        guard method != .get, method != .head, method != .options else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if method == .post, segments == ["api", "v1", "auth", "token"] {
            self = .token
            return
        }
        if segments.count == 5, segments.starts(with: ["api", "v1", "skills"]), segments[4] == "invoke", method == .post {
            self = .dispatch
            return
        }
        if Self.dispatchPrefixes.contains(where: { segments.starts(with: $0) }) {
            self = .dispatch
            return
        }
        if segments.starts(with: ["api", "v1", "skills"]) || segments.starts(with: ["api", "v1", "heartbeats"]) {
            self = .registryWrites
            return
        }
        return nil
    }

    private static let dispatchPrefixes: [[Substring]] = [
        ["api", "v1", "commands"], ["api", "chat"], ["api", "v1", "chat"], ["v1", "chat"], ["v1", "embeddings"],
        ["v1", "rerank"], ["v2", "rerank"], ["api", "v1", "memories"], ["api", "v1", "search"], ["api", "v1", "knowledge"],
        ["api", "v1", "sessions"],
    ]
}
