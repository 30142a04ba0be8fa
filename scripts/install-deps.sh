#!/usr/bin/env bash
# Install retort's build and test dependencies from Debian 12 (bookworm),
# skipping apt entirely when everything is already installed.
#
#   bash scripts/install-deps.sh                 # the build + test set
#   bash scripts/install-deps.sh hyperfine time  # ... plus extra packages
#
# Runs as root (as CI and a fresh machine do); otherwise it uses sudo if
# there is one. Used by .ci/run, scripts/run-main-job.sh and bench/*.sh.
set -euo pipefail

PACKAGES=(
  # build
  g++ cmake make pkg-config
  libpqxx-dev libtomlplusplus-dev libboost-graph-dev libboost-program-options-dev
  libsqlite3-dev nlohmann-json3-dev
  # tests
  libgtest-dev libgmock-dev
  postgresql sqlite3
  python3 python3-psycopg2 python3-alembic python3-sqlalchemy alembic
  ca-certificates
)
PACKAGES+=("$@")

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
