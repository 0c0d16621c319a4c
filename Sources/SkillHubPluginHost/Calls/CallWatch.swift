import CSkillHubPlugin

/// Ties host-service work to the plugin call it serves: the work is cancelled once the call has
/// ended (completed, cancelled because its caller went away, or past its deadline), so a model
/// stops generating for nobody. Work outside a call (`call` NULL) is never cancelled this way.
struct CallWatch: @unchecked Sendable {
    private let call: OpaquePointer?
    /// How often the call is looked at.
    static let period = Duration.milliseconds(100)

    init(_ call: OpaquePointer?) {
        self.call = CallRegistry.isOpen(call) ? call : nil
    }

    /// Runs `work`, cancelling it when the call ends first.
    func whileOpen(_ work: @escaping @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        guard call != nil else { return try await work() }
        return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                while CallRegistry.isOpen(self.call) {
                    try await Task.sleep(for: Self.period)
                }
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
                throw PluginCallError(status: .cancelled, message: "the call this request served has ended")
            }
            throw CancellationError()
        }
    }
}

/// A plugin's chunk callback and its user data, carried to the task that streams to it.
struct HostChunkSink: @unchecked Sendable {
    let callback: skh_host_chunk_callback?
    let userData: UnsafeMutableRawPointer?

    func send(_ bytes: [UInt8]) {
        guard let callback else { return }
        bytes.withUnsafeBufferPointer { buffer in
            callback(userData, skh_bytes(ptr: buffer.baseAddress, len: buffer.count))
        }
    }
}
