import Foundation

/// Merges the process environment over an optional `.env` file.
public enum ConfigurationLoader {
    /// The `.env` path: `SKILLHUB_ENV_FILE` if set, else `.env` in the working directory.
    public static func environmentFilePath(in environment: [String: String]) -> String {
        environment["SKILLHUB_ENV_FILE"] ?? ".env"
    }

    /// The process environment with `.env` values filling the gaps.
    public static func mergedEnvironment(
        process: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String: String] {
        let path = environmentFilePath(in: process)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return process }
        return DotEnvParser.parse(text).merging(process) { _, processValue in processValue }
    }
}
