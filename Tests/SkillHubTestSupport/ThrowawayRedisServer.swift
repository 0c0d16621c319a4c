import Foundation
import SkillHubRedis

/// A redis-server process of one test's own, so the test can stop and
/// restart it without disturbing the shared test stack.
public final class ThrowawayRedisServer: @unchecked Sendable {
    public let port: Int
    private let executable: String
    private let directory: URL
    private var process: Process?

    public init() throws {
        executable = try TestStack.redisServerPath()
        // Below Linux's ephemeral range (32768–60999), where outgoing connections take their ports.
        port = Int.random(in: 20_000...32_000)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("skillhub-redis-\(port)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    public var configuration: RedisConnectionConfiguration {
        RedisConnectionConfiguration(host: "127.0.0.1", port: port, connectTimeout: .milliseconds(500), commandTimeout: .seconds(2))
    }

    /// Starts the server and waits until it answers PING.
    public func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, process.isRunning {
            if let connection = try? await RedisConnection.connect(to: configuration) {
                await connection.close()
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let reason = process.isRunning ? "throw-away redis-server did not answer" : "throw-away redis-server exited (port taken?)"
        throw RedisClientError.connectionFailed(address: "127.0.0.1:\(port)", reason: reason)
    }

    /// Kills the server and waits for it to exit.
    ///
    /// SIGKILL, because a child started from a libdispatch thread inherits
    /// that thread's blocked signals and would never see SIGTERM.
    public func stop() async {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        self.process = nil
    }
}
