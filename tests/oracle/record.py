#!/usr/bin/python3
"""Record Alembic 1.8.1's behaviour on random revision graphs (differential
test data for retort), in the format of tests/oracle/public.json
(/work/shared/oracle/README.md).

    # draw scenarios with seeds 1000..1499 (+2 found later) and record them
    # -> tests/oracle/extra.json (about 25 minutes on 2 cores)
    /usr/bin/python3 tests/oracle/record.py generate \
        --seeds 1000-1499,2354,2370 --out tests/oracle/extra.json --jobs 2
    # ... and the deps_* / depsorder_* scenarios appended to it
    /usr/bin/python3 tests/oracle/record.py generate --profile deps \
        --seeds 6000-6099 --out /tmp/deps.json
    /usr/bin/python3 tests/oracle/record.py generate --profile depsorder \
        --seeds 7006 --out /tmp/depsorder.json

    # print the drawn scenarios (graph + steps) without running Alembic
    /usr/bin/python3 tests/oracle/record.py generate --seed 1000 --count 3 --dry-run

    # self-check: re-record existing scenarios and diff with their results
    /usr/bin/python3 tests/oracle/record.py replay tests/oracle/public.json --jobs 2 -q
    # look for chance the recording missed: more hash seeds, either outcome ok
    /usr/bin/python3 tests/oracle/record.py replay tests/oracle/extra.json \
        --any --reuse-db --runs 6:asc,7:desc,8:asc,9:desc -q

Must run with Debian's /usr/bin/python3 (alembic 1.8.1, SQLAlchemy 1.4,
psycopg2) and PostgreSQL 15 (PG_BIN overrides /usr/lib/postgresql/15/bin);
as root the throw-away cluster runs as `postgres` via runuser.  Without
--url a cluster is started in a temp dir (unix socket only) and removed at
the end.

How a scenario is recorded: each revision becomes
versions/<id>_<slug>.py (slug as in sqlproject.revision_basename) whose
upgrade()/downgrade() insert ('up'|'down', id) into oracle_trace; env.py
runs the migrations in one transaction on a fresh PostgreSQL database (a
failing step therefore leaves the database unchanged); every step is an
in-process alembic.command.* call (output captured through
Config(stdout=StringIO)), and "executed" / "version_rows" are read back
from the database after the step.  Alembic 1.8.1 reads the versions folder
in os.listdir order; like the public oracle (and Alembic >= 1.10) the file
list is sorted here.

Chance in Alembic: every scenario is run in separate processes: run A with
PYTHONHASHSEED=0 reading alembic_version rows in ascending order, run B
with PYTHONHASHSEED=1 reading them in descending order (which row comes
first decides `downgrade -1` with several heads), and probe runs with
further hash seeds (2..9; the order of a set of string revision ids, e.g.
_normalized_resolved_dependencies = tuple(set(...)) with two depends_on
entries, decides the order of lanes in the topological sort).  "expected"
is run A; when any run's outcome differs (ok / executed / version rows /
normalised output; error texts are not compared), the scenario carries the
other outcome (run B's if it differs, else the first differing probe's) as
"alt_expected" and the differing steps get "unstable": true (or
"unstable_output": true plus "alt_output" when only the printed text
differs).  Scenarios with more than two different outcomes cannot be
represented and are left out.  `replay tests/oracle/public.json` re-records
all 110 public scenarios with runs A and B exactly as recorded (except one
error text whose wording depends on object addresses), so this is how the
public oracle was recorded too.
"""

import argparse
import getpass
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")

# run variants "PYTHONHASHSEED:row order"; the first is "expected", the
# second the preferred "alt_expected"; probes only look for further chance.
RUNS = "0:asc,1:desc"
PROBES = "2:asc,3:desc,4:asc,5:desc,6:asc,7:desc,8:asc,9:desc"


def parse_runs(text):
    out = []
    for item in (text or "").split(","):
        if item:
            seed, order = item.split(":")
            assert order in ("asc", "desc"), item
            out.append((seed, order))
    return out

# ---------------------------------------------------------------------------
# file names (same rule as /work/shared/oracle/sqlproject.py)
# ---------------------------------------------------------------------------


def slugify(message, truncate=40):
    slug = "_".join(re.findall(r"\w+", message or "")).lower()
    if len(slug) > truncate:
        slug = slug[:truncate].rsplit("_", 1)[0] + "_"
    return slug


