#!/usr/bin/python3
"""Generate a benchmark project: N revisions in retort's .sql format, plus an
Alembic twin (.py revisions of the same graph) that the `alembic` CLI can run.

    gen_versions.py OUT --count 1000 --shape linear|branchy
                    [--url sqlite:///bench.db] [--alembic-url URL] [--seed S]

Writes
    OUT/sql/alembic.toml             [alembic] script_location=".",
                                     version_locations=["versions"];
                                     [database] url, transaction_per_migration=false
    OUT/sql/alembic-tpm.toml         the same with transaction_per_migration=true
    OUT/sql/versions/<id>_<slug>.sql
    OUT/alembic/alembic.ini, env.py, script.py.mako
    OUT/alembic/versions/<id>_<slug>.py
    OUT/heads                        the head revision id(s)
    OUT/psql/apply.sql, apply-tpm.sql  (--shape linear only) the same upgrade
                                     base->head as one psql script: the SQL
                                     plus Alembic's version-table statements,
                                     in one transaction / one per migration

Every revision i creates table t_<i> on upgrade and drops it on downgrade:
    CREATE TABLE t_<i> (id int primary key, v text);
(Alembic twin: op.execute() of the same statements.)

Shapes:
  linear   r0 <- r1 <- ... <- r(N-1)
  branchy  linear, but every 20 revisions (at b = 20, 40, ...) the history
           forks: the next 9 revisions form two parallel lines (5 + 4) off b,
           and revision b+10 merges them back. One head, one base.

Alembic's env.py reads ALEMBIC_TPM (1/true: transaction_per_migration=True,
default False) and ALEMBIC_URL (overrides sqlalchemy.url). Stdlib only.
"""

import argparse
import hashlib
import os
import shutil
import sys

CREATE_DATE = "2026-01-01 00:00:00.000000"
BRANCH_EVERY = 20
MERGE_AFTER = 10


def rev_id(seed, i):
    return hashlib.sha1(("%s-%d" % (seed, i)).encode()).hexdigest()[:12]


def build_graph(count, shape, seed):
    """Return [(id, [down ids], message, index)] in creation order."""
    ids = [rev_id(seed, i) for i in range(count)]
    downs = [[] for _ in range(count)]
    i = 1
    while i < count:
        b = i - 1  # the revision the next one builds on
        if shape == "branchy" and b > 0 and b % BRANCH_EVERY == 0 \
                and b + MERGE_AFTER < count:
            # b+1..b+5 on line A, b+6..b+9 on line B, b+10 merges A and B
            split = b + 1 + MERGE_AFTER // 2
            for j in range(b + 1, b + MERGE_AFTER):
                if j == b + 1 or j == split:
                    downs[j] = [ids[b]]
                else:
                    downs[j] = [ids[j - 1]]
            downs[b + MERGE_AFTER] = [ids[split - 1], ids[b + MERGE_AFTER - 1]]
            i = b + MERGE_AFTER + 1
            continue
        downs[i] = [ids[i - 1]]
        i += 1
    revs = []
    for k in range(count):
        if len(downs[k]) > 1:
            msg = "merge %d" % k
        else:
            msg = "create table t_%d" % k
        revs.append((ids[k], downs[k], msg, k))
    return revs


def slug(message):
    return "_".join(message.lower().split())


def upgrade_sql(k):
    return "CREATE TABLE t_%d (id int primary key, v text)" % k


def downgrade_sql(k):
    return "DROP TABLE t_%d" % k


def render_sql(rid, downs, message, k):
    return "\n".join([
        "-- %s" % message,
        "--",
        "-- Revision ID: %s" % rid,
        "-- Revises: %s" % ", ".join(downs),
        "-- Create Date: %s" % CREATE_DATE,
        "",
        "-- migrate:upgrade",
        upgrade_sql(k) + ";",
        "",
        "-- migrate:downgrade",
        downgrade_sql(k) + ";",
        "",
    ])


def render_py(rid, downs, message, k):
    if not downs:
        down = "None"
    elif len(downs) == 1:
        down = repr(downs[0])
    else:
        down = "(%s)" % ", ".join(repr(d) for d in downs)
    return '''"""%s

Revision ID: %s
Revises: %s
Create Date: %s

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = %r
down_revision = %s
branch_labels = None
depends_on = None


def upgrade():
    op.execute(%r)


def downgrade():
    op.execute(%r)
''' % (message, rid, ", ".join(downs), CREATE_DATE, rid, down,
       upgrade_sql(k), downgrade_sql(k))


