import Foundation
import Logging
import SkillHubCore
import SkillHubPluginHost
import Testing

/// Where `swift build` put the plugin libraries: beside the test binary, or `SKILLHUB_TEST_PLUGINS_DIR`.
func pluginPath(_ product: String) -> String {
    let directory = ProcessInfo.processInfo.environment["SKILLHUB_TEST_PLUGINS_DIR"]
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    return "\(directory)/lib\(product).so"
}

@Suite("Plugin loading through the C ABI")
struct PluginLoaderTests {
    var logger: Logger {
        var logger = Logger(label: "plugin-test")
        logger.logLevel = .warning
        return logger
    }

    @Test func aPlainCPluginLoadsDescribesItselfAndAnswers() async throws {
        let library = try PluginLibrary(path: pluginPath("SkillHubPluginEchoC"))
        #expect(library.descriptor.name == "echo-c")
        #expect(library.descriptor.capabilities.map(\.name) == ["echo"])
        #expect(library.abi.major == PluginLibrary.hostABI.major)

        let instance = try await PluginInstance.start(library: library, logger: logger)
        let input = Array(#"{"text": "hello"}"#.utf8)
        let output = try await instance.invoke("echo", input: input, timeout: .seconds(2))
        #expect(output == input)

        let error = await #expect(throws: PluginCallError.self) {
            _ = try await instance.invoke("shout", input: input, timeout: .seconds(2))
        }
        #expect(error?.status == .unknownCapability)
        #expect(error?.message == "echo-c has one capability: echo")

        // Calls may run concurrently.
        let answers = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for index in 0..<200 {
                group.addTask { try await instance.invoke("echo", input: Array("\(index)".utf8), timeout: .seconds(2)) }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert(String(decoding: $1, as: UTF8.self)) }
        }
        #expect(answers.count == 200)
        instance.shutdown()
        let afterShutdown = await #expect(throws: PluginCallError.self) {
            _ = try await instance.invoke("echo", input: input, timeout: .seconds(2))
        }
        #expect(afterShutdown?.status == .unavailable)
    }

    @Test func aPluginBuiltForABI10StillLoadsAndAnswersOnThisHost() async throws {
        let library = try PluginLibrary(path: pluginPath("SkillHubTestPluginABI10"))
        #expect(library.abi.major == 1)
        #expect(library.abi.minor == 0)
        #expect(PluginLibrary.hostABI.minor >= 1)
        let instance = try await PluginInstance.start(library: library, logger: logger)
        let input = Array(#"{"text":"still here"}"#.utf8)
        #expect(try await instance.invoke("echo", input: input, timeout: .seconds(2)) == input)
        let seen = try JSONValue(parsing: try await instance.invoke("host", input: Array("{}".utf8), timeout: .seconds(2)))
        #expect(seen["abi_major"]?.intValue == 1)
        #expect(seen["abi_minor"]?.intValue == Int(PluginLibrary.hostABI.minor))
        #expect(seen["table_covers_1_0"] == .bool(true))
        instance.shutdown()
    }

    @Test func aPluginForAnotherABIMajorIsRefusedNamingBothVersions() throws {
        let error = #expect(throws: PluginLoadError.self) { _ = try PluginLibrary(path: pluginPath("SkillHubTestPluginWrongMajor")) }
        #expect(error?.description.contains("ABI 99.0") == true)
        #expect(error?.description.contains("this host speaks ABI \(PluginLibrary.hostABI.major).\(PluginLibrary.hostABI.minor)") == true)
    }

    @Test func whatIsNoPluginIsRefusedWithTheReason() throws {
        let missing = #expect(throws: PluginLoadError.self) { _ = try PluginLibrary(path: "/nonexistent/libnothing.so") }
        #expect(missing?.description.contains("cannot load plugin /nonexistent/libnothing.so") == true)
        // A real shared library without the entry symbol.
        let notAPlugin = #expect(throws: PluginLoadError.self) { _ = try PluginLibrary(path: "libm.so.6") }
        #expect(notAPlugin?.description.contains("exports no `skillhub_plugin_entry`") == true)
    }

    @Test func theHostSurvivesPluginsThatHangCompleteTwiceOrAnswerGarbage() async throws {
        let instance = try await PluginInstance.start(library: try PluginLibrary(path: pluginPath("SkillHubTestPluginMisbehaving")), logger: logger)
        let started = ContinuousClock.now
        let hung = await #expect(throws: PluginCallError.self) {
            _ = try await instance.invoke("hang", input: [], timeout: .milliseconds(200))
        }
        #expect(hung?.status == .timeout)
        #expect(ContinuousClock.now - started < .seconds(2))

        // The second completion of a call finds nothing and is dropped.
        let once = try await instance.invoke("twice", input: Array("1".utf8), timeout: .seconds(2))
        #expect(once == Array("1".utf8))

        // Bytes pass through untouched; judging them is the dispatcher's work.
        let garbage = try await instance.invoke("garbage", input: [], timeout: .seconds(2))
        #expect(garbage == [0xff, 0xfe, 0x00, 0x01])
        instance.shutdown()
    }

    @Test func aSwiftPluginThroughSkillKitAnswersWithTypedInputAndClearErrors() async throws {
        let library = try PluginLibrary(path: pluginPath("SkillHubPluginEcho"))
        #expect(library.descriptor.name == "echo")
        #expect(library.descriptor.capabilities.map(\.name).prefix(2) == ["echo", "reverse"])
        #expect(library.descriptor.capabilities[1].parameters?["required"] == ["text"])
        let instance = try await PluginInstance.start(library: library, logger: logger)

        let echoed = try await instance.invoke("echo", input: Array(#"{"a":1}"#.utf8), timeout: .seconds(2))
        #expect(echoed == Array(#"{"a":1}"#.utf8))
        let reversed = try await instance.invoke("reverse", input: Array(#"{"text": "skillhub"}"#.utf8), timeout: .seconds(2))
        #expect(String(decoding: reversed, as: UTF8.self) == #"{"text":"buhlliks"}"#)

        let invalid = await #expect(throws: PluginCallError.self) {
            _ = try await instance.invoke("reverse", input: Array(#"{"words": 3}"#.utf8), timeout: .seconds(2))
        }
        #expect(invalid?.status == .invalidInput)
        let unknown = await #expect(throws: PluginCallError.self) {
            _ = try await instance.invoke("shout", input: [], timeout: .seconds(2))
        }
        #expect(unknown?.status == .unknownCapability)
        #expect(unknown?.message == "no capability 'shout'")

        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<200 {
                group.addTask {
                    String(decoding: try await instance.invoke("reverse", input: Array(#"{"text": "\#(index)x"}"#.utf8), timeout: .seconds(5)), as: UTF8.self)
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(answers.count == 200)
        #expect(answers.contains(#"{"text":"x17"}"#))
        instance.shutdown()
    }
}
