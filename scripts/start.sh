#!/usr/bin/env bash
# `npm start`: the embedded hub on a fresh machine. Installs dependencies when missing, makes sure
# redis-server exists (the hub runs a private one unless REDIS_URL is set), builds, and runs API + worker
# on SQLite with demo data unless DATABASE_URL is set. SIMULATORS=1 adds the agency simulators.
set -euo pipefail
cd "$(dirname "$0")/.."
# Install when missing or when the lock file changed since the last install (e.g. after a pull).
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund; fi
[[ -n ${REDIS_URL:-} ]] || bash scripts/ensure-redis.sh
# Letters (PDF) are set in Noto CJK from Debian's fonts-noto-cjk (LETTER_FONT_FILE); install it when missing and we can.
if [[ -z ${LETTER_FONT_FILE:-} && ! -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-noto-cjk || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-noto-cjk; }
  else
    echo "warning: fonts-noto-cjk is missing, letters cannot be rendered (sudo apt-get install fonts-noto-cjk)" >&2
  fi
fi
npx tsc -p tsconfig.build.json
# SIMULATORS=1 also starts a simulated system per partner agency, so referrals visibly flow.
# --max-semi-space-size=32: the hub's production V8 flag (Dockerfile; bench/lib/load.ts HUB_NODE_OPTIONS says why).
if [[ ${SIMULATORS:-0} == 1 ]]; then exec node --max-semi-space-size=32 dist/scripts/demo-with-simulators.js; fi
exec node --max-semi-space-size=32 dist/src/main.js
