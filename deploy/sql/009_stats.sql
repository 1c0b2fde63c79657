-- MotCua schema 009: the stats projections as rows (issue 16), instead of grain state holding every dossier and payment.

-- One row per dossier of an agency: its last applied event, last status, month of submission and first result.
CREATE TABLE IF NOT EXISTS motcua_agency_dossier_stats
(
    code            text COLLATE "C" NOT NULL PRIMARY KEY,
    agency_code     text COLLATE "C" NOT NULL,
    shard           integer NOT NULL,
    last_sequence   bigint  NOT NULL, -- an event at or below it was applied already (redelivery changes nothing)
    status          text    NULL,
    submitted_month text    NULL,     -- yyyy-MM, Vietnam time
    finished_month  text    NULL,     -- month of the first result (processed)
    on_time         boolean NULL      -- that result against the due date of the time
);
CREATE INDEX IF NOT EXISTS motcua_agency_dossier_stats_shard ON motcua_agency_dossier_stats (agency_code, shard, status);

-- Per agency shard: how many events were applied and when, so the stats can show their lag.
CREATE TABLE IF NOT EXISTS motcua_agency_stats_shards
(
    agency_code    text COLLATE "C" NOT NULL,
    shard          integer     NOT NULL,
    last_event_at  timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    events_applied bigint      NOT NULL,
    PRIMARY KEY (agency_code, shard)
);

-- Each succeeded payment counted in a channel's day, once (insert-only).
CREATE TABLE IF NOT EXISTS motcua_channel_day_payments
(
    channel_id text COLLATE "C" NOT NULL,
    day        date   NOT NULL,
    payment_id text COLLATE "C" NOT NULL,
    method     text   NOT NULL,
    amount     bigint NOT NULL,
    PRIMARY KEY (channel_id, day, payment_id)
);

-- A channel's day per payment method: counters moved only by a new row above.
CREATE TABLE IF NOT EXISTS motcua_channel_day_totals
(
    channel_id    text COLLATE "C" NOT NULL,
    day           date        NOT NULL,
    method        text        NOT NULL,
    count         integer     NOT NULL,
    amount        bigint      NOT NULL,
    last_event_at timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (channel_id, day, method)
);