def revision_basename(rev):
    return "%s_%s" % (rev["id"], slugify(rev.get("message", "")))


# ---------------------------------------------------------------------------
# random scenarios, in the style of public.json's random_* ones
# ---------------------------------------------------------------------------

LABEL_POOL = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho",
    "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "audit",
    "billing", "tenant", "users", "auth", "media", "geo", "search",
    "reports", "jobs", "core",
]
KINDS = ["add column", "backfill", "add table", "rename", "drop index",
         "constraint"]


def _hex(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def gen_ids(rng, n):
    if rng.random() < 0.18:
        ids = ["r%d" % i for i in range(1, n + 1)]
        rng.shuffle(ids)
        return ids, "short"
    ids = []
    families = []
    if rng.random() < 0.15:
        families = [_hex(rng, 4) for _ in range(rng.randint(2, 3))]
    seen = set()
    while len(ids) < n:
        if families and rng.random() < 0.6:
            fam = rng.choice(families)
            # sometimes share a longer prefix with an earlier member
            same = [i for i in ids if i.startswith(fam)]
            if same and rng.random() < 0.4:
                base = rng.choice(same)[:rng.randint(5, 8)]
            else:
                base = fam
            rid = base + _hex(rng, 12 - len(base))
        else:
            rid = _hex(rng, 12)
        if rid not in seen:
            seen.add(rid)
            ids.append(rid)
    return ids, "families" if families else "hex"


# Generator profiles: "extra" (tests/oracle/extra.json, seeds 1000-1499),
# "deps" (bigger graphs, more merges, labels and up to four depends_on
# entries; deps_* in extra.json, seeds 6000-6099), "depsorder" (the deps
# graphs with fixed steps: history, upgrade heads, current, downgrade base)
# and "big" (30-80 revisions, up to five bases, many merges; seeds 5000-5199
# all pass and are not kept).
PROFILES = {
    "extra": dict(n=(5, 40), bases=[1, 2, 2, 3, 4], merges=[0.0, 0.04, 0.08, 0.12],
                  labels=(0.45, 0.05), deps=[(0.012, 2), (0.075, 1)], dep_label=0.2,
                  steps=(4, 12)),
    "deps": dict(n=(12, 50), bases=[1, 2, 2, 3, 4], merges=[0.04, 0.08, 0.12, 0.2],
                 labels=(0.6, 0.15), deps=[(0.03, 4), (0.07, 3), (0.14, 2), (0.3, 1)],
                 dep_label=0.35, steps=(8, 16)),
    "big": dict(n=(30, 80), bases=[1, 2, 3, 4, 5], merges=[0.08, 0.12, 0.18, 0.25],
                labels=(0.6, 0.12), deps=[(0.04, 2), (0.16, 1)], dep_label=0.2,
                steps=(8, 16)),
}
PROFILES["depsorder"] = PROFILES["deps"]


def gen_graph(rng, prof=PROFILES["extra"]):
    n = rng.randint(*prof["n"])
    ids, style = gen_ids(rng, n)
    labels_pool = LABEL_POOL[:]
    rng.shuffle(labels_pool)
    revs = []
    children = {}
    nbases = 0
    max_bases = rng.choice(prof["bases"])
    p_base = rng.choice([0.03, 0.06, 0.1])
    p_merge = rng.choice(prof["merges"])
    for i, rid in enumerate(ids):
        heads = [r["id"] for r in revs if not children[r["id"]]]
        u = rng.random()
        if i == 0 or (u < p_base and nbases < max_bases):
            down = []
            nbases += 1
        elif u < p_base + p_merge and len(heads) >= 2:
            k = 3 if len(heads) >= 3 and rng.random() < 0.15 else 2
            down = rng.sample(heads, k)
        else:
            v = rng.random()
            if v < 0.45:
                down = [revs[-1]["id"]]
            elif v < 0.8 and heads:
                down = [rng.choice(heads)]
            else:
                down = [rng.choice(revs)["id"]]
        labels = []
        p_label = prof["labels"][0] if not down else prof["labels"][1]
        if labels_pool and rng.random() < p_label:
            labels.append(labels_pool.pop())
            if labels_pool and rng.random() < 0.03:
                labels.append(labels_pool.pop())
        deps = []
        if revs:
            u = rng.random()
            ndeps = next((k for p, k in prof["deps"] if u < p), 0)
            known_labels = [l for r in revs for l in r["branch_labels"]]
            for _ in range(ndeps):
                if known_labels and rng.random() < prof["dep_label"]:
                    d = rng.choice(known_labels)
                else:
                    d = rng.choice(revs)["id"]
                if d not in deps and d not in down:
                    deps.append(d)
        revs.append({"id": rid, "down": down, "branch_labels": labels,
                     "depends_on": deps,
                     "message": "change %d %s" % (i + 1, rng.choice(KINDS))})
        children[rid] = []
        for d in down:
            children[d].append(rid)
    return revs, style


def _weighted(rng, table):
    total = sum(w for _, w in table)
    x = rng.random() * total
    for item, w in table:
        x -= w
        if x < 0:
            return item
    return table[-1][0]


def gen_steps(rng, revs, style, prof=PROFILES["extra"]):
    ids = [r["id"] for r in revs]
    labels = [l for r in revs for l in r["branch_labels"]]
    has_labels = bool(labels)

    def rid():
        return rng.choice(ids)

    def partial():
        if style == "short":
            return rid()
        return rid()[:rng.randint(4, 8)]

    def missing():
        if style == "short":
            return "r%d" % (len(ids) + rng.randint(1, 9))
        return _hex(rng, 12)

    def lbl():
        return rng.choice(labels)

    def up_n():
        return _weighted(rng, [(1, 35), (2, 15), (3, 50)])

    def down_n():
        return _weighted(rng, [(1, 60), (2, 15), (3, 25)])

    L = 1 if has_labels else 0
    table = [
        ("current", 49), ("heads", 25), ("history", 12), ("branches", 6),
        ("up_heads", 30), ("up_head", 7), ("up_id", 29), ("up_partial", 5),
        ("up_missing", 2), ("up_id_at_head", 8), ("up_partial_at_head", 1),
        ("up_lbl_at_head", 9 * L), ("up_rel", 24), ("up_id_rel", 5),
        ("up_partial_rel", 3), ("up_lbl_rel", 5 * L),
        ("down_id", 19), ("down_partial", 2), ("down_rel", 23),
        ("down_base", 14), ("down_lbl_rel", 12 * L),
        ("down_lbl_base", 2 * L),
        ("stamp_id", 13), ("stamp_partial", 3), ("stamp_heads", 5),
        ("stamp_list", 3), ("stamp_purge_base", 2),
        ("stamp_lbl_head", 2 * L), ("stamp_base", 1),
        # rarer forms of the grammar
        ("up_head_minus", 2), ("down_head_minus", 1), ("up_id_plus", 2),
        ("down_id_minus", 2), ("up_base_plus", 1), ("down_id_rel", 2),
        ("up_bare_label", 1 * L), ("down_lbl_at_id", 1 * L),
        ("stamp_purge_id", 1), ("stamp_list3", 1), ("stamp_id_at_head", 1),
        ("down_id_at_base", 1), ("up_lbl_at_id_rel", 1 * L),
    ]
    steps = []
    for _ in range(rng.randint(*prof["steps"])):
        k = _weighted(rng, table)
        if k in ("current", "heads", "history", "branches"):
            steps.append({"cmd": k})
            continue
        if k.startswith("up_"):
            cmd = "upgrade"
        elif k.startswith("down_"):
            cmd = "downgrade"
        else:
            cmd = "stamp"
        t = {
            "up_heads": lambda: "heads",
            "up_head": lambda: "head",
            "up_id": rid,
            "up_partial": partial,
            "up_missing": missing,
            "up_id_at_head": lambda: rid() + "@head",
            "up_partial_at_head": lambda: partial() + "@head",
            "up_lbl_at_head": lambda: lbl() + "@head",
            "up_rel": lambda: "+%d" % up_n(),
            "up_id_rel": lambda: "%s@+%d" % (rid(), up_n()),
            "up_partial_rel": lambda: "%s@+%d" % (partial(), up_n()),
            "up_lbl_rel": lambda: "%s@+%d" % (lbl(), up_n()),
            "down_id": rid,
            "down_partial": partial,
            "down_rel": lambda: "-%d" % down_n(),
            "down_base": lambda: "base",
            "down_lbl_rel": lambda: "%s@-%d" % (lbl(), down_n()),
            "down_lbl_base": lambda: lbl() + "@base",
            "stamp_id": rid,
            "stamp_partial": partial,
            "stamp_heads": lambda: "heads",
            "stamp_list": lambda: rng.sample(ids, 2),
            "stamp_purge_base": lambda: "base",
            "stamp_lbl_head": lambda: lbl() + "@head",
            "stamp_base": lambda: "base",
            "up_head_minus": lambda: "head-%d" % down_n(),
            "down_head_minus": lambda: "head-%d" % down_n(),
            "up_id_plus": lambda: "%s+%d" % (rid(), up_n()),
            "down_id_minus": lambda: "%s-%d" % (rid(), down_n()),
            "up_base_plus": lambda: "base+%d" % up_n(),
            "down_id_rel": lambda: "%s@-%d" % (rid(), down_n()),
            "up_bare_label": lbl,
            "down_lbl_at_id": lambda: "%s@%s" % (lbl(), rid()),
            "stamp_purge_id": rid,
            "stamp_list3": lambda: rng.sample(ids, min(3, len(ids))),
            "stamp_id_at_head": lambda: rid() + "@head",
            "down_id_at_base": lambda: rid() + "@base",
            "up_lbl_at_id_rel": lambda: "%s@%s+%d" % (lbl(), rid(), up_n()),
        }[k]()
        step = {"cmd": cmd, "target": t}
        if k.startswith("stamp_purge"):
            step["purge"] = True
        steps.append(step)
    return steps


def gen_scenario(seed, profile="extra"):
    prof = PROFILES[profile]
    rng = random.Random(seed)
    revs, style = gen_graph(rng, prof)
    if profile == "depsorder":
        steps = [{"cmd": "history"}, {"cmd": "upgrade", "target": "heads"},
                 {"cmd": "current"}, {"cmd": "downgrade", "target": "base"}]
    else:
        steps = gen_steps(rng, revs, style, prof)
    return {"name": "%s_%05d" % (profile, seed), "kind": "random", "seed": seed,
            "revisions": revs, "steps": steps}


# ---------------------------------------------------------------------------
# throw-away PostgreSQL cluster (as compare.py's PgCluster)
# ---------------------------------------------------------------------------


class PgCluster:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="record_pg_")
        self.data = os.path.join(self.dir, "data")
        self.is_root = os.geteuid() == 0
        self.user = "postgres" if self.is_root else getpass.getuser()
        self.started = False
        if self.is_root:
            shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(self.dir, 0o700)

    def _run(self, argv):
        if self.is_root:
            argv = ["runuser", "-u", "postgres", "--"] + argv
        return subprocess.run(argv, cwd=self.dir, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)

    def start(self):
        r = self._run([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-A",
                       "trust", "-U", self.user, "-E", "UTF8",
                       "--no-locale"])
        if r.returncode:
            raise RuntimeError("initdb failed:\n" + r.stdout)
        opts = ("-k %s -c listen_addresses='' -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=100" % self.dir)
        r = self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-o",
                       opts, "-l", os.path.join(self.dir, "postgres.log"),
                       "-w", "-t", "60", "start"])
        if r.returncode:
            raise RuntimeError("pg_ctl start failed:\n" + r.stdout)
        self.started = True
        return self

    def url_base(self):
        return "postgresql://%s@/?host=%s" % (self.user, self.dir)

    def stop(self):
        if self.started:
            self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-m",
                       "fast", "-w", "stop"])
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


