import Foundation
import Logging
import SkillHubCore

/// A log handler that writes each entry as one line in the configured format (``LogLineFormatter``)
/// to standard error or the log file (``LogLineOutput``). The logger's metadata is kept as it is
/// and formatted only when an entry is written, so setting it costs nothing (as with
/// ``LazyMetadataLogHandler``).
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info

    let label: String
    let formatter: LogLineFormatter
    let output: LogLineOutput

    public init(label: String, format: LogFormat, output: LogLineOutput, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.formatter = LogLineFormatter(format: format)
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, provided in provided } }
        if let explicit = event.metadata { merged.merge(explicit) { _, explicit in explicit } }
        output.write(formatter.line(label: label, level: event.level, message: event.message, metadata: merged, source: event.source))
    }
}
