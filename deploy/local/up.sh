#!/usr/bin/env bash
# Starts Bazaar's distributed shape on this machine, everything on 127.0.0.1 and free ports:
# a throw-away PostgreSQL, NATS JetStream and Redis in a temporary directory, each service as its own
# `Bazaar.Server --services <name>` process, the gateway in front of them, and the storefront (web) behind
# the gateway. Waits until all are ready; progress goes to stderr, and the last line on stdout is the
# gateway's URL (the storefront's is in the run folder's `urls`, and printed on stderr).
# Stop everything with deploy/local/down.sh (it reads the process ids recorded here).
#
# Honours the embedded shape's settings, e.g. Bazaar__Admin__Email and Bazaar__Admin__Password
# (without a password, identity generates one and prints it in its log); every Bazaar__* variable in the
# environment reaches every process.
#
# For tools that need more than the gateway (bench/run.sh), the run folder (named in deploy/local/.last-run)
# holds `urls` (one `name url` line per service, the gateway and web) and `engines` (`postgres-host`,
# `postgres-port`, `postgres-user`, `nats-url`, `redis` lines). BAZAAR_LOCAL_NO_BUILD=1 skips the build when
# the caller has just built Bazaar.Server in Release; BAZAAR_LOCAL_SERVER_DLL runs another build of it instead
# (bench/run.sh passes its ReadyToRun publish) and skips the build too.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
services=(identity catalog inventory cart ordering payment notification analytics)
ready_timeout="${BAZAAR_LOCAL_READY_TIMEOUT:-300}"

say() { echo "== $*" >&2; }

"$repo/scripts/install-servers.sh"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
pg_major="$(basename "$(dirname "$pg_bin")")"
[ "${pg_major%%.*}" -ge 15 ] || { echo "PostgreSQL 15 or later is needed; found $pg_major" >&2; exit 1; }
nats_bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
redis_bin="$(command -v redis-server)"

run="$(mktemp -d "${TMPDIR:-/tmp}/bazaar-local.XXXXXX")"
# PostgreSQL runs as its own user, which must reach its folder inside this one.
chmod 711 "$run"
mkdir -p "$run/logs" "$run/data"
state="$run/pids"
: >"$state"
echo "$run" >"$here/.last-run"

