-- The document store behind the plugins' `store` host service (plugin ABI 1.1), used by the
-- `search` skill: collections of documents split into chunks, searched by full text here and by
-- vector in an in-memory index rebuilt from knowledge_vectors.

CREATE TABLE knowledge_collections (
    collection_id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Whose store: the plugin, and the caller's account (NULL: the plugin-wide namespace, root callers).
    namespace              text        NOT NULL,
    account_id             text        REFERENCES accounts (account_id) ON DELETE CASCADE,
    name                   text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    description            text        NOT NULL DEFAULT '',
    -- The embedding model whose vectors are served; during a re-embedding, the one being filled in.
    embedding_model        text        NOT NULL,
    dimensions             integer     NOT NULL CHECK (dimensions > 0),
    next_embedding_model   text,
    next_dimensions        integer     CHECK (next_dimensions > 0),
    reembed_claimed_until  timestamptz,
    -- The plugin's own settings (the search skill keeps its chunk_strategy here).
    settings               jsonb       NOT NULL DEFAULT '{}'::jsonb,
    metadata               jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX knowledge_collections_name_idx ON knowledge_collections (namespace, coalesce(account_id, ''), name);

CREATE TABLE knowledge_documents (
    document_id      uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    collection_id    uuid        NOT NULL REFERENCES knowledge_collections (collection_id) ON DELETE CASCADE,
    title            text        NOT NULL DEFAULT '',
    source           text        NOT NULL DEFAULT '',
    format           text        NOT NULL DEFAULT '',
    checksum         text        NOT NULL DEFAULT '',
    byte_size        bigint      NOT NULL DEFAULT 0,
    -- pending: chunks stored, none embedded yet; processing: embedding; ready: served; failed: see error.
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'ready', 'failed')),
    error            text,
    attempts         integer     NOT NULL DEFAULT 0,
    chunks_total     integer     NOT NULL DEFAULT 0,
    chunks_embedded  integer     NOT NULL DEFAULT 0,
    -- An embedding worker's claim; an expired claim (its instance stopped) is taken over.
    claimed_until    timestamptz,
    metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_documents_collection_idx ON knowledge_documents (collection_id, created_at);
CREATE INDEX knowledge_documents_work_idx ON knowledge_documents (created_at) WHERE status IN ('pending', 'processing');

CREATE TABLE knowledge_chunks (
    chunk_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id    uuid        NOT NULL REFERENCES knowledge_documents (document_id) ON DELETE CASCADE,
    collection_id  uuid        NOT NULL REFERENCES knowledge_collections (collection_id) ON DELETE CASCADE,
    position       integer     NOT NULL,
    content        text        NOT NULL,
    heading_path   text[]      NOT NULL DEFAULT '{}',
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- The host's own terms (CJK-aware: PostgreSQL's parsers do not segment Chinese), with positions.
    lexemes        tsvector    NOT NULL,
    UNIQUE (document_id, position)
);
CREATE INDEX knowledge_chunks_lexemes_idx ON knowledge_chunks USING gin (lexemes);
CREATE INDEX knowledge_chunks_collection_idx ON knowledge_chunks (collection_id);

-- One vector per chunk and model (float4 little-endian), so a re-embedding fills the new model's
-- vectors beside the served ones and switches when complete.
CREATE TABLE knowledge_vectors (
    chunk_id  bigint NOT NULL REFERENCES knowledge_chunks (chunk_id) ON DELETE CASCADE,
    model     text   NOT NULL,
    vector    bytea  NOT NULL,
    PRIMARY KEY (chunk_id, model)
);
