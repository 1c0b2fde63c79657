#!/usr/bin/env bash
# A MotCua cluster on one machine: a private PostgreSQL, the schema, N silos and M API nodes on loopback ports,
# with the API nodes behind one port through nginx when nginx is installed (apt-get install nginx).
#
#   deploy/local/cluster.sh start [SILOS] [API_NODES]   default 2 silos, 1 API node
#   deploy/local/cluster.sh status
#   deploy/local/cluster.sh add-silo | add-api          one more node (the next free index); add-api updates nginx
#   deploy/local/cluster.sh leave NAME                  SIGTERM to one node, e.g. silo-2 (graceful: it leaves membership)
#   deploy/local/cluster.sh kill NAME                   SIGKILL to one node, e.g. silo-3 (a node lost)
#   deploy/local/cluster.sh stop                        SIGTERM to every node (graceful), then nginx and PostgreSQL
#
# Ports (each base overridable): PostgreSQL $PG_PORT (55432); silo i serves HTTP on $SILO_HTTP_BASE+i (5100+i),
# silo-to-silo $SILO_PORT_BASE+i (11110+i), gateway $GATEWAY_PORT_BASE+i (30000+i); API node j serves HTTP on
# $API_HTTP_BASE+j (5200+j), and nginx balances all API nodes on $API_HTTP_BASE (5200) itself.
# State lives in $MOTCUA_RUN (default /tmp/motcua-local): data, logs, pids, nginx.conf.
# Uses the development API keys (ASPNETCORE_ENVIRONMENT=Development): never expose these ports.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN=${MOTCUA_RUN:-/tmp/motcua-local}
PG_PORT=${PG_PORT:-55432}
SILO_HTTP_BASE=${SILO_HTTP_BASE:-5100}
SILO_PORT_BASE=${SILO_PORT_BASE:-11110}
GATEWAY_PORT_BASE=${GATEWAY_PORT_BASE:-30000}
API_HTTP_BASE=${API_HTTP_BASE:-5200}
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
  echo "$http" >"$RUN/$kind-$i.port"
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

start_silo() { # index
  local i=$1
  start_node silo "$i" "$SILO_DLL" $((SILO_HTTP_BASE + i)) \
    MotCua__Silo__SiloPort=$((SILO_PORT_BASE + i)) MotCua__Silo__GatewayPort=$((GATEWAY_PORT_BASE + i)) \
    MotCua__Database__ApplySchemaOnStart=false
}

next_index() { # kind: the lowest index without a running node
  local kind=$1 i=1
  while [ -e "$RUN/$kind-$i.pid" ] && kill -0 "$(cat "$RUN/$kind-$i.pid")" 2>/dev/null; do i=$((i + 1)); done
  echo "$i"
}

