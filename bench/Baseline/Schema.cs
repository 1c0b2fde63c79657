namespace MotCua.Bench.Baseline;

/// <summary>The conventional design's tables: one row per thing, foreign keys by code, money as bigint.</summary>
public static class Schema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS bl_idempotency (
            key         text PRIMARY KEY,
            fingerprint text NOT NULL,
            status      int  NOT NULL,
            body        bytea,
            created_at  timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS bl_counters (unit_day text PRIMARY KEY, last int NOT NULL);
        CREATE TABLE IF NOT EXISTS bl_dossiers (
            code             text PRIMARY KEY,
            status           text NOT NULL,
            procedure_code   text NOT NULL,
            agency_code      text NOT NULL,
            receiving_centre text NOT NULL,
            citizen_id       text NOT NULL,
            full_name        text NOT NULL,
            submitted_at     timestamptz NOT NULL,
            due_at           timestamptz,
            fee_total        bigint NOT NULL DEFAULT 0,
            paid_total       bigint NOT NULL DEFAULT 0,
            history_count    int NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS bl_dossiers_agency_status ON bl_dossiers (agency_code, status, due_at);
        CREATE TABLE IF NOT EXISTS bl_dossier_history (
            code text NOT NULL, seq int NOT NULL, type text NOT NULL, at timestamptz NOT NULL, actor_role text NOT NULL,
            actor_key text NOT NULL, from_status text, to_status text, PRIMARY KEY (code, seq));
        CREATE TABLE IF NOT EXISTS bl_fee_items (
            code text NOT NULL, n int NOT NULL, kind text NOT NULL, name text NOT NULL, amount bigint NOT NULL, PRIMARY KEY (code, n));
        CREATE TABLE IF NOT EXISTS bl_payments (
            id text PRIMARY KEY, dossier_code text NOT NULL, method text NOT NULL, amount bigint NOT NULL, status text NOT NULL,
            reference text NOT NULL UNIQUE, created_at timestamptz NOT NULL, succeeded_at timestamptz, receipt_number text);
        CREATE INDEX IF NOT EXISTS bl_payments_dossier ON bl_payments (dossier_code);
        CREATE TABLE IF NOT EXISTS bl_channels (
            id text PRIMARY KEY, float_limit bigint NOT NULL, position bigint NOT NULL, window_count int NOT NULL, window_total bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS bl_collections (
            payment_id text PRIMARY KEY, channel_id text NOT NULL, amount bigint NOT NULL, receipt_number text NOT NULL, at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS bl_receipt_series (series text PRIMARY KEY, last int NOT NULL);
        CREATE TABLE IF NOT EXISTS bl_ledger (
            id bigserial PRIMARY KEY, operation text NOT NULL, account text NOT NULL, amount bigint NOT NULL, at timestamptz NOT NULL);
        """;
}
