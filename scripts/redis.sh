#!/usr/bin/env bash
# Starts a Redis server on 127.0.0.1:6379 for the tests when none answers there.
set -euo pipefail
if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then exit 0; fi
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$root/.pg"
redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
  --dir "$root/.pg" --logfile "$root/.pg/redis.log"
for _ in $(seq 1 50); do
  (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && exit 0
  sleep 0.1
done
echo "Redis did not start; see .pg/redis.log" >&2
exit 1
