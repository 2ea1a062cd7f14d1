#!/usr/bin/env bash
# Back up the database (pg_dump custom format) and the uploaded files (tar of MEDIA_ROOT)
# into backups/<UTC timestamp>/, or into the folder given as the first argument.
# Uses DATABASE_URL and MEDIA_ROOT as the app does; the dump tool matches the server version.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
: "${DATABASE_URL:?DATABASE_URL is not set (make backup sets it for the local cluster)}"
url="${DATABASE_URL/#postgis:/postgresql:}"
media_root="${MEDIA_ROOT:-$("$PY" -c 'import django,os;os.environ.setdefault("DJANGO_SETTINGS_MODULE","config.settings.dev");django.setup();from django.conf import settings;print(settings.MEDIA_ROOT)' 2>/dev/null | tail -n 1)}"
dest="${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}"

# The client tools must be at least as new as the server: pick the matching major version.
server_major="$(psql "$url" -tAc 'show server_version_num' 2>/dev/null | cut -c1-2 || true)"
pg_bin="/usr/lib/postgresql/${server_major}/bin"
[ -x "$pg_bin/pg_dump" ] || pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

mkdir -p "$dest"
"$pg_bin/pg_dump" --format=custom --no-owner --no-privileges --file="$dest/database.dump" "$url"
if [ -d "$media_root" ]; then
  tar -czf "$dest/media.tar.gz" -C "$media_root" .
else
  tar -czf "$dest/media.tar.gz" --files-from /dev/null
fi
(cd "$dest" && sha256sum database.dump media.tar.gz >SHA256SUMS)
echo "Backup written to $dest ($(du -sh "$dest" | cut -f1))"
