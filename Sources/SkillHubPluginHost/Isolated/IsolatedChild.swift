import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// One `skillhub plugin-host` child process and the socket pair to it: sends
/// the server's requests, answers the child's host-service requests with the
/// server's real services, and reports how the child ended.
final class IsolatedChild: Sendable {
    private let pluginName: String
    private let services: any PluginHostServices
    private let pending = PendingFrames()
    /// The child's host-service requests being served, which a `cancel` frame stops.
    private let serving = RunningRequests()
    private let outbound = NIOLockedValueBox<NIOAsyncChannelOutboundWriter<IsolatedFrame>?>(nil)
    private let exit = ChildExit()
    private let process: UnsafeProcess

    private init(pluginName: String, services: any PluginHostServices, process: Process) {
        self.pluginName = pluginName
        self.services = services
        self.process = UnsafeProcess(process)
    }

    /// Starts `executable plugin-host --library PATH` with one end of a socket
    /// pair as its standard input; `onEnd` hears when and why it ended (once).
    static func spawn(
        executable: String,
        libraryPath: String,
        pluginName: String,
        services: any PluginHostServices,
        logger: Logger,
        onEnd: @escaping @Sendable (IsolatedChild, String) -> Void
    ) async throws -> IsolatedChild {
        var sockets: [CInt] = [-1, -1]
        guard socketpair(AF_UNIX, CInt(SOCK_STREAM.rawValue), 0, &sockets) == 0 else {
            throw PluginLoadError.isolatedStartFailed(plugin: pluginName, reason: "socketpair failed: \(String(cString: strerror(errno)))")
        }
        let (serverEnd, childEnd) = (sockets[0], sockets[1])
        _ = fcntl(serverEnd, F_SETFD, FD_CLOEXEC)
        let process = Process.pluginHost(executable, arguments: ["--library", libraryPath, "--name", pluginName])
        process.standardInput = FileHandle(fileDescriptor: childEnd, closeOnDealloc: false)
        let child = IsolatedChild(pluginName: pluginName, services: services, process: process)
        process.terminationHandler = { [exit = child.exit] ended in exit.record(ended.exitDescription) }
        do {
            try process.run()
        } catch {
            close(childEnd)
            close(serverEnd)
            throw PluginLoadError.isolatedStartFailed(plugin: pluginName, reason: "cannot run \(executable): \(error)")
        }
        close(childEnd)
        let channel = try await PluginCallChannel.connect(socket: serverEnd, on: MultiThreadedEventLoopGroup.singleton)
        let connected = AsyncStream<Void>.makeStream()
        Task {
            do {
                try await channel.executeThenClose { inbound, outbound in
                    child.outbound.withLockedValue { $0 = outbound }
                    connected.continuation.finish()
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await frame in inbound {
                            switch frame.kind {
                            case .ready, .failed, .complete: child.pending.finish(frame.id, with: .success(frame))
                            case .chunk: child.pending.chunk(frame.id, frame.body)
                            case .service:
                                let request = child.serving.start(frame.id) { await child.serve(frame, outbound: outbound) }
                                group.addTask { try await request.value }
                            case .cancel: child.serving.cancel(frame.id)
                            case .start, .invoke, .tick, .shutdown, .serviceReply, .serviceChunk:
                                throw IsolatedProtocolError("a \(frame.kind) frame from the plugin-host process")
                            }
                        }
                    }
                }
            } catch {
                logger.warning("plugin-host connection failed", metadata: ["plugin": "\(pluginName)", "error": "\(error)"])
            }
            connected.continuation.finish()
            child.outbound.withLockedValue { $0 = nil }
            let reason = await child.exit.reason(within: .seconds(2))
            child.pending.failAll(PluginCallError(status: .internal, message: "plugin \(pluginName) \(reason) while handling the call; it is being restarted"))
            onEnd(child, reason)
        }
        for await _ in connected.stream {}
        return child
    }

    /// Sends `frame` as a new request and waits for its answer (at most `timeout`). An invoke
    /// whose waiting task is cancelled (its caller went away) is cancelled in the child too.
    func request(_ frame: IsolatedFrame, onChunk: PendingFrames.ChunkHandler? = nil, within timeout: Duration) async throws -> IsolatedFrame {
        var frame = frame
        frame.id = pending.register(onChunk: onChunk)
        guard let outbound = outbound.withLockedValue({ $0 }) else {
            pending.finish(frame.id, with: .failure(PluginCallError(status: .unavailable, message: "plugin \(pluginName) is restarting after a crash")))
            return try await pending.answer(to: frame.id)
        }
        let id = frame.id
        let timer = Task { [pending, pluginName] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            pending.finish(id, with: .failure(PluginCallError(status: .timeout, message: "plugin \(pluginName) did not answer within \(timeout)")))
        }
        defer { timer.cancel() }
        do {
            try await outbound.write(frame)
        } catch {
            pending.finish(id, with: .failure(PluginCallError(status: .unavailable, message: "plugin \(pluginName) is restarting after a crash")))
        }
        guard frame.kind == .invoke else { return try await pending.answer(to: id) }
        return try await pending.answer(to: id) { [self] in send(IsolatedFrame(kind: .cancel, id: id)) }
    }

    /// Sends `frame` without waiting for an answer.
    func send(_ frame: IsolatedFrame) {
        guard let outbound = outbound.withLockedValue({ $0 }) else { return }
        Task { try? await outbound.write(frame) }
    }

    /// Asks the child to finish and exit; ends it after 10 s if it does not.
    func stop() async {
        if let outbound = outbound.withLockedValue({ $0 }) { try? await outbound.write(IsolatedFrame(kind: .shutdown)) }
        if await exit.reason(within: .seconds(10)) == ChildExit.stillRunning {
            process.terminate()
        }
    }

    /// The `model` service for the child: its pieces go out as `serviceChunk` frames, in order,
    /// all before the answer (the caller writes the `serviceReply` after this returns).
    private func streamingModel(_ frame: IsolatedFrame, outbound: NIOAsyncChannelOutboundWriter<IsolatedFrame>) async throws -> [UInt8] {
        let (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let origin = PluginCallOrigin(frameMeta: frame.meta["origin"])
        async let answer: [UInt8] = {
            defer { continuation.finish() }
            return try await services.model(json: frame.body, origin: origin, for: pluginName) { continuation.yield($0) }
        }()
        for await chunk in chunks {
            try? await outbound.write(IsolatedFrame(kind: .serviceChunk, id: frame.id, body: chunk))
        }
        return try await answer
    }

    /// Answers one host-service request of the child with the server's services.
    private func serve(_ frame: IsolatedFrame, outbound: NIOAsyncChannelOutboundWriter<IsolatedFrame>) async {
        let meta = frame.meta
        let namespace = PluginNamespace(plugin: pluginName, account: meta["account"]?.stringValue)
        let key = meta["key"]?.stringValue ?? ""
        let reply: IsolatedFrame
        do {
            let body: [UInt8]
            switch meta["service"]?.stringValue {
            case "http": body = try await services.http(json: frame.body, for: pluginName)
            case "kv_get": body = try await services.requiredValue(for: key, in: namespace)
            case "kv_set":
                let ttl = meta["ttl_ms"]?.intValue.map { Duration.milliseconds($0) }
                try await services.setValue(frame.body, for: key, ttl: ttl, in: namespace)
                body = []
            case "kv_delete":
                try await services.removeValue(for: key, in: namespace)
                body = []
            case "invoke_skill": body = try await services.invokeSkill(json: frame.body, origin: PluginCallOrigin(frameMeta: meta["origin"]), for: pluginName)
            case "store": body = try await services.store(json: frame.body, in: namespace)
            case "sessions": body = try await services.sessions(json: frame.body, in: namespace)
            case "model": body = try await streamingModel(frame, outbound: outbound)
            case "embed": body = try await services.embed(json: frame.body, for: pluginName)
            case "metric":
                services.record(PluginMetricKind(name: meta["kind"]?.stringValue), meta["name"]?.stringValue ?? "", meta["value"]?.doubleValue ?? 0, for: pluginName)
                return
            default: throw PluginCallError(status: .unsupported, message: "no host service '\(meta["service"]?.stringValue ?? "")'")
            }
            reply = IsolatedFrame(kind: .serviceReply, id: frame.id, status: PluginStatus.ok.rawValue, body: body)
        } catch let error as PluginCallError {
            reply = IsolatedFrame(kind: .serviceReply, id: frame.id, status: error.status.rawValue, body: Array(error.message.utf8))
        } catch {
            reply = IsolatedFrame(kind: .serviceReply, id: frame.id, status: PluginStatus.internal.rawValue, body: Array("\(error)".utf8))
        }
        try? await outbound.write(reply)
    }
}

