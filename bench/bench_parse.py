"""Parse + check time of the bundled report, against simply reading the file (same run).

.venv/bin/python bench/bench_parse.py [--runs 50] [--synthetic 200]

"Cold" empties every memo in `etl` first, as in a fresh process; "warm" parses the
same report again, so every memo already holds its cells. "Synthetic" is what an
ingest sees: distinct reports from `python -m etl synth`, each parsed once in turn
(the first tenth only warm the memos up), per-report median.
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
from etl.readers.markdown import parse_document
from etl.synth import generate
from etl.validate import validate

REPORT = Path(__file__).resolve().parent.parent / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def clear_memos() -> None:
    """Empty every lru_cache in the etl modules, as a fresh process has them."""
    for name, module in list(sys.modules.items()):
        if name == "etl" or name.startswith("etl."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def parse_cold() -> None:
    clear_memos()
    parse_warm()


def parse_warm() -> None:
    parse_text(REPORT.read_text(encoding="utf-8"), str(REPORT))


def parse_text(text: str, path: str) -> None:
    validate(parse_report(parse_document(text, path)))


def synthetic(count: int) -> list[float]:
    """Seconds to parse and check each of `count` distinct synthetic reports, after a tenth more to warm up."""
    warm_up = max(count // 10, 1)
    reports = list(generate(-(-(count + warm_up) // 3), years=3, seed=0))[: count + warm_up]
    clear_memos()
    times = []
    for report in reports:
        start = time.perf_counter()
        parse_text(report.text, report.filename)
        times.append(time.perf_counter() - start)
    return times[warm_up:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--synthetic", type=int, default=200, help="distinct synthetic reports (0: skip)")
    args = parser.parse_args()
    runs = args.runs
    read = statistics.median(timed(lambda: REPORT.read_text(encoding="utf-8"), runs))
    cold = statistics.median(timed(parse_cold, runs))
    warm = statistics.median(timed(parse_warm, runs))
    print(f"machine: {platform.machine()} {platform.python_implementation()} {platform.python_version()}")
    print(f"read file        median {read * 1000:8.3f} ms")
    print(f"parse+check cold median {cold * 1000:8.3f} ms  ({cold / read:,.0f}× reading the file)")
    print(f"parse+check warm median {warm * 1000:8.3f} ms  ({warm / read:,.0f}× reading the file)")
    if args.synthetic:
        each = synthetic(args.synthetic)
        print(f"synthetic        median {statistics.median(each) * 1000:8.3f} ms  ({len(each)} distinct reports)")


if __name__ == "__main__":
    main()
