#!/usr/bin/env bash
# Apply benchmark (issue 3, "Speed"): 1,000 migrations, each
# `CREATE TABLE t_<i> (id int primary key, v text)`, applied base -> head to
# a freshly created PostgreSQL database, side by side in one hyperfine run:
#   db upgrade heads            (retort, .sql files)
#   alembic upgrade heads       (.py twins running op.execute of the same SQL)
#   psql -f                     (the same SQL + Alembic's version-table
#                                statements, in the same transactions)
# in both transaction modes (transaction_per_migration false / true), and
# `db current` against `psql -c 'select version_num from alembic_version'`
# on an up-to-date database. Writes bench/out/apply.md.
#
#   bash bench/apply.sh
#
# After each mode's hyperfine run, BENCH_PAIRS alternating runs: psql -f,
# then db upgrade heads, each on a freshly created database; the report
# notes their medians and the median of db / psql per pair (hyperfine runs
# every command's runs in a block, so a cluster that drifts during the run
# moves its ratio; alternating pairs see the same drift).
#
# Environment: DB=build/db, BENCH_COUNT=1000, BENCH_RUNS=5,
# BENCH_CURRENT_RUNS=30, BENCH_PAIRS=10.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DB=$(realpath -m "${DB:-build/db}")
COUNT=${BENCH_COUNT:-1000}
RUNS=${BENCH_RUNS:-5}
CURRENT_RUNS=${BENCH_CURRENT_RUNS:-30}
PAIRS=${BENCH_PAIRS:-10}
PY=/usr/bin/python3
OUT=$ROOT/bench/out
WORK=$OUT/apply
DBNAME=bench_apply
mkdir -p "$OUT"
rm -rf "$WORK"
mkdir -p "$WORK"

bash scripts/install-deps.sh hyperfine time

if [ ! -x "$DB" ]; then
  echo "apply.sh: note: $DB not found (build it: cmake --build build, or set DB=); its rows are skipped" >&2
fi

# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
trap pg_down EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
echo "== starting a throwaway PostgreSQL cluster"
pg_up
# The server binaries, not /usr/bin's postgresql-common wrappers (a perl
# start-up of their own would be timed as part of the floor).
PSQL="$PGBIN/psql -X -q -v ON_ERROR_STOP=1"
RECREATE="$PGBIN/dropdb --if-exists $DBNAME && $PGBIN/createdb $DBNAME"
URL="postgresql:///$DBNAME?host=$PGTEST_DIR&port=$PGTEST_PORT&user=postgres"

{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'machine\t%s cores, %s\n' "$(nproc)" "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
  printf 'retort\t%s (%s)\n' "$DB" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ', with uncommitted changes')"
  printf 'alembic\t%s\n' "$(alembic --version 2>&1 | head -n1)"
  printf 'PostgreSQL\t%s (throwaway cluster: Unix socket, fsync off, synchronous_commit off)\n' "$($PGBIN/postgres --version)"
  printf 'hyperfine\t%s\n' "$(hyperfine --version)"
} >"$WORK/machine.meta"

CASE=$WORK/project
"$PY" bench/gen_versions.py "$CASE" --count "$COUNT" --shape linear --url "$URL"
SQL=$CASE/sql
ALE=$CASE/alembic
HEAD=$(cat "$CASE/heads")
unset PYTHONDONTWRITEBYTECODE
alembic -c "$ALE/alembic.ini" heads >/dev/null   # compile the twins once, before timing

# verify TOOL : is $DBNAME at head with all tables? (a check line in $META)
verify() {
  local tool=$1 v n
  v=$($PSQL -At -d "$DBNAME" -c 'select string_agg(version_num, $$,$$) from alembic_version' 2>/dev/null || true)
  n=$($PSQL -At -d "$DBNAME" -c "select count(*) from pg_tables where tablename ~ '^t_[0-9]+\$'" 2>/dev/null || true)
  if [ "$v" = "$HEAD" ] && [ "$n" = "$COUNT" ]; then
    printf 'check\t%s: %s tables, alembic_version = %s (head)\n' "$tool" "$n" "$v" >>"$META"
  else
    printf 'check\t%s: WRONG RESULT: %s tables, alembic_version = %s (expected %s, %s)\n' \
      "$tool" "${n:-?}" "${v:-none}" "$COUNT" "$HEAD" >>"$META"
  fi
}