def db_url(base, dbname):
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + dbname,
                                    parts.query, parts.fragment))


# ---------------------------------------------------------------------------
# the worker: runs scenarios through Alembic in process
# ---------------------------------------------------------------------------

ENV_PY = '''\
from alembic import context

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
'''


def _pyrepr(values, single_as_str=True):
    if not values:
        return "None"
    if len(values) == 1 and single_as_str:
        return repr(values[0])
    return repr(tuple(values))


def render_py_revision(rev):
    down = rev.get("down") or []
    return (
        '"""%(msg)s\n\nRevision ID: %(id)s\nRevises: %(revises)s\n'
        'Create Date: 2026-01-01 00:00:00.000000\n\n"""\n'
        "from alembic import op\n\n"
        "revision = %(rid)s\n"
        "down_revision = %(down)s\n"
        "branch_labels = %(labels)s\n"
        "depends_on = %(deps)s\n\n\n"
        "def upgrade():\n"
        "    op.execute(\"INSERT INTO oracle_trace(dir, rev) "
        "VALUES ('up', '%(id)s')\")\n\n\n"
        "def downgrade():\n"
        "    op.execute(\"INSERT INTO oracle_trace(dir, rev) "
        "VALUES ('down', '%(id)s')\")\n"
    ) % {
        "msg": rev.get("message", ""), "id": rev["id"],
        "revises": ", ".join(down), "rid": repr(rev["id"]),
        "down": _pyrepr(down),
        "labels": _pyrepr(rev.get("branch_labels") or [], False),
        "deps": _pyrepr(rev.get("depends_on") or [], False),
    }


