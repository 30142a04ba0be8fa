#!/usr/bin/env bash
# Autogenerate benchmark (issue 4, "Speed"): a declared schema of 1,000
# tables (10 columns each, a check, three indexes, a foreign key to one of
# the first 50 tables; bench/gen_autogen_schema.py) against a database holding the
# same schema with 5% of the tables changed. On the throwaway cluster of
# scripts/pg-throwaway.sh (fsync, full_page_writes and synchronous_commit off,
# the same for every command below). First hyperfine run (BENCH_RUNS):
#   db snapshot             the database's catalog alone (bulk queries + dump)
#   pg_dump --schema-only   of the same database (the floor to beat)
#   db diff                 end to end: shadow database created, the schema
#                           file applied, both catalogs read, diffed, rendered
#   db diff, one connection the same with [autogenerate] shadow_connections = 1
#                           (the shadow built on one connection, not two)
#   shadow floor            createdb + psql -1 -f model.sql + dropdb: what
#                           making the shadow by hand costs on this server
# Second hyperfine run (BENCH_ALEMBIC_RUNS), for the ratio:
#   db diff                 again, in the same run as Alembic
#   alembic (models.py)     Alembic 1.8.1's autogenerate with the model as a
#                           project declares it (generated SQLAlchemy tables,
#                           imported), compared with the target
#                           (bench/alembic_autogen.py --models): the ratio
#   alembic (reflect)       the same with the MetaData reflected from a
#                           database holding the model (--reflect; slower;
#                           BENCH_ALEMBIC_REFLECT=0 skips it)
# Whole processes, interpreter start and imports included; the in-process
# model / compare split goes to the report too. With BENCH_SPACED=N, then N
# single runs each of `db diff` and of the shadow floor, alternating, each
# BENCH_SPACE_SECONDS (370) after the command before it ended: on ext4
# without a journal, inodes freed in the last 60 s (360 s while their inode
# table block is dirty) are passed over when new files are made, so a shadow
# made right after the last one was dropped pays for scanning past its files
# (docs/autogenerate.md, Speed); spaced runs are the edit-run-edit case.
# Writes bench/out/autogen.md.
#
#   bash bench/autogen.sh
#
# Environment: DB=build/db, BENCH_COUNT=1000, BENCH_RUNS=5, BENCH_ALEMBIC_RUNS=3,
# BENCH_ALEMBIC_REFLECT=1, BENCH_SPACED=0, BENCH_SPACE_SECONDS=370,
# PGTEST_PARENT (where the cluster's folder goes; default /tmp;
# PGTEST_PARENT=/dev/shm takes the disk out of the figures).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DB=$(realpath -m "${DB:-build/db}")
COUNT=${BENCH_COUNT:-1000}
RUNS=${BENCH_RUNS:-5}
ALEMBIC_RUNS=${BENCH_ALEMBIC_RUNS:-3}
ALEMBIC_REFLECT=${BENCH_ALEMBIC_REFLECT:-1}
SPACED=${BENCH_SPACED:-0}
SPACE_SECONDS=${BENCH_SPACE_SECONDS:-370}
PY=/usr/bin/python3
OUT=$ROOT/bench/out
WORK=$OUT/autogen
REPORT=$OUT/autogen.md
mkdir -p "$OUT"
rm -rf "$WORK"
mkdir -p "$WORK/project/schema" "$WORK/project/versions"

bash scripts/install-deps.sh hyperfine time
if [ ! -x "$DB" ]; then
  echo "autogen.sh: $DB not found (build it: cmake --build build, or set DB=)" >&2
  exit 2
fi

# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
trap pg_down EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
echo "== starting a throwaway PostgreSQL cluster"
pg_up
PSQL="$PGBIN/psql -X -q -v ON_ERROR_STOP=1"
url() { echo "postgresql:///$1?host=$PGTEST_DIR&port=$PGTEST_PORT&user=postgres"; }
sa_url() { echo "postgresql+psycopg2:///$1?host=$PGTEST_DIR&port=$PGTEST_PORT&user=postgres"; }

