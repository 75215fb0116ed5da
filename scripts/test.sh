#!/usr/bin/env bash
# Runs every check Bazaar has: build (warnings are errors), formatting, unit and integration tests.
# The embedded shape needs no servers. The distributed-shape tests start their own throw-away
# PostgreSQL, NATS and Redis servers on 127.0.0.1 (and stop them by process id); this script only
# installs the Debian packages when they are missing, and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-servers.sh chromium=chromium kubectl=kubernetes-client promtool=prometheus

# The Kubernetes manifests' schema validator (tests/Bazaar.DeployTests/Kubernetes runs it).
(cd deploy/k8s/validate && npm ci --no-audit --no-fund --loglevel=error)
# The HCL parser the Terraform checks read deploy/terraform with (tests/Bazaar.DeployTests/Terraform runs it).
(cd deploy/terraform/check && npm ci --no-audit --no-fund --loglevel=error)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== restore and build"
dotnet build Bazaar.slnx -c Release -nologo

echo "== formatting"
dotnet format Bazaar.slnx --verify-no-changes --no-restore

echo "== tests"
results="$(mktemp -d)"
status=0
# One test project at a time: the distributed tests start many server processes, and a 2-core
# machine shared with the integration suite would only make everything slower. The soak run has a
# command of its own (scripts/soak.sh).
dotnet test Bazaar.slnx -c Release --no-build -m:1 --filter "Category!=Soak" --logger "trx" --results-directory "$results" || status=$?

# The slowest tests, then one summary line over all test projects, in the form CI reads.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
durations = []
for f in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(f).getroot()
    c = root.find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout"))
    skipped += int(c.get("notExecuted"))
    for r in root.iter("{%s}UnitTestResult" % ns["t"]):
        h, m, s = r.get("duration", "0:0:0").split(":")
        durations.append((int(h) * 3600 + int(m) * 60 + float(s), r.get("testName")))
print("== slowest tests")
for seconds, name in sorted(durations, reverse=True)[:10]:
    print(f"{seconds:7.1f} s  {name}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
