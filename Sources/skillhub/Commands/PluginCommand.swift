import ArgumentParser
import Foundation
import SkillHubScaffold

/// `skillhub plugin`: tools for plugin authors.
struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Tools for plugin authors.",
        subcommands: [New.self]
    )

    /// `skillhub plugin new NAME`: a plugin package that builds and loads as is.
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new plugin package (Swift, through SkillKit) that builds and loads as is."
        )

        @Argument(help: "The plugin's name: lowercase letters, digits and '-', starting with a letter.")
        var name: String

        @Option(help: "Where to create the package (default: ./NAME).")
        var path: String?

        @Option(help: "The SkillHub checkout the plugin builds against (default: the current directory).")
        var skillhub: String?

        func run() async throws {
            let directory = path ?? "./\(name)"
            let written: [String]
            do {
                written = try create(in: directory)
            } catch {
                throw ValidationError("\(error)")
            }
            for file in written { print("created \(file)") }
            print("\nnext: cd \(directory) && swift build")
            print("then: SKILLHUB_PLUGINS_DIR=$(swift build --show-bin-path) SKILLHUB_PLUGINS=\(name) skillhub serve")
        }

        private func create(in directory: String) throws -> [String] {
            let scaffold = try PluginScaffold(name: name, skillHubPath: skillhub ?? FileManager.default.currentDirectoryPath)
            try scaffold.checkSkillHubCheckout()
            return try scaffold.write(to: directory)
        }
    }
}
