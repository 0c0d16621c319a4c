import Logging

/// Wraps a log handler so that setting a logger's metadata costs nothing until
/// something is logged. `StreamLogHandler` formats its whole metadata on every
/// change, and every request's logger gets a request id (from Hummingbird, then
/// from SkillHub) although most requests log nothing: that formatting was about
/// 2 % of a dispatched call. The metadata is handed over with each entry
/// instead, so the output is the same.
public struct LazyMetadataLogHandler<Wrapped: LogHandler>: LogHandler {
    private var wrapped: Wrapped
    public var metadata: Logger.Metadata = [:]

    public init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        wrapped.log(event: event)
    }
}
