#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine (as root): install the build
# dependencies, build retort (Release), then, in the repository root, apply
# the example history in versions/ to the embedded default database and show
# the result:
#
#   build/db push      # = upgrade heads, on sqlite:///retort-dev.db unless
#   build/db status    #   alembic.toml or DATABASE_URL say otherwise
#
# Environment: BUILD_DIR (default build), DATABASE_URL (optional).
# Only the db executable is built here; .ci/run builds and runs the tests.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD_DIR=${BUILD_DIR:-build}

echo "== install dependencies"
bash scripts/install-deps.sh

echo "== build (Release)"
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j"$(nproc)" --target retort_cli

echo "== $BUILD_DIR/db push"
"$BUILD_DIR/db" push
echo "== $BUILD_DIR/db status"
"$BUILD_DIR/db" status
