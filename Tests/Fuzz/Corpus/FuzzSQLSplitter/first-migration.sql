-- SkillHub registry schema: tenancy, skills with weighted endpoints and
-- capabilities, and an audit trail of every change.

-- Tenancy: the root key creates accounts; account admins create users; users hold API keys.
CREATE TABLE accounts (
    account_id  text        PRIMARY KEY CHECK (account_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    name        text        NOT NULL DEFAULT '',
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    account_id  text        NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    user_id     text        NOT NULL CHECK (user_id ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$'),
    role        text        NOT NULL CHECK (role IN ('admin', 'user', 'service')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, user_id)
);

-- API keys are stored only as a SHA-256 hash; the prefix identifies a key in lists and logs.
CREATE TABLE api_keys (
    key_id       uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id   text        NOT NULL,
    user_id      text        NOT NULL,
    key_hash     bytea       NOT NULL UNIQUE,
    key_prefix   text        NOT NULL,
    scopes       text[]      NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, user_id) ON DELETE CASCADE
);
CREATE INDEX api_keys_owner_idx ON api_keys (account_id, user_id);

-- Skills (Ooder AI Bridge v0.6): name + version is unique; plugins have no owning account.
CREATE TABLE skills (
    skill_id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id       text        REFERENCES accounts (account_id) ON DELETE CASCADE,
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    description      text        NOT NULL DEFAULT '',
    version          text        NOT NULL CHECK (length(version) BETWEEN 1 AND 64),
    status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'maintenance')),
    visibility       text        NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'public')),
    routing_strategy text        NOT NULL DEFAULT 'weighted_round_robin',
    timeout_ms       integer     CHECK (timeout_ms IS NULL OR timeout_ms > 0),
    metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_by       text,
    last_heartbeat   timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);
CREATE INDEX skills_account_idx ON skills (account_id);
CREATE INDEX skills_status_idx ON skills (status);
CREATE INDEX skills_name_idx ON skills (name);

-- Weighted endpoints; weight 0 drains. plugin:// and unix:// serve the plugin host.
CREATE TABLE endpoints (
    endpoint_id    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    skill_id       uuid        NOT NULL REFERENCES skills (skill_id) ON DELETE CASCADE,
    url            text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    protocol       text        NOT NULL CHECK (protocol IN ('http', 'https', 'ws', 'wss', 'plugin', 'unix')),
    weight         integer     NOT NULL DEFAULT 1 CHECK (weight BETWEEN 0 AND 65535),
    status         text        NOT NULL DEFAULT 'healthy' CHECK (status IN ('healthy', 'unhealthy', 'disabled')),
    ephemeral      boolean     NOT NULL DEFAULT true,
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    last_heartbeat timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (skill_id, url)
);
CREATE INDEX endpoints_skill_idx ON endpoints (skill_id);

-- Capabilities: name unique within a skill; parameters as JSON Schema.
CREATE TABLE capabilities (
    capability_id uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    skill_id      uuid        NOT NULL REFERENCES skills (skill_id) ON DELETE CASCADE,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    description   text        NOT NULL DEFAULT '',
    category      text        NOT NULL DEFAULT 'general',
    version       text        NOT NULL DEFAULT '1.0.0',
    status        text        NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
    parameters    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    streaming     boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (skill_id, name)
);
CREATE INDEX capabilities_name_idx ON capabilities (name);
CREATE INDEX capabilities_category_idx ON capabilities (category);

-- Audit trail: who changed what, when. Append-only.
CREATE TABLE events (
    event_id     bigserial   PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor        text        NOT NULL,
    account_id   text,
    kind         text        NOT NULL,
    subject_type text        NOT NULL,
    subject_id   text        NOT NULL,
    details      jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX events_subject_idx ON events (subject_type, subject_id, occurred_at DESC);
CREATE INDEX events_time_idx ON events (occurred_at DESC);
