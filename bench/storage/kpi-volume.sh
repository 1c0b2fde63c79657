#!/usr/bin/env bash
# Issue 21's service-quality reads at a province's volume, in SQL, on a private PostgreSQL (as bench/storage/volume.sh):
# 1,000,000 dossier rows of SXD in motcua_kpi_dossiers spread over 24 months, 19 other agencies of 50,000 each, and
# 300,000 fee payments. Applies MotCua's own deploy/sql scripts, bulk-loads with generate_series, then times the
# statements PostgresKpiBook runs (one agency's month as one batch, the ranked board's batch, the overdue list) with
# pgbench (-T seconds, one client). Usage: bash bench/storage/kpi-volume.sh [dossiers]      Prints latency averages.
set -euo pipefail
cd "$(dirname "$0")/../.."
DOSSIERS=${1:-1000000}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
AS=()
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); chown postgres "$DIR"; fi
trap '"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres -A trust >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c shared_buffers=512MB -c fsync=off" -l "$DIR/log" -w start >/dev/null
PSQL=("$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q)
for script in deploy/sql/*.sql; do "${PSQL[@]}" -f "$script"; done

echo "loading $DOSSIERS KPI rows of SXD, 19 x 50,000 of other agencies, 300,000 payments..."
"${PSQL[@]}" <<SQL
-- Month m of 24 (2025-01 .. 2026-12); a tenth still open (half of those past their date), the rest with a result.
INSERT INTO motcua_kpi_dossiers
SELECT code, agency, 9, CASE WHEN open THEN 'processing' ELSE 'returned' END, at, promised, promised, i % 7 = 0,
       CASE WHEN open THEN NULL ELSE at + interval '3 days' END, CASE WHEN open THEN NULL ELSE month END,
       CASE WHEN open THEN NULL ELSE (ARRAY['early', 'on_time', 'on_time', 'late'])[1 + i % 4] END,
       CASE WHEN open THEN NULL ELSE round((i % 1500) / 100.0, 2) END,
       CASE WHEN open OR i % 3 = 0 THEN NULL ELSE 1 + i % 5 END, CASE WHEN open OR i % 3 = 0 THEN NULL ELSE month END
FROM (SELECT i, agency, 'D' || agency || '-' || i AS code, i % 10 = 0 AS open,
             to_char(date '2025-01-01' + ((i % 24) * interval '1 month'), 'YYYY-MM') AS month,
             timestamptz '2025-01-01 09:00+07' + ((i % 24) * interval '1 month') AS at,
             timestamptz '2025-01-01 09:00+07' + ((i % 24) * interval '1 month') + CASE WHEN i % 20 = 0 THEN interval '1000 days' ELSE interval '7 days' END AS promised
      FROM (SELECT i, 'SXD' AS agency FROM generate_series(1, $DOSSIERS) i
            UNION ALL SELECT i, 'AG' || (i % 19) FROM generate_series(1, 950000) i) a) g;
INSERT INTO motcua_kpi_payments
SELECT 'pay' || i, CASE WHEN i % 3 = 0 THEN 'SXD' ELSE 'AG' || (i % 19) END, 'D' || i,
       to_char(date '2025-01-01' + ((i % 24) * interval '1 month'), 'YYYY-MM'), (ARRAY['cash', 'vietqr', 'wallet'])[1 + i % 3],
       10000 + (i % 50) * 1000, i % 3 <> 0, i % 97 = 0
FROM generate_series(1, 300000) i;
VACUUM ANALYZE;
SQL

# The product's own statements (PostgresKpiBook), with the values a request binds. Rows of a month are spread evenly
# over the table (i % 24), the worst layout for the month indexes' heap reads.
FILTER="('SXD'::text IS NULL OR agency_code = 'SXD')"
ALL="(NULL::text IS NULL OR agency_code = NULL::text)"
for scope in agency board; do
  if [ "$scope" = agency ]; then F=$FILTER; else F=$ALL; fi
  cat > "$DIR/$scope.sql" <<SQL
SELECT agency_code, count(*) FILTER (WHERE timeliness = 'early')::int, count(*) FILTER (WHERE timeliness = 'on_time')::int,
       count(*) FILTER (WHERE timeliness = 'late')::int, count(lead_days)::int,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY lead_days), percentile_disc(0.9) WITHIN GROUP (ORDER BY lead_days)
FROM motcua_kpi_dossiers WHERE finished_month = '2026-11' AND $F GROUP BY agency_code;
SELECT agency_code, count(*) FILTER (WHERE apologized)::int, count(*) FILTER (WHERE NOT apologized)::int
FROM motcua_kpi_dossiers WHERE status IN ('accepted', 'processing') AND promised_at < '2026-12-01 00:00+07' AND $F GROUP BY agency_code;
SELECT agency_code, rating, count(*)::int FROM motcua_kpi_dossiers
WHERE rated_month = '2026-11' AND rating IS NOT NULL AND $F GROUP BY agency_code, rating;
SELECT agency_code, count(*)::int, coalesce(sum(amount), 0)::bigint, count(*) FILTER (WHERE online)::int,
       coalesce(sum(amount) FILTER (WHERE online), 0)::bigint
FROM motcua_kpi_payments WHERE month = '2026-11' AND NOT refunded AND $F GROUP BY agency_code;
SQL
done
cat > "$DIR/overdue.sql" <<SQL
SELECT code, status, promised_at, apologized, due_at FROM motcua_kpi_dossiers
WHERE agency_code = 'SXD' AND status IN ('accepted', 'processing') AND promised_at < '2026-12-01 00:00+07'
ORDER BY promised_at, code LIMIT 100;
SQL
"${PSQL[@]}" -c "SELECT count(*) AS sxd_results_2026_11 FROM motcua_kpi_dossiers WHERE agency_code = 'SXD' AND finished_month = '2026-11'"
for q in agency board overdue; do
  printf '%-8s ' "$q"
  "$BIN/pgbench" -h "$DIR" -p "$PORT" -U postgres -n -c 1 -T 5 -f "$DIR/$q.sql" postgres 2>/dev/null | grep -E "latency average"
done
