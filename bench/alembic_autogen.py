#!/usr/bin/env python3
"""Alembic's side of bench/autogen.sh: get the models' MetaData, then compare
it with the target database as `alembic revision --autogenerate` does
(alembic.autogenerate.compare_metadata, compare_type and
compare_server_default on). The MetaData comes from

  --models FILE   a generated models module (what a project declares;
                  bench/gen_autogen_schema.py writes models.py), imported;
  --reflect URL   a database holding the model, reflected (slower: it reads
                  the model's catalog table by table).

Prints "model <s> compare <s> ops <n>" (in-process times, seconds), and
appends the same line to $ALEMBIC_SPLIT_LOG when that is set (hyperfine
swallows the output). hyperfine times the whole process: interpreter start,
imports, model, compare.

  /usr/bin/python3 bench/alembic_autogen.py --models models.py TARGET_URL
  /usr/bin/python3 bench/alembic_autogen.py --reflect MODEL_URL TARGET_URL
"""
import importlib.util
import os
import sys
import time

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine


def load_models(path):
    spec = importlib.util.spec_from_file_location("bench_models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.metadata


def reflect(url):
    metadata = MetaData()
    with create_engine(url).connect() as conn:
        metadata.reflect(bind=conn)
    return metadata


def main():
    mode, source, target_url = sys.argv[1], sys.argv[2], sys.argv[3]
    t0 = time.perf_counter()
    metadata = load_models(source) if mode == "--models" else reflect(source)
    t1 = time.perf_counter()
    with create_engine(target_url).connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        ops = compare_metadata(ctx, metadata)
    t2 = time.perf_counter()
    line = f"{mode[2:]} model {t1 - t0:.3f} compare {t2 - t1:.3f} ops {len(ops)}"
    print(line)
    if os.environ.get("ALEMBIC_SPLIT_LOG"):
        with open(os.environ["ALEMBIC_SPLIT_LOG"], "a") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
