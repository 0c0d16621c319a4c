import NIOHTTP1

/// A request as the test server received it.
public struct RecordedRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
}
