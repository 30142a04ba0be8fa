#!/usr/bin/env bash
# Graph benchmark (issue 2, "Speed"): whole commands on generated histories
# of 1,000 and 10,000 revisions, linear and branchy, timed side by side by
# hyperfine: db heads / db history / db upgrade heads --sql against
# alembic heads / alembic history on .py twins, and `cat versions/*` as the
# floor. Then, on a SQLite database stamped at the heads, the commands that
# read the version table and walk from it: db current and
# db downgrade heads:base --sql (every step down to base, offline) against
# the same alembic commands. Peak memory via /usr/bin/time -v. Writes
# bench/out/graph.md.
#
#   bash bench/graph.sh
#
# Environment:
#   DB=build/db                    the binary under test
#   BENCH_SIZES="1000 10000"       BENCH_SHAPES="linear branchy"
#   BENCH_RUNS_SMALL=10            runs per command below 5,000 revisions
#   BENCH_RUNS_LARGE=3             runs per command from 5,000 revisions on
#   BENCH_ALEMBIC_SQL=1            also time `alembic upgrade heads --sql` and
#                                  `alembic downgrade heads:base --sql`
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DB=$(realpath -m "${DB:-build/db}")
SIZES=${BENCH_SIZES:-"1000 10000"}
SHAPES=${BENCH_SHAPES:-"linear branchy"}
RUNS_SMALL=${BENCH_RUNS_SMALL:-10}
RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
ALEMBIC_SQL=${BENCH_ALEMBIC_SQL:-1}
PY=/usr/bin/python3
OUT=$ROOT/bench/out
WORK=$OUT/graph
mkdir -p "$OUT"
rm -rf "$WORK"
mkdir -p "$WORK"

bash scripts/install-deps.sh hyperfine time

if [ ! -x "$DB" ]; then
  echo "graph.sh: note: $DB not found (build it: cmake --build build, or set DB=); its rows are skipped" >&2
fi
unset PYTHONDONTWRITEBYTECODE  # let Alembic cache the compiled twins, as a real project would

{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'machine\t%s cores, %s\n' "$(nproc)" "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
  printf 'retort\t%s (%s)\n' "$DB" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ', with uncommitted changes')"
  printf 'alembic\t%s\n' "$(alembic --version 2>&1 | head -n1)"
  printf 'hyperfine\t%s\n' "$(hyperfine --version)"
} >"$WORK/machine.meta"

# peak_rss NAME DIR CMD... : append the command's max RSS (KiB) to $META
peak_rss() {
  local name=$1 dir=$2; shift 2
  local kib
  kib=$(cd "$dir" && /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p' | tail -n1)
  [ -n "$kib" ] && printf 'rss\t%s\t%s\n' "$name" "$kib" >>"$META"
}

# probe NAME CMD... : run once; 0 if it worked, otherwise note why and 1
probe() {
  local name=$1; shift
  local err
  if err=$("$@" 2>&1 >/dev/null); then return 0; fi
  printf 'note\t`%s` skipped: it failed here (%s)\n' "$name" \
    "$(tr '\n' ' ' <<<"$err" | cut -c1-200)" >>"$META"
  echo "   skip: $name: $(head -n1 <<<"$err")"
  return 1
}

# same_output WHAT : does `db WHAT` print what `alembic WHAT` prints?
same_output() {
  local what=$1
  if diff <("$DB" -c "$SQL/alembic.toml" "$what" 2>/dev/null) \
          <(alembic -c "$ALE/alembic.ini" "$what" 2>/dev/null) >/dev/null; then
    printf 'check\t`db %s` prints exactly what `alembic %s` prints\n' "$what" "$what" >>"$META"
  else
    printf 'check\t`db %s` output DIFFERS from `alembic %s`\n' "$what" "$what" >>"$META"
  fi
}

# add_db ARGS... : if `db ARGS` works here, time it and record its peak RSS
add_db() {
  local what="db $*"
  if probe "$what" "$DB" -c "$SQL/alembic.toml" "$@"; then
    names+=("$what"); cmds+=("'$DB' -c '$SQL/alembic.toml' $*")
    peak_rss "$what" "$SQL" "$DB" -c "$SQL/alembic.toml" "$@"
  fi
}

# time_all JSON : one hyperfine run of every command in names/cmds
time_all() {
  local args=() i
  for i in "${!names[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
  hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$1" "${args[@]}"
}

for n in $SIZES; do
  for shape in $SHAPES; do
    name="$n-$shape"
    echo "== $name"
    CASE=$WORK/projects/$name
    META=$WORK/$name.meta
    SQL=$CASE/sql
    ALE=$CASE/alembic
    # An absolute SQLite path, so that db and alembic read the same file
    # whatever directory they run in.
    "$PY" bench/gen_versions.py "$CASE" --count "$n" --shape "$shape" --url "sqlite:///$CASE/bench.db"
    printf 'case\trevisions\t%s\ncase\tshape\t%s\n' "$n" "$shape" >"$META"
    runs=$RUNS_SMALL
    [ "$n" -ge 5000 ] && runs=$RUNS_LARGE

    names=("cat versions/*")
    cmds=("cat $SQL/versions/* > /dev/null")
    # Alembic imports the .py files once to write __pycache__; do that
    # before timing so that every timed run sees the same warm state.
    alembic -c "$ALE/alembic.ini" heads >/dev/null
    for c in heads history; do
      add_db "$c"
      same_output "$c"
    done
    add_db upgrade heads --sql
    for c in heads history; do
      names+=("alembic $c"); cmds+=("alembic -c '$ALE/alembic.ini' $c")
      peak_rss "alembic $c" "$ALE" alembic -c "$ALE/alembic.ini" "$c"
    done
    if [ "$ALEMBIC_SQL" = 1 ]; then
      names+=("alembic upgrade heads --sql"); cmds+=("alembic -c '$ALE/alembic.ini' upgrade heads --sql")
    fi

    time_all "$WORK/$name.json"

    # The version table at the heads (written by db; Alembic reads it the
    # same way), then the walks that start from it.
    echo "== $name, from a version table at the heads"
    META=$WORK/$name-walk.meta
    printf 'case\trevisions\t%s\ncase\tshape\t%s\ncase\ttitle\t%s\n' "$n" "$shape" "$name, version table at the heads" >"$META"
    rm -f "$CASE/bench.db"
    "$DB" -c "$SQL/alembic.toml" stamp heads >/dev/null 2>&1 || true
    names=("cat versions/*")
    cmds=("cat $SQL/versions/* > /dev/null")
    add_db current
    same_output current
    add_db downgrade heads:base --sql
    names+=("alembic current"); cmds+=("alembic -c '$ALE/alembic.ini' current")
    if [ "$ALEMBIC_SQL" = 1 ]; then
      names+=("alembic downgrade heads:base --sql"); cmds+=("alembic -c '$ALE/alembic.ini' downgrade heads:base --sql")
    fi
    time_all "$WORK/$name-walk.json"
  done
done

"$PY" bench/report.py graph "$WORK" >"$OUT/graph.md"
echo "== wrote $OUT/graph.md"
