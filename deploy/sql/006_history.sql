-- MotCua schema 006: history that only grows lives in insert-only tables, not inside grain state rows (issue 16).
-- Each table has one writer per row (the grain that owns that history) and unique keys that make a retried insert
-- harmless. Names are MotCua's own; the Orleans tables of 001–004 are untouched.

-- The ledger journal: one row per entry, one row per posting line. The entry id is the operation that moved the money.
CREATE TABLE IF NOT EXISTS motcua_journal_entries
(
    entry_id   text        NOT NULL,
    shard      smallint    NOT NULL,
    at         timestamptz NOT NULL,
    memo       text        NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT motcua_journal_entries_pk PRIMARY KEY (entry_id)
);

CREATE TABLE IF NOT EXISTS motcua_journal_postings
(
    entry_id text        NOT NULL,
    line     smallint    NOT NULL,
    account  text COLLATE "C" NOT NULL,
    amount   bigint      NOT NULL,
    at       timestamptz NOT NULL,

    CONSTRAINT motcua_journal_postings_pk PRIMARY KEY (entry_id, line)
);

-- An account's statement for a period (reconciliation reads a provider's clearing account for a day).
CREATE INDEX IF NOT EXISTS motcua_journal_postings_account_ix ON motcua_journal_postings (account, at);

-- Balances, one row per account and ledger shard: each shard grain writes only its own rows, so shards never wait
-- for each other; an account's balance is the sum of its rows.
CREATE TABLE IF NOT EXISTS motcua_account_balances
(
    account text COLLATE "C" NOT NULL,
    shard   smallint NOT NULL,
    balance bigint   NOT NULL,

    CONSTRAINT motcua_account_balances_pk PRIMARY KEY (account, shard)
);

-- Entries per shard, kept with the entries so the audit never counts the journal.
CREATE TABLE IF NOT EXISTS motcua_journal_shards
(
    shard   smallint NOT NULL,
    entries bigint   NOT NULL,

    CONSTRAINT motcua_journal_shards_pk PRIMARY KEY (shard)
);

-- Electronic receipts: one row per receipt. The series' counter is its highest number, so a number and its receipt
-- commit together and a series has no gaps; a payment has at most one receipt in a series.
CREATE TABLE IF NOT EXISTS motcua_receipts
(
    series     text        NOT NULL,
    sequence   bigint      NOT NULL,
    payment_id text        NOT NULL,
    amount     bigint      NOT NULL,
    issued_at  timestamptz NOT NULL,

    CONSTRAINT motcua_receipts_pk PRIMARY KEY (series, sequence),
    CONSTRAINT motcua_receipts_payment_uq UNIQUE (series, payment_id)
);

-- Dossier numbers per receiving unit and day ({unit}-{yyMMdd}): one row per number with the operation that took it.
CREATE TABLE IF NOT EXISTS motcua_dossier_numbers
(
    unit_day     text        NOT NULL,
    number       integer     NOT NULL,
    operation_id text        NOT NULL,
    issued_at    timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT motcua_dossier_numbers_pk PRIMARY KEY (unit_day, number),
    CONSTRAINT motcua_dossier_numbers_operation_uq UNIQUE (unit_day, operation_id)
);

-- A channel's confirmed cash collections, by settlement window.
CREATE TABLE IF NOT EXISTS motcua_channel_collections
(
    channel_id     text        NOT NULL,
    operation_id   text        NOT NULL,
    reference      text        NOT NULL,
    payment_id     text        NOT NULL,
    dossier_code   text        NOT NULL,
    amount         bigint      NOT NULL,
    receipt_number text        NOT NULL,
    at             timestamptz NOT NULL,
    payment_status text        NOT NULL,
    window_number  integer     NOT NULL,

    CONSTRAINT motcua_channel_collections_pk PRIMARY KEY (channel_id, operation_id)
);

CREATE INDEX IF NOT EXISTS motcua_channel_collections_window_ix ON motcua_channel_collections (channel_id, window_number, at);

-- A channel's closed settlement windows.
CREATE TABLE IF NOT EXISTS motcua_channel_settlements
(
    channel_id   text        NOT NULL,
    number       integer     NOT NULL,
    operation_id text        NOT NULL,
    opened_at    timestamptz NOT NULL,
    closed_at    timestamptz NOT NULL,
    count        integer     NOT NULL,
    total        bigint      NOT NULL,

    CONSTRAINT motcua_channel_settlements_pk PRIMARY KEY (channel_id, number),
    CONSTRAINT motcua_channel_settlements_operation_uq UNIQUE (channel_id, operation_id)
);
