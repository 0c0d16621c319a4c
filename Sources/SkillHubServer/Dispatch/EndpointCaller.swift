import AsyncHTTPClient
import EndpointHTTP
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SkillHubCore
import SkillHubPluginHost
import SkillHubStorage

/// Calls one endpoint: an in-process plugin (`plugin://NAME`) or a remote
/// skill service (`http(s)://`, the protocol of docs/remote-skills.md).
struct EndpointCaller: Sendable {
    let plugins: PluginManager
    let http: OutboundHTTPClient
    /// The hosts remote endpoints may name; an endpoint registered before the list changed is not called.
    let endpointHosts: HostAllowList

    struct Call: Sendable {
        var capability: String
        var input: JSONValue
        var sessionID: String?
        var metadata: JSONValue = [:]
        var requestID: String
        /// Trace headers of the incoming request (`traceparent`, `tracestate`, `baggage`), passed on.
        var traceHeaders: [(name: String, value: String)] = []
        var timeout: Duration
        /// On whose behalf a plugin runs the call (for its host services).
        var origin: PluginCallOrigin?
        /// The attempt's span (tracing on): a remote endpoint gets its `traceparent`, and learns its HTTP attributes.
        var span: Span? = nil
        /// Receives a streaming plugin's chunks.
        var onChunk: (@Sendable ([UInt8]) -> Void)?
    }

    /// The endpoint's output.
    func call(_ endpoint: EndpointRecord, _ call: Call) async throws(EndpointCallFailure) -> JSONValue {
        switch endpoint.protocol {
        case .plugin:
            return try await callPlugin(endpoint, call)
        case .http, .https:
            return try await callRemote(endpoint, call)
        case .ws, .wss, .unix:
            throw .unreached(.serviceUnavailable, "endpoint \(endpoint.url) uses \(endpoint.protocol.rawValue), which the dispatcher does not call yet")
        }
    }

    private func callPlugin(_ endpoint: EndpointRecord, _ call: Call) async throws(EndpointCallFailure) -> JSONValue {
        let name = Self.pluginName(in: endpoint.url)
        let input = call.input.serialized()
        let output: [UInt8]
        do {
            output = try await invokePlugin(named: name, call, input: input)
        } catch let error as PluginCallError {
            switch error.status {
            case .invalidInput: throw .final(.invalidParameter, "invalid input for \(call.capability): \(error.message)")
            case .unknownCapability: throw .final(.capabilityNotFound, "plugin '\(name)' has no capability '\(call.capability)'")
            case .timeout: throw .failed(.timeout, "plugin '\(name)' did not answer within \(call.timeout)")
            case .unavailable:
                // Refused for want of generation capacity: 429; another endpoint here shares the same limit.
                if let refusal = GenerationRefusal.rateLimitedError(message: error.message) { throw EndpointCallFailure(error: refusal, retry: .never) }
                throw .unreached(.serviceUnavailable, "plugin '\(name)': \(error.message)")
            case .notFound: throw .final(.notFound, error.message)
            case .conflict: throw .final(.conflict, error.message)
            default: throw .failed(.badGateway, "plugin '\(name)' failed: \(error.message)")
            }
        } catch {
            throw .failed(.badGateway, "plugin '\(name)' failed: \(error)")
        }
        guard let value = try? JSONValue(parsing: output) else {
            throw .failed(.badGateway, "plugin '\(name)' answered something that is not JSON")
        }
        return value
    }

    /// The plugin a `plugin://NAME` URL names (slashes around the name ignored).
    static func pluginName(in url: String) -> String {
        var name = url.dropFirst("plugin://".count)
        while name.first == "/" { name = name.dropFirst() }
        while name.last == "/" { name = name.dropLast() }
        return String(name)
    }

    /// Calls the running version of plugin `name`. A version retired by a
    /// reload between lookup and call hands the call to its successor.
    private func invokePlugin(named name: String, _ call: Call, input: [UInt8]) async throws -> [UInt8] {
        for _ in 0..<2 {
            guard let instance = plugins.instance(named: name) else { break }
            do {
                return try await instance.invoke(PluginCall(call.capability, input: input, timeout: call.timeout, origin: call.origin, onChunk: call.onChunk))
            } catch let error as PluginCallError where error.status == .unavailable && instance.hasShutDown {
                continue
            }
        }
        throw PluginCallError(status: .unavailable, message: "plugin '\(name)' is not running on this instance")
    }

    /// The largest answer read from a remote endpoint.
    static let maximumAnswerBytes = 16 << 20

