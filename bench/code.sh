#!/usr/bin/env bash
# Code-migration benchmark (issue 5): what compiling costs. A project of one
# .sql migration (a table of 10,000 rows) and BENCH_CPP (default 5) .cpp
# migrations, each adding a column and backfilling it in batches of 1,000,
# pushed to a fresh SQLite file, side by side in one hyperfine run:
#   first run     db push with an empty compile cache (compiles everything)
#   cached run    db push with the cache warm (compiles nothing)
#   sql twin      db push of the same statements written as .sql files
# Writes bench/out/code.md.
#
#   bash bench/code.sh
#
# Environment: DB=build/db, BENCH_CPP=5, BENCH_RUNS=5.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DB=$(realpath -m "${DB:-build/db}")
N=${BENCH_CPP:-5}
RUNS=${BENCH_RUNS:-5}
OUT=$ROOT/bench/out
WORK=$OUT/code
rm -rf "$WORK"
mkdir -p "$WORK/cpp/versions" "$WORK/sql/versions"

bash scripts/install-deps.sh hyperfine

base_sql() {
  cat <<'SQL'
-- create items
--
-- Revision ID: b0000000base
-- Revises:

-- migrate:upgrade
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO items SELECT i, 'item ' || i FROM n;

-- migrate:downgrade
DROP TABLE items;
SQL
}
base_sql > "$WORK/cpp/versions/000_base.sql"
base_sql > "$WORK/sql/versions/000_base.sql"

prev=b0000000base
for i in $(seq 1 "$N"); do
  id=$(printf 'c%011d' "$i")
  cat > "$WORK/cpp/versions/$(printf '%03d' "$i")_col$i.cpp" <<CPP
// add col$i
//
// Revision ID: $id
// Revises: $prev

#include <retort/migration.hpp>

RETORT_UPGRADE(ctx) {
    ctx.execute("ALTER TABLE items ADD COLUMN col$i TEXT");
    while (ctx.execute("UPDATE items SET col$i = \$1 WHERE id IN "
                       "(SELECT id FROM items WHERE col$i IS NULL LIMIT 1000)", "v$i") > 0) {
    }
}

RETORT_DOWNGRADE(ctx) {
    ctx.execute("ALTER TABLE items DROP COLUMN col$i");
}
CPP
  # The same work as SQL: one UPDATE (a .sql section cannot loop).
  cat > "$WORK/sql/versions/$(printf '%03d' "$i")_col$i.sql" <<SQL
-- add col$i
--
-- Revision ID: $id
-- Revises: $prev

-- migrate:upgrade
ALTER TABLE items ADD COLUMN col$i TEXT;
UPDATE items SET col$i = 'v$i';

-- migrate:downgrade
ALTER TABLE items DROP COLUMN col$i;
SQL
  prev=$id
done
for p in cpp sql; do
  printf '[database]\nurl = "sqlite:///bench.db"\n' > "$WORK/$p/alembic.toml"
done

cd "$WORK"
hyperfine --runs "$RUNS" --export-json "$WORK/code.json" --export-markdown "$WORK/hyperfine.md" \
  --prepare "rm -rf cpp/.retort cpp/bench.db*" -n "first run (compiles $N)" "cd cpp && $DB -q push" \
  --prepare "rm -f cpp/bench.db*" -n "cached run" "cd cpp && $DB -q push" \
  --prepare "rm -f sql/bench.db*" -n "sql twin" "cd sql && $DB -q push"

/usr/bin/python3 - "$WORK/code.json" "$OUT/code.md" "$N" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: statistics.median(r["times"]) for r in results}
names = list(med)
cached = med[names[1]]
lines = [f"# Code migrations: 1 .sql + {sys.argv[3]} .cpp, db push on SQLite", "",
         "| run | median | × cached | × sql twin |", "|---|---|---|---|"]
for n in names:
    lines.append(f"| {n} | {med[n]*1000:.0f} ms | {med[n]/cached:.2f} | {med[n]/med[names[2]]:.2f} |")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
