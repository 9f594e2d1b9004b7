"""The pieces pages are laid out of, without a page: units in headers and titles, tables column by column,
bar charts in 万元, and the components themselves on a bare Streamlit script."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, i18n
from dashboard.columns import Col, config, frame
from dashboard.units import COUNT, PERCENT, WAN, as_percent, header, title


@pytest.fixture(params=["zh", "en"])
def lang(request, monkeypatch) -> str:
    monkeypatch.setattr(i18n, "lang", lambda: request.param)
    return request.param


@pytest.fixture
def en(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")


def test_a_header_names_its_unit(lang):
    expected = {
        "zh": ["合计（万元）", "执行率（%）", "达标（项）"],
        "en": ["Total (10k yuan)", "Execution rate (%)", "Met"],  # a count reads plainer bare in English
    }
    assert [
        header("合计", "Total", WAN),
        header("执行率", "Execution rate", PERCENT),
        header("达标", "Met", COUNT),
    ] == expected[lang]


def test_a_title_says_year_and_unit_and_breaks_a_long_english_one(lang):
    short = title("支出按功能分类", "Spending by function", 2023, WAN)
    long = title("基本支出按经济分类", "Basic spending by economic use", 2023, WAN)
    if lang == "zh":
        assert (short, long) == ("2023 年支出按功能分类（万元）", "2023 年基本支出按经济分类（万元）")
    else:
        assert short == "Spending by function, 2023 (10k yuan)"
        assert long == "Basic spending by economic use<br>2023, 10k yuan"
        assert title("Indicators by project", "Indicators by project", 2023, COUNT).endswith("2023 (count)")


def test_fractions_become_percentage_numbers_and_blanks_stay_blank():
    shown = as_percent(pd.Series([0.99771, None, 6.3461], dtype="object"))
    assert shown.iloc[0] == 99.77 and math.isnan(shown.iloc[1]) and shown.iloc[2] == 634.61
    assert as_percent(pd.Series([0.95349]), 1).tolist() == [95.3]


ROWS = pd.DataFrame(
    {
        "amount": [1.5, 2.25],
        "source_table": ["公开03表 支出决算表", "公开03表 支出决算表"],
        "source_line": [144, 145],
        "source_page": [None, None],
        "source_cell": [None, None],
    }
)


def test_a_frame_ends_with_where_each_row_came_from(lang):
    cols = [Col("科目名称", "Subject", ["a", "b"], pinned=True), Col("合计", "Total", ROWS["amount"], WAN)]
    shown = frame(cols, ROWS)
    if lang == "zh":
        assert list(shown.columns) == ["科目名称", "合计（万元）", "来源表", "来源行"]
    else:
        # the table's name in English (etl.glossary), and as published to find it in the report
        assert list(shown.columns) == [
            *("Subject", "Total (10k yuan)", "Source table", "Source table (as published)", "Source line")
        ]
        assert shown["Source table"].tolist() == ["Expenditure table (No. 03)"] * 2
        assert shown["Source table (as published)"].tolist() == ["公开03表 支出决算表"] * 2
    assert shown.iloc[:, 1].tolist() == [1.5, 2.25] and shown.iloc[:, -1].tolist() == [144, 145]


def test_a_frame_leads_with_the_name_then_the_figures_so_a_phone_shows_both():
    cols = [
        Col("科目编码", "Code", ["201", "221"]),
        Col("科目名称", "Subject", ["a", "b"], pinned=True),
        Col("说明", "Note", ["", ""]),
        Col("合计", "Total", ROWS["amount"], WAN),
        Col("占比", "Share", [60.0, 40.0], PERCENT),
    ]
    assert list(frame(cols, ROWS).columns) == [
        "科目名称",
        "合计（万元）",
        "占比（%）",
        "科目编码",
        "说明",
        "来源表",
        "来源行",
    ]


def test_a_frame_names_the_cell_of_a_workbook_and_one_source_serves_a_whole_table():
    cells = ROWS.assign(source_cell=["公开03表!C12", "公开03表!C13"])
    assert (
        frame([Col("合计", "Total", cells["amount"], WAN)], cells)["来源单元格"].tolist()
        == cells["source_cell"].tolist()
    )
    one = ROWS.iloc[:1]
    shown = frame([Col("项目", "Item", ["总额", "其中：货物", "其中：服务"])], one)
    assert shown["来源表"].tolist() == ["公开03表 支出决算表"] * 3 and shown["来源行"].tolist() == [144] * 3


def test_a_frame_without_sources_is_the_columns_alone():
    assert list(frame([Col("部门", "Department", ["甲", "乙"]), Col("年度", "Year", 2023, format="%d")]).columns) == [
        "部门",
        "年度",
    ]


def test_config_formats_figures_by_their_unit_and_text_by_its_width():
    cols = [
        Col("合计", "Total", [], WAN, help="各类之和"),
        Col("达标率", "Hit rate", [], PERCENT, format="%.1f"),
        Col("达标", "Met", [], COUNT),
        Col("指标", "Indicator", [], width="medium", pinned=True),
        Col("判定", "Result", []),
    ]
    out = config(cols)
    assert out["合计（万元）"]["type_config"]["format"] == "accounting" and out["合计（万元）"]["help"] == "各类之和"
    assert out["达标率（%）"]["type_config"]["format"] == "%.1f"
    assert out["指标"]["width"] == "medium" and out["指标"]["pinned"] is True
    assert "达标（项）" not in out and "判定" not in out  # counts and short text as Streamlit shows them
    assert out["来源行"]["type_config"]["format"] == "%d" and out["来源页"]["type_config"]["format"] == "%d"


def test_a_money_trace_prints_each_figure_and_a_dash_for_a_missing_one(en):
    trace = charts.money_trace("Budget", charts.BUDGET, ["a", "b"], [1234.5, None], hover="<b>%{y}</b>")
    assert list(trace.x) == [1234.5, None] and list(trace.text) == ["1,234.50", "—"]
    assert trace.hovertemplate == "<b>%{y}</b><br>Budget %{x:,.2f} 10k yuan<extra></extra>"
    assert (
        charts.money_trace("", charts.FINAL, ["a"], [1.0]).hovertemplate == "%{y}<br>%{x:,.2f} 10k yuan<extra></extra>"
    )


def test_bars_side_by_side_leave_room_for_the_longest_figure():
    fig = charts.bars(
        [
            charts.money_trace("预算", charts.BUDGET, ["a", "b"], [10.0, 40.0]),
            charts.money_trace("决算", charts.FINAL, ["a", "b"], [20.0, None]),
        ]
    )
    assert fig.layout.barmode == "group" and fig.layout.yaxis.autorange == "reversed"  # first row on top
    assert fig.layout.xaxis.range == (0, 40.0 * 1.35) and fig.layout.xaxis.title.text == "万元"
    assert not fig.layout.annotations


def test_stacked_bars_print_each_rows_total_and_a_series_may_hold_rows_of_its_own():
    fig = charts.bars(
        [
            charts.money_trace("人员经费", charts.PERSONNEL, ["基本工资", "津贴补贴"], [100.0, 50.0]),
            charts.money_trace("公用经费", charts.PUBLIC_COSTS, ["办公费"], [8.25]),
            charts.money_trace("补充", charts.BASIC, ["基本工资"], [20.0]),
        ],
        stack=True,
    )
    assert fig.layout.barmode == "stack" and all(trace.text is None for trace in fig.data)
    totals = {a.y: a.text for a in fig.layout.annotations}
    assert totals == {"基本工资": "120.00", "津贴补贴": "50.00", "办公费": "8.25"}
    assert fig.layout.xaxis.range == (0, 120.0 * 1.35)


def test_side_by_side_is_bars_side_by_side():
    fig = charts.side_by_side(["a"], [("预算", charts.BUDGET, [5.0])], ["甲"], "<b>%{customdata}</b>")
    (trace,) = fig.data
    assert trace.name == "预算" and list(trace.customdata) == ["甲"] and fig.layout.barmode == "group"


def test_a_charts_left_margin_holds_its_longest_label_and_a_percent_axis_its_top_tick_and_title():
    labels = [charts.wrap("一般公共服务支出"), charts.wrap("社会保障和就业支出")]  # 8 characters; 9 as 5 + 4
    rows = charts.finish(charts.bars([charts.money_trace("", charts.FINAL, labels, [1.0, 2.0])]), "t", "s", "src")
    assert rows.layout.margin.l == 8 * 12 + 13  # Plotly's automargin found 107 in the browser
    shares = go.Figure(go.Bar(x=["a", "b"], y=[0.03, 0.74]))
    shares.update_yaxes(title="占比（%）", tickformat=".0%", range=[0, 1.1])
    # "138%", a digit more than the top tick (110 %) could need, beside the axis title; Plotly found 56
    assert charts.finish(shares, "t", "s", "src").layout.margin.l == math.ceil(len("138%") * 0.6 * 12 + 13 + 24)
    # values from a pandas column, which a figure's dict holds as base64: read from the trace, "3,126" wide
    money = go.Figure(go.Bar(x=["a", "b"], y=pd.Series([0.5, 2500.5])))
    assert charts.finish(money, "t", "s", "src").layout.margin.l == math.ceil(len("3,126") * 0.6 * 12 + 13)


def test_a_chart_without_bars_still_has_an_axis():
    assert charts.bars([charts.money_trace("", charts.FINAL, ["a"], [None])]).layout.xaxis.range == (0, 1.35)


# --- the components on a bare script ---------------------------------------------------------------------------


def _table_script():
    import pandas as pd

    from dashboard import components
    from dashboard.columns import Col
    from dashboard.units import WAN

    rows = pd.DataFrame({"amount": [1.5], "source_table": ["公开03表"], "source_line": [7]})
    components.table([Col("合计", "Total", rows["amount"], WAN)], rows, key="t", file="表", note="另有说明。")


def _scattered_script():
    import pandas as pd

    from dashboard import components
    from dashboard.columns import Col

    rows = pd.DataFrame({"department": ["甲", "乙"], "source_table": ["情况说明", "情况说明"], "source_line": [3, 760]})
    components.table(
        [Col("部门", "Department", rows["department"])], rows, key="t", file="表", note="各自的报告。", scattered=True
    )


def _empty_script():
    from dashboard import components

    components.not_read("“三公”经费表（公开09表）", "table of the “three public costs” (公开09表)")
    components.empty("没有符合这些筛选条件的指标。", "")


def _url_script():
    import streamlit as st

    from dashboard import components

    chosen = components.kept_in_url(
        st.pills, "结果", ["met", "missed"], param="status", key="s", selection_mode="multi"
    )
    st.write(",".join(chosen))


def test_a_table_says_its_sources_and_offers_both_downloads():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_table_script).run()
    assert not at.exception
    assert list(at.dataframe[0].value.columns) == ["合计（万元）", "来源表", "来源行"]
    assert at.caption[0].value == "数据出处：公开03表 第 7 行。另有说明。"
    assert [b.proto.label for b in at.get("download_button")] == ["下载 CSV", "下载 XLSX"]


def test_a_table_of_scattered_rows_names_each_rows_source_and_no_span_of_them():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_scattered_script).run()
    assert not at.exception
    assert at.dataframe[0].value["来源行"].tolist() == [3, 760]
    assert [c.value for c in at.caption] == ["各自的报告。"]  # not "情况说明 第 3–760 行"


def test_what_a_report_lacks_says_where_to_look_unless_told_otherwise():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_empty_script).run()
    lacking, filtered = (i.value for i in at.info)
    assert lacking.startswith("这份报告里没有读到“三公”经费表（公开09表）。") and "数据与来源" in lacking
    assert filtered == "没有符合这些筛选条件的指标。"


def test_a_choice_kept_in_the_url_ignores_unknown_values_and_clears_itself():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_url_script)
    at.query_params["status"] = "missed,bogus"
    at.run()
    assert at.pills[0].value == ["missed"] and at.query_params["status"] == "missed"
    at.pills[0].set_value([]).run()
    assert "status" not in at.query_params
