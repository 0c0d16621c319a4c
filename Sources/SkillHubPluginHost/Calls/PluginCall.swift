/// One invocation of a plugin, whichever way it runs.
public struct PluginCall: Sendable {
    public var capability: String
    /// The input, JSON bytes.
    public var input: [UInt8]
    /// After it the call fails with ``PluginStatus/timeout`` and the plugin is asked to cancel.
    public var timeout: Duration
    /// On whose behalf the plugin runs the call (for its host services).
    public var origin: PluginCallOrigin?
    /// Receives a streaming plugin's chunks; without it the call does not stream.
    public var onChunk: (@Sendable ([UInt8]) -> Void)?

    public init(
        _ capability: String, input: [UInt8], timeout: Duration, origin: PluginCallOrigin? = nil, onChunk: (@Sendable ([UInt8]) -> Void)? = nil
    ) {
        self.capability = capability
        self.input = input
        self.timeout = timeout
        self.origin = origin
        self.onChunk = onChunk
    }
}
