/// A message received on a subscribed channel.
public struct RedisMessage: Sendable, Hashable {
    /// What the subscriber is delivering.
    public enum Kind: Sendable, Hashable {
        /// A message published on the channel.
        case message
        /// The connection was lost: messages published from now until
        /// `.resubscribed` are missed, so state built from them is no longer current.
        case interrupted
        /// The connection was lost and the channel subscribed again: messages
        /// published in between are gone, so state built from them should be reloaded.
        case resubscribed
    }

    public var channel: String
    public var payload: [UInt8]
    public var kind: Kind = .message

    /// The payload as UTF-8 text.
    public var text: String { String(decoding: payload, as: UTF8.self) }
}