# try TOOL CMD : recreate the database, run CMD once; on success verify and
# return 0, else note the failure and return 1
try() {
  local tool=$1 cmd=$2 err
  bash -c "$RECREATE"
  if err=$(bash -c "$cmd" 2>&1 >/dev/null); then verify "$tool"; return 0; fi
  printf 'note\t`%s` skipped: it failed here (%s)\n' "$tool" "$(tr '\n' ' ' <<<"$err" | cut -c1-300)" >>"$META"
  echo "   skip: $tool: $(head -n3 <<<"$err")"
  return 1
}

# elapsed_ms CMD: runs CMD once (output dropped), prints its wall time in ms.
elapsed_ms() {
  local start
  start=$(date +%s%N)
  bash -c "$1" >/dev/null 2>&1
  echo $((($(date +%s%N) - start) / 1000000))
}

for mode in false true; do
  name="upgrade-tpm-$mode"
  META=$WORK/$name.meta
  echo "== $COUNT migrations, transaction_per_migration = $mode"
  printf 'case\ttitle\t%s migrations, transaction_per_migration = %s\n' "$COUNT" "$mode" >"$META"
  if [ "$mode" = true ]; then toml=$SQL/alembic-tpm.toml script=$CASE/psql/apply-tpm.sql tpm=1
  else toml=$SQL/alembic.toml script=$CASE/psql/apply.sql tpm=0; fi

  args=()
  c_psql="$PSQL -d $DBNAME -f '$script' >/dev/null"
  ran=""
  try "psql -f" "$c_psql" && args+=(-n "psql -f" "$c_psql") && ran+=" psql"
  c_db="'$DB' -c '$toml' upgrade heads"
  try "db upgrade heads" "$c_db" && args+=(-n "db upgrade heads" "$c_db") && ran+=" db"
  c_al="ALEMBIC_TPM=$tpm alembic -c '$ALE/alembic.ini' upgrade heads"
  try "alembic upgrade heads" "$c_al" && args+=(-n "alembic upgrade heads" "$c_al")
  [ ${#args[@]} -gt 0 ] || continue
  hyperfine --style basic --warmup 1 --runs "$RUNS" --prepare "$RECREATE" \
    --export-json "$WORK/$name.json" "${args[@]}"
  if [ "$PAIRS" -gt 0 ] && [ "$ran" = " psql db" ]; then
    echo "== $PAIRS alternating pairs: psql -f, then db upgrade heads"
    pairs=""
    for _ in $(seq "$PAIRS"); do
      bash -c "$RECREATE"
      a=$(elapsed_ms "$c_psql")
      bash -c "$RECREATE"
      b=$(elapsed_ms "$c_db")
      pairs+="$a $b"$'\n'
    done
    "$PY" -c '
import statistics, sys
pairs = [tuple(map(int, l.split())) for l in sys.stdin if l.strip()]
p, d = [a for a, _ in pairs], [b for _, b in pairs]
print("note\talternating pass, %d pairs (psql -f, then db upgrade heads, each on a fresh database): "
      "medians %d ms and %d ms; db / psql per pair, median %.2fx (%.2f-%.2fx)" % (
          len(pairs), statistics.median(p), statistics.median(d),
          statistics.median(b / a for a, b in pairs), min(b / a for a, b in pairs), max(b / a for a, b in pairs)))
' <<<"$pairs" >>"$META"
  fi
done

echo "== db current on an up-to-date database"
name="current"
META=$WORK/$name.meta
printf 'case\ttitle\t`current` on an up-to-date database (%s revisions)\n' "$COUNT" >"$META"
bash -c "$RECREATE"
$PSQL -d "$DBNAME" -f "$CASE/psql/apply.sql" >/dev/null
args=()
c_psql="$PSQL -d $DBNAME -c 'select version_num from alembic_version'"
args+=(-n "psql -c 'select version_num from alembic_version'" "$c_psql")
c_db="'$DB' -c '$SQL/alembic.toml' current"
if out=$(bash -c "$c_db" 2>&1); then
  args+=(-n "db current" "$c_db")
  printf 'check\t`db current` printed: %s\n' "$(tr '\n' ' ' <<<"$out" | cut -c1-120)" >>"$META"
else
  printf 'note\t`db current` skipped: it failed here (%s)\n' "$(tr '\n' ' ' <<<"$out" | cut -c1-300)" >>"$META"
  echo "   skip: db current: $(head -n3 <<<"$out")"
fi
args+=(-n "alembic current" "alembic -c '$ALE/alembic.ini' current")
hyperfine --style basic --warmup 3 --runs "$CURRENT_RUNS" \
  --export-json "$WORK/$name.json" "${args[@]}"

"$PY" bench/report.py apply "$WORK" >"$OUT/apply.md"
echo "== wrote $OUT/apply.md"
