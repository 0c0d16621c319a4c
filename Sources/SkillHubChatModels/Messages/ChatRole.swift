/// Who wrote a message: `system`, `user`, `assistant`, `tool` (a tool's result), or any other role a provider knows.
public struct ChatRole: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let system = ChatRole(rawValue: "system")
    public static let user = ChatRole(rawValue: "user")
    public static let assistant = ChatRole(rawValue: "assistant")
    public static let tool = ChatRole(rawValue: "tool")

    public var description: String { rawValue }
}
