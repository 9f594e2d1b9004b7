"""数据与来源: the report's own slips, the source file's hash, and every table to download."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import columns, i18n, sources
from dashboard.fmt import md, read_typed
from etl.checks import CATALOGUE, GROUPS
from etl.cli import main
from etl.model import TABLES
from tests.conftest import opener

SOURCE = Path(__file__).resolve().parent.parent / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"
YUAN_REPORT = Path(__file__).resolve().parent / "fixtures" / "variant-yuan-2022.md"
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
    assert int(slip["来源行"].iloc[0]) == 704
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
    sources = frame(at, "源文件 SHA-256")
    assert list(sources["源文件 SHA-256"]) == [sha]
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
    english = (  # the report's own words stay as written
        "Narrative, section 5 (3), line 704: “住房公积金（项）” is written as “支出决算为 11.33 元”, but the same "
        "sentence gives the initial budget as 9.55 万元 and the completion rate as 118.64%, which fit only 11.33 10k "
        "yuan (read as 11.33 元, the rate would be 0.01%): a unit slip, recorded as 11.33 10k yuan."
    )
    assert slip["Finding"].iloc[0] == english
    assert quality.loc[quality["Check code"] == "subject_name_mismatch", "Finding"].iloc[0] == (
        "General public budget appropriations expenditure table (No. 05), line 217: subject 201 is named “一般公共预算支出” here and "
        "“一般公共服务支出” in the spending table (支出决算表)."
    )
    cards = " ".join(m.value for m in at.markdown)
    assert f"**Warning · Unit slip**  \n{md(english)}" in cards
    assert "写作" not in cards and "in Chinese" not in " ".join(c.value for c in at.caption)
    assert any(s.value == "How the figures are read" for s in at.subheader)


def test_find_where_a_figure_came_from(app):
    at = app("pages/data.py")
    at.text_input(key="data-find").input("42,590.81").run()
    hits = frame(at, "栏目").pipe(lambda df: df[df["数据表"] == "各表合计行"])
    assert "公开03表 支出决算表 第 143 行" in set(hits["出处"])
    assert set(hits["栏目"]) == {"金额"} and set(hits["数据中的表和列"]) == {"table_totals.amount"}
    at.text_input(key="data-find").input("458400%").run()
    hits = frame(at, "栏目")
    assert set(hits["数据表"]) == {"年初预算与决算（情况说明）"} and set(hits["出处"]) == {
        "情况说明 五（三） 第 694 行"
    }
    assert set(hits["栏目"]) == {"完成率（按金额重算）", "完成率（报告所写）"}
    assert "**查找结果**：“458400%”出现在 **2** 处，与输入最接近的在前：" in [m.value for m in at.markdown]
    assert any(s.value == "查找数字的出处" for s in at.subheader)
    at.text_input(key="data-find").input("没有这个词").run()
    assert not at.exception and at.info


def test_a_rounded_figure_finds_the_closest_first_and_says_how_many(app):
    at = app("pages/data.py")
    at.text_input(key="data-find").input("约 4.26 亿元").run()
    hits = frame(at, "栏目")
    assert set(hits["数值"].head(3).map(float)) == {42590.81}  # the total before 42,557.12, which rounds the same
    assert 42557.12 in set(hits["数值"].map(float))
    assert f"**查找结果**：“约 4.26 亿元”出现在 **{len(hits)}** 处，与输入最接近的在前：" in [
        m.value for m in at.markdown
    ]


def found(at, text: str) -> set[tuple[str, str, int]]:
    """(table, column, source line) of every hit of the page's search for `text`."""
    at.text_input(key="data-find").input(text).run()
    assert not at.exception, [e.value for e in at.exception]
    hits = next((df.value for df in at.dataframe if df.value.columns[0] in ("数据表", "Table")), None)
    if hits is None:
        return set()
    return {
        (*named.split("."), int(re.search(r"(?:第 |line )(\d+)", w)[1]))
        for w, named in hits.iloc[:, [4, 5]].itertuples(index=False)
    }


