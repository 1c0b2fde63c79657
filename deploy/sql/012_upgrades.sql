-- MotCua schema 012: one-off data upgrades that run after the scripts (issue 16). `migrate` records each here when it
-- has finished, so later runs and silo starts skip it with one read. 'history-tables' moved the history of the release
-- before schema 006 out of the grain state rows (see src/Storage.Postgres/Upgrade/HistoryUpgrade.cs).
CREATE TABLE IF NOT EXISTS motcua_upgrades
(
    name         text        NOT NULL PRIMARY KEY,
    completed_at timestamptz NOT NULL,
    summary      text        NOT NULL
);
