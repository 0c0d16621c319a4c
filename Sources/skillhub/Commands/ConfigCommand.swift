import ArgumentParser
import SkillHubCore

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the configuration.",
        subcommands: [Check.self],
        defaultSubcommand: Check.self
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration and print the effective values, secrets masked."
        )

        func run() async throws {
            let configuration = try CommandEnvironment.loadConfiguration()
            let width = configuration.maskedSummary.map(\.name.count).max() ?? 0
            for (name, value) in configuration.maskedSummary {
                print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
            }
            for warning in configuration.warnings {
                print("warning: \(warning)")
            }
            print("configuration OK")
        }
    }
}
