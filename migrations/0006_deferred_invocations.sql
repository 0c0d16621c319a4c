-- Deferred skill invocations ("jobs"): a plugin's `invoke_skill` with a `defer` object stores the
-- call here and returns at once; every instance's runner claims due jobs and dispatches them with
-- the rights of the original caller. A job is deleted when it succeeds; one that failed for good
-- is kept (status 'failed', last_error) for inspection.

CREATE TABLE deferred_invocations (
    job_id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Creation order, which jobs of one serial key run in (created_at may tie).
    sequence       bigint      GENERATED ALWAYS AS IDENTITY,
    -- The caller the job runs as (NULL account: root, or a plugin outside any call).
    account_id     text        REFERENCES accounts (account_id) ON DELETE CASCADE,
    user_id        text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('root', 'admin', 'user', 'service')),
    -- The plugin that deferred the call, and the call.
    plugin         text        NOT NULL,
    skill          text        NOT NULL,
    capability     text        NOT NULL,
    input          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    session_id     text,
    -- At most one pending job per (account, skill, dedupe_key); jobs of one (account, skill,
    -- serial_key) run one at a time, in creation order.
    dedupe_key     text        CHECK (length(dedupe_key) BETWEEN 1 AND 200),
    serial_key     text        CHECK (length(serial_key) BETWEEN 1 AND 200),
    run_after      timestamptz NOT NULL DEFAULT now(),
    -- Attempts begun (counted when a runner claims the job), and how many it may have.
    attempts       integer     NOT NULL DEFAULT 0,
    max_attempts   integer     NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 20),
    -- A runner's lease: an expired one (its instance stopped) is taken over by another.
    claimed_until  timestamptz,
    last_error     text,
    status         text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX deferred_invocations_dedupe_idx ON deferred_invocations (coalesce(account_id, ''), skill, dedupe_key)
    WHERE status = 'pending' AND dedupe_key IS NOT NULL;
CREATE INDEX deferred_invocations_due_idx ON deferred_invocations (run_after) WHERE status = 'pending';
CREATE INDEX deferred_invocations_serial_idx ON deferred_invocations (skill, serial_key, sequence)
    WHERE status = 'pending' AND serial_key IS NOT NULL;
CREATE INDEX deferred_invocations_listing_idx ON deferred_invocations (status, created_at DESC);
