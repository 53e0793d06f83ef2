#!/usr/bin/env bash
# `npm test`: installs dependencies when missing, then runs every jest suite. test/global-setup.ts starts a
# throwaway MariaDB + Redis (installing them with apt when root) unless TEST_DATABASE_URL/TEST_REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || npm ci --no-audit --no-fund
exec npx jest "$@"
