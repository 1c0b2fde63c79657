#!/usr/bin/env bash
# Issue 16's read paths at a province's volume, in SQL, on a private PostgreSQL (nothing else needed):
# 1,000,000 dossiers of one agency in the list projection (motcua_dossier_index and its counter rows), and a provider's day of 20,000
# ledgered gateway payments (journal postings and motcua_payments_paid). Applies MotCua's own deploy/sql scripts,
# bulk-loads with generate_series, then times each query the product runs, with pgbench (-T seconds, one client).
# Usage: bash bench/storage/volume.sh [dossiers] [payments]      Prints latency averages; see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
DOSSIERS=${1:-1000000}
PAYMENTS=${2:-20000}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
# initdb refuses to run as root: as root, the server is created and run as the postgres OS user (as the tests do).
AS=()
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); chown postgres "$DIR"; fi
trap '"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres -A trust >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c shared_buffers=512MB -c fsync=off" -l "$DIR/log" -w start >/dev/null
PSQL=("$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q)
for script in deploy/sql/*.sql; do "${PSQL[@]}" -f "$script"; done

echo "loading $DOSSIERS dossiers of SXD and $PAYMENTS payments of one provider day..."
"${PSQL[@]}" <<SQL
INSERT INTO motcua_dossier_index (code, agency_code, status, due_at, due_key, overdue, version, changed_at, procedure_code, receiving_centre, closed)
SELECT 'SXD-' || to_char(i, 'FM0000000'), 'SXD', s, due, coalesce(due, 'infinity'), false, 5, now(), 'SXD-XD-001', 'HN-TTHCC', s IN (3, 9, 10)
FROM (SELECT i, (ARRAY[1,2,4,4,4,4,5,6,8,10])[1 + i % 10] AS s,
             CASE WHEN i % 10 = 0 THEN NULL ELSE now() + (i % 400) * interval '1 day' END AS due
      FROM generate_series(1, $DOSSIERS) i) g;
INSERT INTO motcua_dossier_index (code, agency_code, status, due_at, due_key, overdue, version, changed_at, procedure_code, receiving_centre, closed)
SELECT 'STP-' || to_char(i, 'FM0000000'), 'STP', 4, now(), now(), false, 1, now(), 'STP-001', 'HN-TTHCC', false FROM generate_series(1, 100000) i;
INSERT INTO motcua_payments_paid SELECT 'pay' || i, 'MC' || i, 'FT' || i, 10000 FROM generate_series(1, $PAYMENTS) i;
INSERT INTO motcua_journal_postings (entry_id, line, account, amount, at)
SELECT 'pay:pay' || i, 0, 'clearing:bank', 10000, '2026-12-05 01:00+00'::timestamptz + (i % 80000) * interval '1 second' FROM generate_series(1, $PAYMENTS) i
UNION ALL
SELECT 'pay:pay' || i, 1, 'revenue:SXD:charge', -10000, '2026-12-05 01:00+00'::timestamptz + (i % 80000) * interval '1 second' FROM generate_series(1, $PAYMENTS) i;
-- other days and providers around it
INSERT INTO motcua_journal_postings (entry_id, line, account, amount, at)
SELECT 'pay:other' || i, 0, CASE WHEN i % 2 = 0 THEN 'clearing:bank' ELSE 'clearing:viettelpay' END, 10000,
       '2026-11-01 00:00+00'::timestamptz + (i % 2592000) * interval '1 second' FROM generate_series(1, 500000) i;
-- The list's counter rows (schema 011), as its upsert function would have moved them row by row.
SELECT motcua_dossier_counts_recount(NULL);
VACUUM ANALYZE;
SQL

# The product's own statements (PostgresDossierIndex, PostgresPaymentBook), with the values a request would bind.
# status 4 (processing) is open, so the closed-retention clause is left out, as PostgresDossierIndex does.
FILTER="agency_code = 'SXD' AND status = 4"
# The list's total as PostgresDossierIndex reads it (counter rows), and the exact count it replaced.
cat > "$DIR/count.sql" <<SQL
SELECT coalesce(sum(n), 0)::int FROM motcua_dossier_counts WHERE $FILTER;
SQL
cat > "$DIR/exact-count.sql" <<SQL
SELECT count(*)::int FROM motcua_dossier_index WHERE $FILTER;
SQL
cat > "$DIR/first.sql" <<SQL
SELECT code, status, due_at, overdue, version, changed_at, procedure_code, receiving_centre FROM motcua_dossier_index
WHERE $FILTER ORDER BY due_key, code OFFSET 0 LIMIT 20;
SQL
cat > "$DIR/deep-keyset.sql" <<SQL
SELECT code, status, due_at, overdue, version, changed_at, procedure_code, receiving_centre FROM motcua_dossier_index
WHERE $FILTER AND (due_key, code) > (now() + interval '350 days', 'SXD-0000000') ORDER BY due_key, code LIMIT 20;
SQL
cat > "$DIR/deep-offset.sql" <<SQL
SELECT code, status, due_at, overdue, version, changed_at, procedure_code, receiving_centre FROM motcua_dossier_index
WHERE $FILTER ORDER BY due_key, code OFFSET 200000 LIMIT 20;
SQL
cat > "$DIR/reconcile.sql" <<SQL
SELECT substr(j.entry_id, 5), sum(j.amount)::bigint, min(j.at), p.payment_id IS NOT NULL, p.reference, p.provider_reference, p.amount
FROM motcua_journal_postings j LEFT JOIN motcua_payments_paid p ON p.payment_id = substr(j.entry_id, 5)
WHERE j.account = 'clearing:bank' AND j.at >= '2026-12-04 17:00+00' AND j.at < '2026-12-05 17:00+00' AND j.entry_id LIKE 'pay:%'
GROUP BY j.entry_id, p.payment_id, p.reference, p.provider_reference, p.amount ORDER BY substr(j.entry_id, 5) COLLATE "C";
SQL
"${PSQL[@]}" -c "SELECT count(*) AS processing_in_sxd, (SELECT sum(n) FROM motcua_dossier_counts WHERE $FILTER) AS counted FROM motcua_dossier_index WHERE $FILTER"
for q in count exact-count first deep-keyset deep-offset reconcile; do
  printf '%-12s ' "$q"
  "$BIN/pgbench" -h "$DIR" -p "$PORT" -U postgres -n -c 1 -T 5 -f "$DIR/$q.sql" postgres 2>/dev/null | grep -E "latency average"
done
