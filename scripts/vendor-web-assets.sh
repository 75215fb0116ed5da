#!/usr/bin/env bash
# Reinstalls the storefront's charting library from npm at the exact versions of src/Bazaar.Web/package-lock.json
# and copies its minified files and licences into src/Bazaar.Web/Assets/vendor/, where they are committed: building
# and running Bazaar needs no npm, only changing those versions does (edit package.json, run `npm install` there,
# then this script).
set -euo pipefail
cd "$(dirname "$0")/../src/Bazaar.Web"

npm ci --no-audit --no-fund
npm run vendor
ls -l Assets/vendor
