import ArgumentParser

@main
struct SkillHubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skillhub",
        abstract: "SkillHub: a skill registry, dispatcher and plugin host.",
        subcommands: [ServeCommand.self, MigrateCommand.self, ConfigCommand.self, AgentCommand.self, EchoServerCommand.self, PluginCommand.self, PluginHostCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
