import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Deferred skill invocations (`migrations/0006_deferred_invocations.sql`): stored by a plugin's
/// `invoke_skill` with `defer`, claimed by the runners of every instance under an expiring lease
/// (`FOR UPDATE SKIP LOCKED`), deleted once they succeed, retried after a pause that doubles, and
/// kept as failed once they cannot succeed.
///
/// A claim begins an attempt (`attempts` counts them), and the pair of job id and attempt names
/// it: only the holder of the current claim completes, reschedules or fails a job, so a runner
/// whose lease was taken over changes nothing.
public struct DeferredInvocationRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.deferred")) {
        self.database = database
        self.logger = logger
    }

    static let columns = """
        job_id, account_id, user_id, role, plugin, skill, capability, input::text, session_id, dedupe_key, serial_key,
        run_after, attempts, max_attempts, claimed_until, last_error, status, created_at, updated_at
        """

    /// Stores a job. When it has a dedupe key and a pending job of the same account and skill
    /// has that key, nothing is stored and that job is answered instead (`duplicate` true).
    public func enqueue(_ draft: DeferredInvocationDraft) async throws -> (job: DeferredInvocationRecord, duplicate: Bool) {
        let principal = draft.principal
        return try await database.withConnection { connection in
            // The existing job may finish between the refused insert and the read: then insert again.
            for _ in 0..<3 {
                let inserted = try await Self.records(try await connection.query(
                    """
                    INSERT INTO deferred_invocations (account_id, user_id, role, plugin, skill, capability, input, session_id,
                                                      dedupe_key, serial_key, run_after, max_attempts)
                    VALUES (\(principal.accountID), \(principal.userID), \(principal.role.rawValue), \(draft.plugin), \(draft.skill),
                            \(draft.capability), \(JSONText.encode(draft.input))::jsonb, \(draft.sessionID), \(draft.dedupeKey),
                            \(draft.serialKey), now() + make_interval(secs => \(draft.delay.inSeconds)), \(draft.maxAttempts))
                    ON CONFLICT DO NOTHING
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: logger
                ))
                if let job = inserted.first { return (job, false) }
                let existing = try await Self.records(try await connection.query(
                    """
                    SELECT \(unescaped: Self.columns) FROM deferred_invocations
                    WHERE status = 'pending' AND coalesce(account_id, '') = \(principal.accountID ?? "") AND skill = \(draft.skill)
                      AND dedupe_key = \(draft.dedupeKey)
                    """,
                    logger: logger
                ))
                if let job = existing.first { return (job, true) }
            }
            throw SkillHubError(.conflict, "the deferred job with key '\(draft.dedupeKey ?? "")' kept changing; try again")
        }
    }

    /// Claims up to `limit` due jobs for `lease`, beginning an attempt of each: pending, due, not
    /// held under an unexpired lease, with attempts left, and — for a job with a serial key — with
    /// no earlier pending job of that key (due or not, held or not) and none of that key held.
    /// The earliest due first.
    public func claimDue(limit: Int, lease: Duration) async throws -> [DeferredInvocationRecord] {
        guard limit > 0 else { return [] }
        return try await database.withConnection { connection in
            try await Self.records(try await connection.query(
                """
                WITH due AS (
                    SELECT j.job_id AS claimed_id FROM deferred_invocations j
                    WHERE j.status = 'pending' AND j.run_after <= now() AND j.attempts < j.max_attempts
                      AND (j.claimed_until IS NULL OR j.claimed_until < now())
                      AND (j.serial_key IS NULL OR NOT EXISTS (
                          SELECT 1 FROM deferred_invocations e
                          WHERE e.status = 'pending' AND e.skill = j.skill AND e.serial_key = j.serial_key
                            AND coalesce(e.account_id, '') = coalesce(j.account_id, '') AND e.job_id <> j.job_id
                            AND (e.sequence < j.sequence OR e.claimed_until >= now())))
                    ORDER BY j.run_after, j.sequence
                    LIMIT \(limit)
                    FOR UPDATE OF j SKIP LOCKED
                )
                UPDATE deferred_invocations d
                SET attempts = d.attempts + 1, claimed_until = now() + make_interval(secs => \(lease.inSeconds)), updated_at = now()
                FROM due WHERE d.job_id = due.claimed_id
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            )).sorted { $0.runAfter < $1.runAfter }
        }
    }

    /// Marks failed the jobs whose last attempt was claimed and never finished (the instance
    /// running it stopped before its lease ran out); their ids.
    public func failAbandoned() async throws -> [UUID] {
        try await database.withConnection { connection in
            var ids: [UUID] = []
            for try await id in try await connection.query(
                """
                UPDATE deferred_invocations
                SET status = 'failed', claimed_until = NULL, updated_at = now(),
                    last_error = 'attempt ' || attempts || ' of ' || max_attempts || ' did not finish (the instance running it stopped)'
                                 || coalesce('; before: ' || last_error, '')
                WHERE status = 'pending' AND run_after <= now() AND attempts >= max_attempts AND claimed_until < now()
                RETURNING job_id
                """,
                logger: logger
            ).decode(UUID.self) {
                ids.append(id)
            }
            return ids
        }
    }

    /// Deletes a job that succeeded; false when its claim was no longer the current one.
    @discardableResult
    public func complete(_ job: DeferredInvocationRecord) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.query(
                "DELETE FROM deferred_invocations WHERE job_id = \(job.jobID) AND attempts = \(job.attempts) AND status = 'pending' RETURNING job_id",
                logger: logger
            ).collect().count == 1
        }
    }

    /// Records a failed attempt that may succeed later: the job waits `backoff`'s pause for its
    /// attempt count, or, with its attempts used up, fails for good with `error`. The job as
    /// stored (status pending with the new `runAfter`, or failed); nil when the claim was lost.
    public func reschedule(_ job: DeferredInvocationRecord, error: String, backoff: DeferredBackoff) async throws -> DeferredInvocationRecord? {
        let pause = backoff.delay(afterAttempt: job.attempts)
        return try await database.withConnection { connection in
            try await Self.records(try await connection.query(
                """
                UPDATE deferred_invocations
                SET last_error = \(error), claimed_until = NULL, updated_at = now(),
                    status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
                    run_after = CASE WHEN attempts >= max_attempts THEN run_after ELSE now() + make_interval(secs => \(pause.inSeconds)) END
                WHERE job_id = \(job.jobID) AND attempts = \(job.attempts) AND status = 'pending'
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            )).first
        }
    }

    /// Fails a job for good (a failure that no retry can mend); false when the claim was lost.
    @discardableResult
    public func fail(_ job: DeferredInvocationRecord, error: String) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.query(
                """
                UPDATE deferred_invocations SET status = 'failed', last_error = \(error), claimed_until = NULL, updated_at = now()
                WHERE job_id = \(job.jobID) AND attempts = \(job.attempts) AND status = 'pending'
                RETURNING job_id
                """,
                logger: logger
            ).collect().count == 1
        }
    }

    /// One job, whatever its status; nil when there is none (it succeeded, or never was).
    public func job(_ jobID: UUID) async throws -> DeferredInvocationRecord? {
        try await database.withConnection { connection in
            try await Self.records(try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM deferred_invocations WHERE job_id = \(jobID)", logger: logger
            )).first
        }
    }

    /// How many jobs there are, of one status and one plugin when given.
    public func count(status: DeferredInvocationStatus? = nil, plugin: String? = nil) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.query(
                """
                SELECT count(*)::bigint FROM deferred_invocations
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)) AND (\(plugin)::text IS NULL OR plugin = \(plugin))
                """,
                logger: logger
            ).first(decoding: Int.self) ?? 0
        }
    }

    /// A page of jobs, newest first, of one status and one plugin when given (for an admin's view).
    public func list(status: DeferredInvocationStatus? = nil, plugin: String? = nil, limit: Int = 50, offset: Int = 0) async throws -> [DeferredInvocationRecord] {
        try await database.withConnection { connection in
            try await Self.records(try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM deferred_invocations
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)) AND (\(plugin)::text IS NULL OR plugin = \(plugin))
                ORDER BY created_at DESC, sequence DESC LIMIT \(limit) OFFSET \(offset)
                """,
                logger: logger
            ))
        }
    }

    private static func records(_ rows: PostgresRowSequence) async throws -> [DeferredInvocationRecord] {
        var records: [DeferredInvocationRecord] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            records.append(DeferredInvocationRecord(
                jobID: try columns[0].decode(UUID.self),
                accountID: try columns[1].decode(String?.self),
                userID: try columns[2].decode(String.self),
                role: Role(rawValue: try columns[3].decode(String.self)) ?? .user,
                plugin: try columns[4].decode(String.self),
                skill: try columns[5].decode(String.self),
                capability: try columns[6].decode(String.self),
                input: JSONText.value(try columns[7].decode(String.self)),
                sessionID: try columns[8].decode(String?.self),
                dedupeKey: try columns[9].decode(String?.self),
                serialKey: try columns[10].decode(String?.self),
                runAfter: try columns[11].decode(Date.self),
                attempts: try columns[12].decode(Int.self),
                maxAttempts: try columns[13].decode(Int.self),
                claimedUntil: try columns[14].decode(Date?.self),
                lastError: try columns[15].decode(String?.self),
                status: DeferredInvocationStatus(rawValue: try columns[16].decode(String.self)) ?? .failed,
                createdAt: try columns[17].decode(Date.self),
                updatedAt: try columns[18].decode(Date.self)
            ))
        }
        return records
    }
}
