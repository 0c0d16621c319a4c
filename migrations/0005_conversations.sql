-- Conversations behind the plugins' `sessions` host service (plugin ABI 1.1), used by the `chat`
-- skill (and the memory skill after it): sessions and every message said in them. Redis keeps the
-- recent messages of active sessions with a TTL; this is the record that survives it.

CREATE TABLE conversation_sessions (
    conversation_id uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Whose: the plugin, and the caller's account (NULL: the plugin-wide namespace, root callers).
    namespace       text        NOT NULL,
    account_id      text        REFERENCES accounts (account_id) ON DELETE CASCADE,
    -- The client's id for the session (seed 002 clients choose their own).
    session_id      text        NOT NULL CHECK (length(session_id) BETWEEN 1 AND 128),
    system_prompt   text        NOT NULL DEFAULT '',
    model           text,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    message_count   integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX conversation_sessions_id_idx ON conversation_sessions (namespace, coalesce(account_id, ''), session_id);
CREATE INDEX conversation_sessions_recent_idx ON conversation_sessions (namespace, account_id, updated_at DESC);

CREATE TABLE conversation_messages (
    message_id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id uuid        NOT NULL REFERENCES conversation_sessions (conversation_id) ON DELETE CASCADE,
    role            text        NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content         text        NOT NULL DEFAULT '',
    name            text,
    tool_calls      jsonb,
    tool_call_id    text,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_messages_session_idx ON conversation_messages (conversation_id, message_id);
