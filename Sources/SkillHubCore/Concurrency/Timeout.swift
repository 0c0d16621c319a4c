/// An operation that did not finish in time.
public struct TimeoutError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var timeout: Duration

    public var description: String { "\(operation) did not finish within \(timeout)" }
}

/// Runs `body`, cancelling it and throwing ``TimeoutError`` if it runs past `timeout`.
public func withTimeout<Result: Sendable>(
    _ timeout: Duration,
    operation: String,
    _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimeoutError(operation: operation, timeout: timeout)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}
