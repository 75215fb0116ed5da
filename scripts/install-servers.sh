#!/usr/bin/env bash
# Installs the Debian packages of the servers Bazaar's distributed shape runs on (PostgreSQL, NATS, Redis)
# and curl, when they are missing. Their own system services are kept from starting: Bazaar's scripts and
# tests run throw-away servers of their own on 127.0.0.1. Progress goes to stderr.
# Arguments `command=package` add tools of a caller's own, installed when the command is missing
# (bench/run.sh: `wrk=wrk locust=python3-locust`).
set -euo pipefail

missing=()
for wanted in "$@"; do
  command -v "${wanted%%=*}" >/dev/null || missing+=("${wanted#*=}")
done
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v curl >/dev/null || missing+=(curl)
[ ${#missing[@]} -gt 0 ] || exit 0

echo "== installing ${missing[*]}" >&2
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e $policy ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee $policy >/dev/null && $sudo chmod +x $policy && created_policy=1
fi
status=0
$sudo apt-get update -qq >&2 || status=$?
[ "$status" != 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || status=$?
[ -z "$created_policy" ] || $sudo rm -f $policy
exit "$status"
