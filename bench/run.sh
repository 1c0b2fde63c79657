#!/usr/bin/env bash
# MotCua benchmark: one command builds everything in Release, starts a private PostgreSQL 15 (fsync on), measures
# pgbench, the conventional baseline, the trivial HTTP endpoint and MotCua (durable mode) in the same run, checks the
# invariants after each target, and writes docs/benchmarks/RESULTS.md with its PNG charts.
#   bash bench/run.sh           full run (42 minutes on 5 Dec 2026 with the build, 20 of them seeding a million dossiers)
#   bash bench/run.sh --quick   smoke run (about 9 minutes plus the build: small pools, short runs)
# Ports (override with BENCH_PORT_BASE): PostgreSQL base+1, MotCua HTTP base+80, silo base+111, gateway base+130,
# baseline base+90, payment sandbox base+95, the seed's own silo base+211 and base+230.
set -euo pipefail

QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/docs/benchmarks}
BASE_PORT=${BENCH_PORT_BASE:-6000}
PG_PORT=$((BASE_PORT + 1)); SILO_HTTP=$((BASE_PORT + 80)); BASELINE_HTTP=$((BASE_PORT + 90))
SILO_PORT=$((BASE_PORT + 111)); GATEWAY_PORT=$((BASE_PORT + 130)); SANDBOX_HTTP=$((BASE_PORT + 95))
CLIENTS=${BENCH_CLIENTS:-32}   # closed-loop concurrency of every HTTP run, and pgbench's client count
AGENTS=256                     # bench agent keys, one channel each, so no agent's float limit fills up

if (( QUICK )); then
  WARMUP=3; DURATION=10; STEP=6; POOL=3000; POOL_SECONDS=25; BASELINE_POOL_SECONDS=10; EXP_DURATION=6; READ_POOL=200
  GROWTH_SMALL=10000; GROWTH_BIG=100000; GROWTH_POOL=600; GROWTH_SEED_SECONDS=30; RECONCILE=2000; LIST_REQUESTS=100
  PGBENCH_SECONDS=10
else
  WARMUP=10; DURATION=30; STEP=15; POOL=20000; POOL_SECONDS=150; BASELINE_POOL_SECONDS=60; EXP_DURATION=20; READ_POOL=2000
  GROWTH_SMALL=10000; GROWTH_BIG=1000000; GROWTH_POOL=2400; GROWTH_SEED_SECONDS=120; PGBENCH_SECONDS=30; RECONCILE=20000
  LIST_REQUESTS=300
fi
# Seeding the growth database uses a larger connection pool and more callers than the measured runs (a setting of the
# silo, MotCua:Database:DefaultMaxPoolSize): commits then share fsyncs, and seeding goes several times faster.
SEED_POOL=100; SEED_CLIENTS=128

WORK=$(mktemp -d /tmp/motcua-bench-XXXXXX)
RAW=$WORK/raw; mkdir -p "$RAW" "$OUT"
chmod 777 "$WORK"
PGDATA=$WORK/pg; LOADGEN="dotnet $ROOT/bench/LoadGen/bin/Release/net10.0/MotCua.Bench.LoadGen.dll"
SILO_DLL=$ROOT/src/Silo/bin/Release/net10.0/MotCua.Silo.dll
BASELINE_DLL=$ROOT/bench/Baseline/bin/Release/net10.0/MotCua.Bench.Baseline.dll
SEED_DLL=$ROOT/bench/Seed/bin/Release/net10.0/MotCua.Bench.Seed.dll
SANDBOX_DLL=$ROOT/src/Sandbox/bin/Release/net10.0/MotCua.Sandbox.dll
SILO_PID=""; BASELINE_PID=""; SANDBOX_PID=""
log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { command -v "$1" || ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1; }
PSQL=$(pg_bin psql); PGBENCH=$(pg_bin pgbench); INITDB=$(pg_bin initdb); PGCTL=$(pg_bin pg_ctl)
[[ -x "$INITDB" && -x "$PGCTL" && -x "$PGBENCH" ]] || { echo "PostgreSQL 15 binaries (initdb, pg_ctl, pgbench) are needed: apt-get install postgresql postgresql-contrib" >&2; exit 1; }
sql() { "$PSQL" -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -c "$2"; }

