#!/usr/bin/env bash
# Bazaar's benchmarks: bench/run.sh [embedded|distributed] [--quick]
#
# Each target is a ratio between two numbers measured side by side in one run on the same machine (an
# endpoint against the bare /bench/ping of the same process, checkout against pgbench on the same
# PostgreSQL, ...), so results from different machines stay comparable. Every measurement runs
# BENCH_REPEAT times (3) and the table shows median, min and max; it is printed and appended to
# bench/RESULTS.md. See bench/README.md for what each row means and for the knobs.
#
# Exit status: 0 when it ran (targets may still fail: that is a result), 1 when `Bazaar.Bench check`
# found a violation, 2 when the harness itself failed.
set -euo pipefail
shopt -s inherit_errexit
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
started_at=$SECONDS

shape="embedded"
quick=""
for arg in "$@"; do
  case "$arg" in
    embedded | distributed) shape="$arg" ;;
    --quick) quick=1 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "usage: bench/run.sh [embedded|distributed] [--quick]" >&2; exit 2 ;;
  esac
done

# ------------------------------------------------------------------------------------------ knobs
# --quick shortens every run (a smoke test of the harness and a rough number), it does not skip rows.
if [ -n "$quick" ]; then q=1; else q=0; fi
pick() { if [ "$q" = 1 ]; then echo "$2"; else echo "$1"; fi; }
repeat="${BENCH_REPEAT:-3}"
wrk_seconds="${BENCH_WRK_SECONDS:-$(pick 10 3)}"
warmup_seconds="${BENCH_WARMUP_SECONDS:-$(pick 5 2)}"
wrk_threads="${BENCH_WRK_THREADS:-2}"
wrk_connections="${BENCH_WRK_CONNECTIONS:-32}"
clients="${BENCH_CLIENTS:-8}"
checkout_seconds="${BENCH_CHECKOUT_SECONDS:-$(pick 20 5)}"
checkout_warmup="${BENCH_CHECKOUT_WARMUP_SECONDS:-$(pick 30 15)}"
relay_events="${BENCH_RELAY_EVENTS:-$(pick 20000 5000)}"
relay_size="${BENCH_RELAY_SIZE:-512}"
locust_rates="${BENCH_LOCUST_RATES:-$(pick "10 25 50 100 150 200 300 400 600 800" "10 25 50 100 200 400")}"
locust_seconds="${BENCH_LOCUST_SECONDS:-$(pick 30 10)}"
search_word="${BENCH_SEARCH_WORD:-headphones}"
pgbench_scale="${BENCH_PGBENCH_SCALE:-10}"
ready_timeout="${BENCH_READY_TIMEOUT:-300}"

say() { echo "== $*" >&2; }

