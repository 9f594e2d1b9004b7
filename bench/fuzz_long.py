"""The parser fuzz properties of tests/test_fuzz.py, run long: 10,000+ damaged reports instead of a few hundred.

.venv/bin/python bench/fuzz_long.py [--cases 10000] [--seed N] [--no-big]

Same strategies and properties as `make test` (see tests/test_fuzz.py): every
case either parses — every number traced to its cell, every value storable —
or is rejected with NotAReport naming the file. Here with a random seed (printed,
so a failure can be replayed with --seed) and the cases shared out over the
five properties. Prints, per property, the cases run, how many parsed and how
many were rejected, the error findings raised, and the time; then the parse
time of a 19.5 MB report (just under the 20 MB limit) and of a 50 MB one
(rejected by size). Exit 1 on the first property that fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases in all, shared over the properties")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random, printed)")
    parser.add_argument("--no-big", action="store_true", help="skip the 19.5 MB and 50 MB files")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)

    # Read by tests.test_fuzz at import: examples per property, and a seeded rather than fixed run.
    properties = 5
    os.environ["FUZZ_EXAMPLES"] = str(-(-args.cases // properties))
    os.environ["FUZZ_RANDOM"] = "1"
    import hypothesis

    from tests import test_fuzz as fuzz

    assert len(fuzz.CHECKS) == properties
    print(f"fuzz_long: {args.cases:,} cases, seed {seed}, Python {platform.python_version()}, {platform.machine()}")
    print(
        f"{'property':<26} {'cases':>7} {'parsed':>7} {'rejected':>8} {'errors found':>12} {'seconds':>8} {'cases/s':>8}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="fuzz-long-"))
    totals: Counter[str] = Counter()
    started = time.perf_counter()
    for name, check in fuzz.CHECKS.items():
        before = Counter(fuzz.STATS)
        t0 = time.perf_counter()
        try:
            hypothesis.seed(seed)(check)(workdir=workdir)
        except BaseException:
            print(f"\n{name}: FAILED (replay with --seed {seed})", flush=True)
            raise
        seconds = time.perf_counter() - t0
        done = Counter(fuzz.STATS)
        done.subtract(before)
        cases = done["parsed"] + done["rejected (NotAReport)"]
        totals.update(done)
        print(
            f"{name:<26} {cases:>7,} {done['parsed']:>7,} {done['rejected (NotAReport)']:>8,} "
            f"{done['error findings']:>12,} {seconds:>8.1f} {cases / seconds:>8.0f}",
            flush=True,
        )
        for file in workdir.iterdir():
            file.unlink()
    seconds = time.perf_counter() - started
    cases = totals["parsed"] + totals["rejected (NotAReport)"]
    print(
        f"{'all':<26} {cases:>7,} {totals['parsed']:>7,} {totals['rejected (NotAReport)']:>8,} "
        f"{totals['error findings']:>12,} {seconds:>8.1f} {cases / seconds:>8.0f}"
    )
    kinds = sorted((k.removeprefix("damage: "), v) for k, v in totals.items() if k.startswith("damage: "))
    print("damage applied (damaged reports):", ", ".join(f"{k} {v:,}" for k, v in kinds))

    if not args.no_big:
        big(fuzz, workdir)
    shutil.rmtree(workdir)
    return 0


def big(fuzz, workdir: Path) -> None:
    """Parse time of a report just under the size limit, and the rejection of one over it."""
    text = fuzz.SOURCES["bundled"]
    copies = int(19.5e6 / len(text.encode()))
    path = workdir / "big.md"
    path.write_text("\n".join([text] * copies), encoding="utf-8")
    t0 = time.perf_counter()
    parsed = fuzz.parse_or_reject(path)
    seconds = time.perf_counter() - t0
    mb = path.stat().st_size / 1e6
    print(
        f"{mb:.1f} MB report ({copies} copies of the bundled one): parsed in {seconds:.1f} s, "
        f"{len(parsed.spending_by_function):,} spending rows, {len(parsed.quality_checks):,} findings"
    )
    with path.open("ab") as out:
        out.truncate(50 * 1024 * 1024)
    t0 = time.perf_counter()
    try:
        fuzz.parse_file(path)
    except fuzz.NotAReport as err:
        print(f"50 MB file: rejected in {(time.perf_counter() - t0) * 1000:.1f} ms: {str(err).split(': ', 1)[1]}")
    path.unlink()


if __name__ == "__main__":
    sys.exit(main())