def write_project(projdir, revisions):
    vdir = os.path.join(projdir, "versions")
    os.makedirs(vdir, exist_ok=True)
    with open(os.path.join(projdir, "env.py"), "w") as f:
        f.write(ENV_PY)
    for rev in revisions:
        with open(os.path.join(vdir, revision_basename(rev) + ".py"),
                  "w") as f:
            f.write(render_py_revision(rev))


def patch_alembic(row_order):
    """Sorted file order; alembic_version rows read in a fixed order."""
    from alembic.script.base import Script
    from alembic.runtime import migration

    orig_list = Script._list_py_dir

    def _list_py_dir(cls, scriptdir, path):
        return sorted(orig_list(scriptdir, path))

    Script._list_py_dir = classmethod(_list_py_dir)

    orig_heads = migration.MigrationContext.get_current_heads

    def get_current_heads(self):
        return tuple(sorted(orig_heads(self), reverse=row_order == "desc"))

    migration.MigrationContext.get_current_heads = get_current_heads


def record_scenario(scn, url_base, tag, reuse_db=False):
    import warnings
    import psycopg2
    import sqlalchemy
    from alembic import command
    from alembic.config import Config

    # a fresh database per scenario; with reuse_db (probe runs, where only
    # the outcome matters) one database per worker, emptied in between
    dbname = ("rec_probe_%d" if reuse_db else "rec_%s_%%d" % tag) % os.getpid()
    admin = psycopg2.connect(db_url(url_base, "postgres"))
    admin.autocommit = True
    projdir = tempfile.mkdtemp(prefix="record_proj_")
    engine = None
    conn = None
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                        (dbname,))
            exists = cur.fetchone() is not None
            if exists and not reuse_db:
                cur.execute('DROP DATABASE "%s" WITH (FORCE)' % dbname)
            if not exists or not reuse_db:
                cur.execute('CREATE DATABASE "%s"' % dbname)
        url = db_url(url_base, dbname)
        conn = psycopg2.connect(url)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS alembic_version")
            cur.execute("DROP TABLE IF EXISTS oracle_trace")
            cur.execute("CREATE TABLE oracle_trace(seq bigserial PRIMARY KEY,"
                        " dir text, rev text)")
        write_project(projdir, scn["revisions"])
        engine = sqlalchemy.create_engine(
            url.replace("postgresql://", "postgresql+psycopg2://", 1))
        results = []
        last_seq = 0
        for step in scn["steps"]:
            buf = io.StringIO()
            cfg = Config(stdout=buf)
            cfg.set_main_option("script_location", projdir)
            cfg.attributes["engine"] = engine
            cmd = step["cmd"]
            error = None
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    if cmd == "upgrade":
                        command.upgrade(cfg, step["target"])
                    elif cmd == "downgrade":
                        command.downgrade(cfg, step["target"])
                    elif cmd == "stamp":
                        command.stamp(cfg, step["target"],
                                      purge=bool(step.get("purge")))
                    elif cmd == "current":
                        command.current(cfg)
                    elif cmd == "heads":
                        command.heads(cfg)
                    elif cmd == "branches":
                        command.branches(cfg)
                    elif cmd == "history":
                        command.history(cfg)
                    else:
                        raise ValueError("unknown step %r" % cmd)
                except Exception as exc:  # noqa: BLE001
                    error = "%s: %s" % (type(exc).__name__, exc)
            with conn.cursor() as cur:
                cur.execute("SELECT seq, dir, rev FROM oracle_trace "
                            "WHERE seq > %s ORDER BY seq", (last_seq,))
                rows = cur.fetchall()
                cur.execute("SELECT to_regclass('alembic_version')")
                versions = []
                if cur.fetchone()[0] is not None:
                    cur.execute("SELECT version_num FROM alembic_version")
                    versions = sorted(r[0] for r in cur.fetchall())
            if rows:
                last_seq = rows[-1][0]
            res = {"ok": error is None,
                   "executed": [[d, r] for _, d, r in rows],
                   "version_rows": versions, "error": error,
                   "output": buf.getvalue()}
            warns = [str(w.message) for w in caught
                     if issubclass(w.category, UserWarning)]
            if warns:
                res["warnings"] = warns
            results.append(res)
        return results
    finally:
        if conn is not None:
            conn.close()
        if engine is not None:
            engine.dispose()
        if not reuse_db:
            with admin.cursor() as cur:
                cur.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)'
                            % dbname)
        admin.close()
        shutil.rmtree(projdir, ignore_errors=True)


