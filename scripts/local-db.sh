#!/usr/bin/env bash
# Creates and starts a project-local PostGIS cluster under .pg/ (used when DATABASE_URL is unset).
# Usage: scripts/local-db.sh start|stop|url
#
# The cluster is durable (fsync and full-page writes on): `make run` may hold an organisation's
# only copy of its data. A cluster created for a throwaway run (LOCAL_PG_THROWAWAY=1: `make test`
# and `make bench` in a fresh clone, as in CI) skips them for speed until a durable start (make
# run) switches them back on.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
pgroot="$root/.pg"
db="lrc"
first_port=54329

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ports are reserved machine-wide with mkdir, which is atomic: two checkouts set up at the same
# moment never pick the same one. A reservation whose checkout now uses another port is reused.
reservations="${TMPDIR:-/tmp}/lrc-pg-ports"
reserve() {
  local port="$1" dir="$reservations/$1" owner
  mkdir -p "$reservations" 2>/dev/null && chmod 1777 "$reservations" 2>/dev/null || true
  if mkdir "$dir" 2>/dev/null; then echo "$root" >"$dir/owner"; return 0; fi
  owner="$(cat "$dir/owner" 2>/dev/null || true)"
  [ "$owner" = "$root" ] && return 0
  # Empty: another checkout is writing it right now. Its checkout still there: taken.
  if [ -z "$owner" ] || { [ -d "$owner" ] && [ "$(cat "$owner/.pg/port" 2>/dev/null || echo "$port")" = "$port" ]; }; then
    return 1
  fi
  rm -rf "$dir" && mkdir "$dir" 2>/dev/null && echo "$root" >"$dir/owner"
}

# The next free, unreserved port from $1 on, recorded in .pg/port.
new_port() {
  local candidate="$1"
  mkdir -p "$pgroot"
  while port_in_use "$candidate" || ! reserve "$candidate"; do candidate=$((candidate + 1)); done
  echo "$candidate" >"$pgroot/port.$$" && mv "$pgroot/port.$$" "$pgroot/port"
  echo "$candidate"
}

# The port is chosen once per checkout and kept in .pg/port, so two checkouts on one machine
# (a working copy and a CI clone) each get their own cluster.
choose_port() {
  if [ -n "${LOCAL_PG_PORT:-}" ]; then echo "$LOCAL_PG_PORT"; return; fi
  if [ -f "$pgroot/port" ]; then cat "$pgroot/port"; return; fi
  new_port "$first_port"
}
port="$(choose_port)"

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found; run scripts/system-deps.sh" >&2; exit 1; }

# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
# From /, which it can always enter, whatever the checkout's permissions.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Where the cluster, its log and its socket live: .pg/, or, when the postgres user cannot enter
# the checkout (root's home, a 0700 temporary directory), a directory of its own in its home,
# named after the checkout's path and recorded in .pg/home.
cluster_home() {
  if [ -f "$pgroot/home" ]; then cat "$pgroot/home"; return; fi
  mkdir -p "$pgroot"
  if [ "$(id -u)" -ne 0 ]; then echo "$pgroot"; return; fi
  chown postgres: "$pgroot"
  if as_owner test -w "$pgroot" -a -x "$pgroot"; then echo "$pgroot"; return; fi
  local postgres_home hash
  postgres_home="$(getent passwd postgres | cut -d: -f6)"
  hash="$(printf '%s' "$root" | sha256sum | cut -c1-12)"
  if [ -n "$postgres_home" ] && as_owner test -w "$postgres_home"; then
    as_owner mkdir -p "$postgres_home/lrc-$hash"
    echo "$postgres_home/lrc-$hash" | tee "$pgroot/home"
    return
  fi
  cat >&2 <<EOF
The postgres user cannot enter $root, so it cannot keep the database cluster in $pgroot,
and it has no writable home directory to keep it in instead.
Fix one of:
  - move the checkout to a directory every user can enter (e.g. /srv/lrc), or
  - let others traverse its parents: chmod o+x on each directory above $root, or
  - set DATABASE_URL to an existing PostgreSQL + PostGIS database.
EOF
  exit 1
}

url() { echo "postgis://lrc@127.0.0.1:$port/$db"; }

psql_lrc() { "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U lrc "$@"; }

# A durable start turns fsync and full-page writes back on in a cluster created as throwaway.
make_durable() {
  local home="$1" data="$1/data"
  if [ ! -f "$home/throwaway" ] && [ "$(psql_lrc -d postgres -tAc 'show fsync')" = "on" ]; then
    return
  fi
  psql_lrc -d postgres -qc "alter system set fsync = on" \
    -c "alter system set full_page_writes = on" -c "alter system set synchronous_commit = on" \
    -c "select pg_reload_conf()" >/dev/null
  sleep 0.5
  if [ "$(psql_lrc -d postgres -tAc 'show fsync')" != "on" ]; then
    # Started with fsync=off on its command line (by an earlier version of this script).
    as_owner "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    start_server "$home"
  fi
  as_owner rm -f "$home/throwaway"
  echo "Database cluster in $data: fsync and full_page_writes are on." >&2
}

start_server() {
  local home="$1"
  as_owner "$pg_bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
    -o "-p $port -k $home -c listen_addresses=127.0.0.1" start >/dev/null
}

start() {
  local home data attempt
  home="$(cluster_home)"
  data="$home/data"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$pg_bin/initdb" -D "$data" -U lrc --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$pgroot/initdb.log"
    if [ "${LOCAL_PG_THROWAWAY:-}" = 1 ]; then
      # Test and benchmark data only: a crash may lose it, and that is fine.
      printf '%s\n' "fsync = off" "full_page_writes = off" "synchronous_commit = off" |
        as_owner tee -a "$data/postgresql.conf" >/dev/null
      as_owner touch "$home/throwaway"
    fi
  fi
  if ! as_owner "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
      # Taken since it was chosen (another checkout, another program): move on to the next.
      if [ -z "${LOCAL_PG_PORT:-}" ] && port_in_use "$port"; then port="$(new_port $((port + 1)))"; fi
      start_server "$home" && break
      if [ -n "${LOCAL_PG_PORT:-}" ] || ! tail -n 5 "$home/server.log" | grep -qi "could not bind\|already in use\|could not create any TCP"; then
        echo "PostgreSQL did not start; see $home/server.log" >&2
        exit 1
      fi
      port="$(new_port $((port + 1)))"
    done
  fi
  if [ "${LOCAL_PG_THROWAWAY:-}" != 1 ]; then make_durable "$home"; fi
  if ! psql_lrc -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U lrc "$db"
  fi
  psql_lrc -d "$db" -qc "create extension if not exists postgis" >/dev/null
}

stop() {
  local home
  home="$(cat "$pgroot/home" 2>/dev/null || echo "$pgroot")"
  [ -f "$home/data/PG_VERSION" ] && as_owner "$pg_bin/pg_ctl" -D "$home/data" -m fast stop || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
