import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubRegistry

/// Counts dispatched calls per skill in memory and adds them to the shared
/// counters in Redis in one round trip every ``interval`` (and once more at
/// shutdown), instead of one per call.
final class CallTally: Service, Sendable {
    private let statistics: SkillStatistics
    private let pending = NIOLockedValueBox<[UUID: SkillStatistics.Counters]>([:])
    private let logger: Logger
    let interval: Duration

    init(statistics: SkillStatistics, interval: Duration = .milliseconds(250), logger: Logger) {
        self.statistics = statistics
        self.interval = interval
        self.logger = logger
    }

    /// Counts one call of `skillID`, and one error when it failed.
    func count(_ skillID: UUID, failed: Bool) {
        pending.withLockedValue { pending in
            pending[skillID, default: .init()].requests += 1
            if failed { pending[skillID, default: .init()].errors += 1 }
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: self.interval)) != nil {
                await self.flush()
            }
        }
        await flush()
    }

    /// Sends what has been counted; kept for the next round when Redis fails.
    func flush() async {
        let counts = pending.withLockedValue { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard !counts.isEmpty else { return }
        do {
            try await statistics.add(counts)
        } catch {
            pending.withLockedValue { pending in
                for (skillID, count) in counts {
                    pending[skillID, default: .init()].requests += count.requests
                    pending[skillID, default: .init()].errors += count.errors
                }
            }
            logger.warning("call counts not sent to Redis; kept for the next round", metadata: ["error": "\(error)"])
        }
    }
}
