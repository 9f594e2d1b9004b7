"""Readers keep reading, with consistent figures, while the ETL replaces a report again and again."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading

import duckdb
import pytest

from etl.cli import main
from tests.conftest import BUNDLED, ROOT

# One query reads two tables: a mix of versions would pair a file hash with the other version's findings.
PAIR = """
SELECT (SELECT any_value(source_sha256) FROM read_parquet('{p}/reports/*/*.parquet')),
       (SELECT count(*) FROM read_parquet('{p}/quality_checks/*/*.parquet') WHERE "check" = 'unit_slip')
"""


# Not strict: whether a mixed read lands depends on timing, and CI must not fail on a lucky run.
@pytest.mark.xfail(
    strict=False,
    reason="known gap (issue 6): parquet files are swapped one rename per table, so a query spanning two "
    "tables can pair one version's file with the other's; needs reads pinned to one manifest version",
)
def test_readers_see_the_old_or_the_new_report_never_a_mix_and_never_an_error(tmp_path):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    original, corrected = tmp_path / "v1.md", tmp_path / "v2.md"
    original.write_bytes(BUNDLED.read_bytes())
    corrected.write_text(
        BUNDLED.read_text(encoding="utf-8").replace("支出决算为 11.33 元", "支出决算为 11.33 万元"), encoding="utf-8"
    )
    assert main(["ingest", str(original), "--db", str(db), "--parquet", str(parquet)]) == 0
    # The original has the "11.33 元" slip (one unit_slip finding); the corrected file has none.
    sha = {hashlib.sha256(path.read_bytes()).hexdigest(): slips for path, slips in ((original, 1), (corrected, 0))}

    stop = threading.Event()
    seen: list[tuple[str, int]] = []
    errors: list[BaseException] = []

    def reader() -> None:
        con = duckdb.connect(":memory:")
        try:
            while not stop.is_set():
                seen.append(con.execute(PAIR.format(p=parquet)).fetchone())
        except BaseException as err:  # recorded, then the test fails on it
            errors.append(err)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for version in [corrected, original] * 3:
            subprocess.run(
                [sys.executable, "-m", "etl", "ingest", str(version), "--db", str(db), "--parquet", str(parquet)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    assert errors == []
    assert seen, "the readers never ran"
    mixed = [(s, slips) for s, slips in seen if sha.get(s) != slips]
    assert mixed == []
    assert {s for s, _ in seen} == set(sha)  # the readers did overlap loads of both versions
