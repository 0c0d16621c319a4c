import Foundation

/// Which plugins run isolated, each in a child process of its own, and how
/// those processes are started.
public struct PluginIsolation: Sendable {
    /// Names of the plugins to isolate.
    public var plugins: Set<String>
    /// The executable that serves `plugin-host` (this program by default).
    public var executable: String
    public var backoff: RestartBackoff

    public init(plugins: Set<String> = [], executable: String? = nil, backoff: RestartBackoff = RestartBackoff()) {
        self.plugins = plugins
        self.executable = executable ?? Self.currentExecutable
        self.backoff = backoff
    }

    func isolates(_ plugin: String) -> Bool { plugins.contains(plugin) }

    /// The running program's path.
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
