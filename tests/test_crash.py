"""The ETL killed with SIGKILL mid-load: the store stays readable and whole, and the next run completes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pyarrow.dataset as ds
import pytest

from etl.cli import main
from etl.model import TABLES
from tests.conftest import BUNDLED, ROOT

VARIANT = ROOT / "tests" / "fixtures" / "variant-yuan-2022.md"
# Points in a run of about a second: start-up, parsing, the DuckDB transaction, the parquet export.
KILL_AFTER = [0.2, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.3]


def snapshot(db, parquet) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        orphans = {
            t: con.execute(
                f"SELECT count(*) FROM {t} WHERE report_id NOT IN (SELECT report_id FROM reports)"
            ).fetchone()[0]
            for t in TABLES
            if t != "reports"
        }
        reports = con.execute("SELECT report_id, source_sha256 FROM reports ORDER BY ALL").fetchall()
        spending = dict(con.execute("SELECT report_id, count(*) FROM spending_by_function GROUP BY ALL").fetchall())
    finally:
        con.close()
    for path in parquet.rglob("*.parquet"):
        if ".staging" not in path.parts:
            ds.dataset(path).to_table()  # every published file reads whole
    json.loads((parquet / "_manifest.json").read_text(encoding="utf-8"))
    return {"counts": counts, "orphans": orphans, "reports": reports, "spending": spending}


@pytest.mark.parametrize("delay", KILL_AFTER)
def test_a_killed_load_leaves_the_store_whole_and_the_next_run_completes_it(tmp_path, delay):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(BUNDLED), "--db", str(db), "--parquet", str(parquet)]) == 0
    before = snapshot(db, parquet)

    incoming = tmp_path / "incoming"
    incoming.mkdir()
    corrected = BUNDLED.read_text(encoding="utf-8").replace("支出决算为 11.33 元", "支出决算为 11.33 万元")
    (incoming / "a-corrected.md").write_text(corrected, encoding="utf-8")
    (incoming / "b-variant.md").write_bytes(VARIANT.read_bytes())
    command = [sys.executable, "-m", "etl", "ingest", str(incoming), "--db", str(db), "--parquet", str(parquet)]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    after_kill = snapshot(db, parquet)
    assert all(n == 0 for n in after_kill["orphans"].values())  # no table holds rows of a report not loaded
    assert all(after_kill["spending"].get(rid) for rid, _ in after_kill["reports"])  # no report without its rows
    bundled_id = before["reports"][0][0]
    assert bundled_id in dict(after_kill["reports"])  # the old report is never lost
    if after_kill["reports"] == before["reports"]:
        assert after_kill["counts"] == before["counts"]  # killed before its commit: nothing changed

    assert main(["ingest", str(incoming), "--db", str(db), "--parquet", str(parquet)]) == 0
    done = snapshot(db, parquet)
    assert len(done["reports"]) == 2 and done["spending"][bundled_id] == 16
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in TABLES:
            in_db = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            in_parquet = ds.dataset(parquet / table, partitioning="hive").count_rows()
            assert in_parquet == in_db, table  # parquet caught up with DuckDB
    finally:
        con.close()
