"""支出结构: the bundled report's spending by function, basic vs project, economic use and 三公经费."""

from __future__ import annotations

import pandas as pd

from dashboard import charts, spending
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


def test_every_item_is_a_bar_with_its_amount_printed_however_small(app):
    at = app(PAGE)
    fig = titled(at, "按功能分类的各项支出")
    (bars,) = fig["data"]
    assert bars["type"] == "bar" and bars["orientation"] == "h"
    amounts = dict(zip(bars["y"], plotly_values(bars["x"]), strict=True))
    assert len(amounts) == 7  # the 项 rows: every one drawn, none a sliver
    assert plotly_values(bars["x"]) == sorted(amounts.values(), reverse=True)  # the largest on top
    assert amounts["住房公积金"] == 11.33 and amounts["一般行政管理事务"] == 1.35
    assert bars["text"][-1] == "1.35" and bars["textposition"] == "outside"  # a 0.003 % share still reads
    assert fig["layout"]["xaxis"]["title"]["text"] == "万元"
    first = bars["customdata"][0]
    assert first[2] == "一般公共服务支出 › 政府办公厅（室）及相关机构事务" and first[3] == "98.71%"
    assert "万元" in fig["layout"]["title"]["text"]
    sources = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "公开03表" in sources and "吉林省政务服务和数字化建设服务中心" in sources


