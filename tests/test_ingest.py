"""`python -m etl ingest` end to end: the contract's command line and the store it builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal

import duckdb
import pyarrow.dataset as ds
import pytest

from etl.cli import main
from tests.conftest import BUNDLED, ROOT

D = Decimal


def counts(db):
    from etl.model import TABLES

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_store_holds_the_reports_figures_exactly(store):
    db, _ = store
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute("SELECT total, basic, project FROM spending_by_function WHERE code = '201'").fetchone()
    assert row == (D("42557.120000"), D("263.510000"), D("42293.610000"))
    assert con.execute("SELECT typeof(total) FROM spending_by_function LIMIT 1").fetchone()[0] == "DECIMAL(18,6)"
    proc = con.execute(
        "SELECT total, sme_amount, stated_sme_share, small_micro_amount, stated_small_micro_share FROM procurement"
    ).fetchone()
    assert proc == (D("42198.47"), D("1274.36"), D("0.0302"), D("171.6"), D("0.13"))
    assert con.execute("SELECT count(*), sum(executed) FROM perf_projects").fetchone() == (14, D("6411.44"))
    slip = con.execute("SELECT expected, actual FROM quality_checks WHERE \"check\" = 'unit_slip'").fetchone()
    assert slip == ("11.33 万元", "11.33 元")
    con.close()


def test_parquet_is_hive_partitioned_and_holds_the_same_rows(store):
    db, parquet = store
    assert (parquet / "spending_by_function" / "year=2023" / "data.parquet").exists()
    dataset = ds.dataset(parquet / "spending_by_function", partitioning="hive")
    table = dataset.to_table()
    assert table.num_rows == counts(db)["spending_by_function"] == 16
    assert str(table.schema.field("total").type) == "decimal128(18, 6)"
    assert set(table.column("year").to_pylist()) == {2023}


def test_ingesting_the_same_folder_twice_changes_nothing(tmp_path):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(ROOT / "data" / "raw"), "--db", str(db), "--parquet", str(parquet)]) == 0
    first = counts(db)
    mtime = (parquet / "reports" / "year=2023" / "data.parquet").stat().st_mtime_ns
    assert main(["ingest", str(ROOT / "data" / "raw"), "--db", str(db), "--parquet", str(parquet)]) == 0
    assert counts(db) == first
    assert (parquet / "reports" / "year=2023" / "data.parquet").stat().st_mtime_ns == mtime


def test_a_corrected_report_replaces_the_old_one(tmp_path):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    original = tmp_path / "report.md"
    shutil.copy(BUNDLED, original)
    assert main(["ingest", str(original), "--db", str(db), "--parquet", str(parquet)]) == 0
    corrected = tmp_path / "report-v2.md"
    corrected.write_text(
        BUNDLED.read_text(encoding="utf-8").replace("支出决算为 11.33 元", "支出决算为 11.33 万元"), encoding="utf-8"
    )
    assert main(["ingest", str(corrected), "--db", str(db), "--parquet", str(parquet)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*), any_value(source_file) FROM reports").fetchone() == (1, "report-v2.md")
    assert con.execute("SELECT count(*) FROM quality_checks WHERE \"check\" = 'unit_slip'").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM spending_by_function").fetchone() == (16,)
    con.close()
    files = ds.dataset(parquet / "reports", partitioning="hive").to_table()
    assert files.column("source_file").to_pylist() == ["report-v2.md"]


def test_a_year_kept_from_an_older_load_lacks_a_column_and_the_dashboard_reads_it_as_unknown(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from dashboard import queries
    from etl import load

    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(BUNDLED), "--db", str(db), "--parquet", str(parquet)]) == 0
    assert load.manifest(parquet)["mixed_schemas"] == []  # one load wrote every year: each table one schema
    # 2023's procurement as a load from before Shanghai's reserved routes wrote it; the next load links it as is
    older = load.current_snapshot(parquet) / "procurement" / "year=2023" / "data.parquet"
    pq.write_table(pq.read_table(older).drop_columns(["sme_reserved_amount"]), older)
    putuo = ROOT / "data" / "raw" / "shanghai-putuo-czj-2024.pdf"
    assert main(["ingest", str(putuo), "--db", str(db), "--parquet", str(parquet)]) == 0
    assert load.manifest(parquet)["mixed_schemas"] == ["procurement"]
    monkeypatch.setenv("OPENJUESUAN_PARQUET", str(parquet))
    queries._connection.clear()
    queries._query.clear()
    rows = queries.run("SELECT year, sme_reserved_amount FROM procurement ORDER BY year").values.tolist()
    assert rows[0][0] == 2023 and rows[0][1] != rows[0][1]  # NaN: not written, so not known
    assert rows[1] == [2024, 246.47]  # 万元, Putuo’s SME awards in projects reserved for SMEs


def test_bad_file_is_named_on_stderr_others_still_load_and_nothing_is_lost(tmp_path, capsys):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(BUNDLED), "--db", str(db), "--parquet", str(parquet)]) == 0
    before = counts(db)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.md").write_text("# 会议纪要\n\n没有表格。\n", encoding="utf-8")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02PK")
    shutil.copy(BUNDLED, folder / "good.md")
    code = main(["ingest", str(folder), "--db", str(db), "--parquet", str(parquet)])
    err = capsys.readouterr().err
    assert code == 1
    assert "notes.md: 没有找到任何表格" in err
    assert "binary.md: 不是文本文件" in err
    assert "Traceback" not in err
    assert counts(db) == before  # good.md is the same bytes: nothing to change


def test_missing_path_is_an_error_not_a_traceback(tmp_path, capsys):
    code = main(
        ["ingest", str(tmp_path / "nope.md"), "--db", str(tmp_path / "w.duckdb"), "--parquet", str(tmp_path / "p")]
    )
    assert code == 1
    assert "nope.md: 文件或文件夹不存在" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["ingest", "--help"]])
def test_command_line_runs_as_a_module(args):
    out = subprocess.run([sys.executable, "-m", "etl", *args], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "--parquet" in out.stdout and "--db" in out.stdout


def test_an_unexpected_parser_error_names_the_file_and_keeps_the_store(tmp_path, capsys, monkeypatch):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(BUNDLED), "--db", str(db), "--parquet", str(parquet)]) == 0
    before = counts(db)

    def broken(doc, department=None, year=None):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("etl.ingest.parse_report", broken)
    changed = tmp_path / "changed.md"
    changed.write_text(BUNDLED.read_text(encoding="utf-8") + "\n附注。\n", encoding="utf-8")
    assert main(["ingest", str(changed), "--db", str(db), "--parquet", str(parquet)]) == 1
    err = capsys.readouterr().err
    assert "changed.md: 解析时出现意外错误（ZeroDivisionError" in err and "Traceback" not in err
    assert counts(db) == before
