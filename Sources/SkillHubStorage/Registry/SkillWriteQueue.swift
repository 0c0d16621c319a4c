import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import SkillHubCore

/// Writes skills in batches (group commit): writes that arrive while earlier
/// ones are in PostgreSQL wait and go together, as one ``SkillWriteStatement``,
/// so many registrations share the statement's cost. A write that finds the
/// database idle goes at once, alone.
///
/// At most ``maximumBatchesInFlight`` batches run at a time, each of at most
/// ``maximumBatchSize`` skills with distinct names and versions (a second write
/// of the same name and version waits for the next batch). When PostgreSQL
/// refuses a batch (say, one skill asked for an id another holds), its skills
/// are written one by one, so each gets its own answer; when the database
/// cannot be reached, the whole batch fails at once.
final class SkillWriteQueue: Sendable {
    typealias Result = SkillWriteStatement.Row?

    private struct Waiting {
        var item: SkillWriteStatement.Item
        var continuation: CheckedContinuation<Result, any Error>
        var key: String { item.draft.name + "\u{0}" + item.draft.version }
    }

    private struct State {
        var waiting: [Waiting] = []
        var batchesInFlight = 0
    }

    private let database: Database
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    let maximumBatchSize: Int
    let maximumBatchesInFlight: Int

    init(database: Database, maximumBatchSize: Int = 64, maximumBatchesInFlight: Int = 4, logger: Logger) {
        self.database = database
        self.maximumBatchSize = maximumBatchSize
        self.maximumBatchesInFlight = maximumBatchesInFlight
        self.logger = logger
    }

    /// Writes `item` with the next batch; the row written, or nil when nothing
    /// was (the name and version exist and this is a create, or belong to another account).
    func write(_ item: SkillWriteStatement.Item) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let startsBatches = state.withLockedValue { state in
                state.waiting.append(Waiting(item: item, continuation: continuation))
                guard state.batchesInFlight < maximumBatchesInFlight else { return false }
                state.batchesInFlight += 1
                return true
            }
            if startsBatches {
                Task { await self.runBatches() }
            }
        }
    }

    /// Runs batches until no write is waiting.
    private func runBatches() async {
        while let batch = nextBatch() {
            await run(batch)
        }
    }

    /// The next batch, taken from the waiting writes; nil (and one batch runner fewer) when none waits.
    private func nextBatch() -> [Waiting]? {
        state.withLockedValue { state in
            guard !state.waiting.isEmpty else {
                state.batchesInFlight -= 1
                return nil
            }
            var keys = Set<String>()
            var batch: [Waiting] = []
            var later: [Waiting] = []
            for waiting in state.waiting {
                if batch.count < maximumBatchSize, keys.insert(waiting.key).inserted {
                    batch.append(waiting)
                } else {
                    later.append(waiting)
                }
            }
            state.waiting = later
            return batch
        }
    }

    private func run(_ batch: [Waiting]) async {
        do {
            let rows = try await execute(batch.map(\.item))
            let written = Dictionary(rows.map { ($0.2 + "\u{0}" + $0.4, $0) }, uniquingKeysWith: { first, _ in first })
            for waiting in batch { waiting.continuation.resume(returning: written[waiting.key]) }
        } catch let error as PSQLError where batch.count > 1 && error.serverInfo != nil {
            // PostgreSQL refused the statement (one skill's id taken, say): each skill alone gets its own answer.
            // A lost connection or an exhausted pool fails the whole batch at once instead.
            logger.debug("a batch of skill writes failed; writing them one by one", metadata: ["skills": "\(batch.count)", "error": "\(error)"])
            for waiting in batch {
                do {
                    waiting.continuation.resume(returning: try await execute([waiting.item]).first)
                } catch {
                    waiting.continuation.resume(throwing: error)
                }
            }
        } catch {
            batch.forEach { $0.continuation.resume(throwing: error) }
        }
    }

    private func execute(_ items: [SkillWriteStatement.Item]) async throws -> [SkillWriteStatement.Row] {
        try await database.withConnection { connection in
            var rows: [SkillWriteStatement.Row] = []
            for try await row in try await connection.execute(SkillWriteStatement(items: items), logger: logger) { rows.append(row) }
            return rows
        }
    }
}
