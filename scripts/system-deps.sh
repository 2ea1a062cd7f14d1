#!/usr/bin/env bash
# Installs the Debian packages the project needs when any is missing.
set -euo pipefail

packages=(
  python3-venv
  postgresql
  postgis
  gdal-bin
  libmagic1
  gettext
  chromium
  chromium-driver
  wrk
  redis-server
)

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
updated=""

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

install() {
  echo "Installing system packages: $*"
  [ -n "$updated" ] || { $sudo apt-get update -q; updated=1; }
  $sudo apt-get install -y -q --no-install-recommends "$@"
}

missing=()
for pkg in "${packages[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] || install "${missing[@]}"

# The PostGIS extension for the server comes in a package named after the server's major
# version (postgresql-15-postgis-3 on Debian 12); `postgis` only recommends it, so it is not
# pulled in by --no-install-recommends.
pg_major="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
if [ -n "$pg_major" ] && ! installed "postgresql-$pg_major-postgis-3"; then
  install "postgresql-$pg_major-postgis-3" "postgresql-$pg_major-postgis-3-scripts"
fi
