"""Ingest throughput at several store sizes, against simply reading the same files (same run).

.venv/bin/python bench/bench_ingest.py [--sizes 1 100 1000 10000] [--runs 3] [--workers 2]

For each size N: N synthetic reports (`python -m etl synth`, seed 0) are
ingested into an empty store by `python -m etl ingest --workers W` in a fresh
process; the baseline is a fresh process that reads and hashes the same files
and does nothing else. Then, on the full store: re-ingest of the N unchanged
files, and of N with 10 of them changed. Peak RSS is the ingest process's own
(`wait4`); each worker parses one chunk at a time and stays below it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine, median

PY = sys.executable
READ_ONLY = (
    "import hashlib, sys, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.md')): hashlib.sha256(p.read_bytes()).hexdigest()\n"
)


def timed(cmd: list[str]) -> tuple[float, int]:
    """(seconds, peak RSS in MB of the process itself, not of its workers)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0, cmd
    return elapsed, usage.ru_maxrss // 1024


def ingest_cmd(folder: Path, store: Path, workers: int) -> list[str]:
    # Temporary paths hold no spaces.
    return [PY, *f"-m etl ingest {folder} --db {store}/w.duckdb --parquet {store}/pq --workers {workers}".split()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", help="leave the largest store here (for bench_queries.py)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    print(f"machine: {machine()}; workers: {args.workers}; runs: {args.runs} (median)")
    try:
        pool = tmp / "all"
        subprocess.run(
            [
                PY,
                "-m",
                "etl",
                "synth",
                "--departments",
                str(max(args.sizes)),
                "--years",
                "1",
                "--out",
                str(pool),
                "--seed",
                "0",
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        files = sorted(pool.glob("*.md"))
        print("| reports | read files (baseline) | ingest | reports/s | ratio to reading | peak RSS (main process) |")
        print("|---|---|---|---|---|---|")
        for n in args.sizes:
            folder = tmp / f"n{n}"
            folder.mkdir()
            for f in files[:n]:
                os.link(f, folder / f.name)
            reads, ingests, rss = [], [], []
            runs = args.runs if n <= 1000 else 1
            for _ in range(runs):
                reads.append(timed([PY, "-c", READ_ONLY, str(folder)])[0])
                store = tmp / f"store{n}"
                shutil.rmtree(store, ignore_errors=True)
                seconds, peak = timed(ingest_cmd(folder, store, args.workers))
                ingests.append(seconds)
                rss.append(peak)
            read, ingest = median(reads), median(ingests)
            peak = max(rss)
            print(f"| {n:,} | {read:.2f} s | {ingest:.2f} s | {n / ingest:,.0f} | {ingest / read:,.1f}× | {peak} MB |")
        n = max(args.sizes)
        folder, store = tmp / f"n{n}", tmp / f"store{n}"
        unchanged = [timed(ingest_cmd(folder, store, args.workers))[0] for _ in range(args.runs)]
        read = median([timed([PY, "-c", READ_ONLY, str(folder)])[0] for _ in range(args.runs)])
        changed = []
        for run in range(args.runs):
            for f in sorted(folder.glob("*.md"))[:10]:
                text = f.read_text(encoding="utf-8")
                f.unlink()  # a hard link: write a new file, not through to the pool
                f.write_text(text.replace("部门决算\n", f"部门决算（更正{run}）\n", 1), encoding="utf-8")
            changed.append(timed(ingest_cmd(folder, store, args.workers))[0])
        print()
        print("| re-ingest of the largest store | time | files/s | ratio to reading |")
        print("|---|---|---|---|")
        print(
            f"| {n:,} unchanged | {median(unchanged):.2f} s | {n / median(unchanged):,.0f} | "
            f"{median(unchanged) / read:.1f}× |"
        )
        print(
            f"| {n - 10:,} unchanged + 10 changed | {median(changed):.2f} s | {n / median(changed):,.0f} | "
            f"{median(changed) / read:.1f}× |"
        )
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.copytree(store, args.keep)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
