#!/usr/bin/python3
"""Differential fuzzing of the commands that need no database: Alembic 1.8.1
run in process against retort's `db` on random graphs (record.py's
generator), much faster than recording scenarios.

    /usr/bin/python3 tests/oracle/fuzz_inprocess.py history --seeds 9000-9199 --db build/db
    /usr/bin/python3 tests/oracle/fuzz_inprocess.py sql --seeds 9000-9099 --db build/db

history: `history` (whole, and 8 random `-r LOWER:UPPER` ranges per graph,
relative and branch forms included), `heads`, `heads --resolve-dependencies`
and `branches`, compared after compare.py's output normalisation (or both
failing).  sql: `upgrade --sql` / `downgrade --sql START:END` (10 per
graph): the migrations run, in order, and the version rows left, read from
the printed SQL (or both failing).

Alembic runs with record.py's patches (sorted file list, ascending row
order); run under PYTHONHASHSEED=0, the seed retort reproduces, e.g.
`PYTHONHASHSEED=0 /usr/bin/python3 ...`.  Graphs that differ are kept under
--keep (a folder with the Alembic project in a/ and retort's in s/);
the exit status is 1 when any differed.  Found so far (and fixed):
`history -r -2:+1`, and the order of depends_on entries after inherited
ones are removed.
"""

import argparse
import difflib
import io
import logging
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "shared", "oracle"))

import record  # noqa: E402
import sqlproject  # noqa: E402
from compare import normalized_output  # noqa: E402

record.patch_alembic("asc")
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402

OFFLINE_ENV = '''from alembic import context
context.configure(url="postgresql://", literal_binds=True, transactional_ddl=False)
with context.begin_transaction():
    context.run_migrations()
'''


def parse_seeds(text):
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def run_db(db, toml, args):
    r = subprocess.run([db, "-c", toml] + args, capture_output=True, text=True)
    return r.returncode == 0, r.stdout if r.returncode == 0 else r.stderr


def alembic_text(projdir, cmd, arg):
    buf = io.StringIO()
    cfg = Config(stdout=buf)
    cfg.set_main_option("script_location", projdir)
    try:
        if cmd == "history":
            command.history(cfg, rev_range=arg)
        elif cmd == "heads":
            command.heads(cfg, resolve_dependencies=arg == "resolve")
        else:
            command.branches(cfg)
        return True, buf.getvalue()
    except Exception as e:  # Alembic's errors: both failing is enough
        return False, "%s: %s" % (type(e).__name__, e)


def alembic_sql(projdir, cmd, arg):
    buf = io.StringIO()
    cfg = Config(output_buffer=buf, stdout=io.StringIO())
    cfg.set_main_option("script_location", projdir)
    try:
        getattr(command, cmd)(cfg, arg, sql=True)
        return True, buf.getvalue()
    except BaseException as e:  # CommandError, and SystemExit from util.err
        return False, "%s: %s" % (type(e).__name__, e)


def sql_effect(text):
    """The migrations run, in order, then the version rows left."""
    rows, out = set(), []
    for line in text.splitlines():
        line = line.strip()
        m = re.match(r"INSERT INTO oracle_trace\(dir, rev\) VALUES \('(\w+)', '(\w+)'\)", line)
        if m:
            out.append(m.group(1) + " " + m.group(2))
            continue
        m = re.match(r"INSERT INTO alembic_version \(version_num\) VALUES \('(\w+)'\)", line)
        if m:
            rows.add(m.group(1))
            continue
        m = re.match(r"UPDATE alembic_version SET version_num='(\w+)' "
                     r"WHERE alembic_version.version_num = '(\w+)'", line)
        if m:
            rows.discard(m.group(2))
            rows.add(m.group(1))
            continue
        m = re.match(r"DELETE FROM alembic_version WHERE alembic_version.version_num = '(\w+)'", line)
        if m:
            rows.discard(m.group(1))
    return out + ["rows: " + " ".join(sorted(rows))]


