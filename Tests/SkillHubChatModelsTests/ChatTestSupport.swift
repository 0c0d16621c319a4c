import AsyncHTTPClient
import Synchronization
import NIOPosix
import SkillHubChatModels
import SkillHubCore

/// Runs `body` with the real AsyncHTTPClient transport, configured like the server's outbound client
/// (no connection retries: a refused connection fails at once).
func withTransport<T: Sendable>(_ body: (AsyncHTTPClientChatTransport) async throws -> T) async throws -> T {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    do {
        let result = try await body(AsyncHTTPClientChatTransport(client: client))
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// Runs `body` against a fake answering with `handler`, through the real transport.
func withFake<T: Sendable>(_ handler: @escaping FakeChatServer.Handler, _ body: (FakeChatServer, AsyncHTTPClientChatTransport) async throws -> T) async throws -> T {
    let server = try await FakeChatServer.start(handler)
    do {
        let result = try await withTransport { try await body(server, $0) }
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A model at `baseURL`.
func model(
    _ name: String, _ baseURL: String, provider: ChatModelSettings.Provider = .openai, key: String? = "sk-test", fallbacks: [String] = [],
    timeout: Duration = .seconds(5), azure: String? = nil
) -> ChatModelSettings.Model {
    ChatModelSettings.Model(
        name: name, modelID: name + "-id", provider: provider, baseURL: baseURL, apiKey: key, azureAPIVersion: azure, fallbacks: fallbacks,
        timeout: timeout, source: "test"
    )
}

/// Streams `request` from `provider`: the pieces, and the error that ended the stream, if any.
func drain(_ provider: some ChatProvider, _ request: ChatRequest) async -> (chunks: [ChatChunk], error: (any Error)?) {
    let pieces = Pieces()
    do {
        try await provider.stream(request) { pieces.add($0) }
        return (pieces.all, nil)
    } catch {
        return (pieces.all, error)
    }
}

/// Streams `request` through `router`: which model answered (nil when the stream failed), the pieces, the error.
func drain(_ router: ChatRouter, _ request: ChatRequest) async -> (outcome: ChatStreamOutcome?, chunks: [ChatChunk], error: (any Error)?) {
    let pieces = Pieces()
    do {
        let outcome = try await router.stream(request) { pieces.add($0) }
        return (outcome, pieces.all, nil)
    } catch {
        return (nil, pieces.all, error)
    }
}

/// The pieces a stream delivered, in order.
final class Pieces: Sendable {
    private let pieces = Mutex<[ChatChunk]>([])

    func add(_ chunk: ChatChunk) { pieces.withLock { $0.append(chunk) } }

    var all: [ChatChunk] { pieces.withLock { $0 } }
}

func text(_ chunks: [ChatChunk]) -> String {
    chunks.map(\.content).joined()
}

let question = ChatRequest(messages: [.system("Be brief."), .user("Say hello")])