def toml_string(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def render_toml(url, tpm):
    return (
        "[alembic]\n"
        'script_location = "."\n'
        'version_locations = ["versions"]\n'
        "\n"
        "[database]\n"
        "url = %s\n"
        "transaction_per_migration = %s\n" % (toml_string(url),
                                              "true" if tpm else "false"))


ALEMBIC_INI = """[alembic]
script_location = %%(here)s
sqlalchemy.url = %s

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = WARN
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %%(levelname)-5.5s [%%(name)s] %%(message)s
"""

ENV_PY = '''import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
if os.environ.get("ALEMBIC_URL"):
    config.set_main_option("sqlalchemy.url",
                           os.environ["ALEMBIC_URL"].replace("%", "%%"))
TPM = os.environ.get("ALEMBIC_TPM", "0").lower() in ("1", "true", "yes")
target_metadata = None


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      transaction_per_migration=TPM)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          transaction_per_migration=TPM)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

SCRIPT_MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''


VERSION_DDL = """CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);"""


def render_psql(revs, tpm):
    """What Alembic sends for `upgrade heads` on a linear history, as a psql
    script (statement for statement, same transactions)."""
    out = ["\\set ON_ERROR_STOP on", "BEGIN;", VERSION_DDL]
    if tpm:
        out.append("COMMIT;")
    prev = None
    for rid, _downs, _message, k in revs:
        if tpm:
            out.append("BEGIN;")
        out.append(upgrade_sql(k) + ";")
        if prev is None:
            out.append("INSERT INTO alembic_version (version_num) "
                       "VALUES ('%s') RETURNING alembic_version.version_num;"
                       % rid)
        else:
            out.append("UPDATE alembic_version SET version_num='%s' WHERE "
                       "alembic_version.version_num = '%s';" % (rid, prev))
        if tpm:
            out.append("COMMIT;")
        prev = rid
    if not tpm:
        out.append("COMMIT;")
    return "\n".join(out) + "\n"


def sqlalchemy_url(url):
    """retort's URL spelled for SQLAlchemy (sqlite:/// stays as it is)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--shape", choices=("linear", "branchy"), default="linear")
    ap.add_argument("--url", default="sqlite:///bench.db",
                    help="database URL written into alembic.toml")
    ap.add_argument("--alembic-url",
                    help="sqlalchemy.url of the twin (default: from --url)")
    ap.add_argument("--seed", default="retort-bench")
    args = ap.parse_args(argv)
    if args.count < 1:
        ap.error("--count must be at least 1")

    revs = build_graph(args.count, args.shape, args.seed)
    out = os.path.abspath(args.out)
    sqldir = os.path.join(out, "sql")
    pydir = os.path.join(out, "alembic")
    for d in (sqldir, pydir):
        if os.path.exists(d):
            shutil.rmtree(d)
        os.makedirs(os.path.join(d, "versions"))

    with open(os.path.join(sqldir, "alembic.toml"), "w") as f:
        f.write(render_toml(args.url, False))
    with open(os.path.join(sqldir, "alembic-tpm.toml"), "w") as f:
        f.write(render_toml(args.url, True))
    aurl = args.alembic_url or sqlalchemy_url(args.url)
    with open(os.path.join(pydir, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI % aurl.replace("%", "%%"))
    with open(os.path.join(pydir, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(pydir, "script.py.mako"), "w") as f:
        f.write(SCRIPT_MAKO)

    for rid, downs, message, k in revs:
        base = "%s_%s" % (rid, slug(message))
        with open(os.path.join(sqldir, "versions", base + ".sql"), "w") as f:
            f.write(render_sql(rid, downs, message, k))
        with open(os.path.join(pydir, "versions", base + ".py"), "w") as f:
            f.write(render_py(rid, downs, message, k))

    if args.shape == "linear":
        psqldir = os.path.join(out, "psql")
        os.makedirs(psqldir, exist_ok=True)
        for name, tpm in (("apply.sql", False), ("apply-tpm.sql", True)):
            with open(os.path.join(psqldir, name), "w") as f:
                f.write(render_psql(revs, tpm))

    downs_all = {d for r in revs for d in r[1]}
    with open(os.path.join(out, "heads"), "w") as f:
        f.write(" ".join(sorted(r[0] for r in revs if r[0] not in downs_all)) + "\n")

    merges = sum(1 for r in revs if len(r[1]) > 1)
    print("%s: %d revisions (%s, %d merges), head %s" % (
        out, len(revs), args.shape, merges, revs[-1][0]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
