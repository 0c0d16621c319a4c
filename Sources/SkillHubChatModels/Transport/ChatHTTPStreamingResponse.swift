/// The head of an answer, and its body to read as it arrives.
public struct ChatHTTPStreamingResponse: Sendable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: ChatHTTPBody

    public init(status: Int, headers: [String: String], body: ChatHTTPBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
