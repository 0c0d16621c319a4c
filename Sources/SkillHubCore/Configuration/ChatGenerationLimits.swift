/// How many model generations the host runs at once through the plugins' `model` service, and how
/// many may wait for a turn: beyond both, a generation is refused at once (HTTP 429 with
/// `Retry-After`), so a burst of chats cannot grow memory without bound.
public struct ChatGenerationLimits: Sendable, Equatable {
    /// Generations running at once (`CHAT_MAX_CONCURRENT_GENERATIONS`).
    public var maxConcurrent: Int
    /// Generations waiting for a turn, first come first served (`CHAT_MAX_QUEUED_GENERATIONS`; 0: none wait).
    public var maxQueued: Int
    /// How long a generation waits for its turn before it is refused (`CHAT_MAX_QUEUE_WAIT_MS`).
    public var maxWait: Duration

    public init(maxConcurrent: Int = 64, maxQueued: Int = 256, maxWait: Duration = .seconds(30)) {
        self.maxConcurrent = maxConcurrent
        self.maxQueued = maxQueued
        self.maxWait = maxWait
    }

    static func read(_ reader: inout EnvironmentReader) -> ChatGenerationLimits {
        ChatGenerationLimits(
            maxConcurrent: reader.integer("CHAT_MAX_CONCURRENT_GENERATIONS", default: 64, in: 1...100_000),
            maxQueued: reader.integer("CHAT_MAX_QUEUED_GENERATIONS", default: 256, in: 0...1_000_000),
            maxWait: .milliseconds(reader.integer("CHAT_MAX_QUEUE_WAIT_MS", default: 30_000, in: 1...3_600_000))
        )
    }

    /// The effective settings as `(variable, value)` pairs.
    var summary: [(name: String, value: String)] {
        [
            ("CHAT_MAX_CONCURRENT_GENERATIONS", String(maxConcurrent)),
            ("CHAT_MAX_QUEUED_GENERATIONS", String(maxQueued)),
            ("CHAT_MAX_QUEUE_WAIT_MS", String(maxWait.components.seconds * 1000 + maxWait.components.attoseconds / 1_000_000_000_000_000)),
        ]
    }
}