echo "== generating $COUNT tables, loading the target (5% changed) and the model databases"
"$PY" bench/gen_autogen_schema.py "$WORK/gen" --count "$COUNT"
cp "$WORK/gen/model.sql" "$WORK/project/schema/model.sql"
"$PGBIN/createdb" bench_target
"$PGBIN/createdb" bench_model
$PSQL -1 -d bench_target -f "$WORK/gen/changed.sql" >/dev/null
$PSQL -1 -d bench_model -f "$WORK/gen/model.sql" >/dev/null
export DATABASE_URL
DATABASE_URL=$(url bench_target)

cd "$WORK/project"
printf '# bench/autogen.sh: db diff with the shadow built on one connection\n[autogenerate]\nshadow_connections = 1\n' >one.toml
"$DB" diff --exit-code >"$WORK/diff.sql" && { echo "autogen.sh: db diff found no difference" >&2; exit 1; } || true
changes=$("$DB" check | grep -c '^  - ' || true)
echo "   db diff: $changes changes, $(wc -l <"$WORK/diff.sql") lines of SQL ($WORK/diff.sql)"

# What the filesystem under the cluster charges for the shadow's files: as
# many empty files as the model database has beyond template1, made in a
# fresh folder beside the cluster's data, then again right after deleting
# them. (On ext4 without a journal the kernel's inode allocator passes over
# every inode freed in the last minutes, so a shadow made right after the
# last one was dropped pays for each of its files again.)
files_of() {
  local oid
  oid=$($PSQL -At -d postgres -c "SELECT oid FROM pg_database WHERE datname = '$1'")
  find "$PGTEST_DIR/data/base/$oid" -maxdepth 1 -type f | wc -l
}
SHADOW_FILES=$(($(files_of bench_model) - $(files_of template1)))
"$PY" "$ROOT/bench/make_files.py" "$PGTEST_DIR/fsprobe" "$SHADOW_FILES" >"$WORK/fsprobe.txt"
read -r _ fs_first fs_again <"$WORK/fsprobe.txt"
echo "   the shadow makes $SHADOW_FILES relation files; making that many empty files here takes" \
  "$fs_first s, $fs_again s right after deleting them"

# The shadow floor, timed by hyperfine and by the spaced runs below.
FLOOR="$PGBIN/createdb bench_floor && $PSQL -1 -d bench_floor -f '$WORK/gen/model.sql' >/dev/null; $PGBIN/dropdb bench_floor"
echo "== hyperfine: snapshot, pg_dump, db diff, shadow floor ($RUNS runs)"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
  -n "db snapshot" "'$DB' snapshot >/dev/null" \
  -n "pg_dump --schema-only" "$PGBIN/pg_dump --schema-only -d bench_target >/dev/null" \
  -n "db diff" "'$DB' diff >/dev/null" \
  -n "db diff, one connection" "'$DB' -c one.toml diff >/dev/null" \
  -n "shadow floor" "$FLOOR"

echo "== hyperfine: db diff and Alembic's autogenerate ($ALEMBIC_RUNS runs)"
export ALEMBIC_SPLIT_LOG=$WORK/alembic.txt
: >"$ALEMBIC_SPLIT_LOG"
alembic=(-n "alembic (models.py)"
         "'$PY' -W ignore '$ROOT/bench/alembic_autogen.py' --models '$WORK/gen/models.py' '$(sa_url bench_target)' >/dev/null")
if [ "$ALEMBIC_REFLECT" = 1 ]; then
  alembic+=(-n "alembic (reflect)"
            "'$PY' -W ignore '$ROOT/bench/alembic_autogen.py' --reflect '$(sa_url bench_model)' '$(sa_url bench_target)' >/dev/null")
fi
hyperfine --style basic --warmup 0 --runs "$ALEMBIC_RUNS" --export-json "$WORK/hyperfine-alembic.json" \
  -n "db diff" "'$DB' diff >/dev/null" "${alembic[@]}"

: >"$WORK/spaced.txt"
if [ "$SPACED" -gt 0 ]; then
  echo "== $SPACED spaced runs each of db diff and the shadow floor, $SPACE_SECONDS s apart"
  # spaced NAME CMD : wait, run CMD once, append "NAME <milliseconds>"
  spaced() {
    local start
    sleep "$SPACE_SECONDS"
    start=$(date +%s%N)
    bash -c "$2"
    echo "$1 $((($(date +%s%N) - start) / 1000000))" >>"$WORK/spaced.txt"
  }
  for _ in $(seq "$SPACED"); do
    spaced db-diff "'$DB' diff >/dev/null"
    spaced floor "$FLOOR"
  done
  cat "$WORK/spaced.txt"
