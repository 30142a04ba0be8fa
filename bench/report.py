#!/usr/bin/python3
"""Render the benchmark results as markdown (stdlib only).

    report.py graph WORKDIR > bench/out/graph.md
    report.py apply WORKDIR > bench/out/apply.md

WORKDIR holds what graph.sh / apply.sh wrote: for each case a hyperfine
export CASE.json and a CASE.meta file of tab-separated lines:
    case   <key> <value>          e.g. case  revisions  10000
    rss    <command name> <KiB>   peak resident set size (/usr/bin/time -v)
    note   <text>                 printed under the case's table
    check  <text>                 a correctness check and its result
and a machine.meta file (lines "key<TAB>value") describing the machine.
"""

import glob
import json
import os
import sys


def load_case(path_json):
    base = path_json[:-len(".json")]
    with open(path_json) as f:
        results = json.load(f)["results"]
    medians = {r["command"]: r for r in results}
    meta = {"case": {}, "rss": {}, "note": [], "check": []}
    if os.path.exists(base + ".meta"):
        with open(base + ".meta") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if parts[0] in ("case", "rss") and len(parts) >= 3:
                    meta[parts[0]][parts[1]] = parts[2]
                elif parts[0] in ("note", "check") and len(parts) >= 2:
                    meta[parts[0]].append(parts[1])
    return os.path.basename(base), medians, meta