def test_every_charts_png_is_named_after_what_it_shows(app):
    """An official saves the overview's chart and the spending page's: two files, each saying what it holds."""
    import json

    names = []
    for page in ("pages/overview.py", PAGE, "pages/budget.py", "pages/performance.py", "pages/procurement.py"):
        at = app(page)
        names += [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in at.get("plotly_chart")]
    assert len(names) >= 8 and len(set(names)) == len(names), names
    assert all(name.startswith("吉林省政务服务和数字化建设服务中心-2023-") for name in names)
    assert "吉林省政务服务和数字化建设服务中心-2023-按功能分类的各项支出" in names


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
    assert list(table.columns[:6]) == [  # the name and its figures first, to be seen on a phone
        "科目名称",
        "合计（万元）",
        "基本支出（万元）",
        "项目支出（万元）",
        "科目编码",
        "级次",
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
    assert any("Spending by item" in t and "10k yuan" in t for t in titles)
    assert any("Basic spending by economic use" in t for t in titles)
    assert not any("万元" in t for t in titles)
    text = text_of(at)
    assert "In 2023 this department spent" in text
    assert "budget and the final spending on the “three public costs” were both 0" in text
    assert "The largest class is “General public services”" in text  # the template's names in English
    table = frame(at, "Total (10k yuan)")
    row = table[table["Code"] == "201"].iloc[0]
    assert (row["Subject"], row["Subject (as published)"]) == ("General public services", "一般公共服务支出")
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


# --- the page's sentences and figures, without the page ---------------------------------------------------------

FUNCTIONS = pd.DataFrame(
    {
        "code": ["201", "20103", "2010301", "2010302", "221"],
        "level": ["类", "款", "项", "项", "类"],
        "name": ["一般公共服务支出", "政府办公厅", "行政运行", "一般行政管理事务", "住房保障支出"],
        "parent_code": [None, "201", "20103", "20103", None],
        "total": [90.0, 90.0, 60.0, 30.0, 10.0],
        "basic": [60.0, 60.0, 60.0, None, 10.0],
        "project": [30.0, 30.0, None, 30.0, None],
        "source_table": "公开03表 支出决算表",
    }
)


def test_the_headline_gives_each_part_its_share_and_no_share_of_nothing():
    assert spending.spent(2023, 100.0, 40.0, 60.0) == (
        "2023 年，这个部门一共支出 **100.00 万元**。其中基本支出 **40.00 万元**（40.00%），项目支出 **60.00 万元**（60.00%）。"
    )
    assert "（—）" in spending.spent(2023, 0.0, 0.0, 0.0)


def test_the_largest_class_and_item():
    assert spending.largest(FUNCTIONS, 100.0) == (
        "最大的一类是“一般公共服务支出”，**90.00 万元**，占 90.00%；最大的一项是“行政运行”，**60.00 万元**。"
    )
    assert spending.largest(FUNCTIONS[FUNCTIONS["level"] != "项"], 100.0).endswith("占 90.00%。")
    assert spending.largest(FUNCTIONS[FUNCTIONS["level"] != "类"], 100.0) == ""
    assert spending.largest(FUNCTIONS, 0.0) == ""


def test_the_items_chart_draws_the_subjects_nothing_breaks_down():
    chart = spending.items_chart(FUNCTIONS, 100.0)
    (bars,) = chart.fig.data
    assert list(bars.y) == ["行政运行", "一般行政管理事务", "住房保障支出"]  # a 类 without 款 stands as itself
    assert list(bars.x) == [60.0, 30.0, 10.0]
    assert [c[2] for c in bars.customdata] == ["一般公共服务支出 › 政府办公厅", "一般公共服务支出 › 政府办公厅", ""]
    assert chart.table == "公开03表 支出决算表" and chart.unit.zh == "万元" and chart.height == 340


def test_the_class_split_stacks_basic_and_project_with_blanks_as_zero():
    chart = spending.class_split(FUNCTIONS)
    basic, project = chart.fig.data
    assert list(basic.y) == ["一般公共服务支出", "住房保障支出"]  # the largest first
    assert list(basic.x) == [60.0, 10.0] and list(project.x) == [30.0, 0.0]
    assert chart.height == 340


def test_economic_items_keep_a_bar_each_when_a_name_stands_in_both_categories():
    items = pd.DataFrame(
        {
            "code": ["30101", "30199", "30201", "30299"],
            "name": ["基本工资", "其他", "办公费", "其他"],
            "category": ["人员经费", "人员经费", "公用经费", "公用经费"],
            "class_name": ["工资福利支出", "工资福利支出", None, "商品和服务支出"],
            "amount": [100.0, 5.0, 8.0, 2.0],
            "source_table": "公开06表",
        }
    )
    personnel, running = spending.economic(items).fig.data
    assert list(personnel.y) == ["基本工资", "其他"] and list(running.y) == ["办公费", "其他 ·"]
    assert [c[2] for c in running.customdata] == ["", "商品和服务支出"]


def test_shares_of_basic_spending_and_none_of_zero():
    totals = pd.DataFrame({"category": ["人员经费", "公用经费"], "amount": [75.0, 25.0]})
    assert spending.basic_shares(totals) == "人员经费 75.00% · 公用经费 25.00%"
    assert spending.basic_shares(totals.assign(amount=[0.0, None])) == ""
    assert "人员经费 **75.00 万元**，公用经费 **25.00 万元**。" in spending.basic_uses(totals)


def test_three_public_costs_in_a_sentence():
    three = pd.DataFrame(
        {
            "item": ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车运行费", "公务接待费"],
            "budget": [12.0, 5.0, 4.0, 4.0, 3.0],
            "final": [10.5, 4.5, 3.5, 3.5, 2.5],
            "source_table": "公开09表",
        }
    )
    assert spending.three_public(three, 2023) == "2023 年“三公”经费预算 **12.00 万元**，决算 **10.50 万元**。"
    assert list(spending.three_public_rows(three)["item"]) == ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"]
    assert spending.three_public_chart(three).height == 170 + 70 * 3
    zero = three.assign(budget=0.0, final=[0.0, None, 0.0, 0.0, 0.0])
    assert spending.none_spent(zero) and spending.three_public(zero, 2023).startswith(
        "2023 年“三公”经费预算和决算均为 0"
    )
    named_otherwise = three[three["item"].isin(["合计", "公务用车运行费"])]
    assert list(spending.three_public_rows(named_otherwise)["item"]) == ["公务用车运行费"]
    assert spending.three_public(three[three["item"] != "合计"], 2023) == ""
