#!/usr/bin/env bash
# Start a throwaway Redis + MariaDB for tests/dev. Usage: scripts/services-up.sh [RUN_DIR]
# Env: REDIS_PORT (6399), MYSQL_PORT (3399). Writes RUN_DIR/env; stop with scripts/services-down.sh RUN_DIR.
# Background and measured timings: /work/shared/stack-notes.md §2 and pitfalls 16-19.
set -euo pipefail

RUN_DIR=${1:-/dev/shm/petition-hub-services}
REDIS_PORT=${REDIS_PORT:-6399}
MYSQL_PORT=${MYSQL_PORT:-3399}
PATH=$PATH:/usr/sbin:/sbin # mariadbd lives in /usr/sbin, often not on a non-root PATH
t0=${EPOCHREALTIME/./}

die() { echo "services-up: $*" >&2; exit 1; }

pkgs=()
for bin in redis-server redis-cli; do command -v "$bin" >/dev/null || { pkgs+=(redis-server); break; }; done
for bin in mariadbd mariadb-install-db mariadb mariadb-admin; do command -v "$bin" >/dev/null || { pkgs+=(mariadb-server); break; }; done
# The browser test (test/integration/dashboard-browser.test.ts) drives Debian's chromium, with a CJK font for the labels.
[[ -x ${CHROMIUM_PATH:-/usr/bin/chromium} ]] || pkgs+=(chromium)
if command -v dpkg-query >/dev/null && ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"; then pkgs+=(fonts-noto-cjk); fi
# The letter PDFs (documents.test.ts, city-visit.test.ts) are read back with poppler's pdftotext.
command -v pdftotext >/dev/null || pkgs+=(poppler-utils)
if (( ${#pkgs[@]} )); then
  install="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${pkgs[*]}"
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "services-up: ${pkgs[*]} missing, running: $install" >&2
    # apt output goes to stderr so callers that capture stdout still see progress
    eval "$install" >&2
  else
    echo "services-up: ${pkgs[*]} are required for the tests. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${pkgs[*]}" >&2
    exit 2
  fi
fi

# A daemon already on the port would answer our ping checks and we would hand out the wrong instance.
for port in "$REDIS_PORT" "$MYSQL_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is already in use (another services-up? stop it with scripts/services-down.sh RUN_DIR, or set REDIS_PORT/MYSQL_PORT)"
  fi
done
[[ -e $RUN_DIR/mariadb.pid || -e $RUN_DIR/redis.pid ]] &&
  die "$RUN_DIR still holds pidfiles of an earlier run; run scripts/services-down.sh $RUN_DIR first"

mkdir -p "$RUN_DIR"
RUN_DIR=$(cd "$RUN_DIR" && pwd)
# unix socket paths are limited to 107 bytes; fail here rather than with an obscure mariadbd error
(( ${#RUN_DIR} < 90 )) || die "RUN_DIR path too long for a unix socket: $RUN_DIR"
rm -rf "$RUN_DIR/mysql" "$RUN_DIR/appendonlydir" "$RUN_DIR/dump.rdb" # fresh data every time
# Ports first, so services-down.sh can stop a half-started stack; the URLs are appended once all is up.
printf 'REDIS_PORT=%s\nMYSQL_PORT=%s\n' "$REDIS_PORT" "$MYSQL_PORT" >"$RUN_DIR/env"

# If anything below fails, do not leave half a stack running.
trap 'rc=$?; (( rc == 0 )) || "$(dirname "$0")/services-down.sh" "$RUN_DIR" >/dev/null 2>&1 || true' EXIT

wait_for() { # wait_for WHAT LOGFILE PID CMD...: up to 30 s; gives up early if PID (when given) died
  local what=$1 log=$2 pid=$3; shift 3
  for _ in $(seq 600); do
    "$@" >/dev/null 2>&1 && return 0
    [[ -z $pid ]] || kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  tail -n 20 "$log" >&2 || true
  die "$what did not come up (log: $log)"
}

# Redis: AOF on (tests may exercise it; tmpfs makes it cheap), no RDB snapshots, noeviction as BullMQ requires.
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes \
  --save '' --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
  --dir "$RUN_DIR" --daemonize yes --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log"

# MariaDB: --no-defaults everywhere so /etc/mysql (socket in /run/mysqld) is ignored; as root mariadbd refuses
# to start without --user=root. A 48M redo log (default 96M) keeps the tmpfs datadir at ~77 MB.
mariadb-install-db --no-defaults --datadir="$RUN_DIR/mysql" --user="$(id -un)" \
  --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve >"$RUN_DIR/install-db.log" 2>&1 ||
  { tail -n 20 "$RUN_DIR/install-db.log" >&2; die "mariadb-install-db failed"; }
# setsid + no inherited fds: a Ctrl-C in jest's terminal must not reach it, and a caller reading our
# stdout (execFileSync) must not wait for the daemon to close it.
setsid mariadbd --no-defaults --user="$(id -un)" --datadir="$RUN_DIR/mysql" \
  --socket="$RUN_DIR/mysql.sock" --port="$MYSQL_PORT" --bind-address=127.0.0.1 \
  --pid-file="$RUN_DIR/mariadb.pid" --log-error="$RUN_DIR/mariadb.err" \
  --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=256M --innodb-log-file-size=48M \
  --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 \
  --innodb-fast-shutdown=3 --innodb-buffer-pool-dump-at-shutdown=0 --innodb-buffer-pool-load-at-startup=0 \
  --max-connections=500 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  </dev/null >/dev/null 2>&1 &
mariadbd_pid=$!
echo "$mariadbd_pid" >"$RUN_DIR/mariadb.pid" # mariadbd writes it only later; services-down needs it on early failure

wait_for redis "$RUN_DIR/redis.log" "" redis-cli -p "$REDIS_PORT" ping
wait_for mariadb "$RUN_DIR/mariadb.err" "$mariadbd_pid" mariadb-admin --no-defaults --socket="$RUN_DIR/mysql.sock" -uroot ping

# ALL includes CREATE and DROP; the escaped pattern lets each jest worker create/drop its own hub_test_<n> DB.
mariadb --no-defaults --socket="$RUN_DIR/mysql.sock" -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS `hub`;
CREATE DATABASE IF NOT EXISTS `hub_test`;
CREATE USER IF NOT EXISTS 'hub'@'127.0.0.1' IDENTIFIED BY 'hub';
CREATE USER IF NOT EXISTS 'hub'@'localhost' IDENTIFIED BY 'hub';
GRANT ALL PRIVILEGES ON `hub`.* TO 'hub'@'127.0.0.1', 'hub'@'localhost';
GRANT ALL PRIVILEGES ON `hub_test`.* TO 'hub'@'127.0.0.1', 'hub'@'localhost';
GRANT ALL PRIVILEGES ON `hub\_test\_%`.* TO 'hub'@'127.0.0.1', 'hub'@'localhost';
FLUSH PRIVILEGES;
SQL

cat >>"$RUN_DIR/env" <<ENV
TEST_DATABASE_URL=mariadb://hub:hub@127.0.0.1:$MYSQL_PORT/hub_test
TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
ENV

echo "services up in $(( (${EPOCHREALTIME/./} - t0) / 1000 )) ms: redis 127.0.0.1:$REDIS_PORT, mariadb 127.0.0.1:$MYSQL_PORT, env in $RUN_DIR/env"
