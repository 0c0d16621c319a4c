import ArgumentParser
import Foundation
import Logging
import SkillHubPluginHost

/// `skillhub plugin-host`: the child process of an isolated plugin. Started
/// by the server with its end of a Unix socket pair as standard input; not
/// meant to be run by hand. With `--describe` it only prints the library's
/// header as JSON and exits (the server's ``PluginProbe``).
struct PluginHostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin-host",
        abstract: "Run one plugin for the server that started this process (isolated mode).",
        shouldDisplay: false
    )

    @Option(help: "The plugin library (.so) to load.")
    var library: String

    @Option(help: "The plugin's name, for the logs.")
    var name: String = "plugin"

    @Flag(help: "Print the library's ABI version and descriptor as JSON, and exit.")
    var describe = false

    func run() async throws {
        if describe {
            // The answer alone on standard output; whatever the library prints while loading goes to standard error.
            let answer = FileHandle(fileDescriptor: dup(STDOUT_FILENO), closeOnDealloc: true)
            dup2(STDERR_FILENO, STDOUT_FILENO)
            answer.write(Data(try PluginHostProcess.describe(libraryPath: library)))
            return
        }
        var logger = Logger(label: "skillhub.plugin-host") { StreamLogHandler.standardError(label: $0) }
        logger[metadataKey: "plugin"] = "\(name)"
        try await PluginHostProcess.run(libraryPath: library, socket: 0, logger: logger)
    }
}
