#!/usr/bin/env bash
# Runs every check Bazaar has: build (warnings are errors), formatting, unit and integration tests.
# The embedded shape needs no servers: SQLite files and the in-process bus are created by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== restore and build"
dotnet build Bazaar.slnx -c Release -nologo

echo "== formatting"
dotnet format Bazaar.slnx --verify-no-changes --no-restore

echo "== tests"
results="$(mktemp -d)"
status=0
dotnet test Bazaar.slnx -c Release --no-build --logger "trx" --results-directory "$results" || status=$?

# One summary line over all test projects, in the form CI reads.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout"))
    skipped += int(c.get("notExecuted"))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
