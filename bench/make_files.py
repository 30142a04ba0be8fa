#!/usr/bin/env python3
"""What a filesystem charges for making many small files, with no database
involved: `make_files.py FOLDER N` makes N empty files in FOLDER/a, deletes
them, makes N again in FOLDER/b, deletes FOLDER, and prints
`N <seconds first> <seconds right after the delete>`.

bench/autogen.sh runs it beside the cluster's data with N = the number of
relation files the shadow database makes, to show how much of `db diff`'s
time the kernel takes there (ext4 without a journal skips every inode freed
in the last minutes when it allocates one, so the second number can be far
above the first)."""
import os
import shutil
import sys
import time


def make(folder, n):
    os.makedirs(folder)
    start = time.perf_counter()
    for i in range(n):
        os.close(os.open(os.path.join(folder, str(i)), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return time.perf_counter() - start


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_files.py FOLDER N")
    base, n = sys.argv[1], int(sys.argv[2])
    if os.path.exists(base):
        sys.exit(f"make_files.py: {base} exists; give a folder that does not")
    try:
        first = make(os.path.join(base, "a"), n)
        shutil.rmtree(os.path.join(base, "a"))
        again = make(os.path.join(base, "b"), n)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(n, f"{first:.3f}", f"{again:.3f}")


if __name__ == "__main__":
    main()
