"""预算执行: initial budget against final, the rates, and the report's own slips called out."""

from __future__ import annotations

import json
import math

import pandas as pd

from dashboard import budget, charts, i18n
from tests.conftest import plotly_values

PAGE = "pages/budget.py"


def text_of(at) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption") for e in at.get(kind))


def callouts(at) -> list[str]:
    return [w.value for w in at.warning]


def frame(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_headline(app):
    at = app(PAGE)
    assert at.title[0].value == "预算执行"
    text = text_of(at)
    assert "年初预算 **6,655.58 万元** → 决算 **42,590.81 万元" in text
    assert "**639.93%**" in text
    assert "第 688 行" in text  # where the sentence is in the report


def test_chart_initial_against_final(app):
    at = app(PAGE)
    charts_shown = at.get("plotly_chart")
    assert len(charts_shown) == 1
    fig = json.loads(charts_shown[0].proto.spec)
    assert "年初预算与决算" in fig["layout"]["title"]["text"] and "万元" in fig["layout"]["title"]["text"]
    budget, final = fig["data"]
    assert budget["marker"]["color"] == charts.BUDGET and final["marker"]["color"] == charts.FINAL
    assert budget["orientation"] == "h" and fig["layout"]["barmode"] == "group"
    # long names are wrapped on the axis and given in full on hover
    full = [c[0] for c in final["customdata"]]
    assert "其他政府办公厅（室）及相关机构事务" in full
    assert any("<br>" in label for label in final["y"])
    assert max(plotly_values(final["x"])) == 42041.03
    assert "情况说明 五（三）" in " ".join(a["text"] for a in fig["layout"]["annotations"])


def test_extreme_lines_are_called_out_with_the_reports_explanation(app):
    at = app(PAGE)
    notes = callouts(at)
    assert len(notes) == 4
    tiny = next(n for n in notes if "事业运行" in n)
    assert "458,400.00%" in tiny and "458400%" in tiny  # recomputed, and the data check quoting the report
    assert "2023年度支出含当年追加的事业运行经费。" in tiny
    assert "第 694 行" in tiny
    undefined = next(n for n in notes if "其他网信事务支出" in n)
    assert "无法计算" in undefined and "46890%" in undefined
    high = next(n for n in notes if "2010399" in n)
    assert "634.61%" in high
    slip = next(n for n in notes if "住房公积金" in n)
    assert "11.33 元" in slip and "11.33 万元" in slip
    assert not any("一般行政管理事务" in n for n in notes)  # 100 %: nothing to say


def test_table_puts_the_reports_words_beside_the_figures(app):
    at = app(PAGE)
    table = frame(at, "年初预算（万元）")
    assert len(table) == 7
    by_code = table.set_index("科目编码")
    slip = by_code.loc["2210201"]
    assert slip["决算（万元）"] == 11.33 and slip["报告原文的决算数"] == "11.33 元"
    assert "单位笔误" in slip["数据核对"]
    assert by_code.loc["2010350", "按金额重算的完成率（%）"] == 458400.0
    assert by_code.loc["2010350", "报告写的完成率（%）"] == 458400.0
    assert math.isnan(by_code.loc["2013799", "按金额重算的完成率（%）"])
    assert by_code.loc["2013799", "报告写的完成率（%）"] == 46890.0
    assert by_code.loc["2010399", "报告的解释"].startswith("2023年度支出含当年追加")
    assert int(by_code.loc["2210201", "来源行"]) == 704
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载 CSV" in labels and "下载 XLSX" in labels


def test_english_switch(app):
    at = app(PAGE, lang="en")
    assert at.title[0].value == "Budget vs final"
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "Initial budget and final by item" in fig["layout"]["title"]["text"]
    assert "10k yuan" in fig["layout"]["xaxis"]["title"]["text"]
    text = text_of(at)
    assert "initial budget **6,655.58" in text and "639.93%" in text
    notes = callouts(at)
    # Where the ETL's check makes the call-out's point, its English message stands in for it.
    assert any("completion rate undefined" in n and "so there is no completion rate" in n for n in notes)
    assert any("had an initial budget of only 0.01 万元" in n and "The initial budget was only" not in n for n in notes)
    assert "Initial budget (10k yuan)" in frame(at, "Initial budget (10k yuan)").columns


def test_empty_report_explains_itself(app, monkeypatch):
    from dashboard import queries

    monkeypatch.setattr(queries, "budget_headline", lambda report_id: None)
    nothing = dict.fromkeys(
        ["total", "basic", "project", "initial_budget", "budget_line"]
    )  # as for a report without table 03
    monkeypatch.setattr(queries, "headline", lambda report_id: nothing)
    real = queries.budget_vs_final
    monkeypatch.setattr(queries, "budget_vs_final", lambda report_id: real(report_id).iloc[0:0])
    at = app(PAGE)
    notes = " ".join(i.value for i in at.info)
    assert "没有读到“一般公共预算财政拨款支出年初预算”的总数" in notes
    assert "没有读到分项" in notes and "数据与来源" in notes
    assert not at.get("plotly_chart")


def test_only_what_the_etl_stored_is_called_out(app, monkeypatch):
    import pandas as pd

    from dashboard import queries

    rows = pd.DataFrame(
        {
            "code": ["2010302", "2010350"],
            "name": ["一般行政管理事务", "事业运行"],
            "initial_budget": [100.0, 100.0],
            "final": [95.0, 30.0],
            "completion_rate": [0.95, 0.30],
            "stated_completion_rate": [0.95, 0.35],  # no finding stored of it: the page does not judge it
            "stated_final_text": ["95 万元", "30 万元"],
            "explanation": [None, "项目延期。"],
            "source_table": "情况说明 五（三）",
            "source_line": [900, 902],
            "source_page": [None, None],
            "source_cell": [None, None],
            "held_in": [None, None],
        }
    )
    low = {
        "flag": "under_initial_budget",
        "item": "事业运行",
        "value": 0.3,
        "threshold": 0.5,
        "unit": "%",
        "message": "决算 30.00 万元，是年初预算 100.00 万元的 30.00%",
        "message_en": "final 30.00 万元, 30.00% of the initial budget of 100.00 万元",
        "source_table": "情况说明 五（三）",
        "source_line": 902,
        "source_page": None,
        "source_cell": None,
    }
    monkeypatch.setattr(queries, "budget_vs_final", lambda report_id: rows)
    monkeypatch.setattr(queries, "flags", lambda report_id: pd.DataFrame([low]))
    real = queries.quality_checks
    monkeypatch.setattr(queries, "quality_checks", lambda report_id: real(report_id)[0:0])
    at = app(PAGE)
    (note,) = callouts(at)
    assert "决算远低于年初预算：决算 30.00 万元，是年初预算 100.00 万元的 30.00%" in note
    assert "项目延期。" in note and "35.00%" not in note


# --- the page's sentences and figures, without the page ---------------------------------------------------------

STATED = {
    "initial_budget": 100.0,
    "final": 640.0,
    "text": "年初预算为 100 万元，支出决算为 640 万元。",
    "source_table": "情况说明 五",
    "source_line": 688,
    "source_page": None,
    "source_cell": None,
    "held_in": None,
}


def test_the_years_totals_are_the_narratives_else_the_tables():
    head = {"initial_budget": 90.0, "total": 600.0}
    assert budget.totals(head, STATED) == (100.0, 640.0)
    assert budget.totals(head, {**STATED, "final": None}) == (100.0, 600.0)
    assert budget.totals(head, None) == (90.0, 600.0)
    assert budget.executed(2023, 100.0, 640.0) == (
        "2023 年年初预算 **100.00 万元** → 决算 **640.00 万元**，完成年初预算的 **640.00%**。"
    )
    assert "完成年初预算的 **—**" in budget.executed(2023, 0.0, 5.0)  # no share of a budget of 0


def test_the_total_is_called_out_only_when_its_stored_flag_trips():
    tripped = pd.DataFrame([{"flag": "over_initial_budget", "item": budget.TOTAL_ITEM, "value": 6.4}])
    assert budget.over(tripped, 100.0, 640.0) == (
        "实际支出是年初预算的 **6.4 倍**，多出 **540.00 万元**。报告对每一项的解释见下文。"
    )
    assert budget.over(tripped.assign(item="事业运行"), 100.0, 640.0) == ""
    assert budget.over(tripped.iloc[0:0], 100.0, 640.0) == ""


def test_the_findings_at_the_totals_sentence_and_where_it_stands():
    findings = pd.DataFrame(
        {
            "message": ["总数不符", "别处"],
            "message_en": [None, None],
            "source_table": ["情况说明 五", "情况说明 五"],
            "source_line": [688, 700],
        }
    )
    assert budget.stated_notes(STATED, findings) == ["注意：总数不符"]
    assert budget.quoted(STATED) == "报告原文（情况说明 五 第 688 行）：年初预算为 100 万元，支出决算为 640 万元。"
    apart = budget.quoted({**STATED, "held_in": "情况说明.txt"})
    assert apart.startswith("报告原文（情况说明.txt · 情况说明 五 第 688 行）")


def test_nothing_stands_out_within_the_thresholds_of_the_stored_flags(monkeypatch):
    assert "各项决算都在年初预算的 50%–150% 之间" in budget.nothing_stands_out()
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert "between 50 % and 150 % of its initial budget" in budget.nothing_stands_out()


def test_a_callout_says_what_the_report_does_not():
    (row,) = pd.DataFrame(
        [
            {
                "code": None,
                "name": "其他支出",
                "initial_budget": 0.0,
                "final": 5.0,
                "completion_rate": None,
                "stated_final_text": "5 万元",
                "explanation": None,
                "flags": ["没有年初预算的支出：决算 5.00 万元"],
                "messages": ["完成率无法计算"],
                "source_table": "情况说明 五",
                "source_line": 698,
                "source_page": None,
                "source_cell": None,
                "held_in": None,
            }
        ]
    ).itertuples()
    assert budget.callout(row).split("\n\n") == [
        "**其他支出**：年初预算 0.00 万元，决算 5.00 万元（报告原文“5 万元”），完成率无法计算。",
        "没有年初预算的支出：决算 5.00 万元",
        "报告的解释：报告没有给出解释。",
        "数据核对：完成率无法计算",
        "出处：情况说明 五 第 698 行",
    ]


def test_the_table_names_the_unit_of_every_figure_and_which_rate_is_recomputed():
    lines = pd.DataFrame(
        {
            "code": ["2010350"],
            "name": ["事业运行"],
            "initial_budget": [0.01],
            "final": [45.84],
            "stated_final_text": ["45.84 万元"],
            "completion_rate": [4584.0],
            "stated_completion_rate": [4584.0],
            "explanation": [None],
            "flags": [["甲", "乙"]],
            "messages": [[]],
        }
    )
    cols = budget.cols(lines)
    assert [c.header for c in cols] == [
        "科目编码",
        "科目名称",
        "年初预算（万元）",
        "决算（万元）",
        "报告原文的决算数",
        "按金额重算的完成率（%）",
        "报告写的完成率（%）",
        "提示",
        "报告的解释",
        "数据核对",
    ]
    by_header = {c.header: c for c in cols}
    assert by_header["按金额重算的完成率（%）"].values.tolist() == [458400.0]
    assert by_header["提示"].values == ["甲；乙"] and by_header["数据核对"].values == [""]
