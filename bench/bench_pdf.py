"""PDF reports end to end (read → parse → check → rows for the store) against pdfium's raw text extraction.

.venv/bin/python bench/bench_pdf.py [--runs 5] [--profile]

Both run in this one process on one core, over the same files: the bundled Shanghai PDF and the fixture
PDFs of the Jilin report (Word, repeated header, browser, workbook exports). The floor is pypdfium2's
`PdfDocument` → `get_textpage().get_text_range()` for every page, what any reader of the text must pay.
Each figure is the median of `--runs` runs; pages per second per core, and the ratio to the floor.
`--profile` prints where the end-to-end time goes (cProfile, cumulative, top 25).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from pathlib import Path

import pypdfium2 as pdfium
from common import ROOT, machine

from etl.ingest import Given, parse_file
from etl.load import rows_of

FILES = [
    ROOT / "data" / "raw" / "shanghai-putuo-czj-2024.pdf",
    *(
        ROOT / "tests" / "fixtures" / "pdf" / f"{name}.pdf"
        for name in ("jilin-docx", "jilin-docx-repeat-header", "jilin-html", "jilin-xlsx")
    ),
]
JILIN = Given("吉林省政务服务和数字化建设服务中心", 2023)  # the workbook's PDF states no year


def raw_text(path: Path) -> int:
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
        return len(pdf)
    finally:
        pdf.close()


def end_to_end(path: Path) -> None:
    rows_of([parse_file(path, JILIN)])


def median_seconds(fn, path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    print(machine())
    end_to_end(FILES[0])  # imports and first-use memos, once, outside the timings
    print(f"{'file':34} {'pages':>5} {'floor p/s':>10} {'e2e p/s':>9} {'e2e/floor':>9} {'e2e s':>7}")
    total_pages = total_floor = total_e2e = 0.0
    for path in FILES:
        pages = raw_text(path)
        floor = median_seconds(raw_text, path, args.runs)
        e2e = median_seconds(end_to_end, path, args.runs)
        total_pages, total_floor, total_e2e = total_pages + pages, total_floor + floor, total_e2e + e2e
        print(f"{path.name:34} {pages:5d} {pages / floor:10.0f} {pages / e2e:9.1f} {floor / e2e:9.3f} {e2e:7.3f}")
    print(
        f"{'all':34} {int(total_pages):5d} {total_pages / total_floor:10.0f} {total_pages / total_e2e:9.1f} "
        f"{total_floor / total_e2e:9.3f} {total_e2e:7.3f}"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for path in FILES:
            end_to_end(path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
