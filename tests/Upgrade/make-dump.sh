#!/usr/bin/env bash
# Remakes the upgrade fixture: a database written by the release before the history tables (f51f5af), and what that
# release answered over HTTP about it.
#
#   bash tests/Upgrade/make-dump.sh            # builds f51f5af in a temporary worktree
#   OLD_TREE=/path/to/f51f5af/checkout bash tests/Upgrade/make-dump.sh   # reuses a checkout of it
#
# It builds the old silo and sandbox, starts a private PostgreSQL 15 (initdb/pg_ctl in a temporary folder; as root
# through `runuser -u postgres`), runs the old silo in durable mode with the sandbox as its payment providers, drives it
# with tests/Upgrade/drive-old.py, stops it with SIGTERM and writes:
#   tests/Upgrade/fixtures/pre-history.sql.gz   pg_dump --no-owner --no-privileges (plain SQL, gzip -9)
#   tests/Upgrade/fixtures/expected.json.gz        the old release's answers (see drive-old.py)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OLD_COMMIT=${OLD_COMMIT:-f51f5af}
WORK=$(mktemp -d /tmp/motcua-upgrade-XXXXXX)
chmod 777 "$WORK"
SILO_PID=""; SANDBOX_PID=""; PG_STARTED=""; OWN_TREE=""

pg_bin() { command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cleanup() {
  [[ -n "$SILO_PID" ]] && kill "$SILO_PID" 2>/dev/null || true
  [[ -n "$SANDBOX_PID" ]] && kill "$SANDBOX_PID" 2>/dev/null || true
  [[ -n "$PG_STARTED" ]] && as_pg "$(pg_bin pg_ctl)" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  [[ -n "$OWN_TREE" ]] && git -C "$ROOT" worktree remove --force "$OWN_TREE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z "${OLD_TREE:-}" ]]; then
  OLD_TREE="$WORK/old"
  git -C "$ROOT" worktree add --detach "$OLD_TREE" "$OLD_COMMIT" >/dev/null
  OWN_TREE="$OLD_TREE"
fi
echo "Old release: $(git -C "$OLD_TREE" log -1 --format='%h %s' | cut -c1-80)"
dotnet build "$OLD_TREE/src/Silo/Silo.csproj" -c Release -v q -nologo >/dev/null
BIN="$OLD_TREE/src/Silo/bin/Release/net10.0"
SANDBOX_BIN="$OLD_TREE/src/Sandbox/bin/Release/net10.0"

PG_PORT=$(free_port); HTTP=$(free_port); SILO_PORT=$(free_port); GW_PORT=$(free_port); SB=$(free_port)
as_pg "$(pg_bin initdb)" -D "$WORK/pg" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
as_pg "$(pg_bin pg_ctl)" -D "$WORK/pg" -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off" -l "$WORK/pg.log" -w start >/dev/null
PG_STARTED=1
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE motcua"
CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=motcua"

(cd "$SANDBOX_BIN" && exec dotnet MotCua.Sandbox.dll --urls "http://127.0.0.1:$SB" --Sandbox:CallbackBaseUrl "http://127.0.0.1:$HTTP/" \
  >"$WORK/sandbox.log" 2>&1) & SANDBOX_PID=$!

gateway_env=()
for pair in bank:Bank viettelpay:ViettelPay vnptpay:VnptPay; do
  p=${pair%%:*}; s=${pair##*:}
  gateway_env+=("Gateways__${s}__BaseUrl=http://127.0.0.1:$SB/$p/" "Gateways__${s}__MerchantId=MOTCUA"
                "Gateways__${s}__ApiKey=sk_sandbox_$p" "Gateways__${s}__WebhookSecret=whsec_sandbox_$p")
done
(cd "$BIN" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$HTTP" ConnectionStrings__MotCua="$CS" \
  MotCua__Silo__ClusterId=upgrade-fixture MotCua__Silo__SiloPort="$SILO_PORT" MotCua__Silo__GatewayPort="$GW_PORT" \
  MotCua__Payments__SandboxCollectionAccounts=true Logging__LogLevel__Default=Warning "${gateway_env[@]}" \
  dotnet MotCua.Silo.dll >"$WORK/silo.log" 2>&1) & SILO_PID=$!

for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$HTTP/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SILO_PID" 2>/dev/null || { cat "$WORK/silo.log"; echo "the old silo exited" >&2; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$HTTP/health/ready" >/dev/null || { tail -50 "$WORK/silo.log"; echo "the old silo is not ready" >&2; exit 1; }

python3 "$HERE/drive-old.py" "http://127.0.0.1:$HTTP" "http://127.0.0.1:$SB" "$HERE/fixtures/expected.json.gz"

# A graceful stop: every grain has written its state already; the audit batcher flushes its last entries.
kill -TERM "$SILO_PID"; wait "$SILO_PID" || true; SILO_PID=""
kill "$SANDBOX_PID" 2>/dev/null || true; SANDBOX_PID=""
# Membership rows of the stopped silo and the stream queue are the old cluster's, not history: left as they are.
pg_dump -h 127.0.0.1 -p "$PG_PORT" -U postgres --no-owner --no-privileges motcua | gzip -9n >"$HERE/fixtures/pre-history.sql.gz"
ls -l "$HERE/fixtures"
