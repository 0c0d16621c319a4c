import Foundation
import Logging
import Metrics
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage

/// Runs the skill invocations plugins deferred, as a `Service` on every instance: looks for due
/// jobs every ``DeferredInvocationSettings/pollInterval`` (at once when this instance stores one),
/// claims a few under a lease, and dispatches each with the principal of the caller who deferred
/// it, a fresh request id, at depth 1. A job that succeeds is deleted; one that fails for good
/// (see ``DeferredFailure``) is kept as failed at once; any other failure is retried after a
/// doubling pause until its attempts are used up. Jobs whose runner stopped are taken over when
/// their lease expires, so every job runs at least once.
///
/// It claims nothing until the plugins have started (a job for a plugin of this instance would
/// fail as unavailable meanwhile). On graceful shutdown it stops claiming and lets the running
/// jobs finish (before the plugins they call shut down); a job cut off anyway is left to its lease.
final class DeferredInvocationRunner: Service, Sendable {
    private let repository: DeferredInvocationRepository
    private let dispatcher: Dispatcher
    let settings: DeferredInvocationSettings
    /// Whether jobs may be claimed (the plugins have started).
    private let isReady: @Sendable () -> Bool
    private let logger: Logger
    private let wakeUps: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation
    /// Jobs running now on this instance.
    private let running = NIOLockedValueBox(0)
    /// Abandoned last attempts are looked for at most this often.
    static let abandonedSweepInterval = Duration.seconds(10)

    init(
        repository: DeferredInvocationRepository, dispatcher: Dispatcher, settings: DeferredInvocationSettings = DeferredInvocationSettings(),
        isReady: @escaping @Sendable () -> Bool = { true }, logger: Logger
    ) {
        self.repository = repository
        self.dispatcher = dispatcher
        self.settings = settings
        self.isReady = isReady
        self.logger = logger
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the runner a job may be due now (one was just stored, or one ended).
    func wake() {
        wakeUp.yield()
    }

    func run() async throws {
        await withDiscardingTaskGroup { jobs in
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { timer in
                    timer.addTask { await self.poll() }
                    var lastSweep: ContinuousClock.Instant?
                    // Ends on graceful shutdown (the stream finishes) or cancellation.
                    for await _ in wakeUps {
                        guard isReady() else { continue }
                        if lastSweep.map({ ContinuousClock.now - $0 >= Self.abandonedSweepInterval }) ?? true {
                            lastSweep = ContinuousClock.now
                            await failAbandoned()
                        }
                        for job in await claim() {
                            jobs.addTask {
                                await self.execute(job)
                                self.running.withLockedValue { $0 -= 1 }
                                self.wake()
                            }
                        }
                    }
                    timer.cancelAll()
                }
            } onGracefulShutdown: {
                self.wakeUp.finish()
            }
        }
    }

    private func poll() async {
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: settings.pollInterval)) != nil else { return }
            wakeUp.yield()
        }
    }

    /// Claims as many due jobs as there is room for, counting them as running.
    private func claim() async -> [DeferredInvocationRecord] {
        let room = settings.concurrency - running.withLockedValue { $0 }
        guard room > 0 else { return [] }
        do {
            let jobs = try await repository.claimDue(limit: room, lease: settings.lease)
            running.withLockedValue { $0 += jobs.count }
            return jobs
        } catch {
            logger.debug("no deferred invocation claimed", metadata: ["error": "\(error)"])
            return []
        }
    }

    private func failAbandoned() async {
        do {
            for jobID in try await repository.failAbandoned() {
                Self.count("failed")
                logger.error("deferred invocation failed: its last attempt never finished", metadata: ["job_id": "\(jobID.lowercasedString)"])
            }
        } catch {
            logger.debug("could not look for abandoned deferred invocations", metadata: ["error": "\(error)"])
        }
    }

    /// Runs one claimed job and records how it ended.
    func execute(_ job: DeferredInvocationRecord) async {
        var request = Dispatcher.Request(
            skill: job.skill, capability: job.capability, input: job.input, sessionID: job.sessionID,
            requestID: UUID().lowercasedString, depth: 1
        )
        let metadata: Logger.Metadata = [
            "job_id": "\(job.jobID.lowercasedString)", "skill": "\(job.skill)", "capability": "\(job.capability)",
            "plugin": "\(job.plugin)", "attempt": "\(job.attempts)", "request_id": "\(request.requestID)",
        ]
        do {
            let target = try await dispatcher.target(of: request, principal: job.principal)
            // The attempt ends before its lease does, so no other runner starts it meanwhile. Nobody
            // waits on background work: without a timeout of the skill's own, the attempt has all that.
            let attemptLimit = settings.lease - settings.lease / 10
            request.timeout = min(target.skill.timeoutMilliseconds.map { Duration.milliseconds($0) } ?? attemptLimit, attemptLimit)
            _ = try await dispatcher.call(target, request)
        } catch is CancellationError {
            logger.warning("deferred invocation cut off; it runs again when its lease expires", metadata: metadata)
            return
        } catch {
            await recordFailure(of: job, DeferredFailure(error), metadata: metadata)
            return
        }
        do {
            if try await repository.complete(job) {
                Self.count("succeeded")
            } else {
                logger.warning("deferred invocation succeeded after another runner took it over", metadata: metadata)
            }
        } catch {
            logger.error("deferred invocation succeeded but could not be removed; it runs again when its lease expires", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    private func recordFailure(of job: DeferredInvocationRecord, _ failure: DeferredFailure, metadata: Logger.Metadata) async {
        var metadata = metadata
        metadata["error"] = "\(failure.message)"
        do {
            if failure.isPermanent {
                guard try await repository.fail(job, error: failure.message) else { return }
                Self.count("failed")
                logger.error("deferred invocation failed for good", metadata: metadata)
                return
            }
            guard let stored = try await repository.reschedule(job, error: failure.message, backoff: settings.backoff) else { return }
            if stored.status == .failed {
                Self.count("failed")
                logger.error("deferred invocation failed: no attempt left", metadata: metadata.merging(["max_attempts": "\(job.maxAttempts)"]) { $1 })
            } else {
                Self.count("retried")
                logger.warning("deferred invocation failed; it will be retried", metadata: metadata.merging(["retry_at": "\(stored.runAfter)"]) { $1 })
            }
        } catch {
            logger.error("could not record a deferred invocation's failure; it runs again when its lease expires", metadata: metadata.merging(["record_error": "\(error)"]) { $1 })
        }
    }

    private static func count(_ outcome: String) {
        Counter(label: "skillhub_deferred_invocations_total", dimensions: [("outcome", outcome)]).increment()
    }
}
