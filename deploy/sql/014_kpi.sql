-- MotCua schema 014: the service-quality projection (issue 21, Decision 766/QĐ-TTg) behind /v1/kpi.

-- One row per dossier: what its events said so far. Replaced only over the version it was computed from
-- (last_sequence), so a redelivered or replayed event changes nothing.
CREATE TABLE IF NOT EXISTS motcua_kpi_dossiers
(
    code           text COLLATE "C" NOT NULL PRIMARY KEY,
    agency_code    text COLLATE "C" NOT NULL,
    last_sequence  bigint      NOT NULL,
    status         text        NULL,
    accepted_at    timestamptz NULL,     -- first acceptance
    due_at         timestamptz NULL,     -- the current due date (after an apology, its new date)
    promised_at    timestamptz NULL,     -- the appointment date before any apology (moved only by pauses)
    apologized     boolean     NOT NULL,
    finished_at    timestamptz NULL,     -- first result (processed)
    finished_month text        NULL,     -- yyyy-MM, Vietnam time
    timeliness     text        NULL,     -- early | on_time | late, against promised_at
    lead_days      numeric(9, 2) NULL,   -- working days from acceptance to the result
    rating         smallint    NULL,     -- 1-5, once
    rated_month    text        NULL
);
-- Month first: one agency's month and every agency's month (the ranked board) read the same index.
CREATE INDEX IF NOT EXISTS motcua_kpi_dossiers_finished ON motcua_kpi_dossiers (finished_month, agency_code) WHERE finished_month IS NOT NULL;
CREATE INDEX IF NOT EXISTS motcua_kpi_dossiers_rated ON motcua_kpi_dossiers (rated_month, agency_code) WHERE rating IS NOT NULL;
-- Overdue: the clock runs (accepted, processing) and the appointment date has passed.
CREATE INDEX IF NOT EXISTS motcua_kpi_dossiers_open ON motcua_kpi_dossiers (agency_code, promised_at)
    WHERE status IN ('accepted', 'processing');

-- Each fee payment that succeeded, once (the primary key is the de-duplication); refunded in full leaves the figures.
CREATE TABLE IF NOT EXISTS motcua_kpi_payments
(
    payment_id  text COLLATE "C" NOT NULL PRIMARY KEY,
    agency_code text COLLATE "C" NOT NULL,
    dossier_code text COLLATE "C" NOT NULL,
    month       text    NOT NULL,       -- yyyy-MM, Vietnam time, of the success
    method      text    NOT NULL,
    amount      bigint  NOT NULL,
    online      boolean NOT NULL,       -- every method but cash
    refunded    boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS motcua_kpi_payments_month ON motcua_kpi_payments (month, agency_code);
