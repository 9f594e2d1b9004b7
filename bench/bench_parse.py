"""Parse + check time of the bundled report, against simply reading the file (same run).

.venv/bin/python bench/bench_parse.py [--runs 50]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.parse import parse_report
from etl.read import parse_document
from etl.text import clean, compact
from etl.validate import validate

REPORT = Path(__file__).resolve().parent.parent / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def parse_cold() -> None:
    clean.cache_clear()
    compact.cache_clear()
    parse_warm()


def parse_warm() -> None:
    parsed = parse_report(parse_document(REPORT.read_text(encoding="utf-8"), str(REPORT)))
    validate(parsed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    read = statistics.median(timed(lambda: REPORT.read_text(encoding="utf-8"), runs))
    cold = statistics.median(timed(parse_cold, runs))
    warm = statistics.median(timed(parse_warm, runs))
    print(f"machine: {platform.machine()} {platform.python_implementation()} {platform.python_version()}")
    print(f"read file        median {read * 1000:8.3f} ms")
    print(f"parse+check cold median {cold * 1000:8.3f} ms  ({cold / read:,.0f}× reading the file)")
    print(f"parse+check warm median {warm * 1000:8.3f} ms  ({warm / read:,.0f}× reading the file)")


if __name__ == "__main__":
    main()