def worker_main(args):
    sys.dont_write_bytecode = True
    patch_alembic(args.row_order)
    with open(args.input) as f:
        scenarios = json.load(f)
    out = {}
    t0 = time.time()
    for i, scn in enumerate(scenarios):
        try:
            out[scn["name"]] = record_scenario(scn, args.url, "%s%d" % (
                args.tag, i), reuse_db=args.reuse_db)
        except Exception:  # noqa: BLE001
            out[scn["name"]] = {"harness_error": traceback.format_exc()}
        if args.progress and (i + 1) % 10 == 0:
            sys.stderr.write("[%s] %d/%d scenarios, %.0fs\n" % (
                args.tag, i + 1, len(scenarios), time.time() - t0))
            sys.stderr.flush()
    if args.reuse_db:
        import psycopg2
        admin = psycopg2.connect(db_url(args.url, "postgres"))
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute('DROP DATABASE IF EXISTS "rec_probe_%d" WITH (FORCE)'
                        % os.getpid())
        admin.close()
    with open(args.output, "w") as f:
        json.dump(out, f)
    return 0


# ---------------------------------------------------------------------------
# orchestration: run A and B in subprocesses, merge
# ---------------------------------------------------------------------------


def run_all(scenarios, url_base, jobs, runs, probes=(), progress=True,
            reuse_db=False):
    """{name: [results of run 0, run 1, ...]} for every scenario; runs are
    (hashseed, row order) pairs, probes likewise (they reuse a database)."""
    tmp = tempfile.mkdtemp(prefix="record_work_")
    variants = [(i, seed, order, reuse_db) for i, (seed, order) in
                enumerate(runs)]
    variants += [(len(runs) + i, seed, order, True) for i, (seed, order) in
                 enumerate(probes)]
    try:
        tasks = []
        nchunks = max(1, jobs)
        for vi, hashseed, order, reuse in variants:
            for c in range(nchunks):
                chunk = scenarios[c::nchunks]
                if not chunk:
                    continue
                inp = os.path.join(tmp, "in_%d_%d.json" % (vi, c))
                outp = os.path.join(tmp, "out_%d_%d.json" % (vi, c))
                with open(inp, "w") as f:
                    json.dump(chunk, f)
                env = dict(os.environ, PYTHONHASHSEED=hashseed)
                argv = [sys.executable, os.path.abspath(__file__), "_worker",
                        "--input", inp, "--output", outp, "--url", url_base,
                        "--row-order", order, "--tag", "v%d_%d_" % (vi, c)]
                if progress:
                    argv.append("--progress")
                if reuse:
                    argv.append("--reuse-db")
                tasks.append((vi, argv, env, outp))
        results = {}
        running = []
        pending = list(tasks)
        while pending or running:
            while pending and len(running) < max(1, jobs):
                vi, argv, env, outp = pending.pop(0)
                running.append((vi, subprocess.Popen(argv, env=env), outp))
            time.sleep(0.2)
            still = []
            for vi, p, outp in running:
                if p.poll() is None:
                    still.append((vi, p, outp))
                    continue
                if p.returncode:
                    raise RuntimeError("worker failed (%s)" % p.returncode)
                with open(outp) as f:
                    for name, res in json.load(f).items():
                        results.setdefault(name, [None] * len(variants))[
                            vi] = res
            running = still
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_PAREN_LIST = re.compile(r"\(([^()]*,[^()]*)\)")


