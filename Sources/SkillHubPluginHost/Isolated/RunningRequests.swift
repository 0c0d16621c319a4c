import NIOConcurrencyHelpers

/// The requests one side of the plugin-host socket is working on for the other, by id, so that a
/// `cancel` frame can stop one: an invoke in the child, a host-service request in the server.
final class RunningRequests: Sendable {
    private let tasks = NIOLockedValueBox<[UInt64: Task<Void, any Error>]>([:])

    /// Starts `work` for request `id`; the task is forgotten when it ends.
    func start(_ id: UInt64, _ work: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
        // Created under the lock, so the task's own removal cannot run before it is recorded.
        tasks.withLockedValue { tasks in
            let task = Task { [self] in
                defer { _ = self.tasks.withLockedValue { $0.removeValue(forKey: id) } }
                try await work()
            }
            tasks[id] = task
            return task
        }
    }

    /// Cancels request `id` if it is still running.
    func cancel(_ id: UInt64) {
        tasks.withLockedValue { $0[id] }?.cancel()
    }
}
