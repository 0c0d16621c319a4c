import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SkillHubCore
import SkillHubPluginHost

/// The `http` host service: a plugin's outbound request, sent through the
/// server's HTTP client within the configured limits (http and https only,
/// hosts on the allow-list, a bounded answer, a timeout, no redirects).
struct PluginHTTPGateway: Sendable {
    let client: OutboundHTTPClient
    let limits: SkillHubConfiguration.PluginHTTPLimits

    func send(_ request: HostHTTPRequest, for plugin: String) async throws -> HostHTTPResponse {
        let outbound = try prepare(request, for: plugin)
        let timeout = min(request.timeout ?? limits.timeout, limits.timeout)
        do {
            let response = try await client.client.execute(outbound, timeout: .milliseconds(Int64(timeout.inMilliseconds)))
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limits.maxResponseBytes {
                throw Self.tooLarge(limits.maxResponseBytes)
            }
            let body = try await response.body.collect(upTo: limits.maxResponseBytes)
            var headers: [String: String] = [:]
            for header in response.headers {
                let name = header.name.lowercased()
                headers[name] = headers[name].map { "\($0), \(header.value)" } ?? header.value
            }
            return HostHTTPResponse(status: Int(response.status.code), headers: headers, body: Array(buffer: body))
        } catch let error as PluginCallError {
            throw error
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limits.maxResponseBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw PluginCallError(status: .timeout, message: "\(request.url) did not answer within \(timeout)")
        } catch {
            throw PluginCallError(status: .unavailable, message: "\(request.url) could not be reached: \(error)")
        }
    }

    /// The request as the client sends it, or why it may not be sent.
    private func prepare(_ request: HostHTTPRequest, for plugin: String) throws -> HTTPClientRequest {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased() else {
            throw PluginCallError(status: .invalidInput, message: "'\(request.url)' is not an absolute URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw PluginCallError(status: .invalidInput, message: "only http and https URLs may be fetched, not \(scheme)")
        }
        guard let host = url.host, !host.isEmpty else {
            throw PluginCallError(status: .invalidInput, message: "'\(request.url)' names no host")
        }
        guard limits.allowedHosts.allows(host: host) else {
            throw PluginCallError(status: .invalidInput, message: "host '\(host)' is not on the allow-list of plugin \(plugin) (SKILLHUB_PLUGINS_HTTP_ALLOWED_HOSTS)")
        }
        let method = HTTPMethod(rawValue: request.method.uppercased())
        if case .RAW = method {
            throw PluginCallError(status: .invalidInput, message: "'\(request.method)' is not an HTTP method")
        }
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = method
        for (name, value) in request.headers { outbound.headers.add(name: name, value: value) }
        if !request.body.isEmpty { outbound.body = .bytes(ByteBuffer(bytes: request.body)) }
        return outbound
    }

    private static func tooLarge(_ limit: Int) -> PluginCallError {
        PluginCallError(status: .invalidInput, message: "the answer is larger than \(limit) bytes (SKILLHUB_PLUGINS_HTTP_MAX_BYTES)")
    }
}
