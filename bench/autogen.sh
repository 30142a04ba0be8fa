#!/usr/bin/env bash
# Autogenerate benchmark (issue 4, "Speed"): a declared schema of 1,000
# tables (10 columns each, a check, three indexes, a foreign key to the
# previous table; bench/gen_autogen_schema.py) against a database holding the
# same schema with 5% of the tables changed. Times, with hyperfine:
#   db snapshot             the database's catalog alone (bulk queries + dump)
#   pg_dump --schema-only   of the same database (the floor to beat)
#   db diff                 end to end: shadow database created, the schema
#                           file applied, both catalogs read, diffed, rendered
# and Alembic 1.8.1's autogenerate on the same pair (bench/alembic_autogen.py:
# MetaData reflected from a database holding the model, then
# compare_metadata against the target), split into reflect and compare.
# Writes bench/out/autogen.md.
#
#   bash bench/autogen.sh
#
# Environment: DB=build/db, BENCH_COUNT=1000, BENCH_RUNS=5, BENCH_ALEMBIC_RUNS=3.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DB=$(realpath -m "${DB:-build/db}")
COUNT=${BENCH_COUNT:-1000}
RUNS=${BENCH_RUNS:-5}
ALEMBIC_RUNS=${BENCH_ALEMBIC_RUNS:-3}
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
"$DB" diff --exit-code >"$WORK/diff.sql" && { echo "autogen.sh: db diff found no difference" >&2; exit 1; } || true
changes=$("$DB" check | grep -c '^  - ' || true)
echo "   db diff: $changes changes, $(wc -l <"$WORK/diff.sql") lines of SQL ($WORK/diff.sql)"

echo "== hyperfine"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
  -n "db snapshot" "'$DB' snapshot >/dev/null" \
  -n "pg_dump --schema-only" "$PGBIN/pg_dump --schema-only -d bench_target >/dev/null" \
  -n "db diff" "'$DB' diff >/dev/null"

echo "== alembic autogenerate (reflect the model database, compare with the target), $ALEMBIC_RUNS runs"
: >"$WORK/alembic.txt"
for _ in $(seq "$ALEMBIC_RUNS"); do
  "$PY" -W ignore "$ROOT/bench/alembic_autogen.py" "$(sa_url bench_model)" "$(sa_url bench_target)" | tee -a "$WORK/alembic.txt"
done
cd "$ROOT"

"$PY" - "$WORK/hyperfine.json" "$WORK/alembic.txt" "$REPORT" "$COUNT" "$changes" <<'EOF'
import json, statistics, sys, datetime, os
hf, al, report, count, changes = sys.argv[1:6]
med = {r["command"]: statistics.median(r["times"]) for r in json.load(open(hf))["results"]}
rows = [l.split() for l in open(al) if l.startswith("reflect")]
reflect = statistics.median(float(r[1]) for r in rows)
compare = statistics.median(float(r[3]) for r in rows)
alembic = statistics.median(float(r[1]) + float(r[3]) for r in rows)
snap, dump, diff = med["db snapshot"], med["pg_dump --schema-only"], med["db diff"]
lines = [
    "# Autogenerate benchmark",
    "",
    f"{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores. {count} declared tables "
    f"(10 columns, 3 indexes, a check and a foreign key each) against a database with 5% of them changed "
    f"({changes} operations). Medians.",
    "",
    "| what | time | |",
    "|---|---:|---|",
    f"| `db snapshot` (one database's catalog) | {snap:.3f} s | {dump / snap:.1f}x faster than pg_dump (target: faster) |",
    f"| `pg_dump --schema-only` | {dump:.3f} s | |",
    f"| `db diff`, end to end (shadow database included) | {diff:.3f} s | target: under 4 s |",
    f"| Alembic autogenerate (reflect + compare) | {alembic:.3f} s | reflect {reflect:.3f} s, compare {compare:.3f} s |",
    f"| Alembic / `db diff` | {alembic / diff:.1f}x | target: at least 10x |",
    "",
]
open(report, "w").write("\n".join(lines))
print("\n".join(lines))
EOF
echo "report: $REPORT"