def normalized_output(cmd, output):
    """compare.py's normalisation: label lists in parentheses, `current`
    lines and the children under a `branches` branch point are sorted."""
    output = _PAREN_LIST.sub(
        lambda m: "(" + ", ".join(sorted(m.group(1).split(", "))) + ")",
        output)
    if cmd == "current":
        return "\n".join(sorted(output.splitlines()))
    if cmd == "branches":
        blocks = []
        for block in output.split("\n\n"):
            lines = block.split("\n")
            blocks.append("\n".join(lines[:1] + sorted(lines[1:])))
        return "\n\n".join(blocks)
    return output


def _outcome(step, res):
    """What the tests compare of one step (error texts are not compared)."""
    return (res["ok"], res["executed"], res["version_rows"],
            normalized_output(step["cmd"], res["output"]) if res["ok"]
            else "")


def _sequence(scn, results):
    return tuple(json.dumps(_outcome(st, r)) for st, r in
                 zip(scn["steps"], results))


def merge_runs(scn, runs):
    """The scenario with expected (the first run) and, when another run
    had a different outcome, alt_expected (the second run if it differs,
    else the first probe that does). None when the runs show more than two
    different outcomes (not representable)."""
    seqs = [_sequence(scn, r) for r in runs]
    distinct = []
    for sq in seqs:
        if sq not in distinct:
            distinct.append(sq)
    if len(distinct) > 2:
        return None
    out = dict(scn)
    a = runs[0]
    expected = [dict(r) for r in a]
    out["expected"] = expected
    if len(distinct) == 2:
        b = runs[seqs.index(distinct[1])]
        for step, ea, eb in zip(scn["steps"], expected, b):
            if _outcome(step, ea)[:3] != _outcome(step, eb)[:3]:
                ea["unstable"] = True
            elif _outcome(step, ea) != _outcome(step, eb):
                ea["unstable_output"] = True
                ea["alt_output"] = eb["output"]
        out["alt_expected"] = b
    return out


