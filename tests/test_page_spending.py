"""支出结构: the bundled report's spending by function, basic vs project, economic use and 三公经费."""

from __future__ import annotations

from dashboard import charts
from tests.conftest import chart_specs, plotly_values

PAGE = "pages/spending.py"


def text_of(at) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "info") for e in at.get(kind))


def titled(at, words: str) -> dict:
    return next(f for f in chart_specs(at) if words in f["layout"]["title"]["text"])


def frame(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_headline_figures(app):
    at = app(PAGE)
    assert at.title[0].value == "支出结构"
    text = text_of(at)
    assert "42,590.81 万元" in text
    assert "基本支出 **297.20 万元**" in text
    assert "项目支出 **42,293.61 万元**" in text
    assert "一般公共服务支出" in text and "42,557.12 万元" in text
    assert "人员经费 **268.35 万元**" in text and "公用经费 **28.85 万元**" in text


def test_drill_down_treemap(app):
    at = app(PAGE)
    assert len(at.get("plotly_chart")) >= 3
    fig = titled(at, "支出按功能分类")
    tree = fig["data"][0]
    assert tree["type"] == "treemap" and tree["branchvalues"] == "total"
    ids = list(tree["ids"])
    assert {"201", "20103", "2010399", "221", "2210201"} <= set(ids)
    sizes = dict(zip(ids, plotly_values(tree["values"]), strict=True))
    assert sizes["201"] == 42557.12 and sizes["2010399"] == 42041.03
    parents = dict(zip(ids, tree["parents"], strict=True))
    assert parents["2010399"] == "20103" and parents["20103"] == "201"
    labels = dict(zip(ids, tree["labels"], strict=True))
    assert labels["201"] == "一般公共服务支出"
    assert "万元" in fig["layout"]["title"]["text"]
    sources = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "公开03表" in sources and "吉林省政务服务和数字化建设服务中心" in sources


def test_basic_project_split_uses_the_shared_colours(app):
    at = app(PAGE)
    fig = titled(at, "基本/项目")
    bars = {trace["name"]: trace for trace in fig["data"]}
    assert bars["基本支出"]["marker"]["color"] == charts.BASIC
    assert bars["项目支出"]["marker"]["color"] == charts.PROJECT
    basic = dict(zip(bars["基本支出"]["y"], plotly_values(bars["基本支出"]["x"]), strict=True))
    project = dict(zip(bars["项目支出"]["y"], plotly_values(bars["项目支出"]["x"]), strict=True))
    assert basic["一般公共服务支出"] == 263.51 and project["一般公共服务支出"] == 42293.61


def test_economic_classification(app):
    at = app(PAGE)
    fig = titled(at, "经济分类")
    bars = {trace["name"]: trace for trace in fig["data"]}
    assert bars["人员经费"]["marker"]["color"] == charts.PERSONNEL
    assert bars["公用经费"]["marker"]["color"] == charts.PUBLIC_COSTS
    personnel = dict(zip(bars["人员经费"]["y"], plotly_values(bars["人员经费"]["x"]), strict=True))
    assert personnel["基本工资"] == 109.79
    assert all(value > 0 for trace in fig["data"] for value in plotly_values(trace["x"]))  # zero items left out
    assert "公开06表" in text_of(at)


def test_three_public_costs_all_zero_is_said_plainly(app):
    at = app(PAGE)
    assert "2023 年“三公”经费预算和决算均为 0" in text_of(at)
    assert not any("三公" in f["layout"]["title"]["text"] for f in chart_specs(at))
    assert "公开09表" in text_of(at)


def test_functional_table_with_units_and_sources(app):
    at = app(PAGE)
    table = frame(at, "合计（万元）")
    assert list(table.columns[:6]) == [
        "科目编码",
        "级次",
        "科目名称",
        "合计（万元）",
        "基本支出（万元）",
        "项目支出（万元）",
    ]
    row = table[table["科目编码"] == "201"].iloc[0]
    assert row["科目名称"] == "一般公共服务支出" and row["级次"] == "类"
    assert row["合计（万元）"] == 42557.12 and row["基本支出（万元）"] == 263.51 and row["项目支出（万元）"] == 42293.61
    assert row["来源表"] == "公开03表 支出决算表" and int(row["来源行"]) == 144
    assert len(table) == 16
    assert "公开03表 支出决算表 第 144–159 行" in text_of(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载 CSV" in labels and "下载 XLSX" in labels


def test_english_switch(app):
    at = app(PAGE, lang="en")
    assert at.title[0].value == "Spending"
    titles = [f["layout"]["title"]["text"] for f in chart_specs(at)]
    assert any("Spending by function" in t and "10k yuan" in t for t in titles)
    assert any("Basic spending by economic use" in t for t in titles)
    assert not any("万元" in t for t in titles)
    text = text_of(at)
    assert "In 2023 this department spent" in text
    assert "budget and the final spending on the “three public costs” were both 0" in text
    assert "一般公共服务支出" in text  # subject names stay as published
    assert "Total (10k yuan)" in frame(at, "Total (10k yuan)").columns


def test_three_public_costs_chart_when_there_is_spending(app, monkeypatch):
    import pandas as pd

    from dashboard import queries

    rows = pd.DataFrame(
        {
            "item": [
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "公务用车购置费",
                "公务用车运行费",
                "公务接待费",
            ],
            "budget": [12.0, 5.0, 4.0, 0.0, 4.0, 3.0],
            "final": [10.5, 4.5, 3.5, 0.0, 3.5, 2.5],
            "source_table": "公开09表 财政拨款“三公”经费支出决算表",
            "source_line": 339,
        }
    )
    monkeypatch.setattr(queries, "three_public_costs", lambda report_id: rows)
    at = app(PAGE)
    fig = next(f for f in chart_specs(at) if "三公" in f["layout"]["title"]["text"])
    budget, final = fig["data"]
    assert budget["marker"]["color"] == charts.BUDGET and final["marker"]["color"] == charts.FINAL
    assert list(budget["customdata"]) == ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"]
    assert plotly_values(final["x"]) == [4.5, 3.5, 2.5]
    assert "预算 **12.00 万元**，决算 **10.50 万元**" in text_of(at)


def test_empty_report_explains_itself(app, monkeypatch):
    from dashboard import queries

    for name in ("spending_by_function", "basic_by_economic", "basic_economic_totals", "three_public_costs"):
        real = getattr(queries, name)
        monkeypatch.setattr(queries, name, lambda report_id, real=real: real(report_id).iloc[0:0])
    at = app(PAGE)
    notes = " ".join(i.value for i in at.info)
    assert "没有读到支出决算表" in notes and "没有读到基本支出明细" in notes and "没有读到“三公”经费表" in notes
    assert "数据与来源" in notes  # says what to do
    assert not at.get("plotly_chart")
