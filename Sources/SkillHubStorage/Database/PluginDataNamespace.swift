/// Whose data: the plugin that keeps it and the account it acts for. Every statement of the
/// document store and the conversations is confined to one.
public struct PluginDataNamespace: Sendable, Hashable {
    /// The plugin's name (`search`, `chat`, `memory`).
    public var plugin: String
    /// The caller's account; nil for the plugin-wide namespace (root callers, calls outside a request).
    public var account: String?

    public init(plugin: String, account: String?) {
        self.plugin = plugin
        self.account = account
    }
}
