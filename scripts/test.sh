#!/usr/bin/env bash
# `npm test`: installs dependencies when missing, then runs every jest suite on MariaDB, then every integration suite
# again on the embedded SQLite default (TEST_DB_KIND=sqlite): both backends must behave the same (docs/decisions.md,
# Both backends). test/global-setup.ts starts a throwaway MariaDB + Redis (installing them with apt when root) unless
# TEST_DATABASE_URL/TEST_REDIS_URL are set.
# With arguments (`npm test -- test/unit`), only that jest run happens, on MariaDB.
set -euo pipefail
cd "$(dirname "$0")/.."
# Install when missing or when the lock file changed since the last install (e.g. after a pull).
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund; fi
if (( $# )); then exec npx jest "$@"; fi
npx jest
echo "=== every integration suite again on the embedded SQLite default"
TEST_DB_KIND=sqlite exec npx jest test/integration
