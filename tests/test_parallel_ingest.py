"""`ingest --workers N`: a process pool parses, the main process loads; the store ends up the same."""

from __future__ import annotations

import shutil

import duckdb
import pyarrow.dataset as ds
import pytest

import etl.ingest
from etl.cli import main
from etl.model import TABLES
from etl.synth import write
from tests.conftest import BUNDLED

DEPARTMENTS, YEARS = 8, 3


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """24 synthetic reports and the bundled real one."""
    root = tmp_path_factory.mktemp("reports")
    write(root, DEPARTMENTS, YEARS, seed=3)
    shutil.copy(BUNDLED, root / BUNDLED.name)
    return root


@pytest.fixture
def small_batches(monkeypatch):
    """A pool, several chunks and load batches even for a small folder, so their seams are exercised."""
    monkeypatch.setattr(etl.ingest, "MAX_CHUNK", 3)
    monkeypatch.setattr(etl.ingest, "LOAD_BATCH", 4)
    monkeypatch.setattr(etl.ingest, "POOL_MIN", 2)


def contents(db) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the load time."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: con.execute(f"SELECT * EXCLUDE (loaded_at) FROM {table} ORDER BY ALL").fetchall()
            if table == "reports"
            else con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in TABLES
        }
    finally:
        con.close()


def parquet_rows(parquet, table: str) -> list[tuple]:
    data = ds.dataset(parquet / table, partitioning="hive").to_table()
    if table == "reports":
        data = data.drop_columns(["loaded_at"])
    return sorted(zip(*(data.column(c).to_pylist() for c in data.column_names), strict=True))


def ingest(folder, store, workers: int) -> int:
    return main(
        [
            "ingest",
            str(folder),
            "--db",
            str(store / "w.duckdb"),
            "--parquet",
            str(store / "pq"),
            "--workers",
            str(workers),
        ]
    )


def test_two_workers_load_exactly_what_one_does(folder, tmp_path, monkeypatch, small_batches):
    pools = []
    start = etl.ingest._start_pool
    monkeypatch.setattr(etl.ingest, "_start_pool", lambda n: pools.append(n) or start(n))
    one, two = tmp_path / "one", tmp_path / "two"
    assert ingest(folder, one, 1) == 0
    assert pools == []
    assert ingest(folder, two, 2) == 0
    assert pools == [2]
    serial, parallel = contents(one / "w.duckdb"), contents(two / "w.duckdb")
    assert serial == parallel
    assert len(serial["reports"]) == DEPARTMENTS * YEARS + 1
    assert len(serial["perf_indicators"]) > 500
    for table in ("reports", "spending_by_function", "perf_indicators"):
        assert parquet_rows(two / "pq", table) == parquet_rows(one / "pq", table)
    years = sorted(p.name for p in (two / "pq" / "reports").iterdir())
    assert years == ["year=2021", "year=2022", "year=2023"]


def test_parallel_reingest_skips_unchanged_and_replaces_a_corrected_file(folder, tmp_path, capsys, small_batches):
    store = tmp_path / "store"
    assert ingest(folder, store, 2) == 0
    before = contents(store / "w.duckdb")
    capsys.readouterr()
    assert ingest(folder, store, 2) == 0
    assert "载入 0 份，未改变跳过 25 份，失败 0 份。" in capsys.readouterr().out
    assert contents(store / "w.duckdb") == before

    changed = tmp_path / "changed"
    shutil.copytree(folder, changed)
    first = sorted(changed.glob("synth-*.md"))[0]
    first.write_text(
        first.read_text(encoding="utf-8").replace("部门决算\n", "部门决算（更正版）\n", 1), encoding="utf-8"
    )
    assert ingest(changed, store, 2) == 0
    assert "载入 1 份，未改变跳过 24 份" in capsys.readouterr().out
    after = contents(store / "w.duckdb")
    assert len(after["reports"]) == len(before["reports"])
    assert {r[:3] for r in after["reports"]} == {r[:3] for r in before["reports"]}
    assert after["reports"] != before["reports"]  # the new file's hash replaced the old one's


def test_a_bad_file_among_many_is_named_and_the_rest_load(folder, tmp_path, capsys, small_batches):
    mixed = tmp_path / "mixed"
    shutil.copytree(folder, mixed)
    (mixed / "broken.md").write_text("没有表格的文字。\n", encoding="utf-8")
    (mixed / "broken-copy.md").write_text("没有表格的文字。\n", encoding="utf-8")
    store = tmp_path / "store"
    assert ingest(mixed, store, 2) == 1
    captured = capsys.readouterr()
    # Same bytes twice: the first in file order is parsed and named, the other points to it.
    assert "broken-copy.md: 没有找到任何表格" in captured.err
    assert "broken.md: 与 " in captured.err and "Traceback" not in captured.err
    assert "载入 25 份，未改变跳过 0 份，失败 2 份。" in captured.out
    assert len(contents(store / "w.duckdb")["reports"]) == DEPARTMENTS * YEARS + 1


def test_one_department_year_twice_in_one_run_keeps_the_later_file(folder, tmp_path, small_batches):
    twice = tmp_path / "twice"
    twice.mkdir()
    source = sorted(folder.glob("synth-*.md"))[0]
    text = source.read_text(encoding="utf-8")
    (twice / "a.md").write_text(text, encoding="utf-8")
    (twice / "b.md").write_text(text.replace("部门决算\n", "部门决算（更正版）\n", 1), encoding="utf-8")
    for name in ("c.md", "d.md", "e.md"):
        shutil.copy(sorted(folder.glob("synth-*.md"))[1 + "cde".index(name[0])], twice / name)
    store = tmp_path / "store"
    assert ingest(twice, store, 2) == 0
    reports = contents(store / "w.duckdb")["reports"]
    assert len(reports) == 4
    assert "b.md" in {r[3] for r in reports} and "a.md" not in {r[3] for r in reports}