def with_cluster(url, fn):
    cluster = None
    if not url:
        cluster = PgCluster().start()
        url = cluster.url_base()
    try:
        return fn(url)
    finally:
        if cluster:
            cluster.stop()


def generate_main(args):
    if args.seeds:
        seeds = []
        for part in args.seeds.split(","):
            lo, _, hi = part.partition("-")
            seeds += list(range(int(lo), int(hi or lo) + 1))
    else:
        seeds = list(range(args.seed, args.seed + args.count))
    scenarios = [gen_scenario(s, args.profile) for s in seeds]
    if args.dry_run:
        json.dump(scenarios, sys.stdout, indent=1)
        print()
        return 0
    t0 = time.time()
    runs, probes = parse_runs(args.runs), parse_runs(args.probes)
    assert len(runs) >= 1
    results = with_cluster(args.url, lambda url: run_all(
        scenarios, url, args.jobs, runs, probes, reuse_db=args.reuse_db))
    out = []
    bad = dropped = 0
    for scn in scenarios:
        r = results[scn["name"]]
        errs = [x["harness_error"] for x in r if isinstance(x, dict)]
        if errs:
            bad += 1
            sys.stderr.write("harness error in %s:\n%s\n" % (
                scn["name"], errs[0]))
            continue
        merged = merge_runs(scn, r)
        if merged is None:
            dropped += 1
            sys.stderr.write("dropped %s: more than two outcomes\n"
                             % scn["name"])
            continue
        out.append(merged)
    with open(args.out, "w") as f:
        f.write("[\n")
        for i, s in enumerate(out):
            f.write(json.dumps(s, separators=(", ", ": ")))
            f.write(",\n" if i + 1 < len(out) else "\n")
        f.write("]\n")
    nunst = sum(1 for s in out if "alt_expected" in s)
    print("%d scenarios (%d with alt_expected; %d dropped with more than "
          "two outcomes, %d harness errors) -> %s in %.0fs" % (
              len(out), nunst, dropped, bad, args.out, time.time() - t0))
    return 1 if bad else 0


def _cmp(step, exp, got):
    """Differences between a recorded step result and a re-recorded one
    (output compared after normalisation)."""
    why = []
    for k in ("ok", "executed", "version_rows", "error", "output"):
        a, b = exp.get(k), got.get(k)
        if k == "output":
            if exp.get("unstable_output") or not exp["ok"]:
                continue
            a = normalized_output(step["cmd"], a)
            b = normalized_output(step["cmd"], b)
        if a != b:
            why.append(k)
    return why


