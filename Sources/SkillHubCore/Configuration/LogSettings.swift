/// How log lines are written (`LOG_FORMAT`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// One human-readable line per entry, as swift-log's stream handler writes it.
    case text
    /// One JSON object per line, with the request id, account, skill and latency as fields.
    case json
}

/// Where and how SkillHub logs: `LOG_FORMAT`, `LOG_DIR` and the rotation of its file
/// (`LOG_FILE_MAX_BYTES`, `LOG_FILE_BACKUPS`). The level is ``SkillHubConfiguration/App/logLevel``.
public struct LogSettings: Sendable, Equatable {
    /// The line format.
    public var format: LogFormat
    /// The folder of `skillhub.log`; standard error when nil.
    public var directory: String?
    /// The size at which `skillhub.log` is rotated, in bytes.
    public var maxFileBytes: Int
    /// How many rotated files are kept (`skillhub.log.1` … `skillhub.log.N`).
    public var backups: Int

    /// The file log lines go to, when ``directory`` is set.
    public var filePath: String? {
        directory.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + "skillhub.log" }
    }

    public init(format: LogFormat = .text, directory: String? = nil, maxFileBytes: Int = 10 << 20, backups: Int = 5) {
        self.format = format
        self.directory = directory
        self.maxFileBytes = maxFileBytes
        self.backups = backups
    }
}
