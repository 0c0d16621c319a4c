import ArgumentParser
import Foundation
import Logging
import SkillHubCore
import SkillHubServer

/// What every subcommand starts from: the configuration, or a clear exit.
enum CommandEnvironment {
    /// Exit status for a bad configuration (sysexits EX_CONFIG).
    static let configurationExitCode: Int32 = 78

    static func loadConfiguration() throws -> SkillHubConfiguration {
        do {
            return try SkillHubConfiguration(environment: ConfigurationLoader.mergedEnvironment())
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(configurationExitCode)
        }
    }

    static func bootstrapLogging(_ configuration: SkillHubConfiguration) -> Logger {
        let level = Logger.Level(rawValue: configuration.app.logLevel.rawValue) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = LazyMetadataLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        return Logger(label: "skillhub")
    }

    /// Prints `message` to standard error and exits with failure.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
        return ExitCode.failure
    }
}