# ------------------------------------------------------------------------------------------ tools
# wrk, Locust, curl and the servers (PostgreSQL brings pgbench) come from Debian; scripts/install-servers.sh
# runs apt-get update before installing whatever is missing.
"$repo/scripts/install-servers.sh" wrk=wrk locust=python3-locust
# Debian's Locust runs on Debian's Python, whatever `python3` is first on the PATH.
locust_bin=/usr/bin/locust
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
py() { python3 "$here/harness.py" "$@"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/bazaar-bench.XXXXXX")"
results="$work/results.tsv"
: >"$results"
say "work folder: $work"

# ------------------------------------------------------------------------------------------ clean-up
# Every process this script starts is recorded here and stopped by its id on exit.
pids=()
# Until it has exited (a child that exited stays a zombie until it is waited for).
running() {
  [ -e "/proc/$1" ] && [ "$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)" != Z ]
}
stop_pid() {
  local pid="$1"
  running "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    running "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
up_run=""
finished=""
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  if [ -n "$up_run" ]; then "$repo/deploy/local/down.sh" "$up_run" >&2 || true; fi
  if [ -z "$finished" ]; then
    say "failed (status $status); logs kept in $work"
    exit 2
  fi
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# ------------------------------------------------------------------------------------------ results
# results.tsv: `key<TAB>value` once per repetition, `skip<TAB>key<TAB>why`, `note<TAB>text`.
record() { printf '%s\t%s\n' "$1" "$2" >>"$results"; }
skip() { printf 'skip\t%s\t%s\n' "$1" "$2" >>"$results"; }
note() { printf 'note\t%s\n' "$1" >>"$results"; say "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.4f", a / b; else print "nan" }'; }

# ------------------------------------------------------------------------------------------ build
bench_dll="$repo/bench/Bazaar.Bench/bin/Release/net10.0/Bazaar.Bench.dll"
# Bazaar runs as it would be deployed: published in Release, ahead-of-time compiled (ReadyToRun), so start-up
# does not wait for the JIT.
server_dll="$work/server/Bazaar.Server.dll"
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) rid="linux-$(uname -m)" ;; esac
say "publishing Bazaar.Server (Release, $rid, ReadyToRun)"
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$work/server" \
  --disable-build-servers -nologo "$repo/src/Bazaar.Server" </dev/null >"$work/build.log" 2>&1 ||
  { tail -n 30 "$work/build.log" >&2; exit 2; }
if [ -f "$repo/bench/Bazaar.Bench/Bazaar.Bench.csproj" ]; then
  dotnet build -c Release --disable-build-servers -nologo "$repo/bench/Bazaar.Bench" </dev/null >>"$work/build.log" 2>&1 ||
    { tail -n 30 "$work/build.log" >&2; exit 2; }
fi
# BENCH_TOOL replaces the command that runs Bazaar.Bench (e.g. a stand-in, to test this script).
if [ -n "${BENCH_TOOL:-}" ]; then read -ra bench_cmd <<<"$BENCH_TOOL"; else bench_cmd=(dotnet "$bench_dll"); fi
have_tool() { [ -n "${BENCH_TOOL:-}" ] || [ -f "$bench_dll" ]; }
tool_missing="tool missing (bench/Bazaar.Bench not built)"

# Runs `Bazaar.Bench <subcommand> ...`; its one JSON line goes to stdout, its log to $work/bench-<subcommand>.log.
bench_tool() {
  local sub="$1"
  "${bench_cmd[@]}" "$@" 2>>"$work/bench-$sub.log"
}

# ------------------------------------------------------------------------------------------ the shop
# Credentials made up for this run only; every Bazaar process reads them (and the other Bazaar__* below)
# from the environment.
admin_email="bench-admin@bench.example"
admin_password="Bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-7"
export Bazaar__Admin__Email="$admin_email" Bazaar__Admin__Password="$admin_password"
export Bazaar__Bench__Enabled=true
# Tokens issued in setup must outlive the longest run (Locust's steps take longer than the default 15 min).
export Bazaar__Auth__AccessTokenLifetime=04:00:00
# Setup registers and signs in a customer per Locust user; the full hash cost would make that minutes of
# CPU on a small machine, and no login happens inside a measurement.
export Bazaar__Identity__PasswordHashIterations="${BENCH_PASSWORD_HASH_ITERATIONS:-10000}"
# The gateway's per-client limits would turn a load generator on one IP into 429s.
for limit in Anonymous Authenticated Login; do export "Bazaar__Gateway__RateLimits__${limit}__PermitLimit=1000000000"; done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

wait_ready() {
  local url="$1" pid="$2" deadline=$((SECONDS + ready_timeout))
  until curl -sf -o /dev/null --max-time 5 "$url/health/ready"; do
    running "$pid" || { echo "the server exited; see $work/server.log" >&2; tail -n 20 "$work/server.log" >&2; exit 2; }
    [ $SECONDS -lt $deadline ] || { echo "not ready after ${ready_timeout}s" >&2; exit 2; }
    sleep 0.5
  done
}

embedded_dir="$work/shop"
embedded_cmd=()
start_embedded() {
  local port
  port="$(free_port)"
  shop_url="http://127.0.0.1:$port"
  mkdir -p "$embedded_dir"
  embedded_cmd=(dotnet "$server_dll" --urls "$shop_url")
  # Started from its own folder: the data directory (SQLite files, keys, e-mails) is ./data there.
  (cd "$embedded_dir" && exec "${embedded_cmd[@]}" </dev/null >>"$work/server.log" 2>&1) &
  shop_pid=$!
  pids+=("$shop_pid")
  say "embedded shop (pid $shop_pid) at $shop_url; first start seeds the catalog"
  wait_ready "$shop_url" "$shop_pid"
  gateway_url="$shop_url"
  catalog_url="$shop_url"
  bazaar_pids="$shop_pid"
}

start_distributed() {
  say "deploy/local/up.sh"
  gateway_url="$(BAZAAR_LOCAL_SERVER_DLL="$server_dll" BAZAAR_LOCAL_READY_TIMEOUT="$ready_timeout" "$repo/deploy/local/up.sh" 2>"$work/up.log" | tail -n 1)" ||
    { tail -n 30 "$work/up.log" >&2; exit 2; }
  up_run="$(cat "$repo/deploy/local/.last-run")"
  catalog_url="$(awk '$1 == "catalog" { print $2 }' "$up_run/urls")"
  pg_port="$(awk '$1 == "postgres-port" { print $2 }' "$up_run/engines")"
  nats_url="$(awk '$1 == "nats-url" { print $2 }' "$up_run/engines")"
  # Bazaar's own processes: every service and the gateway, not the engines.
  bazaar_pids="$(awk '$1 != "postgres" && $1 != "nats-server" && $1 != "redis-server" { print $2 }' "$up_run/pids" | tr '\n' ' ')"
  # CPU time is read from these ids, so each must be the Bazaar.Server process itself, not a wrapper.
  for pid in $bazaar_pids; do
    grep -qa Bazaar.Server "/proc/$pid/cmdline" || { echo "process $pid of up.sh is not Bazaar.Server" >&2; exit 2; }
  done
  say "gateway $gateway_url, catalog $catalog_url, PostgreSQL port $pg_port, NATS $nats_url"
}

# Before each measurement, until Bazaar's processes are idle: a process that is still compiling its code
# (.NET tiers up hot methods in the background), handling a seed's events or the previous run's leftovers
# would take CPU from what is measured.
settle() {
  local waited
  # shellcheck disable=SC2086 # one argument per process id
  waited="$(py settle $bazaar_pids)"
  if [ "$waited" = -1 ]; then note "Bazaar's processes were still busy after 90 s of waiting to settle ($1)"; fi
}

# ------------------------------------------------------------------------------------------ wrk
# One wrk run; prints "rps p50ms p99ms errors".
wrk_run() {
  local url="$1" seconds="$2" out="$work/wrk-$RANDOM$RANDOM.txt"
  wrk -t"$wrk_threads" -c"$wrk_connections" -d"${seconds}s" --latency "$url" >"$out" 2>&1 || true
  py wrk "$out"
}

# Records the rate under `key`; a run with failed requests is noted, not silently counted.
wrk_measure() {
  local key="$1" url="$2" rps p50 p99 errors
  read -r rps p50 p99 errors < <(wrk_run "$url" "$wrk_seconds")
  [ -n "$rps" ] || { echo "wrk gave no result for $url" >&2; exit 2; }
  say "$key: $rps req/s, p50 $p50 ms, p99 $p99 ms"
  [ "$errors" = 0 ] || note "$key: $errors failed requests in a wrk run of $url"
  record "$key" "$rps"
  echo "$rps"
}

warm_up() {
  say "warm-up: ${warmup_seconds}s of wrk on each endpoint"
  for url in "$@"; do wrk_run "$url" "$warmup_seconds" >/dev/null; done
}

# R1, R2 (and R3 in the distributed shape): the endpoints side by side, ratios per repetition.
measure_http() {
  local product_url="$catalog_url/api/products/$product_id" search_url="$catalog_url/api/products?q=$search_word"
  local urls=("$catalog_url/bench/ping" "$product_url" "$search_url")
  [ "$shape" = embedded ] || urls+=("$gateway_url/api/products/$product_id")
  warm_up "${urls[@]}"
  for i in $(seq 1 "$repeat"); do
    settle "endpoints"
    say "endpoints, run $i of $repeat"
    local ping product search gateway
    ping="$(wrk_measure ping_rps "${urls[0]}")"
    product="$(wrk_measure product_rps "$product_url")"
    search="$(wrk_measure search_rps "$search_url")"
    record R1 "$(ratio "$product" "$ping")"
    record R2 "$(ratio "$search" "$ping")"
    if [ "$shape" = distributed ]; then
      gateway="$(wrk_measure gateway_product_rps "${urls[3]}")"
      record R3 "$(ratio "$gateway" "$product")"
    fi
  done
}

# ------------------------------------------------------------------------------------------ checkout
orders_file="$work/orders.txt"
checkout_args() { echo --url "$gateway_url" --admin-email "$admin_email" --admin-password "$admin_password" --orders-file "$orders_file"; }

pgbench_setup() {
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres bench_pgbench
  "$pg_bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U postgres -i -q -s "$pgbench_scale" bench_pgbench >"$work/pgbench-init.log" 2>&1
}

pgbench_run() {
  local out="$work/pgbench-$RANDOM$RANDOM.txt"
  "$pg_bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U postgres -n -b simple-update -c "$clients" -j "$clients" \
    -T "$checkout_seconds" bench_pgbench >"$out" 2>&1
  py pgbench "$out"
}

# R4 (closed loop, with pgbench beside it in the distributed shape) and R5 (open loop at half that rate).
measure_checkout() {
  [ "$shape" = distributed ] && pgbench_setup
  local rates=()
  if have_tool; then
    # The first checkouts run code that has not been compiled at its best tier yet, fill connection pools and grow
    # the thread pools; they are not measured.
    settle "checkout warm-up"
    say "checkout warm-up (not measured): $clients clients, ${checkout_warmup}s"
    # shellcheck disable=SC2046
    bench_tool checkout $(checkout_args) --clients "$clients" --duration "$checkout_warmup" >/dev/null ||
      note "checkout warm-up failed: $(tail -n 3 "$work/bench-checkout.log" | tr '\n' ' ')"
  fi
  for i in $(seq 1 "$repeat"); do
    settle "checkout"
    say "checkout, run $i of $repeat: $clients clients, ${checkout_seconds}s"
    local tps="" completed=""
    if [ "$shape" = distributed ]; then
      tps="$(pgbench_run)"
      record pgbench_tps "$tps"
      say "pgbench: $tps tps"
    fi
    if have_tool; then
      local line
      # shellcheck disable=SC2046 # word splitting of the fixed arguments is intended
      line="$(bench_tool checkout $(checkout_args) --clients "$clients" --duration "$checkout_seconds")" || {
        note "checkout run $i failed: $(tail -n 3 "$work/bench-checkout.log" | tr '\n' ' ')"
        continue
      }
      completed="$(py json perSecond <<<"$line")"
      local failed duplicates
      read -r failed duplicates < <(py json failed duplicates <<<"$line")
      [ "$failed" = 0 ] && [ "$duplicates" = 0 ] || note "checkout run $i: $failed failed, $duplicates duplicates"
      record checkout_rps "$completed"
      rates+=("$completed")
      say "checkout: $completed orders/s"
      [ -z "$tps" ] || record R4 "$(ratio "$completed" "$tps")"
    fi
  done
  if ! have_tool; then
    skip checkout_rps "$tool_missing"
    [ "$shape" = embedded ] || skip R4 "$tool_missing"
    skip R5 "$tool_missing"
    return
  fi
  [ ${#rates[@]} -gt 0 ] || { skip R5 "no closed-loop checkout rate"; return; }
  local rate
  rate="$(awk -v m="$(py median "${rates[@]}")" 'BEGIN { r = m / 2; printf "%.1f", (r < 0.5 ? 0.5 : r) }')"
  for i in $(seq 1 "$repeat"); do
    settle "open-loop checkout"
    say "checkout at $rate orders/s, run $i of $repeat"
    local line
    # shellcheck disable=SC2046
    line="$(bench_tool checkout $(checkout_args) --clients "$clients" --duration "$checkout_seconds" --rate "$rate")" || {
      note "open-loop checkout run $i failed: $(tail -n 3 "$work/bench-checkout.log" | tr '\n' ' ')"
      continue
    }
    record R5_rate "$rate"
    record R5 "$(py json p99Ms <<<"$line")"
  done
}

# R6: the outbox relay against raw JetStream publishing, on the shop's own PostgreSQL and NATS.
measure_relay() {
  if ! have_tool; then
    skip R6 "$tool_missing"
    return
  fi
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres bench_relay
  local conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench_relay;SslMode=Disable"
  for i in $(seq 1 "$repeat"); do
    settle "relay"
    say "relay, run $i of $repeat: $relay_events events of $relay_size bytes"
    local line relay raw r
    line="$(bench_tool relay --postgres "$conn" --nats "$nats_url" --events "$relay_events" --size "$relay_size")" || {
      note "relay run $i failed: $(tail -n 3 "$work/bench-relay.log" | tr '\n' ' ')"
      continue
    }
    read -r relay raw r < <(py json relayPerSecond rawPerSecond ratio <<<"$line")
    record relay_rps "$relay"
    record raw_rps "$raw"
    record R6 "$r"
  done
}

# ------------------------------------------------------------------------------------------ Locust
# R7: step through arrival rates until the first that misses p95 ≤ 100 ms or < 0.1% errors; the
# highest that met both is the result, with requests per CPU-second of Bazaar's processes at that step.
# R8's peak RSS is the embedded process's high-water mark over the Locust runs (reset before them).
measure_locust() {
  say "setting up: stock, customers (not measured)"
  local biggest
  biggest="$(printf '%s\n' $locust_rates "${BENCH_LOCUST_WARMUP_RATE:-50}" | sort -n | tail -n 1)"
  py setup --url "$gateway_url" --admin-email "$admin_email" --admin-password "$admin_password" \
    --customers "$biggest" --out "$work" >/dev/null
  # What Bazaar's processes burn doing nothing: at low rates it is much of the CPU time per request.
  settle "idle CPU"
  local cpu0 cpu1 idle_seconds=5
  # shellcheck disable=SC2086
  cpu0="$(py cpu $bazaar_pids)"
  sleep "$idle_seconds"
  # shellcheck disable=SC2086
  cpu1="$(py cpu $bazaar_pids)"
  record idle_cpu "$(awk -v a="$cpu0" -v b="$cpu1" -v s="$idle_seconds" 'BEGIN { printf "%.3f", (b - a) / s }')"
  local warmup_rate locust_warmup
  # The whole mix once, not recorded: the first calls of cart and checkout compile their code, and the
  # setup's own events are still being handled.
  warmup_rate="${BENCH_LOCUST_WARMUP_RATE:-50}"
  locust_warmup="${BENCH_LOCUST_WARMUP_SECONDS:-$(pick 20 10)}"
  say "Locust warm-up: $warmup_rate actions/s for ${locust_warmup}s (not recorded)"
  py locust-step --url "$gateway_url" --pids "$bazaar_pids" --customers "$work/customers.json" \
    --products "$work/products.json" --out "$work/warm-up" --locustfile "$here/locustfile.py" --locust "$locust_bin" \
    --rate "$warmup_rate" --seconds "$locust_warmup" >/dev/null
  if [ "$shape" = embedded ]; then echo 5 >"/proc/$shop_pid/clear_refs"; fi
  for i in $(seq 1 "$repeat"); do
    local best="" best_cpu="" steps=""
    for rate in $locust_rates; do
      settle "Locust"
      say "Locust, run $i of $repeat: $rate actions/s for ${locust_seconds}s"
      local line requests errors p95 cpu_rate
      line="$(py locust-step --url "$gateway_url" --pids "$bazaar_pids" --customers "$work/customers.json" \
        --products "$work/products.json" --out "$work/locust-$i" --locustfile "$here/locustfile.py" --locust "$locust_bin" \
        --rate "$rate" --seconds "$locust_seconds")"
      read -r requests errors p95 cpu_rate < <(py json requests errorPercent p95Ms requestsPerCpuSecond <<<"$line")
      local passed
      passed="$(awk -v p="$p95" -v e="$errors" 'BEGIN { print (p <= 100 && e < 0.1) ? "yes" : "no" }')"
      steps+="$rate/s: p95 $p95 ms, $(printf '%.2f' "$errors")% errors, $(printf '%.0f' "$cpu_rate") req/CPU-s $([ "$passed" = yes ] && echo ✓ || echo ✗); "
      say "  $requests requests, p95 $p95 ms, $errors% errors, $cpu_rate requests per CPU-second"
      [ "$passed" = yes ] || break
      best="$rate"
      best_cpu="$cpu_rate"
    done
    note "R7 run $i steps: ${steps%; }"
    record R7_rate "${best:-0}"
    [ -z "$best_cpu" ] || record R7_cpu "$best_cpu"
  done
  if [ "$shape" = embedded ]; then
    local rss hwm
    read -r rss hwm < <(py rss "$shop_pid")
    record R8_peak "$hwm"
  fi
}

# ------------------------------------------------------------------------------------------ check
check_status=0
run_check() {
  if ! have_tool; then
    note "Bazaar.Bench check: $tool_missing"
    return
  fi
  say "Bazaar.Bench check"
  local line code=0 where=()
  # The checker reads every service's database, found from the same settings the shop was started with.
  if [ "$shape" = distributed ]; then
    where=(--setting Bazaar:Database:Provider=postgres --setting Bazaar:Database:Postgres:Host=127.0.0.1
      --setting "Bazaar:Database:Postgres:Port=$pg_port" --setting Bazaar:Database:Postgres:Username=postgres
      --setting Bazaar:Database:Postgres:SslMode=Disable --nats "$nats_url")
  else
    where=(--setting "Bazaar:DataDirectory=$embedded_dir/data")
  fi
  line="$(bench_tool check "${where[@]}" --orders-file "$orders_file")" || code=$?
  echo "$line" >"$work/check.json"
  if [ $code -ne 0 ]; then
    check_status=1
    note "Bazaar.Bench check found violations (exit $code): $line"
  else
    note "Bazaar.Bench check: $line"
  fi
}

# ------------------------------------------------------------------------------------------ R9
# Cold start with built binaries and existing data: the shop is stopped and started again, timed from
# the process start to the first 200 from /health/ready.
measure_cold_start() {
  say "stopping the shop for the cold starts"
  stop_pid "$shop_pid"
  for i in $(seq 1 "$repeat"); do
    local s
    s="$(py coldstart --url "$shop_url" --cwd "$embedded_dir" --log "$work/server.log" -- "${embedded_cmd[@]}")"
    say "cold start $i of $repeat: ${s}s"
    record R9 "$s"
  done
}

# ------------------------------------------------------------------------------------------ the run
command_line="bench/run.sh $*"
if [ "$shape" = embedded ]; then
  start_embedded
  # Idle means seeded, the seed's events handled by inventory and cart, and start-up's compilation done.
  settle "idle RSS"
  read -r rss _ < <(py rss "$shop_pid")
  record R8_idle "$rss"
else
  start_distributed
fi
# Ready is not always serving yet (the gateway may still be connecting to the catalog): ask until it answers.
product_id=""
for _ in $(seq 1 60); do
  code="$(curl -s -o "$work/first-product.json" -w '%{http_code}' --max-time 10 "$gateway_url/api/products?pageSize=1&sort=name" || true)"
  if [ "$code" = 200 ]; then
    product_id="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])' <"$work/first-product.json")"
    break
  fi
  say "GET /api/products answered ${code:-nothing}; asking again"
  sleep 1
done
[ -n "$product_id" ] || { echo "no product from $gateway_url/api/products" >&2; exit 2; }
say "product for single-product runs: $product_id"

measure_http
measure_checkout
[ "$shape" = embedded ] || measure_relay
measure_locust
run_check
[ "$shape" = distributed ] || measure_cold_start

# ------------------------------------------------------------------------------------------ report
elapsed=$((SECONDS - started_at))
commit="$(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- 2>/dev/null || echo '-dirty')"
table="$(py report --results "$results" --shape "$shape")"
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — $shape$([ -n "$quick" ] && echo ', quick (short runs: rough numbers)')"
  echo
  echo "\`$command_line\` at commit \`$commit\`, $((elapsed / 60)) min $((elapsed % 60)) s; $repeat runs of each;" \
    "wrk -t$wrk_threads -c$wrk_connections ${wrk_seconds}s; checkout $clients clients ${checkout_seconds}s;" \
    "Locust ${locust_seconds}s per step over rates: $locust_rates."
  echo
  py machine
  echo
  echo "$table"
} >"$work/entry.md"
cat "$work/entry.md"
[ -f "$here/RESULTS.md" ] || printf '# Benchmark results\n\nAppended by `bench/run.sh`; newest last. See bench/README.md for what each row means.\n' >"$here/RESULTS.md"
cat "$work/entry.md" >>"$here/RESULTS.md"
say "appended to bench/RESULTS.md; took $((elapsed / 60)) min $((elapsed % 60)) s"
finished=1
exit $check_status
