extension LogSettings {
    /// Reads `LOG_FORMAT`, `LOG_DIR`, `LOG_FILE_MAX_BYTES` and `LOG_FILE_BACKUPS`.
    static func read(_ reader: inout EnvironmentReader) -> LogSettings {
        LogSettings(
            format: reader.choice("LOG_FORMAT", default: LogFormat.text),
            directory: reader.raw("LOG_DIR"),
            maxFileBytes: reader.integer("LOG_FILE_MAX_BYTES", default: 10 << 20, in: (64 << 10)...(1 << 32)),
            backups: reader.integer("LOG_FILE_BACKUPS", default: 5, in: 1...100)
        )
    }
}

extension LogLevelSetting {
    /// The level named by `text`, in any case, with the seeds' `warn` for ``warning`` and `fatal` for ``critical``.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "warn": self = .warning
        case "fatal": self = .critical
        case let name: self.init(rawValue: name)
        }
    }
}

extension EnvironmentReader {
    /// A log level (``LogLevelSetting/init(parsing:)``), reported when unknown.
    mutating func logLevel(_ name: String, default defaultValue: LogLevelSetting) -> LogLevelSetting {
        guard let text = raw(name) else { return defaultValue }
        guard let level = LogLevelSetting(parsing: text) else {
            let allowed = LogLevelSetting.allCases.map(\.rawValue).joined(separator: ", ")
            report(name, "'\(text)' is not valid; expected one of \(allowed) (or warn), in any case")
            return defaultValue
        }
        return level
    }
}
