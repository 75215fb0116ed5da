#!/usr/bin/env bash
# The soak run: the distributed shop scaled out (two replicas of ordering, inventory and payment) under
# the mixed workload for 15 minutes (BAZAAR_SOAK_MINUTES), a fault every minute in turn (a replica
# killed, NATS stopped, PostgreSQL restarted, Redis stopped, payment paused), ending with the invariant
# checker and a look at each process's memory. Not part of ./scripts/test.sh: it takes a quarter hour.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-servers.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build tests/Bazaar.DistributedTests -c Release -nologo
dotnet test tests/Bazaar.DistributedTests -c Release --no-build --filter "Category=Soak" --logger "console;verbosity=detailed"
