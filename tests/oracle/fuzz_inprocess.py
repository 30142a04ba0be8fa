#!/usr/bin/python3
"""Differential fuzzing of the commands that need no database: Alembic 1.8.1
run in process against retort's `db` on random graphs (record.py's
generator), much faster than recording scenarios.

    /usr/bin/python3 tests/oracle/fuzz_inprocess.py history --seeds 9000-9199 --db build/db
    /usr/bin/python3 tests/oracle/fuzz_inprocess.py sql --seeds 9000-9099 --db build/db
    /usr/bin/python3 tests/oracle/fuzz_inprocess.py run --profile deps --seeds 9000-9099 --db build/db
    /usr/bin/python3 tests/oracle/fuzz_inprocess.py run --profile big --seeds 9000-9099 --db build/db --rounds 3

history: `history` (whole, and 8 random `-r LOWER:UPPER` ranges per graph,
relative and branch forms included), `heads`, `heads --resolve-dependencies`
and `branches`, compared after compare.py's output normalisation (or both
failing).  sql: `upgrade --sql` / `downgrade --sql START:END` (10 per
graph): the migrations run, in order, and the version rows left, read from
the printed SQL (or both failing).  run: record.py's scenario for the seed
(gen_scenario: its graph and its random upgrade/downgrade/stamp/current/
heads/history/branches steps) run step by step by Alembic in process on one
SQLite file and by `db` (a process per step, as compare.py --backend sqlite
runs it) on another; after each step the migrations the step ran (in order,
from oracle_trace), the alembic_version rows (as a set), success and the
printed output (compare.py's normalisation) must agree.  Both failing is
agreement; when their first error lines differ (Alembic's without the
exception class, retort's without "db: error: ") that is counted apart, for
information only.  Alembic's env.py runs each step in one SQLite
transaction (BEGIN emitted by hand, transactional_ddl), as the PostgreSQL
recordings do, so a failing step leaves its database unchanged.  A graph
stops at its first difference; its steps are then shrunk (steps dropped
one by one while a difference remains, each try on fresh databases) and
the folder kept holds README (the steps, both outcomes) and scenario.json
(the shrunk scenario with Alembic's results as "expected", for
`compare.py scenario.json --db-cmd build/db --backend sqlite
--check-output`).

Alembic runs with record.py's patches (sorted file list, ascending row
order); run under PYTHONHASHSEED=0, the seed retort reproduces, e.g.
`PYTHONHASHSEED=0 /usr/bin/python3 ...`.  Graphs that differ are kept under
--keep (a folder with the Alembic project in a/ and retort's in s/; run
adds README and scenario.json); the exit status is 1 when any differed.
run takes --rounds N (N draws of record.py's steps per graph, for longer
sequences) and --errors (print each step whose first error lines differ).
Found so far (and fixed): `history -r -2:+1`, and the order of depends_on entries after inherited
ones are removed.  run found no difference on 2,400 graphs (59,240 steps;
extra, deps and big, --rounds 1 and 3); the first error lines differ where
Alembic crashes (KeyError, bare AssertionError) and retort explains, where
retort adds detail to "Can't locate revision", and in the list of
"overlaps with other requested revisions", whose order in Alembic follows
object addresses (so that count varies a little from run to run).
"""

import argparse
import difflib
import io
import json
import logging
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "shared", "oracle"))

import record  # noqa: E402
import sqlproject  # noqa: E402
from compare import (create_sqlite_db, describe_step, normalized_output,  # noqa: E402
                     read_state_sqlite, step_argv)

record.patch_alembic("asc")
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402

OFFLINE_ENV = '''from alembic import context
context.configure(url="postgresql://", literal_binds=True, transactional_ddl=False)
with context.begin_transaction():
    context.run_migrations()
'''

