-- MotCua schema 007: the audit log and the idempotency answers leave grain state (issue 16).

-- One row per audited request, appended by API nodes in batches (a retried batch skips the ids it stored).
CREATE TABLE IF NOT EXISTS motcua_audit
(
    id       uuid        NOT NULL PRIMARY KEY,
    at       timestamptz NOT NULL,
    key_id   text        NOT NULL,
    role     text        NOT NULL,
    method   text        NOT NULL,
    route    text        NOT NULL,
    target   text        NULL,
    status   integer     NOT NULL,
    outcome  text        NOT NULL,
    trace_id text        NULL
);
-- A day or an hour, newest first; and the same for one key or one target.
CREATE INDEX IF NOT EXISTS motcua_audit_at ON motcua_audit (at, id);
CREATE INDEX IF NOT EXISTS motcua_audit_key_at ON motcua_audit (key_id, at, id);
CREATE INDEX IF NOT EXISTS motcua_audit_target_at ON motcua_audit (target, at, id) WHERE target IS NOT NULL;

-- The answer given under each idempotency key ({apiKeyId}:{key}), kept until it expires (72 h by default).
CREATE TABLE IF NOT EXISTS motcua_idempotency
(
    key          text        NOT NULL PRIMARY KEY,
    fingerprint  text        NOT NULL,
    status       integer     NOT NULL,
    content_type text        NULL,
    location     text        NULL,
    body         bytea       NOT NULL,
    completed_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS motcua_idempotency_expires ON motcua_idempotency (expires_at);
