/// Whose documents: the plugin that stores them and the account it acts for.
/// Every statement of the knowledge repositories is confined to one.
public struct KnowledgeNamespace: Sendable, Hashable {
    /// The plugin's name (`search`, later `memory`).
    public var plugin: String
    /// The caller's account; nil for the plugin-wide namespace (root callers, calls outside a request).
    public var account: String?

    public init(plugin: String, account: String?) {
        self.plugin = plugin
        self.account = account
    }
}