# run mode: the whole step in one transaction on SQLite (see sqlite_engine)
RUN_ENV = '''from alembic import context

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, transactional_ddl=True)
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


def sqlite_engine(path):
    """An engine on a SQLite file whose transactions are real ones: pysqlite
    left alone neither begins before DDL nor rolls it back."""
    import sqlalchemy
    engine = sqlalchemy.create_engine(sqlproject.sqlite_url(path))

    @sqlalchemy.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None

    @sqlalchemy.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")
    return engine


def alembic_step(projdir, engine, step):
    buf = io.StringIO()
    cfg = Config(stdout=buf)
    cfg.set_main_option("script_location", projdir)
    cfg.attributes["engine"] = engine
    cmd = step["cmd"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if cmd in ("upgrade", "downgrade"):
                getattr(command, cmd)(cfg, step["target"])
            elif cmd == "stamp":
                command.stamp(cfg, step["target"], purge=bool(step.get("purge")))
            else:
                getattr(command, cmd)(cfg)
        return True, buf.getvalue(), None
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # CommandError, crashes in its bookkeeping, SystemExit
        return False, buf.getvalue(), "%s: %s" % (type(e).__name__, e)


def first_error_line(text, prefix):
    line = (text or "").strip().splitlines()[:1]
    line = line[0] if line else ""
    if prefix is None:  # Alembic's "ClassName: message"
        return re.sub(r"^\w+: (?=.)", "", line)
    return line[len(prefix):] if line.startswith(prefix) else line


class RunPair:
    """Alembic's project (a/) and retort's (s/) under root, each on a fresh
    SQLite file; step() runs one step on both."""

    def __init__(self, root, revs):
        shutil.rmtree(root, ignore_errors=True)
        self.apy, self.asql = os.path.join(root, "a"), os.path.join(root, "s")
        record.write_project(self.apy, revs)
        with open(os.path.join(self.apy, "env.py"), "w") as f:
            f.write(RUN_ENV)
        os.makedirs(self.asql)
        self.adb = os.path.join(self.apy, "oracle.sqlite")
        self.sdb = os.path.join(self.asql, "oracle.sqlite")
        create_sqlite_db(self.adb)
        create_sqlite_db(self.sdb)
        self.toml = sqlproject.write_sql_project(self.asql, revs, sqlproject.sqlite_url(self.sdb))
        self.engine = sqlite_engine(self.adb)
        self.seq = [0, 0]

    def close(self):
        self.engine.dispose()

    def _state(self, i, path, ok, out, err):
        rows, versions = read_state_sqlite(path, self.seq[i])
        if rows:
            self.seq[i] = rows[-1][0]
        return {"ok": ok, "executed": [[d, r] for _, d, r in rows],
                "version_rows": versions, "error": err, "output": out}

    def step(self, db, step):
        ok, out, err = alembic_step(self.apy, self.engine, step)
        a = self._state(0, self.adb, ok, out, err)
        p = subprocess.run(step_argv([db], self.toml, step), capture_output=True, text=True)
        b = self._state(1, self.sdb, p.returncode == 0, p.stdout,
                        None if p.returncode == 0 else (p.stderr.strip() or "exit %d" % p.returncode))
        return a, b


def run_mismatch(step, a, b):
    """None when the step agrees, else what differs."""
    if a["ok"] != b["ok"]:
        return "success differs"
    if a["executed"] != b["executed"]:
        return "executed migrations differ"
    if a["version_rows"] != b["version_rows"]:
        return "alembic_version rows differ"
    if a["ok"] and normalized_output(step, a["output"]) != normalized_output(step, b["output"]):
        return "output differs"
    return None


def run_steps(db, root, revs, steps, errors=None):
    """Both sides through steps; (index, why, results) of the first
    difference or None, and how many steps failed on both sides with
    different first error lines (appended to errors as (step, alembic's
    line, retort's line) when given)."""
    pair = RunPair(root, revs)
    results, errdiff = [], 0
    try:
        for i, step in enumerate(steps):
            a, b = pair.step(db, step)
            results.append((a, b))
            why = run_mismatch(step, a, b)
            if why:
                return (i, why, results), errdiff
            ea, eb = first_error_line(a["error"], None), first_error_line(b["error"], "db: error: ")
            if not a["ok"] and ea != eb:
                errdiff += 1
                if errors is not None:
                    errors.append((step, ea, eb))
        return None, errdiff
    finally:
        pair.close()


def shrink_steps(db, root, revs, steps):
    """Drop steps while a difference remains at the (new) last step."""
    steps = list(steps)
    i = len(steps) - 2
    while i >= 0:
        trial = steps[:i] + steps[i + 1:]
        diff, _ = run_steps(db, root, revs, trial)
        if diff and diff[0] == len(trial) - 1:
            steps = trial
        i -= 1
    return steps


def fmt_result(r):
    s = "ok=%s executed=%s version_rows=%s" % (
        r["ok"], " ".join("%s:%s" % (d, x) for d, x in r["executed"]) or "-",
        " ".join(r["version_rows"]) or "-")
    if r["error"]:
        s += "\n      error: %s" % r["error"].splitlines()[0]
    if r["output"]:
        s += "\n      output: %r" % r["output"]
    return s


def keep_run(root, scn, diff, db):
    """README and scenario.json for a differing graph (steps shrunk)."""
    steps = shrink_steps(db, root, scn["revisions"], scn["steps"][:diff[0] + 1])
    small, _ = run_steps(db, root, scn["revisions"], steps)
    if small is None or small[0] != len(steps) - 1:  # shrinking lost it: keep the original
        steps = scn["steps"][:diff[0] + 1]
        small, _ = run_steps(db, root, scn["revisions"], steps)
    i, why, results = small
    lines = ["# %s: %s at step %d `%s`" % (scn["name"], why, i, describe_step(steps[i])), "",
             "Graph: a/versions (Alembic), s/versions (retort); scenario.json has the",
             "revisions and these steps with Alembic's results as \"expected\".", "",
             "Steps, in order, from fresh databases (retort: db -c s/alembic.toml STEP):", ""]
    for k, (st, (a, b)) in enumerate(zip(steps, results)):
        lines.append("%2d. %s" % (k, describe_step(st)))
        lines.append("    alembic: " + fmt_result(a))
        lines.append("    retort:  " + fmt_result(b))
    lines += ["", "Revisions (id <- down; labels; depends_on):", ""]
    for r in scn["revisions"]:
        extra = "".join("  %s=%s" % (k, ",".join(r[k])) for k in ("branch_labels", "depends_on") if r[k])
        lines.append("  %s <- %s%s" % (r["id"], ", ".join(r["down"]) or "(base)", extra))
    with open(os.path.join(root, "README"), "w") as f:
        f.write("\n".join(lines) + "\n")
    out = {"name": scn["name"], "kind": "random", "seed": scn["seed"],
           "revisions": scn["revisions"], "steps": steps,
           "expected": [a for a, _ in results]}
    with open(os.path.join(root, "scenario.json"), "w") as f:
        json.dump([out], f, indent=1)
    return lines[0], steps, results


def run_scenario(seed, profile, rounds):
    """record.py's scenario for the seed; with rounds > 1 its steps are
    followed by rounds - 1 further draws of record.gen_steps (same rng)."""
    scn = record.gen_scenario(seed, profile)
    if rounds > 1 and profile != "depsorder":
        rng = random.Random(seed)
        revs, style = record.gen_graph(rng, record.PROFILES[profile])
        scn["steps"] = [st for _ in range(rounds)
                        for st in record.gen_steps(rng, revs, style, record.PROFILES[profile])]
    return scn


def run_graph(db, seed, profile, root, rounds=1, errors=None):
    """'run' mode for one seed: (number of steps, errdiff, None or report)."""
    scn = run_scenario(seed, profile, rounds)
    diff, errdiff = run_steps(db, root, scn["revisions"], scn["steps"], errors)
    if diff is None:
        return len(scn["steps"]), errdiff, None
    head, steps, results = keep_run(root, scn, diff, db)
    a, b = results[-1]
    rep = [head, "   steps: " + " ; ".join(describe_step(st) for st in steps),
           "   alembic: " + fmt_result(a).replace("\n", "\n   "),
           "   retort:  " + fmt_result(b).replace("\n", "\n   ")]
    return len(scn["steps"]), errdiff, "\n".join(rep)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("history", "sql", "run"))
    ap.add_argument("--seeds", required=True, help="e.g. 9000-9199 or 1,5,7")
    ap.add_argument("--db", required=True, help="retort's db binary")
    ap.add_argument("--profile", choices=sorted(record.PROFILES), default="big")
    ap.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "retort-fuzz"))
    ap.add_argument("--rounds", type=int, default=1,
                    help="run: draw the steps this many times (longer sequences)")
    ap.add_argument("--errors", action="store_true",
                    help="run: print the steps whose first error lines differ")
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)
    db = os.path.abspath(args.db)
    os.makedirs(args.keep, exist_ok=True)
    sys.dont_write_bytecode = True
    failed = steps = errdiffs = 0
    seeds = parse_seeds(args.seeds)
    for seed in seeds:
        if args.mode == "run":
            root = tempfile.mkdtemp(prefix="run_%s_%05d_" % (args.profile, seed), dir=args.keep)
            errors = []
            n, e, rep = run_graph(db, seed, args.profile, root, args.rounds, errors)
            for st, ea, eb in errors if args.errors else ():
                print("ERRTEXT seed %d `%s`\n   alembic: %s\n   retort:  %s"
                      % (seed, describe_step(st), ea, eb))
            steps += n
            errdiffs += e
            if rep:
                failed += 1
                print("FAIL seed %d (kept in %s)\n%s" % (seed, root, rep), flush=True)
            else:
                shutil.rmtree(root)
            continue
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
    print("%d graphs (%d %s), %d differed" % (len(seeds), steps,
                                              "steps" if args.mode == "run" else "checks", failed))
    if args.mode == "run":
        print("%d steps failed on both sides with different first error lines" % errdiffs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
