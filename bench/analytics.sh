#!/usr/bin/env bash
# The analytics service's throughput: bench/analytics.sh [--events N]
#
# Three figures, each measured BENCH_REPEAT times (3), printed as median, min and max and appended to
# bench/RESULTS.md with the machine's description:
#   - the windowing core from events already deserialized (one core), target 1,000,000 events/s;
#   - the same from the JSON envelopes, read as the service reads them, target 300,000 events/s;
#   - the service end to end from NATS JetStream (`Bazaar.Bench analytics-stream`, against a nats-server
#     of its own started here on a free loopback port and stopped by process id), target 100,000 events/s
#     while it runs: from its first checkpoint to its last. The rate from the host's start, which adds the
#     start-up's second or two (migrations, compiling) to the run, is printed beside it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
events=1000000
stream_events="${BENCH_ANALYTICS_STREAM_EVENTS:-500000}"
repeat="${BENCH_REPEAT:-3}"
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="$2"; stream_events="$2"; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "usage: bench/analytics.sh [--events N]" >&2; exit 2 ;;
  esac
done
say() { echo "== $*" >&2; }
py() { python3 "$here/harness.py" "$@"; }

"$repo/scripts/install-servers.sh"
say "building bench/Bazaar.Bench (Release)"
dotnet build "$here/Bazaar.Bench" -c Release -v q -nologo >&2
tool="$here/Bazaar.Bench/bin/Release/net10.0/Bazaar.Bench.dll"

work="$(mktemp -d "${TMPDIR:-/tmp}/bazaar-bench-analytics.XXXXXX")"
nats_pid=""
cleanup() {
  [ -z "$nats_pid" ] || kill "$nats_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
"$(command -v nats-server || echo /usr/sbin/nats-server)" -js -a 127.0.0.1 -p "$port" -sd "$work/nats" >"$work/nats.log" 2>&1 &
nats_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

core_runs=()
stream_runs=()
for i in $(seq "$repeat"); do
  say "core, run $i of $repeat: $events events"
  core_runs+=("$(dotnet "$tool" analytics --events "$events" --runs 1)")
  say "stream, run $i of $repeat: $stream_events events through nats://127.0.0.1:$port"
  stream_runs+=("$(dotnet "$tool" analytics-stream --nats "nats://127.0.0.1:$port" --events "$stream_events")")
done

# Reads $field of each run; called from row, whose local it is.
values() { for run in "$@"; do py json "$field" <<<"$run"; done; }
row() {
  local label="$1" field="$2" target="$3" target_value="$4"; shift 4
  local vs med min max result
  vs="$(values "$@" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  read -r med min max < <(python3 -c 'import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(round(statistics.median(v)), round(min(v)), round(max(v)))' $vs)
  result="$(python3 -c "print('—' if $target_value == 0 else 'pass' if $med >= $target_value else 'FAIL')")"
  thousands() { python3 -c 'import sys; print(f"{int(sys.argv[1]):,}")' "$1"; }
  printf '| %s | %s | %s | %s | events/s | %s | %s |\n' "$label" "$(thousands "$med")" "$(thousands "$min")" "$(thousands "$max")" "$target" "$result"
}

report="$(
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — analytics"
  echo
  echo "\`bench/analytics.sh\` at commit \`$(git -C "$repo" describe --always --dirty)\`; $repeat runs of each; core: $events events, best of 1 pass after a warm-up pass; stream: $stream_events events."
  echo
  py machine
  echo
  echo "| benchmark | median | min | max | unit | target | result |"
  echo "|---|---:|---:|---:|---|---|---|"
  row "windowing core, deserialized events (1 core)" deserializedPerSecond "≥ 1,000,000" 1000000 "${core_runs[@]}"
  row "windowing core, from JSON envelopes (1 core)" fromJsonPerSecond "≥ 300,000" 300000 "${core_runs[@]}"
  row "service end to end from NATS JetStream, running (first checkpoint to last)" warmPerSecond "≥ 100,000" 100000 "${stream_runs[@]}"
  row "the same, start-up included (host start to last checkpoint)" processedPerSecond "—" 0 "${stream_runs[@]}"
  echo
  echo "- Service CPU seconds per stream run: $(field=cpuSeconds; values "${stream_runs[@]}" | tr '\n' ' ')"
  echo "- Bytes the process allocated per event, per stream run: $(field=allocatedBytesPerEvent; values "${stream_runs[@]}" | tr '\n' ' ')"
)"
echo "$report"
echo "$report" >>"$here/RESULTS.md"