cleanup() {
  set +e
  [[ -n "$SILO_PID" ]] && kill "$SILO_PID" 2>/dev/null && wait "$SILO_PID" 2>/dev/null
  [[ -n "$BASELINE_PID" ]] && kill "$BASELINE_PID" 2>/dev/null && wait "$BASELINE_PID" 2>/dev/null
  [[ -n "$SANDBOX_PID" ]] && kill "$SANDBOX_PID" 2>/dev/null && wait "$SANDBOX_PID" 2>/dev/null
  [[ -f "$PGDATA/postmaster.pid" ]] && as_pg "$PGCTL" -D "$PGDATA" -m fast -w stop >/dev/null
  if [[ -z "${BENCH_KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT

wait_http() { # url, pid
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited; see its log in $WORK" >&2; return 1; }
    sleep 0.5
  done
  echo "timed out waiting for $1" >&2; return 1
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# ---------------------------------------------------------------- build (Release, warnings are errors)
log "building (Release)"
dotnet build "$ROOT/src/Silo/Silo.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/bench/LoadGen/LoadGen.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/bench/Baseline/Baseline.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/bench/Seed/Seed.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/src/Sandbox/Sandbox.csproj" -c Release -v q -nologo >/dev/null

# ---------------------------------------------------------------- PostgreSQL 15, fsync on, synchronous commit on
log "starting PostgreSQL on 127.0.0.1:$PG_PORT (fsync on)"
as_pg "$INITDB" -D "$PGDATA" -A trust -U postgres -E UTF8 --locale=C >/dev/null
as_pg "$PGCTL" -D "$PGDATA" -l "$WORK/pg.log" -w -t 60 start -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 \
  -c fsync=on -c synchronous_commit=on -c max_connections=300 -c shared_buffers=512MB \
  -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" >/dev/null
for db in motcua growth baseline pgbench; do sql postgres "CREATE DATABASE $db"; done
for db in motcua growth; do sql "$db" "CREATE EXTENSION pg_stat_statements"; done

# ---------------------------------------------------------------- machine and versions
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "mode=$([[ $QUICK == 1 ]] && echo quick || echo full)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
  echo "memory=$(free -g | awk '/Mem:/ {print $2}') GB"
  echo "kernel=$(uname -r)"
  echo "dotnet=$(dotnet --version)"
  echo "postgres=$(sql postgres 'SHOW server_version')"
  echo "orleans=$(grep -o '<OrleansVersion>[^<]*' "$ROOT/Directory.Packages.props" | cut -d'>' -f2)"
  echo "npgsql=$(grep -o 'Include="Npgsql" Version="[^"]*' "$ROOT/Directory.Packages.props" | sed 's/.*Version="//')"
  echo "clients=$CLIENTS"
  echo "load_other_processes=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
} > "$RAW/machine.txt"

# ---------------------------------------------------------------- pgbench: the machine's limit for durable commits
log "pgbench TPC-B-like, scale 10, $CLIENTS clients, ${PGBENCH_SECONDS}s"
"$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -i -s 10 -q pgbench >/dev/null 2>&1
"$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CLIENTS" -j 2 -T "$PGBENCH_SECONDS" pgbench > "$RAW/pgbench.txt" 2>&1
grep -E "^tps|latency average" "$RAW/pgbench.txt" >&2

run() { # label target scenario [extra loadgen options...]
  local label=$1 target=$2 scenario=$3; shift 3
  $LOADGEN run --label "$label" --target "$target" --scenario "$scenario" --agents $AGENTS --warmup $WARMUP --duration $DURATION \
    --out "$RAW/run-$label.json" "$@" || log "run $label completed no operation"
}

# ---------------------------------------------------------------- the conventional design and the trivial endpoint
log "baseline: stateless ASP.NET + Npgsql on http://127.0.0.1:$BASELINE_HTTP"
ConnectionStrings__Baseline="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=baseline" \
  ASPNETCORE_URLS="http://127.0.0.1:$BASELINE_HTTP" Logging__LogLevel__Default=Warning \
  dotnet "$BASELINE_DLL" > "$WORK/baseline.log" 2>&1 &
BASELINE_PID=$!
wait_http "http://127.0.0.1:$BASELINE_HTTP/trivial/dossiers/X" "$BASELINE_PID"
B="--base http://127.0.0.1:$BASELINE_HTTP"
run baseline-s1 baseline lifecycle $B --concurrency "$CLIENTS" --counts "$RAW/baseline-counts.txt"
$LOADGEN prepare $B --count "$POOL" --concurrency "$CLIENTS" --pool "$RAW/baseline-pool.txt" --agents $AGENTS --max-seconds "$BASELINE_POOL_SECONDS" \
  || log "some dossiers could not be prepared (counted above)"
run baseline-s2 baseline payment $B --concurrency "$CLIENTS" --pool "$RAW/baseline-pool.txt" --counts "$RAW/baseline-counts.txt"
run baseline-s3 baseline read $B --concurrency "$CLIENTS" --pool "$RAW/baseline-pool.txt"
run trivial-s3 trivial read $B --concurrency "$CLIENTS" --pool "$RAW/baseline-pool.txt" --read-path /trivial/dossiers/
$LOADGEN check $B --agents $AGENTS --counts "$RAW/baseline-counts.txt" --target baseline --out "$RAW/check-baseline.json" || true
kill "$BASELINE_PID"; wait "$BASELINE_PID" 2>/dev/null || true; BASELINE_PID=""

# ---------------------------------------------------------------- MotCua, durable mode
agent_env=()
for ((i = 0; i < AGENTS; i++)); do
  secret=$(printf 'bench-agent-%04d' $i)
  agent_env+=("MotCua__Auth__Keys__${i}__Id=kid-$secret" "MotCua__Auth__Keys__${i}__Role=agent"
    "MotCua__Auth__Keys__${i}__ChannelId=$(printf 'vnpost:BENCH-%04d' $i)"
    "MotCua__Auth__Keys__${i}__Sha256=$(printf '%s' "$secret" | sha256sum | cut -d' ' -f1)")
done

gateway_env=()   # the growth step points the bank gateway at the payment sandbox, for reconciliation
start_silo() { # database [pool size]
  local cs="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$1${EXTRA_CS:-}"
  local pool=${2:-20}
  env ConnectionStrings__MotCua="$cs" ASPNETCORE_ENVIRONMENT=Development dotnet "$SILO_DLL" migrate >> "$WORK/silo-$1.log" 2>&1
  env "${agent_env[@]}" "${gateway_env[@]}" ConnectionStrings__MotCua="$cs" ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$SILO_HTTP" \
    MotCua__Silo__SiloPort=$SILO_PORT MotCua__Silo__GatewayPort=$GATEWAY_PORT MotCua__Silo__ClusterId="bench-$1" \
    MotCua__Limits__PermitsPerKey=100000000 MotCua__Limits__PermitsPerKeyPerSecond=100000000 \
    MotCua__Database__DefaultMaxPoolSize="$pool" Logging__LogLevel__Default=Warning dotnet "$SILO_DLL" >> "$WORK/silo-$1.log" 2>&1 &
  SILO_PID=$!
  wait_http "http://127.0.0.1:$SILO_HTTP/health/ready" "$SILO_PID"
}
stop_silo() { kill "$SILO_PID"; wait "$SILO_PID" 2>/dev/null || true; SILO_PID=""; }
statements() { # database file: the statements PostgreSQL ran since the last reset, most called first
  sql "$1" "SELECT calls, round(total_exec_time::numeric, 1), rows, regexp_replace(left(query, 90), '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 12" > "$2"
}

log "MotCua silo (durable, PostgreSQL) on http://127.0.0.1:$SILO_HTTP"
start_silo motcua
M="--base http://127.0.0.1:$SILO_HTTP"
echo "rss_start_kb=$(rss_kb "$SILO_PID")" > "$RAW/memory.txt"
sql motcua "SELECT pg_stat_statements_reset()" >/dev/null
run motcua-s1 motcua lifecycle $M --concurrency "$CLIENTS" --counts "$RAW/motcua-counts.txt"
statements motcua "$RAW/statements-s1.txt"
tail -1 "$RAW/motcua-counts.txt" > "$RAW/s1-collections.txt"
$LOADGEN prepare $M --count "$POOL" --concurrency "$CLIENTS" --pool "$RAW/motcua-pool.txt" --agents $AGENTS --max-seconds "$POOL_SECONDS" \
  || log "some dossiers could not be prepared (counted above)"
sql motcua "SELECT pg_stat_statements_reset()" >/dev/null
run motcua-s2 motcua payment $M --concurrency "$CLIENTS" --pool "$RAW/motcua-pool.txt" --counts "$RAW/motcua-counts.txt" \
  --pool-used "$RAW/pool-used.txt"
statements motcua "$RAW/statements-s2.txt"
tail -1 "$RAW/motcua-counts.txt" > "$RAW/s2-collections.txt"
PEAK=$(python3 -c "import json;print(json.load(open('$RAW/run-motcua-s2.json'))['throughput'])")
OFFSET=$(cat "$RAW/pool-used.txt")
for pct in 30 50 70 90; do
  rate=$(python3 -c "print(max(1.0, round($PEAK * $pct / 100, 1)))")
  $LOADGEN run --label "motcua-s2-open-$pct" --target motcua --scenario payment $M --rate "$rate" --agents $AGENTS --warmup 2 \
    --duration $STEP --pool "$RAW/motcua-pool.txt" --pool-offset "$OFFSET" --pool-used "$RAW/pool-used.txt" \
    --counts "$RAW/motcua-counts.txt" --out "$RAW/run-motcua-s2-open-$pct.json"
  OFFSET=$(cat "$RAW/pool-used.txt")
done
run motcua-s3 motcua read $M --concurrency "$CLIENTS" --pool "$RAW/motcua-pool.txt"
$LOADGEN check $M --agents $AGENTS --counts "$RAW/motcua-counts.txt" --out "$RAW/check-motcua.json" || true
echo "rss_end_kb=$(rss_kb "$SILO_PID")" >> "$RAW/memory.txt"
curl -fs "http://127.0.0.1:$SILO_HTTP/v1/cluster" -H "Authorization: Bearer dev-operator" > "$RAW/cluster-main.json" || true
stop_silo

# ---------------------------------------------------------------- settings experiments (scenario 2, closed loop)
# Each restarts the silo with one setting changed and runs scenario 2 on the rest of the prepared pool; "control" is
# the same restart with nothing changed. Stored state only grows (receipt series, channels, agency index), so later
# runs start at a disadvantage: a gain measured here is if anything understated.
experiment() { # label pool-size extra-connection-string
  EXTRA_CS=$3 start_silo motcua "$2"
  $LOADGEN run --label "exp-$1" --target motcua --scenario payment $M --concurrency "$CLIENTS" --agents $AGENTS --warmup $WARMUP \
    --duration $EXP_DURATION --pool "$RAW/motcua-pool.txt" --pool-offset "$(cat "$RAW/pool-used.txt")" --pool-used "$RAW/pool-used.txt" \
    --counts "$RAW/motcua-counts.txt" --out "$RAW/run-exp-$1.json" || true
  stop_silo
}
log "settings experiments on scenario 2"
experiment control 20 ""
experiment pool-60 60 ""
experiment auto-prepare 20 ";Max Auto Prepare=32;Auto Prepare Min Usages=2"
start_silo motcua
$LOADGEN check $M --agents $AGENTS --counts "$RAW/motcua-counts.txt" --out "$RAW/check-motcua-after-experiments.json" || true
stop_silo
sql motcua "SELECT graintypestring, count(*), round(avg(octet_length(payloadbinary))), max(octet_length(payloadbinary)), sum(version)
            FROM orleansstorage GROUP BY 1 ORDER BY 2 DESC" > "$RAW/storage-rows.txt"

# ---------------------------------------------------------------- growth: scenario 2 with N dossiers already stored
# Scenario 2 needs real dossiers waiting for payment: a pool is prepared once through the API (file, accept, request
# payment), and each growth step uses its own half of it. The other stored dossiers are bulk-loaded by bench/Seed up to
# the step's size: copies of a real paid dossier of this run (the template) under their own codes, each with its VietQR
# payment and reference, written through MotCua's own grain storage, plus their rows in the list projection, the
# journal, the receipts and the payments matched by reconciliation; the first $RECONCILE are paid on one provider-day
# (5 December 2025). Seeding a million through the API would take hours on this machine. After scenario 2 each step
# times, one request after another, the officer's list of processing dossiers (first page, and a keyset page half-way
# through) and that day's reconciliation, with the bank gateway pointed at the payment sandbox (its statement for that
# day is empty, so every payment is matched and reported as missing at the provider).
GROWTH_DB=${GROWTH_DB:-motcua}
dossier_rows() { sql "$GROWTH_DB" "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'dossier-v1'"; }
bulk_fill() { # total dossier rows wanted
  local have want=$1 started real template
  have=$(dossier_rows)
  (( want > have )) || return 0
  # Bulk dossiers are the ones filed in 2025 ({unit}-25MMDD-nnnn); this run files its own in the current year.
  real=$(sql "$GROWTH_DB" "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'dossier-v1' AND grainidextensionstring !~ '-25[0-9]{4}-[0-9]{4}\$'")
  template=$(sql "$GROWTH_DB" "SELECT code FROM motcua_dossier_index WHERE agency_code = 'SXD' AND status = 4 AND code !~ '-25[0-9]{4}-[0-9]{4}\$'
                               ORDER BY code LIMIT 1")
  started=$(date +%s)
  dotnet "$SEED_DLL" --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$GROWTH_DB" --template "$template" \
    --to $((want - real)) --reconcile "$RECONCILE" --silo-port $((BASE_PORT + 211)) --gateway-port $((BASE_PORT + 230)) >&2
  echo "bulk_rows_to_$want=$((want - have)) bulk_seconds_to_$want=$(( $(date +%s) - started ))" >> "$RAW/growth-bulk.txt"
}
start_sandbox() {
  [[ -n "$SANDBOX_PID" ]] && return 0
  ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning dotnet "$SANDBOX_DLL" --urls "http://127.0.0.1:$SANDBOX_HTTP" \
    --Sandbox:CallbackBaseUrl "http://127.0.0.1:$SILO_HTTP/" > "$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  wait_http "http://127.0.0.1:$SANDBOX_HTTP/sandbox/faults" "$SANDBOX_PID"
  gateway_env=("Gateways__Bank__BaseUrl=http://127.0.0.1:$SANDBOX_HTTP/bank/" "Gateways__Bank__MerchantId=MOTCUA"
    "Gateways__Bank__ApiKey=sk_sandbox_bank" "Gateways__Bank__WebhookSecret=whsec_sandbox_bank")
}
read_paths() { # label: the list's first page and a keyset page half-way through, then the provider-day's reconciliation
  local label=$1 n cursor
  local list="http://127.0.0.1:$SILO_HTTP/v1/dossiers?agency=SXD&status=processing&pageSize=20"
  python3 "$ROOT/bench/http_latency.py" "list-first-$label" "$list" dev-officer-SXD "$LIST_REQUESTS" "$RAW/list-first-$label.json"
  n=$(sql "$GROWTH_DB" "SELECT count(*) FROM motcua_dossier_index WHERE agency_code = 'SXD' AND status = 4")
  cursor=$(sql "$GROWTH_DB" "SELECT (extract(epoch FROM due_key) * 1000000)::bigint || '~' || code FROM motcua_dossier_index
                             WHERE agency_code = 'SXD' AND status = 4 AND due_at IS NOT NULL ORDER BY due_key, code OFFSET $((n / 2)) LIMIT 1")
  python3 "$ROOT/bench/http_latency.py" "list-deep-$label" "$list&after=$cursor" dev-officer-SXD "$LIST_REQUESTS" "$RAW/list-deep-$label.json"
  python3 "$ROOT/bench/http_latency.py" "reconcile-$label" "http://127.0.0.1:$SILO_HTTP/v1/reconciliation/2025-12-05" dev-operator 5 \
    "$RAW/reconcile-$label.json"
  echo "$label processing_listed=$n reconcile_payments=$(sql "$GROWTH_DB" "SELECT count(*) FROM motcua_journal_postings
    WHERE account = 'clearing:bank' AND at >= '2025-12-04 17:00+00' AND at < '2025-12-05 17:00+00'")" >> "$RAW/growth.txt"
}
growth() { # target-size label half(0|1)
  local want=$1 label=$2 half=$3
  if [[ ! -s "$RAW/growth-pool.txt" ]]; then
    start_silo "$GROWTH_DB" "$SEED_POOL"
    $LOADGEN prepare $M --count "$GROWTH_POOL" --concurrency "$SEED_CLIENTS" --pool "$RAW/growth-pool.txt" --agents $AGENTS \
      --max-seconds "$GROWTH_SEED_SECONDS" || true
    stop_silo
  fi
  local n; n=$(wc -l < "$RAW/growth-pool.txt")
  if (( half == 0 )); then head -n $((n / 2)) "$RAW/growth-pool.txt"; else tail -n +$((n / 2 + 1)) "$RAW/growth-pool.txt"; fi \
    > "$RAW/growth-$label-pool.txt"
  bulk_fill "$want"
  local stored; stored=$(dossier_rows)
  echo "$label stored_dossiers=$stored" >> "$RAW/growth.txt"
  # A fresh silo: activate some of this step's dossiers by reading them (memory per active dossier), then scenario 2.
  start_sandbox
  start_silo "$GROWTH_DB"
  tail -n "$READ_POOL" "$RAW/growth-$label-pool.txt" > "$RAW/growth-$label-active.txt"
  local before after
  before=$(rss_kb "$SILO_PID")
  $LOADGEN run --label "growth-$label-activate" --target motcua --scenario read $M --concurrency "$CLIENTS" --warmup 0 --duration 600 \
    --pool "$RAW/growth-$label-active.txt" --read-all --out "$RAW/activate-$label.json" >/dev/null 2>&1 || true
  after=$(rss_kb "$SILO_PID")
  echo "$label rss_before_kb=$before rss_after_kb=$after activated=$(wc -l < "$RAW/growth-$label-active.txt")" >> "$RAW/growth.txt"
  sql "$GROWTH_DB" "SELECT pg_stat_statements_reset()" >/dev/null
  tac "$RAW/growth-$label-pool.txt" > "$RAW/growth-$label-s2-pool.txt"
  run "growth-$label" motcua payment $M --concurrency "$CLIENTS" --pool "$RAW/growth-$label-s2-pool.txt" --counts "$RAW/motcua-counts.txt"
  statements "$GROWTH_DB" "$RAW/statements-growth-$label.txt"
  read_paths "$label"
  $LOADGEN check $M --agents $AGENTS --counts "$RAW/motcua-counts.txt" --out "$RAW/check-growth-$label.json" || true
  stop_silo
}
log "growth: $GROWTH_SMALL stored dossiers"
growth "$GROWTH_SMALL" small 0
log "growth: $GROWTH_BIG stored dossiers (bulk-loaded by bench/Seed)"
growth "$GROWTH_BIG" big 1
sql "$GROWTH_DB" "SELECT pg_size_pretty(pg_total_relation_size('orleansstorage'))" > "$RAW/growth-table-size.txt"
sql "$GROWTH_DB" "SELECT graintypestring, count(*), round(avg(octet_length(payloadbinary))), max(octet_length(payloadbinary)), sum(version)
                  FROM orleansstorage GROUP BY 1 ORDER BY 2 DESC" > "$RAW/storage-rows-growth.txt"

# ---------------------------------------------------------------- report
log "writing $OUT/RESULTS.md and charts"
PY=python3
python3 -c "import matplotlib" 2>/dev/null || PY=/usr/bin/python3   # Debian's python3-matplotlib, if python3 is another one
"$PY" "$ROOT/bench/report.py" "$RAW" "$OUT"
log "done: $OUT/RESULTS.md"
