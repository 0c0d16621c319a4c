/// A piece of a tool call in a streamed answer: OpenAI sends the id and name first and the arguments in fragments,
/// all with the call's `index`; Ollama sends each call whole.
public struct ChatToolCallDelta: Sendable, Hashable {
    /// Which call of the answer this piece belongs to.
    public var index: Int
    public var id: String?
    public var name: String?
    /// The next fragment of the arguments' JSON text.
    public var arguments: String

    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String = "") {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
