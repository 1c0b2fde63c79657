-- MotCua schema 001: the named-query catalogue of the Orleans ADO.NET providers, and the
-- table that records which of these scripts a database has received.
--
-- Rules for every script in this folder (SchemaMigrator relies on them):
--   * Running a script again on a database that already has it succeeds and changes nothing:
--     tables and indexes are created only when missing, functions are replaced by the same
--     text, and a query row is rewritten only when its text differs.
--   * A script holds no BEGIN/COMMIT of its own: SchemaMigrator runs each one in a transaction.
--   * The providers address tables, result columns and query parameters by name (Npgsql matches
--     column names case-insensitively), so those names follow the Orleans contract. Function
--     names, constraint names and the SQL itself are MotCua's own.
--
-- Contract checked against Microsoft.Orleans.{Clustering,Persistence,Reminders}.AdoNet 10.4.2,
-- invariant "Npgsql".

-- Every provider runs "SELECT QueryKey, QueryText FROM OrleansQuery" when it starts and fails
-- if a key it needs is missing.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,

    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

-- One row per script applied by SchemaMigrator. SchemaMigrator creates this table itself before
-- it reads it; the same definition is kept here so that the schema describes itself.
CREATE TABLE IF NOT EXISTS motcua_schema_version
(
    version    integer     NOT NULL,
    name       text        NOT NULL,
    checksum   text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT motcua_schema_version_pk PRIMARY KEY (version)
);
