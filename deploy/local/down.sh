#!/usr/bin/env bash
# Stops what deploy/local/up.sh started, by the process ids it recorded, and removes its temporary
# directory. Takes that directory as its argument, or the one up.sh last started from this checkout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="${1:-$(cat "$here/.last-run" 2>/dev/null || true)}"
if [ -z "$run" ] || [ ! -f "$run/pids" ]; then
  echo "nothing to stop (no state from up.sh)" >&2
  exit 0
fi

# Only a process whose command line still names what was started is ours: a recorded id may have been reused.
ours() {
  local name="$1" pid="$2" expect
  case "$name" in
    postgres) expect=postgres ;;
    nats-server) expect=nats-server ;;
    redis-server) expect=redis-server ;;
    *) expect=Bazaar.Server ;;
  esac
  grep -qa -- "$expect" "/proc/$pid/cmdline" 2>/dev/null
}

# Until it has exited (a zombie waiting for its parent to collect it has exited).
running() {
  [ -e "/proc/$1" ] && [ "$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)" != Z ]
}

stop() {
  local name="$1" pid="$2" signal="$3"
  ours "$name" "$pid" || return 0
  kill "-$signal" "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    running "$pid" || return 0
    sleep 0.2
  done
  echo "$name ($pid) did not stop in 20 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

# The gateway and services first, then the engines they use; PostgreSQL's fast shutdown is SIGINT.
tac "$run/pids" | while read -r name pid; do
  [ -n "$pid" ] || continue
  case "$name" in
    postgres) stop "$name" "$pid" INT ;;
    *) stop "$name" "$pid" TERM ;;
  esac
done

rm -rf "$run"
if [ "$(cat "$here/.last-run" 2>/dev/null || true)" = "$run" ]; then rm -f "$here/.last-run"; fi
echo "stopped" >&2
