"""部门比较: the bundled store holds one department, which must be shown and explained."""

from __future__ import annotations

import json

import pytest

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
    assert any("python -m etl ingest" in c.value for c in at.code)


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