# On any failure, show why and stop what was started.
finish() {
  status=$?
  if [ $status -ne 0 ]; then
    say "start failed; last log lines:"
    for log in "$run"/logs/*.log; do
      [ -e "$log" ] && { echo "-- $log" >&2; tail -n 15 "$log" >&2; }
    done
    "$here/down.sh" "$run" >&2 || true
  fi
}
trap finish EXIT

used_ports=" "
free_port() {
  local port
  while true; do
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    case "$used_ports" in *" $port "*) continue ;; esac
    used_ports+="$port "
    echo "$port"
    return
  done
}

# name, pid: one line per process, read back by down.sh.
record() { echo "$1 $2" >>"$state"; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

say "PostgreSQL $pg_major"
pg_port="$(free_port)"
mkdir -p "$run/pg"
[ "$(id -u)" != 0 ] || chown postgres:postgres "$run/pg"
as_postgres "$pg_bin/initdb" -D "$run/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$run/logs/initdb.log" 2>&1
as_postgres "$pg_bin/pg_ctl" -D "$run/pg/data" -l "$run/pg/server.log" -w -t 60 \
  -o "-p $pg_port -k $run/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off" \
  start >"$run/logs/pg_ctl.log" 2>&1
record postgres "$(head -n 1 "$run/pg/data/postmaster.pid")"

say "NATS JetStream"
nats_port="$(free_port)"
mkdir -p "$run/nats"
setsid "$nats_bin" -js -a 127.0.0.1 -p "$nats_port" -sd "$run/nats" </dev/null >"$run/logs/nats.log" 2>&1 &
record nats-server $!

say "Redis"
redis_port="$(free_port)"
mkdir -p "$run/redis"
# Nothing on disk: carts and cached products are as throw-away as the rest of this folder.
setsid "$redis_bin" --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$run/redis" --daemonize no \
  </dev/null >"$run/logs/redis.log" 2>&1 &
record redis-server $!
redis="Bazaar__Redis__Configuration=127.0.0.1:$redis_port,abortConnect=false"

{
  echo "postgres-host 127.0.0.1"
  echo "postgres-port $pg_port"
  echo "postgres-user postgres"
  echo "nats-url nats://127.0.0.1:$nats_port"
  echo "redis 127.0.0.1:$redis_port"
} >"$run/engines"

if [ "${BAZAAR_LOCAL_NO_BUILD:-}" != 1 ] && [ -z "${BAZAAR_LOCAL_SERVER_DLL:-}" ]; then
  say "building Bazaar.Server (Release)"
  dotnet build -c Release --disable-build-servers -nologo "$repo/src/Bazaar.Server" </dev/null >"$run/logs/build.log" 2>&1
fi
dll="${BAZAAR_LOCAL_SERVER_DLL:-$repo/src/Bazaar.Server/bin/Release/net10.0/Bazaar.Server.dll}"

declare -A url
for service in "${services[@]}" gateway web; do
  url[$service]="http://127.0.0.1:$(free_port)"
  echo "$service ${url[$service]}" >>"$run/urls"
done

start_service() {
  local service="$1"
  shift
  mkdir -p "$run/data/$service"
  (
    cd "$run"
    export Bazaar__DataDirectory="$run/data/$service"
    export Bazaar__Notification__PublicUrl="${url[gateway]}"
    for setting in "$@"; do export "${setting?}"; done
    exec setsid dotnet "$dll" --services "$service" --urls "${url[$service]}" </dev/null >"$run/logs/$service.log" 2>&1
  ) &
  record "$service" $!
}

engines=(
  Bazaar__Database__Provider=postgres
  Bazaar__Database__Postgres__Host=127.0.0.1
  Bazaar__Database__Postgres__Port="$pg_port"
  Bazaar__Database__Postgres__Username=postgres
  Bazaar__Database__Postgres__SslMode=Disable
  Bazaar__Messaging__Transport=nats
  Bazaar__Messaging__Nats__Url="nats://127.0.0.1:$nats_port"
  "$redis"
)
admin=()
[ -z "${Bazaar__Admin__Email:-}" ] || admin+=(Bazaar__Admin__Email="$Bazaar__Admin__Email")
[ -z "${Bazaar__Admin__Password:-}" ] || admin+=(Bazaar__Admin__Password="$Bazaar__Admin__Password")

say "starting services"
start_service identity "${engines[@]}" "${admin[@]}"
for service in catalog inventory cart payment notification analytics; do
  start_service "$service" "${engines[@]}" Bazaar__Auth__Authority="${url[identity]}"
done
start_service ordering "${engines[@]}" Bazaar__Auth__Authority="${url[identity]}" \
  Bazaar__Endpoints__catalog="${url[catalog]}" Bazaar__Endpoints__cart="${url[cart]}"
endpoints=()
for service in "${services[@]}"; do endpoints+=(Bazaar__Endpoints__"$service"="${url[$service]}"); done
start_service gateway Bazaar__Auth__Authority="${url[identity]}" "$redis" "${endpoints[@]}"
# The storefront reaches the shop through the gateway only; plain HTTP on loopback, so its cookie cannot insist on HTTPS.
start_service web Bazaar__Web__ApiUrl="${url[gateway]}" Bazaar__Web__SecureCookies=false "$redis"

say "waiting for every /health/ready (up to ${ready_timeout}s)"
deadline=$((SECONDS + ready_timeout))
for service in "${services[@]}" gateway web; do
  pid="$(awk -v s="$service" '$1 == s { print $2 }' "$state")"
  until curl -sf -o /dev/null --max-time 5 "${url[$service]}/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { echo "$service exited; see $run/logs/$service.log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "$service not ready after ${ready_timeout}s" >&2; exit 1; }
    sleep 1
  done
  say "$service ready at ${url[$service]}"
done

say "state: $run (stop with deploy/local/down.sh)"
echo "${url[gateway]}"
