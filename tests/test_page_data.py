"""数据与来源: the report's own slips, the source file's hash, and every table to download."""

from __future__ import annotations

import hashlib
from pathlib import Path

from etl.model import TABLES

SOURCE = Path(__file__).resolve().parent.parent / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"
REPORT_ID = "2023-5d28356c23"


def frame(at, column):
    """The first dataframe on the page with `column`."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_quality_findings_list_the_reports_slips(app):
    at = app("pages/data.py")
    quality = frame(at, "检查代码")
    slip = quality[quality["检查代码"] == "unit_slip"]
    assert len(slip) == 1
    assert "11.33 元" in slip["详情"].iloc[0]
    assert slip["报告所写"].iloc[0] == "11.33 元"
    assert slip["按其他数字应为"].iloc[0] == "11.33 万元"
    assert slip["检查项"].iloc[0] == "单位笔误"
    assert int(slip["源文件行号"].iloc[0]) == 704
    assert quality["详情"].str.contains("458400%").any()
    assert quality["详情"].str.contains("46890%").any()
    severities = list(quality["级别"])
    assert severities == sorted(severities, key=["错误", "提示", "说明"].index)  # errors and warnings first
    cards = " ".join(m.value for m in at.markdown)
    assert "单位笔误" in cards and "458400%" in cards


def test_source_file_hash_is_shown(app):
    at = app("pages/data.py")
    sha = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert any(c.value == sha for c in at.code)
    assert any(sha in c.value and "jilin-zwfw-szhjs-2023.md" in c.value for c in at.code)  # the citation
    sources = frame(at, "SHA-256")
    assert list(sources["SHA-256"]) == [sha]
    assert sources["载入时间（UTC）"].iloc[0].endswith("UTC")


def test_every_table_can_be_shown_and_downloaded(app):
    at = app("pages/data.py")
    choice = at.selectbox(key="data-table-choice")
    assert choice.options and len(choice.options) == len(TABLES)
    for table in TABLES:
        choice.select(table).run()
        assert not at.exception, (table, [e.value for e in at.exception])
        rows = frame(at, "report_id")
        assert set(rows["report_id"]) == {REPORT_ID}, table  # filtered to the selected report, as on screen
    assert len(at.get("download_button")) >= 6  # quality CSV/XLSX, table CSV/XLSX, parquet and package zips


def test_english(app):
    at = app("pages/data.py", lang="en")
    assert at.title[0].value == "Data & sources"
    quality = frame(at, "Check code")
    slip = quality[quality["Check code"] == "unit_slip"]
    assert slip["Check"].iloc[0] == "Unit slip"
    assert slip["Severity"].iloc[0] == "Warning"
    assert "11.33 元" in slip["Finding"].iloc[0]  # the report's own words stay as written
    assert any(s.value == "How the figures are read" for s in at.subheader)


def test_find_where_a_figure_came_from(app):
    at = app("pages/data.py")
    at.text_input(key="data-find").input("42,590.81").run()
    hits = frame(at, "列").pipe(lambda df: df[df["数据表"] == "table_totals"])
    assert ("公开03表 支出决算表", 143) in set(zip(hits["报告表"], hits["源文件行号"].astype(int), strict=True))
    at.text_input(key="data-find").input("458400%").run()
    hits = frame(at, "列")
    assert set(hits["数据表"]) == {"budget_vs_final"} and set(hits["源文件行号"].astype(int)) == {694}
    at.text_input(key="data-find").input("没有这个词").run()
    assert not at.exception and at.info