# nginx in front of the API nodes: least connections, a node that refuses or fails is skipped for 5 s. POSTs are not
# retried by nginx (a caller retries with its Idempotency-Key); GETs go to another node on a connection error or 502/503.
write_nginx_conf() {
  mkdir -p "$RUN/nginx/tmp"
  {
    echo "worker_processes 1; pid $RUN/nginx/nginx.pid; error_log $RUN/nginx/error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log $RUN/nginx/access.log;"
    for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $RUN/nginx/tmp/$t;"; done
    echo "  upstream motcua_api {"
    echo "    least_conn;"
    for portfile in "$RUN"/api-*.port; do
      [ -e "$portfile" ] || continue
      local pidfile=${portfile%.port}.pid
      [ -e "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || continue
      echo "    server 127.0.0.1:$(cat "$portfile") max_fails=1 fail_timeout=5s;"
    done
    echo "    keepalive 32;"
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$API_HTTP_BASE;"
    echo "    client_max_body_size 64k;"
    echo "    location / {"
    echo "      proxy_pass http://motcua_api;"
    echo "      proxy_http_version 1.1;"
    echo "      proxy_set_header Connection \"\";"
    echo "      proxy_set_header Host \$host;"
    echo "      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
    echo "      proxy_next_upstream error timeout http_502 http_503;"
    echo "      proxy_next_upstream_tries 2;"
    echo "      proxy_read_timeout 60s;"
    echo "    }"
    echo "  }"
    echo "}"
  } >"$RUN/nginx/nginx.conf"
}

start_balancer() {
  if ! command -v nginx >/dev/null 2>&1; then
    echo "nginx is not installed: call the API nodes directly (apt-get install nginx puts them behind port $API_HTTP_BASE)"
    return 0
  fi
  write_nginx_conf
  nginx -t -q -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -e "$RUN/nginx/error.log"
  if [ -f "$RUN/nginx/nginx.pid" ] && kill -0 "$(cat "$RUN/nginx/nginx.pid")" 2>/dev/null; then
    kill -HUP "$(cat "$RUN/nginx/nginx.pid")"   # reload: the new upstream list, no dropped connection
  else
    nginx -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -e "$RUN/nginx/error.log"
  fi
  echo "load balancer: http://127.0.0.1:$API_HTTP_BASE -> API nodes (nginx, config $RUN/nginx/nginx.conf)"
}

stop_balancer() {
  if [ -f "$RUN/nginx/nginx.pid" ] && kill -0 "$(cat "$RUN/nginx/nginx.pid")" 2>/dev/null; then
    kill -QUIT "$(cat "$RUN/nginx/nginx.pid")"
  fi
}

build() {
  dotnet build "$ROOT/src/Silo" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/src/Api" -c Release -v q -nologo >/dev/null
}

cmd_start() {
  local silos=${1:-2} apis=${2:-1}
  mkdir -p "$RUN"
  build
  start_postgres
  ConnectionStrings__MotCua="$CONN" dotnet "$SILO_DLL" migrate
  for i in $(seq 1 "$silos"); do start_silo "$i"; done
  for i in $(seq 1 "$silos"); do wait_ready "http://127.0.0.1:$((SILO_HTTP_BASE + i))"; done
  for j in $(seq 1 "$apis"); do start_node api "$j" "$API_DLL" $((API_HTTP_BASE + j)); done
  for j in $(seq 1 "$apis"); do wait_ready "http://127.0.0.1:$((API_HTTP_BASE + j))"; done
  start_balancer
  echo "cluster $CLUSTER_ID ready: $silos silo(s), $apis API node(s); PostgreSQL on 127.0.0.1:$PG_PORT"
}

cmd_add_silo() {
  local i; i=$(next_index silo)
  start_silo "$i"
  wait_ready "http://127.0.0.1:$((SILO_HTTP_BASE + i))"
  echo "silo $i joined"
}

cmd_add_api() {
  local j; j=$(next_index api)
  start_node api "$j" "$API_DLL" $((API_HTTP_BASE + j))
  wait_ready "http://127.0.0.1:$((API_HTTP_BASE + j))"
  start_balancer
}

node_pid() { # name, e.g. silo-2
  local pidfile="$RUN/$1.pid"
  [ -e "$pidfile" ] || { echo "no node $1 (see: cluster.sh status)" >&2; exit 1; }
  cat "$pidfile"
}

cmd_leave() {
  local name=$1 pid; pid=$(node_pid "$name")
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "$name still running after 60 s" >&2; exit 1; fi
  rm -f "$RUN/$name.pid"
  [[ $name == api-* ]] && start_balancer
  echo "$name left"
}

cmd_kill() {
  local name=$1 pid; pid=$(node_pid "$name")
  kill -KILL "$pid"
  rm -f "$RUN/$name.pid"
  echo "$name killed (SIGKILL); the other silos declare it dead after the missed probes"
}

cmd_status() {
  for pidfile in "$RUN"/*.pid; do
    [ -e "$pidfile" ] || continue
    local name pid
    name=$(basename "$pidfile" .pid); pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then echo "$name: running (pid $pid, http://127.0.0.1:$(cat "$RUN/$name.port" 2>/dev/null))"; else echo "$name: not running"; fi
  done
  if [ -f "$RUN/nginx/nginx.pid" ] && kill -0 "$(cat "$RUN/nginx/nginx.pid")" 2>/dev/null; then
    echo "nginx: http://127.0.0.1:$API_HTTP_BASE -> $(grep -c '^    server ' "$RUN/nginx/nginx.conf") API node(s)"
  fi
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d motcua -c \
    "SELECT address, port, hostname, status, iamalivetime FROM orleansmembershiptable ORDER BY port" 2>/dev/null || true
}

cmd_stop() {
  stop_balancer
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
  add-silo) cmd_add_silo ;;
  add-api) cmd_add_api ;;
  leave) shift; cmd_leave "${1:?name, e.g. silo-2}" ;;
  kill) shift; cmd_kill "${1:?name, e.g. silo-3}" ;;
  stop) cmd_stop ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac
