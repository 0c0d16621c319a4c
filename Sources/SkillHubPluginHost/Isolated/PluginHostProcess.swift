import Foundation
import Logging
import NIOCore
import NIOPosix
import SkillHubCore

/// The child side of isolated mode (`skillhub plugin-host`): loads one plugin
/// library, runs it with host services forwarded to the server, and serves
/// the server's frames on the Unix socket it was given, until the server
/// closes the socket or asks it to shut down. A crash here ends only this
/// process; the server restarts it.
public enum PluginHostProcess {
    /// Serves the server on the connected socket `descriptor`.
    public static func run(libraryPath: String, socket descriptor: CInt, logger: Logger) async throws {
        let channel = try await PluginCallChannel.connect(socket: descriptor, on: MultiThreadedEventLoopGroup.singleton)
        try await channel.executeThenClose { inbound, outbound in
            let pending = PendingFrames()
            let services = ForwardingHostServices(outbound: outbound, pending: pending)
            let calls = RunningRequests()
            var instance: PluginInstance?
            defer { pending.failAll(PluginCallError(status: .unavailable, message: "the server closed the connection")) }
            try await withThrowingDiscardingTaskGroup { group in
                for try await frame in inbound {
                    switch frame.kind {
                    case .start:
                        do {
                            let library = try PluginLibrary(path: libraryPath)
                            instance = try await PluginInstance.start(library: library, configuration: frame.meta["configuration"] ?? [:], services: services, logger: logger)
                            try await outbound.write(IsolatedFrame(kind: .ready, id: frame.id, meta: ["abi": .string(library.abiVersion)], body: library.descriptorJSON))
                        } catch {
                            try await outbound.write(IsolatedFrame(kind: .failed, id: frame.id, body: Array("\(error)".utf8)))
                            return
                        }
                    case .invoke:
                        guard let instance else { continue }
                        let call = calls.start(frame.id) { try await invoke(frame, on: instance, outbound: outbound) }
                        group.addTask { try await call.value }
                    case .cancel:
                        calls.cancel(frame.id)
                    case .serviceReply:
                        pending.finish(frame.id, with: .success(frame))
                    case .serviceChunk:
                        pending.chunk(frame.id, frame.body)
                    case .tick:
                        instance?.tick()
                    case .shutdown:
                        await instance?.retire()
                        return
                    case .ready, .failed, .complete, .chunk, .service:
                        throw IsolatedProtocolError("a \(frame.kind) frame from the server")
                    }
                }
            }
        }
    }

    /// `plugin-host --describe`: opens the library and gives its header as JSON,
    /// `{"abi": "MAJOR.MINOR", "descriptor": {…}}` (read by ``PluginProbe``).
    public static func describe(libraryPath: String) throws -> [UInt8] {
        let library = try PluginLibrary(path: libraryPath)
        return Array(#"{"abi":""#.utf8) + Array(library.abiVersion.utf8) + Array(#"","descriptor":"#.utf8) + library.descriptorJSON + Array("}".utf8)
    }

    private static func invoke(_ frame: IsolatedFrame, on instance: PluginInstance, outbound: NIOAsyncChannelOutboundWriter<IsolatedFrame>) async throws {
        let id = frame.id
        // Chunks go out in order, all before the completion.
        let (chunks, chunkSink) = AsyncStream<[UInt8]>.makeStream()
        async let forwarded: Void = {
            for await chunk in chunks { try await outbound.write(IsolatedFrame(kind: .chunk, id: id, body: chunk)) }
        }()
        let onChunk: (@Sendable ([UInt8]) -> Void)? = frame.meta["streaming"] == .bool(true) ? { @Sendable chunk in _ = chunkSink.yield(chunk) } : nil
        let capability = frame.meta["capability"]?.stringValue ?? ""
        let timeout = Duration.milliseconds(frame.meta["timeout_ms"]?.intValue ?? 30_000)
        let completion: IsolatedFrame
        do {
            let output = try await instance.invoke(
                PluginCall(capability, input: frame.body, timeout: timeout, origin: PluginCallOrigin(frameMeta: frame.meta["origin"]), onChunk: onChunk)
            )
            completion = output.count <= IsolatedFrame.maximumBody
                ? IsolatedFrame(kind: .complete, id: id, status: PluginStatus.ok.rawValue, body: output)
                : IsolatedFrame(kind: .complete, id: id, status: PluginStatus.internal.rawValue, body: Array("the output (\(output.count) bytes) is larger than an isolated plugin may answer (\(IsolatedFrame.maximumBody))".utf8))
        } catch let error as PluginCallError {
            completion = IsolatedFrame(kind: .complete, id: id, status: error.status.rawValue, body: Array(error.message.utf8))
        } catch {
            completion = IsolatedFrame(kind: .complete, id: id, status: PluginStatus.internal.rawValue, body: Array("\(error)".utf8))
        }
        chunkSink.finish()
        try await forwarded
        try await outbound.write(completion)
    }
}
