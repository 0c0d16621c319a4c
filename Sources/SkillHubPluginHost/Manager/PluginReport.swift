/// How one plugin is doing, for `/ready`, the admin API and the logs.
public struct PluginReport: Sendable, Equatable, Encodable {
    public enum State: String, Sendable, Encodable {
        case running
        /// An isolated plugin whose process died and has not come back yet.
        case restarting
        case failed
    }

    /// The plugin's name (from its descriptor), or its file name when it could not be read.
    public var name: String
    public var version: String?
    /// The library as installed (what a reload loads again).
    public var path: String
    public var abi: String?
    /// Where it runs: `in-process` (loaded into the server) or `isolated` (in a plugin-host child process).
    public var mode = "in-process"
    public var state: State
    /// Why it failed, in words.
    public var error: String?
    /// 1 for the version loaded at start-up, one more for each reload.
    public var generation = 1
    /// Calls to the running version: all, failed, and in flight now.
    public var calls = 0
    public var failures = 0
    public var inFlight = 0
    /// Times an isolated plugin's process was started again after dying.
    public var restarts = 0

    public init(name: String, version: String? = nil, path: String, abi: String? = nil, state: State, error: String? = nil) {
        self.name = name
        self.version = version
        self.path = path
        self.abi = abi
        self.state = state
        self.error = error
    }

    private enum CodingKeys: String, CodingKey {
        case name, version, path, abi, mode, state, error, generation, calls, failures, restarts
        case inFlight = "in_flight"
    }
}
