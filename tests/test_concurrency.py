"""Dashboards keep reading, with consistent figures, while the ETL replaces a report again and again."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

from etl.cli import main
from etl.load import GRACE_SECONDS, MANIFEST, SNAPSHOTS, prune_snapshots
from tests.conftest import BUNDLED, ROOT

VARIANT = ROOT / "tests" / "fixtures" / "variant-yuan-2022.md"
READERS = 3  # separate processes, as separate app servers over one store would be


def read_in_a_loop(parquet: str, stop, ready, results) -> None:
    """One app process: every "run" pins a version, then reads two tables in two queries, as a page does."""
    os.environ["OPENJUESUAN_PARQUET"] = parquet
    from dashboard import queries

    seen, errors = [], []
    while not stop.is_set():
        try:
            queries.pin_version()
            sha = queries.run("SELECT any_value(source_sha256) AS sha FROM reports")["sha"].iloc[0]
            slips = queries.run("""SELECT count(*) AS n FROM quality_checks WHERE "check" = 'unit_slip'""")["n"].iloc[0]
            seen.append((sha, int(slips)))
        except Exception as err:  # recorded, then the test fails on it
            errors.append(repr(err))
        if len(seen) + len(errors) == 1:
            ready.release()
    results.put((seen, errors))


def test_app_processes_see_the_old_or_the_new_report_never_a_mix_and_never_an_error(tmp_path):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    original, corrected = tmp_path / "v1.md", tmp_path / "v2.md"
    original.write_bytes(BUNDLED.read_bytes())
    corrected.write_text(
        BUNDLED.read_text(encoding="utf-8").replace("支出决算为 11.33 元", "支出决算为 11.33 万元"), encoding="utf-8"
    )
    assert main(["ingest", str(original), "--db", str(db), "--parquet", str(parquet)]) == 0
    # The original has the "11.33 元" slip (one unit_slip finding); the corrected file has none.
    sha = {hashlib.sha256(path.read_bytes()).hexdigest(): slips for path, slips in ((original, 1), (corrected, 0))}

    context = multiprocessing.get_context("spawn")  # a clean interpreter each, like a separate server
    stop, ready, results = context.Event(), context.Semaphore(0), context.Queue()
    readers = [
        context.Process(target=read_in_a_loop, args=(str(parquet), stop, ready, results)) for _ in range(READERS)
    ]
    for reader in readers:
        reader.start()
    try:
        for _ in readers:
            assert ready.acquire(timeout=300), "a reader never got going"
        for version in [corrected, original] * 3:
            subprocess.run(
                [sys.executable, "-m", "etl", "ingest", str(version), "--db", str(db), "--parquet", str(parquet)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
    finally:
        stop.set()
        outcomes = [results.get(timeout=300) for _ in readers]
        for reader in readers:
            reader.join()

    assert [errors for _, errors in outcomes] == [[]] * READERS
    seen = [pair for pairs, _ in outcomes for pair in pairs]
    mixed = [(s, slips) for s, slips in seen if sha.get(s) != slips]
    assert mixed == []
    assert {s for s, _ in seen} == set(sha)  # the readers did overlap loads of both versions


def test_a_load_keeps_recent_snapshots_for_readers_still_on_them_and_drops_old_ones(tmp_path):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(BUNDLED), "--db", str(db), "--parquet", str(parquet)]) == 0
    first = json.loads((parquet / MANIFEST).read_text(encoding="utf-8"))["version"]
    assert main(["ingest", str(VARIANT), "--db", str(db), "--parquet", str(parquet)]) == 0  # a 2022 report
    manifest = json.loads((parquet / MANIFEST).read_text(encoding="utf-8"))
    snapshots = parquet / SNAPSHOTS
    assert manifest["snapshot"] == f"{SNAPSHOTS}/{manifest['version']}" and manifest["years"] == [2022, 2023]
    assert {p.name for p in snapshots.iterdir()} == {first, manifest["version"]}  # a reader may still be on the first

    # 2023 was not touched: the new snapshot shares its bytes with the old one and with the published file.
    year_2023 = Path("spending_by_function") / "year=2023" / "data.parquet"
    inodes = {
        (root / year_2023).stat().st_ino for root in (parquet, snapshots / first, snapshots / manifest["version"])
    }
    assert len(inodes) == 1

    prune_snapshots(parquet, now=time.time() + GRACE_SECONDS - 60)
    assert {p.name for p in snapshots.iterdir()} == {first, manifest["version"]}
    prune_snapshots(parquet, now=time.time() + GRACE_SECONDS + 60)
    assert {p.name for p in snapshots.iterdir()} == {manifest["version"]}  # the current one always stays
