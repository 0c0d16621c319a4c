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

    /// Sets up logging from `LOG_LEVEL`, `LOG_FORMAT` and `LOG_DIR`; exits with a configuration
    /// error when `LOG_DIR` cannot be written.
    static func bootstrapLogging(_ configuration: SkillHubConfiguration) throws -> Logger {
        let level = Logger.Level(rawValue: configuration.app.logLevel.rawValue) ?? .info
        let settings = configuration.logging
        var output = LogLineOutput.standardError
        if let path = settings.filePath {
            do {
                output = .file(try RotatingLogFile(path: path, maxBytes: settings.maxFileBytes, backups: settings.backups))
            } catch {
                FileHandle.standardError.write(Data("configuration error: LOG_DIR: \(error.description)\n".utf8))
                throw ExitCode(configurationExitCode)
            }
        }
        LoggingSystem.bootstrap { [output] label in
            if settings.format == .text, case .standardError = output {
                var handler = LazyMetadataLogHandler(StreamLogHandler.standardError(label: label))
                handler.logLevel = level
                return handler
            }
            var handler = LineLogHandler(label: label, format: settings.format, output: output)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "skillhub")
    }

    /// Writes what the log file still has queued (at the end of a command).
    static func flushLogs() {
        RotatingLogFile.flushAll()
    }

    /// Prints `message` to standard error and exits with failure.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
        return ExitCode.failure
    }
}
