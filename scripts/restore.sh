#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: scripts/restore.sh backups/<timestamp>
# Replaces the database named by DATABASE_URL (pg_restore --clean, in one transaction) and
# the contents of MEDIA_ROOT. The database may be empty; it must exist.
set -euo pipefail
cd "$(dirname "$0")/.."

src="${1:?usage: scripts/restore.sh backups/<timestamp>}"
PY=${PY:-.venv/bin/python}
: "${DATABASE_URL:?DATABASE_URL is not set (make restore sets it for the local cluster)}"
url="${DATABASE_URL/#postgis:/postgresql:}"
media_root="${MEDIA_ROOT:-$("$PY" -c 'import django,os;os.environ.setdefault("DJANGO_SETTINGS_MODULE","config.settings.dev");django.setup();from django.conf import settings;print(settings.MEDIA_ROOT)' 2>/dev/null | tail -n 1)}"

[ -f "$src/database.dump" ] || { echo "No database.dump in $src" >&2; exit 1; }
(cd "$src" && sha256sum --quiet -c SHA256SUMS) || { echo "Checksums do not match in $src" >&2; exit 1; }

server_major="$(psql "$url" -tAc 'show server_version_num' 2>/dev/null | cut -c1-2 || true)"
pg_bin="/usr/lib/postgresql/${server_major}/bin"
[ -x "$pg_bin/pg_restore" ] || pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

"$pg_bin/pg_restore" --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="$url" "$src/database.dump"

case "$media_root" in "" | "/") echo "Refusing to restore into MEDIA_ROOT='$media_root'" >&2; exit 1 ;; esac
mkdir -p "$media_root"
find "$media_root" -mindepth 1 -delete
tar -xzf "$src/media.tar.gz" -C "$media_root"
echo "Restored $src into the database and $media_root"
