"""部门比较: the bundled store holds one department, which must be shown and explained."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import measures
from dashboard.columns import frame

DEPARTMENT = "吉林省政务服务和数字化建设服务中心"


def chart_spec(at) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def test_single_department_row_and_notice(app):
    at = app("pages/compare.py")
    assert at.title[0].value == "部门比较"
    table = at.dataframe[0].value
    assert list(table["部门"]) == [DEPARTMENT]
    assert table["支出合计（万元）"].iloc[0] == pytest.approx(42590.81)
    assert table["项目支出占比（%）"].iloc[0] == pytest.approx(99.30)
    assert table["中小企业合同占比（%）"].iloc[0] == pytest.approx(3.02)
    notice = " ".join(i.value for i in at.info)
    assert "只载入了一个部门" in notice and "42,590.81 万元" in notice
    assert not at.code  # visitors get plain words; the commands are in the README


def test_chart_highlights_the_selected_department(app):
    at = app("pages/compare.py")
    spec = chart_spec(at)
    assert "支出合计（万元）" in spec["layout"]["title"]["text"]
    assert spec["data"][0]["marker"]["color"] == ["#E45756"]  # charts.DEPARTMENT
    at.selectbox(key="compare-measure").select("hit_rate").run()
    assert not at.exception
    assert "绩效指标达标率（%）" in chart_spec(at)["layout"]["title"]["text"]


def test_english(app):
    at = app("pages/compare.py", lang="en")
    assert at.title[0].value == "Across departments"
    table = at.dataframe[0].value
    assert "Total spending (10k yuan)" in table.columns
    assert table["Department"].iloc[0] == DEPARTMENT  # names stay as published
    assert any("Only one department is loaded" in i.value for i in at.info)
    assert "Total spending (10k yuan)" in chart_spec(at)["layout"]["title"]["text"]


# --- the measures, without the page -------------------------------------------------------------------------------

COMPARED = pd.DataFrame(
    {
        "department": ["甲局", "乙局", "丙局"],
        "total": [300.0, None, 300.0],
        "project_share": [0.99301, 0.5, None],
        "sme_share": [None, None, None],
        "hit_rate": [1.0, 0.5, 0.0],
        "final_to_budget": [6.3993, 1.0, None],
        "total_change": [0.1, None, -0.25],
    }
)


def test_the_table_gives_each_measure_in_its_unit():
    shown = frame(measures.cols(COMPARED, 2023))
    assert list(shown.columns) == [
        "部门",
        "支出合计（万元）",
        "项目支出占比（%）",
        "中小企业合同占比（%）",
        "绩效指标达标率（%）",
        "决算为年初预算的（%）",
        "支出比上年增减（%）",
        "年度",
    ]
    assert shown["项目支出占比（%）"].iloc[0] == 99.30 and shown["决算为年初预算的（%）"].iloc[0] == 639.93
    assert shown["年度"].tolist() == [2023] * 3


def test_a_ranking_leaves_out_departments_without_the_measure_and_says_so():
    total = measures.BY_COLUMN["total"]
    having = measures.having(COMPARED, total)
    assert having["department"].tolist() == ["甲局", "丙局"]  # equal totals keep their order
    assert measures.left_out(having, 3, "甲局") == ("", "另有 1 个部门的报告没有这一项，未列入图中。")
    assert measures.having(COMPARED, measures.BY_COLUMN["sme_share"]).empty
    chart = measures.ranking(having, total, "丙局", 2023)
    assert chart.title == "支出合计（万元）" and chart.across and "2 个部门" in chart.subtitle
    assert chart.fig.data[0].marker.color == ("#9D9DA1", "#E45756")
    share = measures.ranking(
        measures.having(COMPARED, measures.BY_COLUMN["hit_rate"]), measures.BY_COLUMN["hit_rate"], "", 2023
    )
    assert share.fig.layout.xaxis.tickformat == ".0%" and list(share.fig.data[0].text) == ["100.00%", "50.00%", "0.00%"]


def test_a_departments_change_on_the_year_before_is_read_from_its_last_years_report(tmp_path, monkeypatch):
    from dashboard import queries
    from etl.cli import main

    raw = tmp_path / "raw"
    assert main(["synth", "--departments", "3", "--years", "2", "--last-year", "2024", "--out", str(raw)]) == 0
    assert main(["ingest", str(raw), "--db", str(tmp_path / "w.duckdb"), "--parquet", str(tmp_path / "pq")]) == 0
    monkeypatch.setenv("OPENJUESUAN_PARQUET", str(tmp_path / "pq"))
    queries._connection.clear()
    queries._query.clear()
    now, before = (queries.departments_compared(y).set_index("department")["total"] for y in (2024, 2023))
    change = queries.departments_compared(2024).set_index("department")["total_change"]
    assert len(change) == 3
    for department in change.index:
        assert change[department] == pytest.approx(now[department] / before[department] - 1)
    assert queries.departments_compared(2023)["total_change"].isna().all()  # no 2022 reports
