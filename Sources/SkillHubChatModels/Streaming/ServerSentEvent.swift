/// One server-sent event: its type (`event:`) and data (the `data:` lines joined by line feeds).
public struct ServerSentEvent: Sendable, Hashable {
    public var event: String?
    public var data: String

    public init(event: String? = nil, data: String) {
        self.event = event
        self.data = data
    }
}
