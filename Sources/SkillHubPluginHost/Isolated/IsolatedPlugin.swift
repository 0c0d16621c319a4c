import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SkillHubCore

/// A plugin run in a child process of its own (`skillhub plugin-host`),
/// joined to the server by a Unix socket pair. When the child dies, only the
/// calls it had in flight fail (with the reason); the server starts it again
/// with exponential back-off and calls resume once it is back.
public final class IsolatedPlugin: RunningPlugin {
    public let descriptor: PluginDescriptor
    public let abiVersion: String
    public var mode: String { "isolated" }

    private let libraryPath: String
    private let configuration: JSONValue
    private let executable: String
    private let services: any PluginHostServices
    private let logger: Logger
    private let backoff: RestartBackoff
    private let gate = PluginCallGate()

    private struct State {
        var child: IsolatedChild?
        var startedAt = ContinuousClock.now
        var restarts = 0
        /// Deaths in a row, each soon after its start: what the back-off grows with.
        var crashStreak = 0
        var isStopping = false
    }

    /// How long a child must have run for its death not to count towards the back-off.
    static let stableAfter = Duration.seconds(30)

    private let state = NIOLockedValueBox(State())

    /// Starts the child and initialises the plugin in it; throws when it cannot.
    public static func start(
        libraryPath: String,
        header: PluginHeader,
        configuration: JSONValue,
        executable: String,
        services: any PluginHostServices,
        backoff: RestartBackoff = RestartBackoff(),
        logger: Logger
    ) async throws -> IsolatedPlugin {
        let plugin = IsolatedPlugin(
            libraryPath: libraryPath, descriptor: header.descriptor, abiVersion: header.abiVersion, configuration: configuration, executable: executable,
            services: services, backoff: backoff, logger: logger
        )
        let child = try await plugin.launch()
        plugin.state.withLockedValue { $0.child = child }
        return plugin
    }

    private init(
        libraryPath: String, descriptor: PluginDescriptor, abiVersion: String, configuration: JSONValue, executable: String,
        services: any PluginHostServices, backoff: RestartBackoff, logger: Logger
    ) {
        self.libraryPath = libraryPath
        self.descriptor = descriptor
        self.abiVersion = abiVersion
        self.configuration = configuration
        self.executable = executable
        self.services = services
        self.backoff = backoff
        self.logger = logger
    }

    public var counters: PluginCallCounters { gate.counters }

    public var restarts: Int { state.withLockedValue { $0.restarts } }
    public var isAvailable: Bool { state.withLockedValue { $0.child != nil } }
    public var hasShutDown: Bool { !gate.isOpen }

    public func invoke(_ call: PluginCall) async throws -> [UInt8] {
        try await gate.admit(descriptor.name) { try await perform(call) }
    }

    /// One call through the running child process.
    private func perform(_ call: PluginCall) async throws -> [UInt8] {
        guard let child = state.withLockedValue({ $0.child }) else {
            throw PluginCallError(status: .unavailable, message: "plugin \(descriptor.name) is restarting after a crash")
        }
        var meta: [String: JSONValue] = [
            "capability": .string(call.capability), "timeout_ms": .number(call.timeout.inMilliseconds.rounded(.up)), "streaming": .bool(call.onChunk != nil),
        ]
        if let origin = call.origin { meta["origin"] = origin.frameMeta }
        let answer = try await child.request(
            IsolatedFrame(kind: .invoke, meta: .object(meta), body: call.input), onChunk: call.onChunk, within: call.timeout + .seconds(1)
        )
        guard answer.status == PluginStatus.ok.rawValue else {
            throw PluginCallError(status: PluginStatus(rawValue: answer.status) ?? .internal, message: String(decoding: answer.body, as: UTF8.self))
        }
        return answer.body
    }

    public func tick() {
        guard gate.isOpen, let child = state.withLockedValue({ $0.child }) else { return }
        child.send(IsolatedFrame(kind: .tick))
    }

    public func retire() async {
        guard gate.close() else { return }
        await gate.drained()
        let child = state.withLockedValue { state in
            state.isStopping = true
            return state.child
        }
        await child?.stop()
    }

    // MARK: The child process

    /// Starts a child, hands it the configuration and waits for the plugin to run.
    private func launch() async throws -> IsolatedChild {
        let child = try await IsolatedChild.spawn(
            executable: executable, libraryPath: libraryPath, pluginName: descriptor.name, services: services, logger: logger
        ) { [weak self] child, reason in
            self?.childEnded(child, reason)
        }
        let answer: IsolatedFrame
        do {
            answer = try await child.request(IsolatedFrame(kind: .start, meta: ["configuration": configuration]), within: .seconds(120))
        } catch {
            await child.stop()
            throw PluginLoadError.isolatedStartFailed(plugin: descriptor.name, reason: "the plugin-host process did not answer: \(error)")
        }
        guard answer.kind == .ready else {
            await child.stop()
            throw PluginLoadError.isolatedStartFailed(plugin: descriptor.name, reason: String(decoding: answer.body, as: UTF8.self))
        }
        return child
    }

    /// A child is gone: when it was the running one and the plugin is not
    /// stopping, start another after a back-off.
    private func childEnded(_ child: IsolatedChild, _ reason: String) {
        let streak = state.withLockedValue { state -> Int? in
            guard state.child === child else { return nil }
            state.child = nil
            state.crashStreak = ContinuousClock.now - state.startedAt < Self.stableAfter ? state.crashStreak + 1 : 1
            return state.isStopping ? nil : state.crashStreak
        }
        guard let streak else { return }
        logger.error("isolated plugin died; restarting", metadata: ["plugin": "\(descriptor.name)", "reason": "\(reason)"])
        Task { await self.restart(after: streak - 1) }
    }

    /// Starts a new child after a back-off that grows with `failures` and each failed try.
    private func restart(after failures: Int) async {
        var attempt = failures
        while state.withLockedValue({ !$0.isStopping }) {
            try? await Task.sleep(for: backoff.delay(afterFailures: attempt))
            attempt += 1
            do {
                let child = try await launch()
                let kept = state.withLockedValue { state -> Bool in
                    guard !state.isStopping else { return false }
                    state.child = child
                    state.startedAt = ContinuousClock.now
                    state.restarts += 1
                    return true
                }
                if !kept { await child.stop() }
                logger.info("isolated plugin restarted", metadata: ["plugin": "\(descriptor.name)", "restarts": "\(restarts)"])
                return
            } catch {
                logger.error("isolated plugin failed to restart", metadata: ["plugin": "\(descriptor.name)", "error": "\(error)"])
            }
        }
    }
}
