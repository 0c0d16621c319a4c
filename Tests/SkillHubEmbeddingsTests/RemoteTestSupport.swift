import AsyncHTTPClient
import NIOPosix
import SkillHubCore
import SkillHubEmbeddings

/// Runs `body` with the real AsyncHTTPClient transport, configured like the server's outbound client
/// (no connection retries: a refused connection fails at once).
func withTransport<T: Sendable>(_ body: (AsyncHTTPClientEmbeddingTransport) async throws -> T) async throws -> T {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    do {
        let result = try await body(AsyncHTTPClientEmbeddingTransport(client: client))
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// Runs `body` against a fake service answering with `handler`, through the real transport.
func withFake<T: Sendable>(
    _ handler: @escaping FakeHTTPServer.Handler,
    _ body: (FakeHTTPServer, AsyncHTTPClientEmbeddingTransport) async throws -> T
) async throws -> T {
    let server = try await FakeHTTPServer.start(handler)
    do {
        let result = try await withTransport { try await body(server, $0) }
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Deterministic, deliberately unnormalised vectors, as a real service's would be different for each text.
enum FakeVectors {
    static func vector(for text: String, dimensions: Int) -> [Double] {
        var seed = text.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }
        return (0..<dimensions).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(Int64(bitPattern: seed >> 11) % 2000 - 1000) / 100
        }
    }

    static func json(_ vector: [Double]) -> JSONValue {
        .array(vector.map(JSONValue.number))
    }

    /// `vector(for:)` normalised, as the providers must answer it.
    static func unit(for text: String, dimensions: Int) -> [Float] {
        let vector = vector(for: text, dimensions: dimensions)
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { Float($0 / norm) }
    }
}

extension FakeRequest {
    /// The body parsed as JSON (null when it is not JSON).
    var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
}

extension FakeResponse {
    static func json(_ value: JSONValue, status: Int = 200) -> FakeResponse {
        FakeResponse(status: status, body: value.serialized())
    }
}

/// Whether two vectors match to float precision.
func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

func norm(_ vector: [Float]) -> Float {
    vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
