#!/usr/bin/env bash
# `npm start`: the embedded hub on a fresh machine. Installs dependencies when missing, makes sure
# redis-server exists (the hub runs a private one unless REDIS_URL is set), builds, and runs API + worker
# on SQLite with demo data unless DATABASE_URL is set. SIMULATORS=1 adds the agency simulators.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || npm ci --no-audit --no-fund
[[ -n ${REDIS_URL:-} ]] || bash scripts/ensure-redis.sh
npx tsc -p tsconfig.build.json
# SIMULATORS=1 also starts a simulated system per partner agency, so referrals visibly flow.
if [[ ${SIMULATORS:-0} == 1 ]]; then exec node dist/scripts/demo-with-simulators.js; fi
exec node dist/src/main.js
