#!/usr/bin/env bash
# `npm test`: installs dependencies when missing, then runs every jest suite. test/global-setup.ts starts a
# throwaway MariaDB + Redis (installing them with apt when root) unless TEST_DATABASE_URL/TEST_REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
# Install when missing or when the lock file changed since the last install (e.g. after a pull).
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund; fi
exec npx jest "$@"
