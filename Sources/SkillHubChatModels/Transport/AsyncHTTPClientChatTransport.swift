public import AsyncHTTPClient
internal import NIOCore
internal import NIOHTTP1

/// ``ChatHTTPTransport`` over AsyncHTTPClient's `execute(_:deadline:)` and `HTTPClientResponse.body`: the server
/// passes its shared `HTTPClient` (not shut down here).
///
/// The deadline covers the answer's head; the body streams after it, and a task cancelled while reading it cancels
/// the request, closing the connection. With `retryConnectionEstablishment` on (AsyncHTTPClient's default) a refused
/// connection is retried until the deadline; the server's outbound client turns it off, so it fails at once.
public struct AsyncHTTPClientChatTransport: ChatHTTPTransport {
    public let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }

    public func stream(_ request: ChatHTTPRequest, timeout: Duration) async throws -> ChatHTTPStreamingResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            outgoing.headers.add(name: name, value: value)
        }
        outgoing.body = .bytes(request.body)
        let place = Self.origin(of: request.url)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, deadline: .now() + TimeAmount(timeout))
        } catch {
            throw Self.mapped(error, place: place, timeout: timeout, reading: false)
        }
        var headers: [String: String] = [:]
        for header in response.headers {
            headers[header.name.lowercased()] = header.value
        }
        let body = ChatHTTPBody(response.body, transform: { Array($0.readableBytesView) }) { error in
            Self.mapped(error, place: place, timeout: timeout, reading: true)
        }
        return ChatHTTPStreamingResponse(status: Int(response.status.code), headers: headers, body: body)
    }

    static func mapped(_ error: any Error, place: String, timeout: Duration, reading: Bool) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled:
                return CancellationError()
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return ChatHTTPTransportError.timeout("\(place) did not answer within \(timeout)")
            default:
                break
            }
        }
        let text = String(describing: error)
        if reading {
            return ChatHTTPTransportError.connectionLost("the connection to \(place) broke: \(text)")
        }
        if text.lowercased().contains("refused") {
            return ChatHTTPTransportError.unreachable("\(place) refused the connection")
        }
        return ChatHTTPTransportError.unreachable("cannot reach \(place): \(text)")
    }

    /// `scheme://host:port` of `url`, for messages (never the path or query).
    static func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(url[..<schemeEnd.upperBound]) + String(authority.split(separator: "@").last ?? authority[...])
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
