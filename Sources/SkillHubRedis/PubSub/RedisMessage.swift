/// A message received on a subscribed channel.
public struct RedisMessage: Sendable, Hashable {
    public var channel: String
    public var payload: [UInt8]

    /// The payload as UTF-8 text.
    public var text: String { String(decoding: payload, as: UTF8.self) }
}
