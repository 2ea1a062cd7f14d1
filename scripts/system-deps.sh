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

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