fi
cd "$ROOT"

"$PY" - "$WORK/hyperfine.json" "$WORK/hyperfine-alembic.json" "$WORK/alembic.txt" "$REPORT" "$COUNT" "$changes" \
  "$(stat -f -c %T "$PGTEST_DIR")" "$WORK/spaced.txt" "$SPACE_SECONDS" "$WORK/fsprobe.txt" <<'EOF'
import json, statistics, sys, datetime, os
hf, hfa, al, report, count, changes, fs, spaced_file, space_seconds, fsprobe = sys.argv[1:11]
def medians(path):
    return {r["command"]: statistics.median(r["times"]) for r in json.load(open(path))["results"]}
med, meda = medians(hf), medians(hfa)
split = {}
for line in open(al):
    mode, _, model, _, compare, _, ops = line.split()
    split.setdefault(mode, []).append((float(model), float(compare), int(ops)))
snap, dump, diff, floor = med["db snapshot"], med["pg_dump --schema-only"], med["db diff"], med["shadow floor"]
diff1 = med["db diff, one connection"]
diff2 = meda["db diff"]
lines = [
    "# Autogenerate benchmark",
    "",
    f"{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
    f"{os.getloadavg()[0]:.1f} at the end. {count} declared tables (10 columns, 3 indexes, a check and a "
    f"foreign key each) against a database with 5% of them changed ({changes} operations). Throwaway "
    f"cluster (fsync, full_page_writes, synchronous_commit off) with its data on {fs}. Medians of whole "
    "processes.",
    "",
    "| what | time | |",
    "|---|---:|---|",
    f"| `db snapshot` (one database's catalog) | {snap:.3f} s | {dump / snap:.2f}x pg_dump's speed (target: faster) |",
    f"| `pg_dump --schema-only` | {dump:.3f} s | |",
    f"| `db diff`, end to end (shadow database included) | {diff:.3f} s | target: under 4 s |",
    f"| `db diff` with `shadow_connections = 1` | {diff1:.3f} s | {diff1 / diff:.2f}x the time of two connections |",
    f"| shadow floor: createdb + `psql -1 -f model.sql` + dropdb | {floor:.3f} s | `db diff` / floor: {diff / floor:.2f}x |",
    "",
    "Same hyperfine run, for the ratio:",
    "",
    "| what | time | Alembic / `db diff` |",
    "|---|---:|---:|",
    f"| `db diff` | {diff2:.3f} s | |",
]
for name, mode in (("alembic (models.py)", "models"), ("alembic (reflect)", "reflect")):
    if name not in meda:
        continue
    rows = split.get(mode, [])
    detail = ""
    if rows:
        detail = (f" (in process: model {statistics.median(r[0] for r in rows):.2f} s, compare "
                  f"{statistics.median(r[1] for r in rows):.2f} s, {rows[0][2]} operations)")
    lines.append(f"| {name}{detail} | {meda[name]:.3f} s | {meda[name] / diff2:.1f}x |")
spaced = {}
for line in open(spaced_file):
    what, ms = line.split()
    spaced.setdefault(what, []).append(int(ms) / 1000)
if spaced:
    def listed(what):
        return ", ".join(f"{t:.2f} s" for t in spaced.get(what, []))
    lines += ["", f"Spaced runs, each {space_seconds} s after the command before it ended "
              f"(one at a time, alternating): `db diff` {listed('db-diff')}; shadow floor {listed('floor')}."]
files, first, again = open(fsprobe).read().split()
lines += ["", f"The filesystem: the shadow makes {files} relation files. Making {files} empty files in a fresh "
          f"folder beside the cluster's data took {float(first):.2f} s, and {float(again):.2f} s right "
          "after deleting them (`bench/make_files.py`, no database involved)."]
lines += ["", "Target: Alembic / `db diff` at least 10x. The issue's baseline is Alembic with the "
          "MetaData reflected from the model database (`alembic (reflect)`); `alembic (models.py)` "
          "is the stricter comparison, with the model imported from Python.", ""]
open(report, "w").write("\n".join(lines))
print("\n".join(lines))
EOF
echo "report: $REPORT"
