import Foundation
import Logging
import SkillHubPluginHost
import Testing

@Suite("Loading with plugins isolated: libraries read in a plugin-host child")
struct IsolatedLoadingTests {
    /// A directory holding echo-c, the wrong-major plugin, and the crash-on-load
    /// plugin under a name that makes its entry function crash.
    static func pluginsDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skillhub-isolated-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (product, file) in [
            ("SkillHubPluginEchoC", "libecho-c.so"), ("SkillHubTestPluginWrongMajor", "libwrong-major.so"),
            ("SkillHubTestPluginCrashOnLoad", "libcrash-on-load.so"),
        ] {
            try FileManager.default.copyItem(atPath: pluginPath(product), toPath: "\(directory)/\(file)")
        }
        return directory
    }

    @Test func aLibraryThatCrashesWhileLoadingFailsAloneAndTheIsolatedPluginRuns() async throws {
        let directory = try Self.pluginsDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "isolated-loading-test")
        logger.logLevel = .critical
        let executable = URL(fileURLWithPath: pluginPath("SkillHubPluginEchoC")).deletingLastPathComponent().appendingPathComponent("skillhub").path
        let manager = PluginManager(
            directory: directory, names: [], isolation: PluginIsolation(plugins: ["echo-c"], executable: executable), logger: logger
        )

        // Were the crashing library opened in this process, the test runner itself would die here.
        let reports = await manager.loadAll()
        let crashed = try #require(reports.first { $0.path.hasSuffix("libcrash-on-load.so") })
        #expect(crashed.state == .failed)
        #expect(crashed.error?.contains("could not be read in a plugin-host process") == true)
        #expect(crashed.error?.contains("SIGSEGV") == true)
        let wrongMajor = try #require(reports.first { $0.path.hasSuffix("libwrong-major.so") })
        #expect(wrongMajor.state == .failed)
        #expect(wrongMajor.error?.contains("was built for SkillHub plugin ABI 99.0") == true)

        let echo = try #require(reports.first { $0.name == "echo-c" })
        #expect(echo.state == .running)
        #expect(echo.mode == "isolated")
        #expect(echo.abi == "\(PluginLibrary.hostABI.major).\(PluginLibrary.hostABI.minor)")
        let instance = try #require(manager.instance(named: "echo-c"))
        let input = Array(#"{"text": "through the child"}"#.utf8)
        #expect(try await instance.invoke("echo", input: input, timeout: .seconds(5)) == input)

        // Reloading an isolated plugin reads the file in a child again.
        let reloaded = try await manager.reload(named: "echo-c")
        #expect(reloaded.generation == 2)
        #expect(reloaded.mode == "isolated")
        #expect(try await manager.instance(named: "echo-c")?.invoke("echo", input: input, timeout: .seconds(5)) == input)
        await manager.shutdownAll()
    }
}