def test_find_a_figure_as_the_dashboard_shows_it(app):
    at = app("pages/data.py")
    share = ("narrative_facts", "value", 660)  # 项目支出占比 0.9931, on the overview as 99.3%
    assert share in found(at, "99.3%") and share in found(at, "99.31%")
    rate = {("budget_vs_final", "completion_rate", 696), ("budget_vs_final", "stated_completion_rate", 696)}
    assert found(at, "634.61") == rate  # the budget page's "完成率（%）" column: 6.346103 as a percentage number
    total = ("table_totals", "amount", 143)  # 42,590.81 万元
    for shown in ("42,590.81", "42590.81", "42,590.81 万元", "约 4.26 亿元", "４２，５９０．８１"):
        assert total in found(at, shown), shown
    assert ("spending_by_function", "total", 144) in found(at, "约 4.26 亿元")  # 42,557.12 also shows as 4.26 亿元
    assert ("spending_by_function", "total", 144) not in found(at, "42,590.81")


def test_find_a_figure_as_the_english_dashboard_shows_it(app):
    at = app("pages/data.py", lang="en")
    total = ("table_totals", "amount", 143)
    assert total in found(at, "42,590.81 10k yuan") and total in found(at, "≈ 425.9 million yuan")
    assert ("narrative_facts", "value", 660) in found(at, "297.20 10k yuan")  # the overview's basic spending


@pytest.fixture(scope="module")
def yuan_store(tmp_path_factory):
    """A store holding only tests/fixtures' report written in 元."""
    root = tmp_path_factory.mktemp("yuan")
    assert main(["ingest", str(YUAN_REPORT), "--db", str(root / "w.duckdb"), "--parquet", str(root / "parquet")]) == 0
    return root / "parquet"


def test_find_a_figure_as_a_report_written_in_yuan_prints_it(yuan_store, monkeypatch):
    at = opener(yuan_store, monkeypatch)("pages/data.py")
    income = ("income_by_function", "total", 36)  # "| 20805 | 行政事业单位养老支出 | 200,000.00 |", stored as 20 万元
    assert income in found(at, "200,000.00") and income in found(at, "20 万元")


def test_typed_figures_that_are_not_what_they_seem():
    assert read_typed("(1,234.00)") == read_typed("-1234.00")  # accounting format's minus
    assert read_typed("住房公积金") == [] and read_typed("2O23") == [] and read_typed("(12") == []


# --- the page's sentences and finders, without the page ---------------------------------------------------------


def _finding(severity: str, check: str, line, message: str, message_en=None) -> dict:
    return {"severity": severity, "check": check, "source_line": line, "message": message, "message_en": message_en}


def test_findings_of_a_report_and_its_companion_are_ordered_errors_first_then_by_line(monkeypatch):
    report = pd.DataFrame([_finding("info", "table_empty", 5, "空表"), _finding("warning", "unit_slip", 9, "笔误")])
    companion = pd.DataFrame([_finding("error", "partial_vs_full", None, "不一致"), _finding("warning", "x", 2, "先")])
    checks = sources.findings([report, companion])
    assert checks["message"].tolist() == ["不一致", "先", "笔误", "空表"] and list(checks.index) == [0, 1, 2, 3]
    assert checks["text"].tolist() == checks["message"].tolist()
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    old = pd.DataFrame([_finding("error", "x", 1, "旧")]).drop(columns="message_en")  # a store before English
    assert sources.findings([old])["text"].tolist() == ["旧"]
    english = sources.findings([pd.DataFrame([_finding("error", "x", 1, "错", "wrong")])])
    assert english["text"].tolist() == ["wrong"]
    assert (
        sources.counted(checks)
        == "We checked this report item by item: **4** findings — **1** error, **2** warnings, 1 note."
    )
    assert sources.counted(checks.head(1)).startswith("We checked this report item by item: **1** finding — ")