def load_notes_only(workdir, names):
    """Cases whose hyperfine run never happened still have a .meta file."""
    out = []
    for meta_path in sorted(glob.glob(os.path.join(workdir, "*.meta"))):
        base = meta_path[:-len(".meta")]
        name = os.path.basename(base)
        if name == "machine" or name in names:
            continue
        meta = {"case": {}, "rss": {}, "note": [], "check": []}
        with open(meta_path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if parts[0] in ("note", "check") and len(parts) >= 2:
                    meta[parts[0]].append(parts[1])
                elif parts[0] == "case" and len(parts) >= 3:
                    meta["case"][parts[1]] = parts[2]
        out.append((name, meta))
    return out


def fmt_time(seconds):
    if seconds is None:
        return "–"
    if seconds >= 1:
        return "%.2f s" % seconds
    return "%.1f ms" % (seconds * 1000)


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    r = a / b
    return "%.1f×" % r if r >= 10 else "%.2f×" % r


def fmt_rss(kib):
    if kib is None:
        return "–"
    return "%.1f MB" % (int(kib) / 1024.0)


def median(medians, name):
    r = medians.get(name)
    return r["median"] if r else None


def machine_lines(workdir):
    path = os.path.join(workdir, "machine.meta")
    lines = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("\t")
                lines.append("- %s: %s" % (k, v))
    return lines


def case_sort_key(item):
    name, _m, meta = item
    return (int(meta["case"].get("revisions", 0)),
            meta["case"].get("shape", ""), name)


def details(name, medians, meta, floor=None):
    out = ["", "### %s" % name, "",
           "| command | median | mean ± σ | min … max | runs |"
           + (" × floor |" if floor else ""),
           "|---|---|---|---|---|" + ("---|" if floor else "")]
    for cmd, r in medians.items():
        row = "| `%s` | %s | %s ± %s | %s … %s | %d |" % (
            cmd, fmt_time(r["median"]), fmt_time(r["mean"]),
            fmt_time(r.get("stddev") or 0), fmt_time(r["min"]),
            fmt_time(r["max"]), len(r.get("times", [])))
        if floor:
            row += " %s |" % fmt_ratio(r["median"], median(medians, floor))
        out.append(row)
    for c in meta["check"]:
        out.append("")
        out.append("- check: %s" % c)
    for n in meta["note"]:
        out.append("")
        out.append("- note: %s" % n)
    return out


def summary_rows(cases, floor, commands):
    """A row per case: floor, each `db C`, each `alembic C`, db C / floor,
    alembic C / db C, and db C's peak RSS, for C in commands."""
    rows = []
    for _name, m, meta in cases:
        fl = median(m, floor)
        db = [median(m, "db " + c) for c in commands]
        al = [median(m, "alembic " + c) for c in commands]
        cells = ["{:,}".format(int(meta["case"].get("revisions", 0))),
                 meta["case"].get("shape", "?"), fmt_time(fl)]
        cells += [fmt_time(t) for t in db + al]
        cells += [fmt_ratio(d, fl) for d in db]
        cells += [fmt_ratio(a, d) for a, d in zip(al, db)]
        cells.append(" / ".join(fmt_rss(meta["rss"].get("db " + c)) for c in commands))
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def graph(workdir):
    every = [load_case(p) for p in sorted(glob.glob(os.path.join(workdir, "*.json")))]
    every.sort(key=case_sort_key)
    # <size>-<shape>-walk.json: the runs from a version table at the heads
    walks = [c for c in every if c[0].endswith("-walk")]
    cases = [c for c in every if not c[0].endswith("-walk")]
    FLOOR = "cat versions/*"
    out = ["# Graph benchmark", "",
           "Whole commands on generated histories (`bench/gen_versions.py`), "
           "timed side by side by hyperfine; medians. The floor is "
           "`cat versions/* > /dev/null` on the same `.sql` files. Alembic "
           "runs the `.py` twins of the same graph. Targets (issue 2): "
           "`db` within 1.5× of the floor, ≥ 10× faster than Alembic, "
           "< 50 MB peak memory.", ""]
    out += machine_lines(workdir)
    out += ["", "## Summary", "",
            "| revisions | shape | floor | `db heads` | `db history` | "
            "`db upgrade heads --sql` | `alembic heads` | `alembic history` | "
            "`alembic upgrade heads --sql` | "
            "db heads / floor | db history / floor | db upgrade --sql / floor | "
            "alembic heads / db heads | alembic history / db history | "
            "alembic upgrade --sql / db upgrade --sql | "
            "peak RSS db heads / history / upgrade --sql |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    out += summary_rows(cases, FLOOR, ["heads", "history", "upgrade heads --sql"])
    if walks:
        out += ["", "## From a version table at the heads", "",
                "A SQLite database stamped at the heads; `current` reads it, "
                "`downgrade heads:base --sql` plans and prints every step "
                "from there down to base (offline, so the database is not "
                "changed and every run does the same work).", "",
                "| revisions | shape | floor | `db current` | "
                "`db downgrade heads:base --sql` | `alembic current` | "
                "`alembic downgrade heads:base --sql` | db current / floor | "
                "db downgrade --sql / floor | alembic current / db current | "
                "alembic downgrade --sql / db downgrade --sql | "
                "peak RSS db current / downgrade --sql |",
                "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        out += summary_rows(walks, FLOOR, ["current", "downgrade heads:base --sql"])
    out += ["", "## Details"]
    for name, m, meta in cases + walks:
        out += details(name, m, meta, floor=FLOOR)
        if meta["rss"]:
            out.append("")
            out.append("- peak RSS: " + ", ".join(
                "`%s` %s" % (k, fmt_rss(v)) for k, v in meta["rss"].items()))
    for name, meta in load_notes_only(workdir, {c[0] for c in cases}):
        out += ["", "### %s (not timed)" % name]
        for n in meta["note"]:
            out += ["", "- note: %s" % n]
    return "\n".join(out) + "\n"


def apply_(workdir):
    cases = [load_case(p) for p in sorted(glob.glob(os.path.join(workdir, "*.json")))]
    cases.sort(key=lambda c: (c[0] == "current", c[0]))  # upgrades first
    out = ["# Apply benchmark", "",
           "Migrations (1,000 by default; each `CREATE TABLE t_<i> (id int "
           "primary key, v text)`) applied base → head to a freshly created PostgreSQL 15 database "
           "(throwaway cluster, Unix socket, fsync off) — retort (`db upgrade "
           "heads`) vs Alembic (`alembic upgrade heads` on `.py` twins running "
           "`op.execute` of the same SQL) vs `psql -f` of a script holding "
           "the same SQL plus Alembic's version-table statements in the same "
           "transactions. hyperfine drops and re-creates the database before "
           "every run (`--prepare`, not timed); medians. Target (issue 3): "
           "retort within 1.1× of psql.", ""]
    out += machine_lines(workdir)
    out += ["", "## Summary", "",
            "| case | psql (floor) | `db` | `alembic` | db / psql | alembic / psql | alembic / db |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, m, meta in cases:
        names = list(m)
        floor = next((n for n in names if n.startswith("psql")), None)
        dbn = next((n for n in names if n.startswith("db ")), None)
        aln = next((n for n in names if n.startswith("alembic")), None)
        f, d, a = (median(m, floor) if floor else None,
                   median(m, dbn) if dbn else None,
                   median(m, aln) if aln else None)
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            meta["case"].get("title", name), fmt_time(f), fmt_time(d),
            fmt_time(a), fmt_ratio(d, f), fmt_ratio(a, f), fmt_ratio(a, d)))
    out += ["", "## Details"]
    for name, m, meta in cases:
        floor = next((n for n in m if n.startswith("psql")), None)
        out += details(meta["case"].get("title", name), m, meta, floor=floor)
    for name, meta in load_notes_only(workdir, {c[0] for c in cases}):
        out += ["", "### %s (not timed)" % meta["case"].get("title", name)]
        for n in meta["note"]:
            out += ["", "- note: %s" % n]
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 3 or argv[1] not in ("graph", "apply"):
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(graph(argv[2]) if argv[1] == "graph" else apply_(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
