/// A `POST` to a chat API: where, which headers, the JSON body.
public struct ChatHTTPRequest: Sendable {
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]

    public init(url: String, headers: [String: String], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}
