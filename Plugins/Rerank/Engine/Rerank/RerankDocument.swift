import SkillHubCore

/// A candidate document: given as a string, or as `{"id"?, "text", "metadata"?}`.
public struct RerankDocument: Sendable, Equatable {
    public var text: String
    /// The caller's id, echoed in the result.
    public var id: String?
    /// Anything the caller attached; a string `title` in it is sent to VikingDB.
    public var metadata: JSONValue?

    public init(text: String, id: String? = nil, metadata: JSONValue? = nil) {
        self.text = text
        self.id = id
        self.metadata = metadata
    }

    /// Parses `documents[index]`.
    init(_ value: JSONValue, index: Int) throws {
        let path = "documents[\(index)]"
        switch value {
        case .string(let text):
            self.init(text: text)
        case .object(let members):
            guard case .string(let text)? = members["text"] else {
                throw RerankError.invalidInput("\(path) must have a string \"text\"")
            }
            let id: String?
            switch members["id"] {
            case nil, .null?: id = nil
            case .string(let given)?: id = given
            default: throw RerankError.invalidInput("\(path).id must be a string")
            }
            self.init(text: text, id: id, metadata: members["metadata"].flatMap { $0 == .null ? nil : $0 })
        default:
            throw RerankError.invalidInput("\(path) must be a string or an object with a string \"text\"")
        }
    }

    /// The string `title` in the metadata, if any.
    var title: String? {
        metadata?["title"]?.stringValue
    }
}
