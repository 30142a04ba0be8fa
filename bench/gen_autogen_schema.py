#!/usr/bin/env python3
"""Schemas for bench/autogen.sh (issue 4, "Speed").

Writes into OUT:
  model.sql    the declared schema: COUNT tables t0000.. of 10 columns each,
               a primary key, a foreign key to the previous table, a check,
               three indexes (plain, partial unique, on the foreign key);
  changed.sql  the same schema with every 20th table (5%) changed, one of:
               a column dropped, a column added, a type widened, an index
               dropped, a default changed (what the database holds).
"""
import argparse
import os


def table(i, changed):
    t = f"t{i:04d}"
    kind = (i // 20) % 5 if changed and i % 20 == 0 else None
    cols = [
        "id bigint PRIMARY KEY",
        f"parent_id bigint REFERENCES t{(i % 50 if i >= 50 else 0):04d}(id) ON DELETE SET NULL" if i > 0 else "parent_id bigint",
        "name varchar(100) NOT NULL",
        "email text",
        "amount numeric(12,2) NOT NULL DEFAULT 0" if kind != 4 else "amount numeric(12,2) NOT NULL DEFAULT 1",
        "created_at timestamptz NOT NULL DEFAULT now()",
        "active boolean NOT NULL DEFAULT true",
        "score integer CHECK (score >= 0)" if kind != 2 else "score bigint CHECK (score >= 0)",
        "note text",
        "payload jsonb",
    ]
    if kind == 0:
        cols.remove("note text")
    if kind == 1:
        cols.append("extra integer")
    out = [f"CREATE TABLE {t} (\n  " + ",\n  ".join(cols) + "\n);"]
    out.append(f"CREATE INDEX ix_{t}_name ON {t} (name);")
    if kind != 3:
        out.append(f"CREATE UNIQUE INDEX ix_{t}_email ON {t} (email) WHERE active;")
    if i > 0:
        out.append(f"CREATE INDEX ix_{t}_parent ON {t} (parent_id);")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--count", type=int, default=1000)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name, changed in (("model.sql", False), ("changed.sql", True)):
        with open(os.path.join(a.out, name), "w") as f:
            for i in range(a.count):
                f.write(table(i, changed))


if __name__ == "__main__":
    main()
