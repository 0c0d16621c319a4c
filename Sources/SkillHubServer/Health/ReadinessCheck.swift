import SkillHubCore

/// One dependency that must answer before the server is ready.
public struct ReadinessCheck: Sendable {
    public var name: String
    public var run: @Sendable () async throws -> Void

    public init(name: String, run: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.run = run
    }
}

/// The outcome of every readiness check.
public struct ReadinessReport: Sendable {
    /// Each check's name and its error, nil when it passed.
    public var results: [String: String?]

    public var isReady: Bool { results.values.allSatisfy { $0 == nil } }
    public var failures: [String: String] { results.compactMapValues { $0 } }
}

extension Array where Element == ReadinessCheck {
    /// Runs every check at once, each bounded by `timeout`.
    func evaluate(timeout: Duration) async -> ReadinessReport {
        await withTaskGroup(of: (String, String?).self) { group in
            for check in self {
                group.addTask {
                    do {
                        try await withTimeout(timeout, operation: "\(check.name) check") { try await check.run() }
                        return (check.name, nil)
                    } catch {
                        return (check.name, String(describing: error))
                    }
                }
            }
            var results: [String: String?] = [:]
            for await (name, failure) in group { results[name] = .some(failure) }
            return ReadinessReport(results: results)
        }
    }
}
