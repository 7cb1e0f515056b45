#!/usr/bin/env bash
# Installs Debian packages the tests need (e.g. postgresql, chromium) when they are missing.
# Idempotent: a package already installed is skipped, and apt is not called at all when none is
# missing. Debian's registry only. Usage: tools/apt-install.sh <package>...
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
