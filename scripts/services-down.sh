#!/usr/bin/env bash
# Stop what scripts/services-up.sh started in RUN_DIR and delete RUN_DIR. Safe to run twice.
# FAST=1 sends SIGKILL to MariaDB straight away (the data is throwaway anyway).
set -euo pipefail

RUN_DIR=${1:-/dev/shm/petition-hub-services}
PATH=$PATH:/usr/sbin:/sbin
[[ -d $RUN_DIR ]] || exit 0

# Reads a pidfile and prints the pid only if it still names the expected live program,
# so a stale pidfile never makes us signal an unrelated process.
live_pid() { # live_pid PIDFILE COMM
  local pid; pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == "$2"* ]] && echo "$pid"
}

# Dead-but-unreaped counts as gone: orphans are reaped by PID 1 only after 1-3 s here, and
# `kill -0` succeeds on zombies (stack-notes pitfall 16).
running() {
  local stat; stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

wait_gone() { # wait_gone PID SECONDS
  local i
  for ((i = 0; i < $2 * 20; i++)); do running "$1" || return 0; sleep 0.05; done
  return 1
}

redis_port=$(sed -n 's/^REDIS_PORT=//p' "$RUN_DIR/env" 2>/dev/null || true)
redis_pid=$(live_pid "$RUN_DIR/redis.pid" redis-server || true)
mariadb_pid=$(live_pid "$RUN_DIR/mariadb.pid" mariadbd || true)

# SIGTERM makes Redis wait for its next cron tick (~1 s); SHUTDOWN NOSAVE is immediate.
if [[ -n $redis_pid ]]; then
  [[ -n $redis_port ]] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || kill -TERM "$redis_pid" 2>/dev/null || true
fi
if [[ -n $mariadb_pid ]]; then
  sig=TERM; [[ ${FAST:-0} == 1 ]] && sig=KILL
  kill -"$sig" "$mariadb_pid" 2>/dev/null || true
fi

for pid in $redis_pid $mariadb_pid; do
  wait_gone "$pid" 10 || { kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" 5; }
done

rm -rf "$RUN_DIR"
