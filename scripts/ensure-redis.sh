#!/usr/bin/env bash
# Make sure redis-server exists before the embedded hub spawns it. Installs it only when we can do so
# without prompting (root + apt); otherwise tells the user the one command to run and exits 2.
set -euo pipefail

command -v redis-server >/dev/null && exit 0

if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "ensure-redis: redis-server not found; running: apt-get update && apt-get install -y redis-server" >&2
  apt-get update >&2
  # Debian's postinst will not start the daemon without systemd (policy-rc.d); the hub starts its own.
  DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server >&2
  command -v redis-server >/dev/null || { echo "ensure-redis: install finished but redis-server is still not on PATH" >&2; exit 1; }
  exit 0
fi

echo "ensure-redis: redis-server is required. Install it with:" >&2
echo "  sudo apt-get install -y redis-server" >&2
exit 2
