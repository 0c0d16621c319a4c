import NIOConcurrencyHelpers
import SkillHubCore
import Testing

@testable import SkillHubServer

/// The bound on concurrent generations alone: turns, the queue in arrival order, refusals, waits.
@Suite("Generation limiter")
struct GenerationLimiterTests {
    @Test func runsUpToTheLimitQueuesInOrderAndRefusesBeyond() async throws {
        let limiter = GenerationLimiter(ChatGenerationLimits(maxConcurrent: 1, maxQueued: 2, maxWait: .seconds(30)))
        let first = try await limiter.begin()
        let order = Recorder()
        let second = Task { let turn = try await limiter.begin(); order.add(2); return turn }
        #expect(try await eventually(within: .seconds(2)) { limiter.load.queued == 1 })
        let third = Task { let turn = try await limiter.begin(); order.add(3); return turn }
        #expect(try await eventually(within: .seconds(2)) { limiter.load.queued == 2 })

        // The queue is full: refused at once, with a time to retry.
        await #expect(throws: GenerationRefusal.self) { _ = try await limiter.begin() }
        do {
            _ = try await limiter.begin()
        } catch let refusal as GenerationRefusal {
            #expect(refusal.retryAfterSeconds >= 1)
            #expect(refusal.message.hasPrefix(GenerationRefusal.marker))
            let error = try #require(GenerationRefusal.rateLimitedError(message: "plugin said: " + refusal.message))
            #expect(error.code == .rateLimited)
            #expect(error.retryAfterSeconds == refusal.retryAfterSeconds)
        }

        // Turns pass on in arrival order, never more than one at a time.
        first.end()
        let secondTurn = try await second.value
        #expect(limiter.load == (1, 1))
        secondTurn.end()
        try await third.value.end()
        #expect(order.values == [2, 3])
        #expect(limiter.load == (0, 0))
        #expect(GenerationRefusal.rateLimitedError(message: "the model is down") == nil)
    }

    @Test func aWaiterLeavesTheQueueWhenCancelledOrAfterTheLongestWait() async throws {
        let limiter = GenerationLimiter(ChatGenerationLimits(maxConcurrent: 1, maxQueued: 4, maxWait: .milliseconds(200)))
        let held = try await limiter.begin()
        let cancelled = Task { try await limiter.begin() }
        #expect(try await eventually(within: .seconds(2)) { limiter.load.queued == 1 })
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { _ = try await cancelled.value }
        #expect(limiter.load.queued == 0)

        // Waiting past CHAT_MAX_QUEUE_WAIT_MS is a refusal that says so.
        do {
            _ = try await limiter.begin()
            Issue.record("a turn was given while the only one was held")
        } catch let refusal as GenerationRefusal {
            #expect(refusal.waited == .milliseconds(200))
            #expect(refusal.message.contains("CHAT_MAX_QUEUE_WAIT_MS"))
        }
        held.end()
        #expect(limiter.load == (0, 0))
        try await limiter.begin().end()
    }
}

/// Values appended from several tasks.
private final class Recorder: Sendable {
    private let box = NIOLockedValueBox<[Int]>([])
    func add(_ value: Int) { box.withLockedValue { $0.append(value) } }
    var values: [Int] { box.withLockedValue { $0 } }
}
