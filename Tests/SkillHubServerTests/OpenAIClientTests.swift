import Foundation
import HummingbirdTesting
import SkillHubCore
import SkillHubTestSupport
import Testing

/// The real `openai` Python package against SkillHub: chat (whole and streamed), models and
/// embeddings, as a user of the SDK would call them after changing only the base URL and key.
/// `make test` installs the package (`scripts/stack.sh install`) and exports
/// `SKILLHUB_TEST_PYTHON_CLIENTS`; without it the test is skipped locally and fails under CI.
@Suite("The openai Python SDK against SkillHub")
struct OpenAIClientTests {
    static let clients = ProcessInfo.processInfo.environment["SKILLHUB_TEST_PYTHON_CLIENTS"].flatMap { $0.isEmpty ? nil : $0 }
    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false

    static let script = #"""
    import sys
    from openai import OpenAI
    client = OpenAI(base_url=sys.argv[1], api_key=sys.argv[2])
    whole = client.chat.completions.create(model="alpha", messages=[{"role": "user", "content": "ping"}])
    print("whole", whole.model, whole.choices[0].message.content, whole.usage.total_tokens)
    text = ""
    usage = None
    for chunk in client.chat.completions.create(model="alpha", messages=[{"role": "user", "content": "a b c"}],
                                                stream=True, stream_options={"include_usage": True}):
        if chunk.choices and chunk.choices[0].delta.content:
            text += chunk.choices[0].delta.content
        if chunk.usage:
            usage = chunk.usage.completion_tokens
    print("stream", text, usage)
    print("models", ",".join(m.id for m in client.models.list()))
    vectors = client.embeddings.create(model="text-embedding-3-small", input=["hello", "你好"])
    print("embeddings", len(vectors.data), len(vectors.data[0].embedding))
    """#

    @Test(.enabled(if: clients != nil || inCI, "SKILLHUB_TEST_PYTHON_CLIENTS is not set: the openai package is not installed (scripts/stack.sh install)"))
    func chatModelsAndEmbeddingsThroughTheSDK() async throws {
        let clients = try #require(Self.clients, "CI is set but SKILLHUB_TEST_PYTHON_CLIENTS is not: make test must install the openai package")
        let alpha = try await FakeChatModel.start(name: "alpha")
        let beta = try await FakeChatModel.start(name: "beta")
        defer { alpha.stop(); beta.stop() }
        var environment = try ChatSkillTests.environment(alpha, beta)
        environment["SKILLHUB_PLUGINS"] = "chat"
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let port = try #require(client.port)
            let output = try await Self.run(Self.script, arguments: ["http://127.0.0.1:\(port)/v1", key], pythonPath: clients)
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("whole alpha alpha: ping ") }, "\(output)")
            #expect(lines.contains { $0.hasPrefix("stream alpha: a b c ") }, "\(output)")
            #expect(lines.contains("models alpha,beta"), "\(output)")
            #expect(lines.contains("embeddings 2 384"), "\(output)")
        }
    }

    /// Runs `python3 -c script arguments…` with `pythonPath` first on its path, waiting on a thread
    /// of its own (the server under test needs the concurrency pool); its standard output (standard
    /// error joined, for the failure message).
    static func run(_ script: String, arguments: [String], pythonPath: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(script, arguments: arguments, pythonPath: pythonPath) })
            }
        }
    }

    private static func runBlocking(_ script: String, arguments: [String], pythonPath: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = pythonPath
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
