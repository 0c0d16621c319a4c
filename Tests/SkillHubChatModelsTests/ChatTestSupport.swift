import AsyncHTTPClient
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

/// Reads a whole stream: the pieces, and the error that ended it, if any.
func drain(_ stream: AsyncThrowingStream<ChatChunk, any Error>) async -> (chunks: [ChatChunk], error: (any Error)?) {
    var chunks: [ChatChunk] = []
    do {
        for try await chunk in stream { chunks.append(chunk) }
        return (chunks, nil)
    } catch {
        return (chunks, error)
    }
}

func drain(_ stream: ChatStream) async -> (chunks: [ChatChunk], error: (any Error)?) {
    var chunks: [ChatChunk] = []
    do {
        for try await chunk in stream { chunks.append(chunk) }
        return (chunks, nil)
    } catch {
        return (chunks, error)
    }
}

func text(_ chunks: [ChatChunk]) -> String {
    chunks.map(\.content).joined()
}

let question = ChatRequest(messages: [.system("Be brief."), .user("Say hello")])