def history_checks(rng, ids, labels):
    checks = [("history", None), ("heads", None), ("heads", "resolve"), ("branches", None)]
    for _ in range(8):
        a = rng.choice(ids + ["base", ""] + [l + "@base" for l in labels])
        b = rng.choice(ids + ["heads", "head", ""] + [l + "@head" for l in labels])
        if rng.random() < 0.2:
            a = (rng.choice(ids) + "@-%d" % rng.randint(1, 3) if rng.random() < 0.5
                 else "-%d" % rng.randint(1, 3))
        if rng.random() < 0.1:
            b = "+%d" % rng.randint(1, 3)
        if labels and rng.random() < 0.15:
            b = rng.choice(labels) + "@+%d" % rng.randint(1, 3)
        if labels and rng.random() < 0.1:
            a = rng.choice(labels) + "@-%d" % rng.randint(1, 2)
        if rng.random() < 0.08:
            b = rng.choice(ids) + "+%d" % rng.randint(1, 2)
        checks.append(("history", "%s:%s" % (a, b)))
    return checks


def sql_checks(rng, ids, labels):
    checks = []
    for _ in range(10):
        cmd = rng.choice(["upgrade", "upgrade", "downgrade"])
        if cmd == "upgrade":
            s = rng.choice(ids + ["base"] * 3)
            t = rng.choice(ids + ["heads", "head", "+1", "+2"] + [l + "@head" for l in labels])
        else:
            s = rng.choice(ids + ["heads", "head"])
            t = rng.choice(ids + ["base", "-1", "-2"] + [l + "@base" for l in labels]
                           + [l + "@-1" for l in labels])
        checks.append((cmd, "%s:%s" % (s, t)))
    return checks


def compare_one(mode, db, apy, toml, cmd, arg):
    """None when both agree, else a few lines saying how they differ."""
    if mode == "history":
        ok1, o1 = alembic_text(apy, cmd, arg)
        args = [cmd] + (["--resolve-dependencies"] if arg == "resolve" else [])
        args += ["-r", arg] if cmd == "history" and arg is not None else []
        ok2, o2 = run_db(db, toml, args)
        step = {"cmd": cmd}
        same = ok1 == ok2 and (not ok1 or normalized_output(step, o1) == normalized_output(step, o2))
        a, b = o1.splitlines(), o2.splitlines()
    else:
        ok1, o1 = alembic_sql(apy, cmd, arg)
        ok2, o2 = run_db(db, toml, [cmd, "--sql", arg])
        same = ok1 == ok2 and (not ok1 or sql_effect(o1) == sql_effect(o2))
        a = sql_effect(o1) if ok1 else [o1]
        b = sql_effect(o2) if ok2 else [o2]
    if same:
        return None
    lines = ["%s %s: alembic ok=%s, retort ok=%s" % (cmd, arg or "", ok1, ok2)]
    lines += ["   " + x for x in list(difflib.unified_diff(a, b, "alembic", "retort", lineterm="", n=1))[:20]]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("history", "sql"))
    ap.add_argument("--seeds", required=True, help="e.g. 9000-9199 or 1,5,7")
    ap.add_argument("--db", required=True, help="retort's db binary")
    ap.add_argument("--profile", choices=sorted(record.PROFILES), default="big")
    ap.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "retort-fuzz"))
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)
    db = os.path.abspath(args.db)
    os.makedirs(args.keep, exist_ok=True)
    failed = steps = 0
    seeds = parse_seeds(args.seeds)
    for seed in seeds:
        rng = random.Random(seed)
        revs, _ = record.gen_graph(rng, record.PROFILES[args.profile])
        ids = [r["id"] for r in revs]
        labels = [l for r in revs for l in r["branch_labels"]]
        root = tempfile.mkdtemp(prefix="%s_%05d_" % (args.mode, seed), dir=args.keep)
        apy, asql = os.path.join(root, "a"), os.path.join(root, "s")
        record.write_project(apy, revs)
        if args.mode == "sql":
            with open(os.path.join(apy, "env.py"), "w") as f:
                f.write(OFFLINE_ENV)
        os.makedirs(asql)
        toml = sqlproject.write_sql_project(asql, revs, sqlproject.sqlite_url(os.path.join(asql, "x.sqlite")))
        checks = (history_checks if args.mode == "history" else sql_checks)(rng, ids, labels)
        diffs = [d for d in (compare_one(args.mode, db, apy, toml, c, a) for c, a in checks) if d]
        steps += len(checks)
        if diffs:
            failed += 1
            print("FAIL seed %d (kept in %s)\n%s" % (seed, root, "\n".join(diffs)))
        else:
            shutil.rmtree(root)
    print("%d graphs (%d checks), %d differed" % (len(seeds), steps, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
