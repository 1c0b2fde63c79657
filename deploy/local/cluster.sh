#!/usr/bin/env bash
# A MotCua cluster on one machine: a private PostgreSQL, the schema, N silos and M API nodes on loopback ports.
#
#   deploy/local/cluster.sh start [SILOS] [API_NODES]   default 2 silos, 1 API node
#   deploy/local/cluster.sh status
#   deploy/local/cluster.sh stop                        SIGTERM to every node (graceful), then PostgreSQL
#
# Ports: PostgreSQL $PG_PORT (55432); silo i serves HTTP on 5100+i, silo-to-silo 11110+i, gateway 30000+i;
# API node j serves HTTP on 5200+j. State lives in $MOTCUA_RUN (default /tmp/motcua-local): data, logs, pids.
# Uses the development API keys (ASPNETCORE_ENVIRONMENT=Development): never expose these ports.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN=${MOTCUA_RUN:-/tmp/motcua-local}
PG_PORT=${PG_PORT:-55432}
CLUSTER_ID=${CLUSTER_ID:-motcua-local}
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=motcua"
SILO_DLL=$ROOT/src/Silo/bin/Release/net10.0/MotCua.Silo.dll
API_DLL=$ROOT/src/Api/bin/Release/net10.0/MotCua.Api.dll

pg_bin() {
  local tool=$1
  if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$tool" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] || { echo "PostgreSQL's $tool is missing: apt-get install postgresql" >&2; exit 1; }
  echo "$found"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local initdb pg_ctl
  initdb=$(pg_bin initdb); pg_ctl=$(pg_bin pg_ctl)
  mkdir -p "$RUN/pg"
  [ "$(id -u)" = 0 ] && chown -R postgres "$RUN/pg"
  if [ ! -f "$RUN/pg/data/PG_VERSION" ]; then
    as_postgres "$initdb" -D "$RUN/pg/data" -A trust -U postgres >/dev/null
  fi
  if ! as_postgres "$pg_ctl" -D "$RUN/pg/data" status >/dev/null 2>&1; then
    as_postgres "$pg_ctl" -D "$RUN/pg/data" -l "$RUN/pg/log" -w \
      -o "-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  fi
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='motcua'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE motcua"
}

start_node() { # kind index dll http [extra env...]
  local kind=$1 i=$2 dll=$3 http=$4; shift 4
  env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$http" \
      ConnectionStrings__MotCua="$CONN" MotCua__Silo__ClusterId="$CLUSTER_ID" "$@" \
      nohup dotnet "$dll" >"$RUN/$kind-$i.log" 2>&1 &
  echo $! >"$RUN/$kind-$i.pid"
  echo "$kind $i: http://127.0.0.1:$http (pid $!, log $RUN/$kind-$i.log)"
}

wait_ready() {
  local url=$1
  for _ in $(seq 1 120); do
    curl -fs "$url/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "not ready: $url" >&2; return 1
}

cmd_start() {
  local silos=${1:-2} apis=${2:-1}
  mkdir -p "$RUN"
  dotnet build "$ROOT/src/Silo" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/src/Api" -c Release -v q -nologo >/dev/null
  start_postgres
  ConnectionStrings__MotCua="$CONN" dotnet "$SILO_DLL" migrate
  for i in $(seq 1 "$silos"); do
    start_node silo "$i" "$SILO_DLL" $((5100 + i)) \
      MotCua__Silo__SiloPort=$((11110 + i)) MotCua__Silo__GatewayPort=$((30000 + i)) MotCua__Database__ApplySchemaOnStart=false
  done
  for i in $(seq 1 "$silos"); do wait_ready "http://127.0.0.1:$((5100 + i))"; done
  for j in $(seq 1 "$apis"); do start_node api "$j" "$API_DLL" $((5200 + j)); done
  for j in $(seq 1 "$apis"); do wait_ready "http://127.0.0.1:$((5200 + j))"; done
  echo "cluster $CLUSTER_ID ready: $silos silo(s), $apis API node(s); PostgreSQL on 127.0.0.1:$PG_PORT"
}

cmd_status() {
  for pidfile in "$RUN"/*.pid; do
    [ -e "$pidfile" ] || continue
    local name pid
    name=$(basename "$pidfile" .pid); pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
  done
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d motcua -c \
    "SELECT address, port, hostname, status, iamalivetime FROM orleansmembershiptable ORDER BY port" 2>/dev/null || true
}

cmd_stop() {
  for pidfile in "$RUN"/api-*.pid "$RUN"/silo-*.pid; do
    [ -e "$pidfile" ] || continue
    kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$RUN"/api-*.pid "$RUN"/silo-*.pid; do
    [ -e "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    rm -f "$pidfile"
  done
  if [ -f "$RUN/pg/data/PG_VERSION" ]; then
    as_postgres "$(pg_bin pg_ctl)" -D "$RUN/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
  echo "stopped"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  status) cmd_status ;;
  stop) cmd_stop ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
