import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SkillHubCore
import Synchronization

/// `skillhub echo-server`: a bare Hummingbird application (no middleware) for
/// the benchmark. It is both a remote skill (the protocol of
/// docs/remote-skills.md) and the baseline SkillHub's dispatch is compared with.
///
/// - `POST /` and `POST /skill` `{capability, input, ...}` → `{"output": input}`:
///   an endpoint SkillHub (or nginx) can send calls to; every call is counted.
/// - `POST /bare` with the body of an invoke call → the answer SkillHub's invoke
///   route gives for it (`output` and the same members, fixed values): the same
///   payload without auth, routing or a plugin behind it.
/// - `POST /static` → a fixed body of the invoke answer's size, the request body
///   left unread: what Hummingbird itself costs per request, with no JSON at all.
/// - `GET /count` → `{"name", "calls"}`; `DELETE /count` answers the same and sets
///   the count back to 0.
struct EchoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-server",
        abstract: "Run a bare echo skill on 127.0.0.1 (for benchmarks and trials).",
        discussion: """
            POST / (or /skill) {capability, input} answers {"output": input}, as a remote skill;
            POST /bare answers the shape of SkillHub's invoke answer for the same body;
            POST /static answers a fixed body of that size without reading the request;
            GET /count answers {"name", "calls"} (calls to / and /skill); DELETE /count also resets it.
            """
    )

    @Option(help: "The port to listen on (127.0.0.1).")
    var port: Int

    @Option(help: "The name GET /count reports; echo-PORT when omitted.")
    var name: String?

    @Option(help: "The host to listen on.")
    var host: String = "127.0.0.1"

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
    }

    /// The body SkillHub POSTs to a remote skill (and the body of an invoke call): only `input` matters here.
    struct Call: Decodable {
        var capability: String?
        var input: JSONValue?
    }

    struct Echo: ResponseEncodable {
        var output: JSONValue
    }

    /// The members of SkillHub's invoke answer (`InvokeController.answer(_:)`), with fixed values.
    struct InvokeAnswer: ResponseEncodable {
        var output: JSONValue
        var skill = "echo"
        var skillID = EchoServerCommand.fixedID
        var version = "1.0.0"
        var capability: String
        var endpointID = EchoServerCommand.fixedID
        var workerID = EchoServerCommand.fixedID
        var attempts = 1
        var latencyMilliseconds = 0.05

        enum CodingKeys: String, CodingKey {
            case output, skill, version, capability, attempts
            case skillID = "skill_id"
            case endpointID = "endpoint_id"
            case workerID = "worker_id"
            case latencyMilliseconds = "latency_ms"
        }
    }

    struct Count: ResponseEncodable {
        var name: String
        var calls: Int
    }

    /// The answer of `POST /static`: `/bare`'s answer to the benchmark's invoke body.
    static let staticAnswer = #"{"attempts":1,"capability":"echo","endpoint_id":"00000000-0000-4000-8000-000000000000","latency_ms":0.05,"output":{"text":"hello"},"skill":"echo","skill_id":"00000000-0000-4000-8000-000000000000","version":"1.0.0","worker_id":"00000000-0000-4000-8000-000000000000"}"#

    static let fixedID = UUID(uuidString: "00000000-0000-4000-8000-000000000000")!

    /// Calls answered on `/` and `/skill`, shared by every connection.
    final class Counter: Sendable {
        let calls = Atomic<Int>(0)
    }

    func run() async throws {
        var logger = Logger(label: "skillhub.echo-server")
        logger.logLevel = .warning
        let name = self.name ?? "echo-\(port)"
        let counter = Counter()
        let router = Router()
        let echo: @Sendable (Request, BasicRequestContext) async throws -> Echo = { request, context in
            let call = try await request.decode(as: Call.self, context: context)
            counter.calls.add(1, ordering: .relaxed)
            return Echo(output: call.input ?? [:])
        }
        router.post("/", use: echo)
        router.post("/skill", use: echo)
        router.post("/bare") { request, context -> InvokeAnswer in
            let call = try await request.decode(as: Call.self, context: context)
            return InvokeAnswer(output: call.input ?? [:], capability: call.capability ?? "echo")
        }
        let staticAnswer = ByteBuffer(string: Self.staticAnswer)
        router.post("/static") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: staticAnswer))
        }
        router.get("/count") { _, _ in
            Count(name: name, calls: counter.calls.load(ordering: .relaxed))
        }
        router.delete("/count") { _, _ in
            Count(name: name, calls: counter.calls.exchange(0, ordering: .relaxed))
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "skillhub-echo/\(name)"),
            logger: logger
        )
        try await app.runService()
    }
}