extension PluginMetricKind {
    init(name: String?) {
        switch name {
        case "counter": self = .counter
        case "gauge": self = .gauge
        default: self = .histogram
        }
    }
}

extension Process {
    /// `executable plugin-host ARGUMENTS…`, not yet running. A crash ends it at
    /// once, without the Swift runtime's (slow) backtrace.
    static func pluginHost(_ executable: String, arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["plugin-host"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { _, new in new }
        return process
    }

    /// How the process ended, in words (`exited with status 1`, `was killed by signal 11 (SIGSEGV)`).
    var exitDescription: String {
        guard terminationReason == .uncaughtSignal else { return "exited with status \(terminationStatus)" }
        let name: String = switch terminationStatus {
        case SIGSEGV: " (SIGSEGV)"
        case SIGABRT: " (SIGABRT)"
        case SIGKILL: " (SIGKILL)"
        case SIGBUS: " (SIGBUS)"
        case SIGILL: " (SIGILL)"
        case SIGTERM: " (SIGTERM)"
        default: ""
        }
        return "was killed by signal \(terminationStatus)\(name)"
    }
}

/// A child process handle shared with the task that watches it (Process is
/// thread-safe for the calls made here: terminate and the termination handler).
private struct UnsafeProcess: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
    func terminate() { process.terminate() }
}

/// How a child process ended, once it has.
final class ChildExit: Sendable {
    static let stillRunning = "is still running"
    private let ended = NIOLockedValueBox<String?>(nil)

    func record(_ reason: String) {
        ended.withLockedValue { $0 = reason }
    }

    /// Why the process ended, waiting at most `timeout` for it to end.
    func reason(within timeout: Duration) async -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let reason = ended.withLockedValue({ $0 }) { return reason }
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(20))) != nil else { return Self.stillRunning }
        }
    }
}
