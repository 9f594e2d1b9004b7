"""总览: the first screen a citizen sees, and the findings that lead to each page."""

from __future__ import annotations

import json

import pandas as pd

from dashboard import overview
from tests.conftest import chart_specs


def texts(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_headline_says_department_year_and_total_in_both_units(app):
    at = app()
    assert at.title[0].value == "吉林省政务服务和数字化建设服务中心"
    assert "**2023 年**，这个部门一共支出 **42,590.81 万元（约 4.26 亿元）**，其中项目支出占 **99.3%**。" in texts(at)
    assert "花钱最多的是：省级政务服务热线呼叫中心委托业务费、吉林省电子政务外网服务项目、" in texts(at)
    assert [(m.label, m.value) for m in at.metric] == [("基本支出", "297.20 万元"), ("项目支出", "42,293.61 万元")]


def test_basic_and_project_spending_show_their_change_on_last_year(app):
    # Last year's as the report's "比上年增加 43.08 万元" and "增加 18768.05 万元" imply them: 254.12, 23,525.56.
    at = app()
    assert [m.delta for m in at.metric] == [
        "+43.08 万元（+17.0%）比 2022 年",
        "+18,768.05 万元（+79.8%）比 2022 年",
    ]


def test_project_spending_is_explained_in_the_reports_own_words(app):
    at = app()
    assert at.metric[1].help == (
        "指单位为完成特定行政任务和事业发展目标在基本支出之外所发生的支出。 上年数按报告第 660 行所写的比上年增减推算。"
    )


def test_findings_carry_the_reports_key_facts(app):
    body = texts(app())
    assert "决算为年初预算的 **639.93%**" in body
    assert "授予中小企业的合同占 **3.02%**，全国 2023 年为 74.4%" in body
    assert "覆盖项目支出的 **15.2%**" in body and "86 项指标中 82 项达标" in body
    assert "省级政务服务热线呼叫中心委托业务费（1,533.22 万元）" in body
    assert "报告自身有 **4 处**前后不一致或笔误" in body


def test_english_switch_keeps_the_department_as_published_and_translates_the_template(app):
    at = app(lang="en")
    body = texts(at)
    assert "In **2023** this department spent **42,590.81 10k yuan" in body
    assert "The largest class is **General public services**" in body
    assert at.title[0].value == "吉林省政务服务和数字化建设服务中心"


def test_unknown_values_in_the_link_fall_back_with_a_notice(app):
    at = app(dept="不存在的部门", year="1999", lang="xx")
    notices = [i.value for i in at.info]
    assert any("不存在的部门" in n and "默认部门" in n for n in notices)
    assert at.title[0].value == "吉林省政务服务和数字化建设服务中心"
    assert at.query_params["year"] == "2023" and at.query_params["lang"] == "zh"


def test_chart_of_where_the_money_went_has_title_unit_and_source(app):
    at = app()
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    sources = " ".join(a["text"] for a in chart["annotations"])
    assert "钱主要花在哪里（按功能分类，万元）" in chart["title"]["text"]
    assert chart["xaxis"]["title"]["text"] == "万元"
    assert "公开03表 支出决算表" in sources and "吉林省政务服务和数字化建设服务中心 2023 年度部门决算" in sources


# --- the sentences and the chart, without the page -------------------------------------------------------------


def test_the_headline_has_no_share_of_nothing():
    assert overview.spent(2023, 0.0, 0.0).endswith("其中项目支出占 **—**。")
    assert "**99.3%**" in overview.spent(2023, 42590.81, 42293.61)


def test_the_largest_projects_and_the_change_on_the_year_before():
    projects = pd.DataFrame({"project_name": ["甲", "乙*", "丙", "丁"], "executed": [1.0, 4.0, 3.0, 2.0]})
    assert overview.largest_projects(projects) == "报告逐项评价的项目中，花钱最多的是：乙\\*、丙、丁。"
    assert overview.largest_projects(projects.iloc[0:0]) == ""
    assert overview.change(110.0, {"year": 2022, "total": 100.0}) == "比 2022 年（100.00 万元）增加 **10.0%**。"
    assert overview.change(90.0, {"year": 2022, "total": 100.0}) == "比 2022 年（100.00 万元）减少 **10.0%**。"
    assert overview.change(110.0, None) == "" and overview.change(110.0, {"year": 2022, "total": 0.0}) == ""


def test_the_chart_of_classes_puts_the_largest_on_top_and_none_without_classes():
    spending = pd.DataFrame(
        {
            "level": ["类", "款", "类"],
            "name": ["住房<b>保障</b>支出", "x", "一般公共服务支出"],
            "total": [10.0, 5.0, 90.0],
            "source_table": "公开03表 支出决算表",
        }
    )
    chart = overview.classes_chart(spending)
    assert list(chart.fig.data[0].y) == ["一般公共服务支出", "住房&lt;b&gt;保障&lt;/b&gt;支出"]  # escaped for Plotly
    assert chart.table == "公开03表 支出决算表" and chart.height == 300
    assert overview.classes_chart(spending[spending["level"] == "款"]) is None


def test_without_last_years_report_the_change_the_report_states_gives_last_year(app):
    text = "\n".join(m.value for m in app("pages/overview.py").markdown)
    # 42,590.81 against 23,779.68 (42,590.81 − 18,811.13 as the report states): up 79.1 %
    assert "收、支总计比 2022 年（23,779.68 万元）增加 **79.1%**（上年数按报告第 646 行所写的比上年增减推算）。" in text


def test_the_overview_lists_the_reports_flags_in_plain_words(app):
    text = "\n".join(m.value for m in app("pages/overview.py").markdown)
    assert (
        "- **决算远超年初预算**：一般公共预算财政拨款支出等 3 项（决算 42,590.81 万元，是年初预算 6,655.58 万元的 639.93%）"
        in text
    )
    assert "- **中小企业份额低于全国**：政府采购（授予中小企业 1,274.36 万元" in text


def test_the_departments_years_are_charted_with_the_year_its_report_implies(app):
    at = app()
    (years,) = [c for c in chart_specs(at) if "逐年" in c["layout"]["title"]["text"]]
    bars = years["data"][0]
    assert bars["y"] == ["2023 年", "2022 年（按 2023 年报告推算）"]
    assert bars["x"] == [42590.81, 23779.68]  # 42,590.81 − 18,811.13 for 2022
    assert bars["marker"]["color"] == ["#1F5F8B", "#9D9DA1"]


def test_each_findings_link_names_the_page_it_goes_to(app):
    labels = [link.proto.label for link in app().get("page_link") if "看详情" in link.proto.label]
    assert labels[:3] == ["到“支出结构”页看详情", "到“支出结构”页看详情", "到“预算执行”页看详情"]
    assert {"到“政府采购”页看详情", "到“项目绩效”页看详情"} <= set(labels)
