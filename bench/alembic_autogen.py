#!/usr/bin/env python3
"""Alembic's side of bench/autogen.sh: reflect the model database into a
MetaData (what a project's models would give autogenerate), then compare it
with the target database as `alembic revision --autogenerate` does
(alembic.autogenerate.compare_metadata). Prints
"reflect <s> compare <s> ops <n>".

  /usr/bin/python3 bench/alembic_autogen.py MODEL_URL TARGET_URL
"""
import sys
import time

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine


def main():
    model_url, target_url = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    metadata = MetaData()
    with create_engine(model_url).connect() as conn:
        metadata.reflect(bind=conn)
    t1 = time.perf_counter()
    with create_engine(target_url).connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        ops = compare_metadata(ctx, metadata)
    t2 = time.perf_counter()
    print(f"reflect {t1 - t0:.3f} compare {t2 - t1:.3f} ops {len(ops)}")


if __name__ == "__main__":
    main()