def test_the_figures_read_are_said_only_when_counted():
    assert sources.figures_read({}) == "" and sources.figures_read({"numeric_cells": None}) == ""
    whole = sources.figures_read({"numeric_cells": 1200, "numeric_stored": 1190, "numeric_flagged": 10})
    assert whole == "表格中共读取 **1,200** 个数字，全部入库或已标注（入库 1,190 个，在下列问题中标注 10 个）。"
    assert "有的既未入库也未标注" in sources.figures_read(
        {"numeric_cells": 3, "numeric_stored": 1, "numeric_flagged": 1}
    )


def test_a_card_says_where_only_when_the_finding_has_a_place():
    (row,) = pd.DataFrame(
        [
            {
                **_finding("error", "unit_slip", None, "*没有*出处"),
                "source_table": None,
                "source_page": None,
                "text": "*没有*出处",
            }
        ]
    ).itertuples(index=False)
    told, where = sources.card(row)
    assert told == "**错误 · 单位笔误**  \n\\*没有\\*出处" and where == ""
    placed = row._replace(source_table="公开03表", source_line=7)
    assert sources.card(placed)[1] == "出处：公开03表 第 7 行"


def test_what_is_checked_lists_every_check_of_the_catalogue_under_its_group():
    listed = "\n".join(items for _, items in sources.catalogue())
    assert listed.count("\n- ") + 1 == len(CATALOGUE)
    assert [title for title, _ in sources.catalogue()] == [f"**{zh}**" for zh, _ in GROUPS.values()]


def _rows(**columns) -> pd.DataFrame:
    return pd.DataFrame({"report_id": "r", "source_table": "表", "source_line": [1, 2], **columns})


def test_a_typed_figure_is_found_as_a_rate_only_in_a_column_of_rates():
    tables = {
        "budget_vs_final": _rows(name=["甲", "乙"], final=[0.5, 42.0], completion_rate=[0.5, 4.2]),
        "glossary": _rows(term=["基本支出", "项目支出"], definition=["人员经费和公用经费", "为完成特定任务"]),
        "reports": pd.DataFrame({"report_id": ["r"], "year": [2023]}),  # no source_line: not searched
    }
    hits = sources.find_figure(tables, "50%", "万元")
    assert hits[["table", "column", "value", "row", "where"]].values.tolist() == [
        ["budget_vs_final", "completion_rate", "0.5", "甲", "表 第 1 行"]
    ]
    assert sources.find_figure(tables, "42", "万元")[["column", "row"]].values.tolist() == [["final", "乙"]]
    words = sources.find_figure(tables, "经费", "万元")
    assert words[["column", "row"]].values.tolist() == [["definition", "基本支出"]]
    assert sources.find_figure(tables, "2", "万元").empty  # a source line is where a figure is, not one
    shown = columns.frame(sources.hit_cols(words))
    assert list(shown.columns) == ["数据表", "栏目", "数值", "项目", "出处", "数据中的表和列"]
    assert shown.iloc[0].tolist()[:2] == ["名词解释", "解释"] and shown.iloc[0, 5] == "glossary.definition"


def test_flags_are_not_searched_and_every_table_has_a_label():
    assert "flags" not in sources.SEARCHED and set(sources.SEARCHED) | {"flags"} == set(TABLES)
    labels = sources.table_labels()
    assert set(labels) == set(TABLES) and all(label.endswith(f" · {t}") for t, label in labels.items())


def test_a_hit_names_its_column_as_the_report_heads_it_in_either_language(app):
    assert sources.column_header("spending_by_function", "total") == "合计"
    assert sources.column_header("procurement", "total") == "政府采购支出总额"  # a column that means more in one table
    assert sources.column_header("reports", "numeric_cells") == "numeric_cells"  # not a report's column: as stored
    at = app("pages/data.py", lang="en")
    at.text_input(key="data-find").input("42,557.12").run()
    hits = frame(at, "Column")
    row = hits[hits["Table and column in the data"] == "spending_by_function.total"].iloc[0]
    assert (row["Table"], row["Column"]) == ("Spending by function (table 03)", "Total (合计)")
    assert any(m.value.startswith("**Results**: “42,557.12” is in **") for m in at.markdown)
