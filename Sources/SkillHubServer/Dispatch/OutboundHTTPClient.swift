import AsyncHTTPClient
import EndpointHTTP
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// The HTTP clients that call remote skill endpoints, deliver callbacks and
/// serve the plugins' `http` host service, as a service: each made on first
/// use, shut down after the routes that use them have stopped (an application
/// that never calls out never makes one).
///
/// Plain `http://` skill endpoints are called through ``endpoints`` (a lean
/// kept-alive HTTP/1.1 client); everything else through ``client``
/// (AsyncHTTPClient: TLS, any method, streaming bodies).
final class OutboundHTTPClient: Service, Sendable {
    private let made = NIOLockedValueBox<HTTPClient?>(nil)
    private let madeEndpoints = NIOLockedValueBox<EndpointHTTPClient?>(nil)

    /// The client for plain `http://` skill endpoints: at most 64 connections per endpoint
    /// (further calls wait for one), a connection refused fails the attempt at once.
    var endpoints: EndpointHTTPClient {
        madeEndpoints.withLockedValue { made in
            if let client = made { return client }
            let client = EndpointHTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, maximumConnectionsPerOrigin: 64, connectTimeout: .seconds(2))
            made = client
            return client
        }
    }

    /// The client. A connection that cannot be made fails the attempt at once
    /// (no connection retries inside the client): the dispatcher fails over to
    /// another endpoint instead of waiting on a dead one.
    var client: HTTPClient {
        made.withLockedValue { made in
            if let client = made { return client }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: .seconds(2))
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
            configuration.decompression = .disabled
            // A redirect would turn a POST into a GET somewhere else: endpoints and plugins see the 3xx instead.
            configuration.redirectConfiguration = .disallow
            // No spans: SkillHub passes the caller's trace headers on itself (TraceHeaders), and
            // a span per call was about 3 % of a proxied call even with no tracer bootstrapped.
            configuration.tracing.tracer = nil
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            made = client
            return client
        }
    }

    func run() async throws {
        try? await gracefulShutdown()
        await madeEndpoints.withLockedValue { $0 }?.shutdown()
        try await made.withLockedValue { $0 }?.shutdown()
    }
}
