import AsyncHTTPClient
import NIOCore
import SkillHubCore
import SkillHubRegistry

/// One active health check probe: `GET` the check's path on the endpoint's origin (scheme, host and
/// port; the endpoint's own path is not used, as with Envoy and nginx), passed when the answer is 2xx
/// within the check's timeout.
struct ActiveHealthProbe: Sendable {
    let http: OutboundHTTPClient

    func probe(_ url: String, _ check: ActiveHealthCheck) async -> ActiveHealthChecker.ProbeResult {
        guard let target = Self.probeURL(endpoint: url, path: check.path) else {
            return .init(passed: false, detail: "the endpoint's URL has no origin")
        }
        var request = HTTPClientRequest(url: target)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "SkillHub-HealthCheck")
        do {
            let deadline = NIODeadline.now() + .milliseconds(Int64(ActiveHealthCheck.milliseconds(check.timeout)))
            let response = try await http.client.execute(request, deadline: deadline)
            _ = try await response.body.collect(upTo: 1 << 20)
            let code = Int(response.status.code)
            return .init(passed: (200..<300).contains(code), detail: "HTTP \(code)")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .init(passed: false, detail: "no answer within \(ActiveHealthCheck.milliseconds(check.timeout)) ms")
        } catch {
            return .init(passed: false, detail: "\(error)")
        }
    }

    /// `path` on the origin of `endpoint` (`http://h:1/skill` → `http://h:1/health`).
    static func probeURL(endpoint: String, path: String) -> String? {
        guard let schemeEnd = endpoint.range(of: "://") else { return nil }
        let rest = endpoint[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else { return nil }
        return endpoint[..<schemeEnd.upperBound] + authority + path
    }
}
