/// The body of `GET /health` (`HEALTH_RESPONSE_STYLE`, or `?style=` on the request).
public enum HealthResponseStyle: String, Sendable, CaseIterable {
    /// `{status: "healthy", version, timestamp, uptime}` (the Ooder guide's shape; the default).
    case healthy
    /// `{"status": "ok"}` (OpenViking's guide, seed 000), for monitors that compare the body to it.
    case ok
}
