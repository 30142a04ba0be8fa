#!/usr/bin/env bash
# Run all of retort's tests against an already built tree (see .ci/run):
#
#   1. start a throwaway PostgreSQL 15 cluster (scripts/pg-throwaway.sh:
#      socket only, in a short folder of /dev/shm when it has 2 GiB free,
#      else of /tmp, as the postgres user when root) and export
#      RETORT_TEST_PG_URL and the PG* variables;
#   2. ctest (unit, database and CLI tests);
#   3. if ../shared/oracle/compare.py exists, replay the recorded Alembic
#      scenarios through the real `db` binary on PostgreSQL and on SQLite;
#   4. print "N passed, M failed" over all of it; exit 1 if anything failed.
#
# Environment:
#   BUILD_DIR=build            the CMake build folder
#   RETORT_RUN_COMPARE=1       0 skips the compare.py runs
#   RETORT_SHARED_DIR=../shared
#   RETORT_TEST_JOBS=2         parallelism of ctest and compare.py
#   RETORT_CTEST_TIMEOUT=300   per-test time limit, seconds
#   RETORT_ALLOW_SKIPS=0       1 lets skipped tests pass (by default they fail)
#   PGTEST_PARENT              where the cluster's folder goes (default above)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD_DIR=${BUILD_DIR:-build}
SHARED=${RETORT_SHARED_DIR:-../shared}
RUN_COMPARE=${RETORT_RUN_COMPARE:-1}
JOBS=${RETORT_TEST_JOBS:-2}
CTEST_TIMEOUT=${RETORT_CTEST_TIMEOUT:-300}
ALLOW_SKIPS=${RETORT_ALLOW_SKIPS:-0}
PY=/usr/bin/python3   # Debian's python: it sees python3-psycopg2 (a pyenv one may not)

if [ ! -f "$BUILD_DIR/CTestTestfile.cmake" ]; then
  echo "test.sh: no configured build in $BUILD_DIR/ (run: bash .ci/run, or cmake -S . -B $BUILD_DIR && cmake --build $BUILD_DIR)" >&2
  exit 2
fi

LOGDIR=$(mktemp -d /tmp/retort-test.XXXXXX)
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
cleanup() { pg_down || true; rm -rf "$LOGDIR"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# The autogenerate tests create and drop thousands of relation files; on
# some disks (ext4 soon after as many were deleted) each costs up to a
# millisecond, on tmpfs next to nothing. Same server, same settings.
if [ -z "${PGTEST_PARENT:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
   [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -gt 2097152 ] 2>/dev/null; then
  export PGTEST_PARENT=/dev/shm
fi
echo "== starting a throwaway PostgreSQL cluster (in ${PGTEST_PARENT:-/tmp})"
pg_up
echo "   RETORT_TEST_PG_URL=$RETORT_TEST_PG_URL"

PASSED=0
FAILED=0
SUMMARY=()

# count NAME PASSED FAILED
count() {
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
  SUMMARY+=("$(printf '%-40s %5d passed, %d failed' "$1" "$2" "$3")")
}

# ---- ctest ---------------------------------------------------------------
echo "== ctest"
set +e
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$JOBS" --timeout "$CTEST_TIMEOUT" \
  2>&1 | tee "$LOGDIR/ctest.log"
rc=${PIPESTATUS[0]}
set -e
# "95% tests passed, 2 tests failed out of 40" (skipped tests count as passed there)
line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$LOGDIR/ctest.log" | tail -n1 || true)
if [ -n "$line" ]; then
  f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  t=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
  # A test skips only when something it needs is missing (PostgreSQL,
  # Debian's alembic, util-linux's script); this script and .ci/run provide
  # all of them, so here a skip is a failure unless RETORT_ALLOW_SKIPS=1.
  skipped=$(grep -cE '\(Skipped\)$' "$LOGDIR/ctest.log" || true)
  skipped=${skipped:-0}
  count ctest $((t - f - skipped)) "$f"
  if [ "$skipped" -gt 0 ]; then
    grep -E '\(Skipped\)$' "$LOGDIR/ctest.log" | sed 's/^/   skipped: /'
    if [ "$ALLOW_SKIPS" = 1 ]; then
      echo "   ctest: $skipped test(s) skipped (allowed by RETORT_ALLOW_SKIPS=1)"
      count "ctest (skipped, allowed)" "$skipped" 0
    else
      echo "   ctest: $skipped test(s) skipped: install what they name, or set RETORT_ALLOW_SKIPS=1"
      count "ctest (skipped)" 0 "$skipped"
    fi
  fi
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && count "ctest (exit $rc)" 0 1
elif grep -q 'No tests were found' "$LOGDIR/ctest.log"; then
  count ctest 0 0
  [ "$rc" -ne 0 ] && count "ctest (exit $rc)" 0 1
else
  count "ctest (no summary)" 0 1
fi

# ---- compare.py: the real binary against recorded Alembic behaviour --------
# run_compare LABEL ARGS...
run_compare() {
  local label=$1; shift
  echo "== compare.py $label"
  set +e
  "$PY" "$SHARED/oracle/compare.py" "$SHARED/oracle/public.json" \
    --db-cmd "$BUILD_DIR/db" --jobs "$JOBS" --check-output "$@" 2>&1 | tee "$LOGDIR/compare.log"
  local rc=${PIPESTATUS[0]}
  set -e
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$LOGDIR/compare.log" | tail -n1 || true)
  if [ -n "$line" ]; then
    local p f
    read -r p _ f _ <<<"$line"
    count "compare.py $label" "$p" "$f"
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && count "compare.py $label (exit $rc)" 0 1
  else
    count "compare.py $label (crashed, exit $rc)" 0 1
  fi
  return 0
}

if [ "$RUN_COMPARE" = 0 ]; then
  echo "== compare.py: skipped (RETORT_RUN_COMPARE=0)"
elif [ ! -f "$SHARED/oracle/compare.py" ]; then
  echo "== compare.py: skipped ($SHARED/oracle/compare.py not found)"
elif [ ! -x "$BUILD_DIR/db" ]; then
  echo "== compare.py: $BUILD_DIR/db was not built" >&2
  count "compare.py (no db binary)" 0 1
else
  run_compare postgres
  run_compare sqlite --backend sqlite
fi

echo "== summary"
for s in "${SUMMARY[@]}"; do echo "   $s"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
