/// A started plugin, wherever it runs: loaded into this process
/// (``PluginInstance``) or in a child process of its own (``IsolatedPlugin``).
public protocol RunningPlugin: AnyObject, Sendable {
    var descriptor: PluginDescriptor { get }
    /// The ABI version the plugin was built against, `MAJOR.MINOR`.
    var abiVersion: String { get }
    /// `in-process` or `isolated`.
    var mode: String { get }

    /// The plugin's output for `call`. Fails with a ``PluginCallError``.
    func invoke(_ call: PluginCall) async throws -> [UInt8]

    /// Calls so far, failed ones, and those in flight.
    var counters: PluginCallCounters { get }
    /// Restarts after a crash (isolated plugins only).
    var restarts: Int { get }
    /// Whether it takes no more calls.
    var hasShutDown: Bool { get }
    /// Whether it can answer now (an isolated plugin cannot while its process restarts).
    var isAvailable: Bool { get }

    /// Runs the plugin's periodic work.
    func tick()
    /// Refuses new calls, lets those in flight finish, then ends the plugin.
    func retire() async
}

extension RunningPlugin {
    public func invoke(_ capability: String, input: [UInt8], timeout: Duration) async throws -> [UInt8] {
        try await invoke(PluginCall(capability, input: input, timeout: timeout))
    }
}
