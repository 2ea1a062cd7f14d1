#!/usr/bin/env bash
# Creates and starts a project-local PostGIS cluster under .pg/ (used when DATABASE_URL is unset).
# Usage: scripts/local-db.sh start|stop|url
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
pgroot="$root/.pg"
data="$pgroot/data"
db="lrc"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The port is chosen once per checkout and kept in .pg/port, so two checkouts on one machine
# (a working copy and a CI clone) each get their own cluster.
choose_port() {
  if [ -n "${LOCAL_PG_PORT:-}" ]; then echo "$LOCAL_PG_PORT"; return; fi
  if [ -f "$pgroot/port" ]; then cat "$pgroot/port"; return; fi
  local candidate=54329
  while port_in_use "$candidate"; do candidate=$((candidate + 1)); done
  mkdir -p "$pgroot"
  echo "$candidate" >"$pgroot/port"
  echo "$candidate"
}
port="$(choose_port)"

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found; run scripts/system-deps.sh" >&2; exit 1; }

# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgis://lrc@127.0.0.1:$port/$db"; }

start() {
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$pgroot"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$pgroot"
    as_owner "$pg_bin/initdb" -D "$data" -U lrc --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$pgroot/initdb.log"
  fi
  if ! as_owner "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$pg_bin/pg_ctl" -D "$data" -l "$pgroot/server.log" -w -t 60 \
      -o "-p $port -k $pgroot -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
  fi
  if ! "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U lrc -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U lrc "$db"
  fi
  "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U lrc -d "$db" -qc "create extension if not exists postgis" >/dev/null
}

stop() {
  [ -f "$data/PG_VERSION" ] && as_owner "$pg_bin/pg_ctl" -D "$data" -m fast stop || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
