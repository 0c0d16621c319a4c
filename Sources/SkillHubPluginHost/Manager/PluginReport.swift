/// How loading one plugin went, for `/ready`, the admin API and the logs.
public struct PluginReport: Sendable, Equatable, Encodable {
    public enum State: String, Sendable, Encodable {
        case running
        case failed
    }

    /// The plugin's name (from its descriptor), or its file name when it could not be read.
    public var name: String
    public var version: String?
    public var path: String
    public var abi: String?
    public var state: State
    /// Why it failed, in words.
    public var error: String?
}