def replay_main(args):
    """Re-record the scenarios of a file.  Default: run 0 must reproduce
    "expected" and run 1 "alt_expected" (or "expected"), field by field
    (error texts too; output after normalisation).  With --any every run
    only has to agree with one of the two recorded lists, the way the tests
    compare (this finds chance the recording missed)."""
    with open(args.scenarios) as f:
        scenarios = json.load(f)
    if args.only:
        only = set(args.only.split(","))
        scenarios = [s for s in scenarios if s["name"] in only]
    # replay only what a scenario needs; revisions are used as given
    plain = [{k: s[k] for k in ("name", "revisions", "steps")}
             for s in scenarios]
    runs = parse_runs(args.runs)
    results = with_cluster(args.url, lambda url: run_all(
        plain, url, args.jobs, [] if args.reuse_db else runs,
        runs if args.reuse_db else [], progress=False))
    nbad = 0
    for s in scenarios:
        r = results[s["name"]]
        if any(isinstance(x, dict) for x in r):
            print("HARNESS %s" % s["name"])
            nbad += 1
            continue
        lines = []
        recorded = [s["expected"]] + ([s["alt_expected"]]
                                      if "alt_expected" in s else [])
        for vi, got in enumerate(r):
            if args.any:
                seq = _sequence(s, got)
                if any(seq == _sequence(s, e) for e in recorded):
                    continue
                for i, st in enumerate(s["steps"]):
                    o = json.dumps(_outcome(st, got[i]))
                    if all(o != json.dumps(_outcome(st, e[i]))
                           for e in recorded):
                        lines.append("   run %s step %d %s: now %s" % (
                            runs[vi], i, json.dumps(st), o))
                        break
                continue
            exp_list = recorded[min(vi, len(recorded) - 1)]
            for i, (e, g) in enumerate(zip(exp_list, got)):
                why = _cmp(s["steps"][i], e, g)
                if why:
                    lines.append("   run %s step %d %s: %s\n      recorded: "
                                 "%s\n      now:      %s" % (
                                     runs[vi], i, json.dumps(s["steps"][i]),
                                     why,
                                     json.dumps({k: e.get(k) for k in why}),
                                     json.dumps({k: g.get(k) for k in why})))
                    break
        if lines:
            nbad += 1
            print("DIFF %s\n%s" % (s["name"], "\n".join(lines)))
        elif not args.quiet:
            print("SAME %s" % s["name"])
    print("%d scenarios, %d differ" % (len(scenarios), nbad))
    return 1 if nbad else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    g = sub.add_parser("generate", help="draw and record random scenarios")
    g.add_argument("--seed", type=int, default=1000,
                   help="first seed (scenario i uses seed+i)")
    g.add_argument("--count", type=int, default=10)
    g.add_argument("--seeds", help="seed list instead of --seed/--count, "
                   "e.g. 1000-1499,2354,2370")
    g.add_argument("--out", default=os.path.join(HERE, "extra.json"))
    g.add_argument("--profile", choices=sorted(PROFILES), default="extra",
                   help="generator profile (see PROFILES)")
    g.add_argument("--jobs", type=int, default=2)
    g.add_argument("--url", help="PostgreSQL URL base (libpq URI); default: "
                   "start a throw-away cluster")
    g.add_argument("--dry-run", action="store_true",
                   help="print the scenarios without recording")
    g.add_argument("--reuse-db", action="store_true",
                   help="recorded runs too use one database per worker, "
                   "emptied between scenarios (faster)")
    g.add_argument("--runs", default=RUNS,
                   help="recorded runs, HASHSEED:asc|desc,... (default %s)"
                   % RUNS)
    g.add_argument("--probes", default=PROBES,
                   help="extra runs that only detect chance (default %s; "
                   "'' for none)" % PROBES)
    r = sub.add_parser("replay", help="re-record scenarios of a JSON file "
                       "and report differences from what it holds")
    r.add_argument("scenarios")
    r.add_argument("--only", help="comma-separated scenario names")
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--url")
    r.add_argument("--runs", default=RUNS)
    r.add_argument("--any", action="store_true",
                   help="each run need only match expected or alt_expected")
    r.add_argument("--reuse-db", action="store_true",
                   help="one database per worker, emptied between scenarios "
                   "(faster; the outcome does not depend on it)")
    r.add_argument("-q", "--quiet", action="store_true")
    w = sub.add_parser("_worker")
    w.add_argument("--input", required=True)
    w.add_argument("--output", required=True)
    w.add_argument("--url", required=True)
    w.add_argument("--row-order", choices=("asc", "desc"), required=True)
    w.add_argument("--tag", default="w")
    w.add_argument("--progress", action="store_true")
    w.add_argument("--reuse-db", action="store_true")
    args = ap.parse_args(argv)
    if args.mode == "generate":
        return generate_main(args)
    if args.mode == "replay":
        return replay_main(args)
    return worker_main(args)


if __name__ == "__main__":
    sys.exit(main())