    private func callRemote(_ endpoint: EndpointRecord, _ call: Call) async throws(EndpointCallFailure) -> JSONValue {
        // Plain http goes through the kept-alive client, whose parsed target also gives the host to check.
        let target = endpoint.protocol == .http ? EndpointHTTPTarget(url: endpoint.url) : nil
        guard let host = target?.host ?? endpoint.protocol.networkHost(of: endpoint.url), endpointHosts.allows(host: host) else {
            throw .unreached(.serviceUnavailable, "endpoint \(endpoint.url) names a host that endpoints may not name (SKILLHUB_ENDPOINT_ALLOWED_HOSTS)")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "X-Request-Id", value: call.requestID)
        for header in TraceHeaders.replacing(call.traceHeaders, with: call.span?.context) { headers.add(name: header.name, value: header.value) }
        var metadata: [String: JSONValue] = ["request_id": .string(call.requestID)]
        if case .object(let given) = call.metadata { metadata.merge(given) { ours, _ in ours } }
        var body: [String: JSONValue] = ["capability": .string(call.capability), "input": call.input, "metadata": .object(metadata)]
        if let session = call.sessionID { body["session_id"] = .string(session) }
        let bytes = ByteBuffer(bytes: JSONValue.object(body).serialized())
        let (status, answer) = if let target {
            try await post(bytes, headers: headers, to: target, endpoint, timeout: call.timeout)
        } else {
            try await postThroughAsyncHTTPClient(bytes, headers: headers, endpoint, timeout: call.timeout)
        }
        call.span?.set("http.response.status_code", .int(status))
        switch status {
        case 200..<300:
            guard case .object(let fields)? = try? JSONValue(parsing: Data(buffer: answer)), let output = fields["output"] else {
                throw .failed(.badGateway, "endpoint \(endpoint.url) answered without a JSON object holding \"output\"")
            }
            return output
        case 400, 422:
            throw .final(.invalidParameter, "endpoint \(endpoint.url) refused the input: \(Self.message(in: answer))")
        case 404:
            throw .final(.capabilityNotFound, "endpoint \(endpoint.url) has no capability '\(call.capability)'")
        case 500..<600:
            throw .failed(.badGateway, "endpoint \(endpoint.url) failed with HTTP \(status): \(Self.message(in: answer))")
        default:
            throw .failed(.badGateway, "endpoint \(endpoint.url) answered HTTP \(status)")
        }
    }

    /// POSTs to a plain `http://` endpoint through the lean kept-alive client: the answer's status and body.
    private func post(_ body: ByteBuffer, headers: HTTPHeaders, to target: EndpointHTTPTarget, _ endpoint: EndpointRecord, timeout: Duration) async throws(EndpointCallFailure) -> (Int, ByteBuffer) {
        do {
            let response = try await http.endpoints.post(target, headers: headers, body: body, timeout: .milliseconds(Int64(timeout.inMilliseconds)), maximumResponseBytes: Self.maximumAnswerBytes)
            return (response.status, response.body)
        } catch .timedOut {
            throw .failed(.timeout, "endpoint \(endpoint.url) did not answer within \(timeout)")
        } catch let error where error.requestNeverSent {
            throw .unreached(.badGateway, "endpoint \(endpoint.url) is unreachable: \(error)")
        } catch {
            throw .failed(.badGateway, "endpoint \(endpoint.url) failed: \(error)")
        }
    }

    /// POSTs through AsyncHTTPClient (`https://` endpoints): the answer's status and body.
    private func postThroughAsyncHTTPClient(_ body: ByteBuffer, headers: HTTPHeaders, _ endpoint: EndpointRecord, timeout: Duration) async throws(EndpointCallFailure) -> (Int, ByteBuffer) {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers = headers
        request.body = .bytes(body)
        do {
            let response = try await http.client.execute(request, timeout: .milliseconds(Int64(timeout.inMilliseconds)))
            return (Int(response.status.code), try await response.body.collect(upTo: Self.maximumAnswerBytes))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .failed(.timeout, "endpoint \(endpoint.url) did not answer within \(timeout)")
        } catch let error where Self.neverConnected(error) {
            throw .unreached(.badGateway, "endpoint \(endpoint.url) is unreachable: \(error)")
        } catch {
            throw .failed(.badGateway, "endpoint \(endpoint.url) failed: \(error)")
        }
    }

    /// Whether `error` means no connection was made, so the endpoint never saw the request.
    static func neverConnected(_ error: any Error) -> Bool {
        switch error {
        case is NIOConnectionError: true
        case let error as HTTPClientError: error == .connectTimeout
        case ChannelError.connectTimeout: true
        case let error as IOError: [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode)
        default: false
        }
    }

    /// The `error.message` (or `message`) of an error body, else its first 500 characters.
    static func message(in body: ByteBuffer) -> String {
        let value = try? JSONValue(parsing: Data(buffer: body))
        if let message = value?["error"]?["message"]?.stringValue ?? value?["message"]?.stringValue { return message }
        return String(String(buffer: body).prefix(500))
    }
}
