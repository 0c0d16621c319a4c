public import AsyncHTTPClient
internal import NIOCore
internal import NIOHTTP1

/// ``EmbeddingHTTPTransport`` over AsyncHTTPClient: the server passes its shared `HTTPClient`.
///
/// With `retryConnectionEstablishment` on (AsyncHTTPClient's default), a refused connection is retried until the
/// timeout and then reported as unavailable with the last connection error; the server's outbound client turns
/// it off, so a refused connection fails at once.
public struct AsyncHTTPClientEmbeddingTransport: EmbeddingHTTPTransport {
    /// The client requests go through (not shut down by this transport).
    public let client: HTTPClient
    /// The largest answer body read, in bytes; a larger one is a bad answer.
    public let maximumResponseBytes: Int

    public init(client: HTTPClient, maximumResponseBytes: Int = 64 << 20) {
        self.client = client
        self.maximumResponseBytes = maximumResponseBytes
    }

    public func send(method: String, url: String, headers: [String: String], body: [UInt8]?, timeout: Duration) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.body = .bytes(body)
        }
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let place = Self.origin(of: url)
        do {
            let response = try await client.execute(request, deadline: deadline)
            let bytes = try await response.body.collect(upTo: maximumResponseBytes)
            return (Int(response.status.code), Array(bytes.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw EmbeddingError.badAnswer("\(place) answered more than \(maximumResponseBytes) bytes")
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                throw EmbeddingError.timeout("\(place) did not answer within \(Self.describe(timeout))")
            case .cancelled:
                throw CancellationError()
            default:
                throw EmbeddingError.unavailable(Self.unreachable(place, error))
            }
        } catch {
            throw EmbeddingError.unavailable(Self.unreachable(place, error))
        }
    }

    /// `scheme://host:port` of `url`, for messages (never the path or query, which may hold a key).
    static func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(url[..<schemeEnd.upperBound]) + String(authority.split(separator: "@").last ?? authority[...])
    }

    private static func unreachable(_ place: String, _ error: any Error) -> String {
        let text = String(describing: error)
        if text.lowercased().contains("refused") {
            return "\(place) refused the connection"
        }
        return "cannot reach \(place): \(text)"
    }

    static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
