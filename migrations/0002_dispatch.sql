-- Dispatch: whether a capability may be retried on another endpoint, and
-- the record of every command run through POST /api/v1/commands/execute.

ALTER TABLE capabilities ADD COLUMN idempotent boolean NOT NULL DEFAULT true;

CREATE TABLE executions (
    execution_id    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The caller's own id for the command (seed 004 `command_id`), if given.
    command_id      text        CHECK (length(command_id) <= 128),
    account_id      text        REFERENCES accounts (account_id) ON DELETE CASCADE,
    requested_by    text        NOT NULL,
    skill_id        uuid        NOT NULL,
    capability      text        NOT NULL,
    parameters      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    result          jsonb,
    error           jsonb,
    endpoint_id     uuid,
    callback_url    text,
    -- delivered | failed: <reason>, once the callback has been tried.
    callback_status text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    completed_at    timestamptz
);
CREATE INDEX executions_account_idx ON executions (account_id, created_at DESC);
