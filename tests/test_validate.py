"""Where a report contradicts itself: each check fires on a broken copy of the bundled report."""

from __future__ import annotations

import re

from etl.parse import parse_report
from etl.readers.markdown import parse_document
from etl.validate import validate
from tests.conftest import BUNDLED

TEXT = BUNDLED.read_text(encoding="utf-8")


def findings_for(text: str):
    parsed = parse_report(parse_document(text, "broken.md"))
    return parsed.quality_checks + validate(parsed)


def by_check(findings, check):
    return [f for f in findings if f.check == check]


def test_the_bundled_report_is_consistent_apart_from_its_known_slips(bundled):
    serious = sorted((f.check, f.source_line) for f in bundled.quality_checks if f.severity != "info")
    assert serious == [
        ("completion_rate_undefined", 698),  # 0 万元 → 46890%
        ("subject_name_mismatch", 217),  # 公开05表 calls 201 "一般公共预算支出"
        ("tiny_initial_budget", 694),  # 0.01 万元 → 458400%
        ("unit_slip", 704),  # "11.33 元"
    ]


def test_parent_not_equal_to_children_is_an_error_naming_table_and_line():
    broken = TEXT.replace(
        "| 20103 | | 政府办公厅（室）及相关机构事务 | 42,088.22 | 263.51 | 41,824.71 |",
        "| 20103 | | 政府办公厅（室）及相关机构事务 | 42,188.22 | 263.51 | 41,924.71 |",
    )
    found = by_check(findings_for(broken), "parent_sum")
    messages = [f.message for f in found if f.severity == "error"]
    assert any(
        "公开03表 支出决算表第 145 行：20103" in m and "42,188.22 万元" in m and "42,088.22 万元" in m for m in messages
    )
    # 201 no longer equals its 款 either
    assert any("第 144 行：201 " in m for m in messages)


def test_rounding_difference_is_info_not_error():
    broken = TEXT.replace("| 2010350 | | 事业运行 | 45.84 | 45.84 |", "| 2010350 | | 事业运行 | 45.85 | 45.85 |")
    found = [f for f in findings_for(broken) if f.check == "parent_sum" and f.source_line == 145]
    assert found and {f.severity for f in found} == {"info"}
    assert "尾数误差" in found[0].message


def test_totals_disagree_across_tables():
    broken = TEXT.replace("| 本年支出合计 | 30 | 42,590.81 |", "| 本年支出合计 | 30 | 42,690.81 |")
    found = by_check(findings_for(broken), "cross_table_total")
    assert [(f.source_table, f.source_line, f.severity) for f in found] == [("公开01表 收入支出决算总表", 83, "error")]
    assert found[0].expected == "42,590.81 万元" and found[0].actual == "42,690.81 万元"


def test_basic_split_in_table_05():
    broken = TEXT.replace(
        "| 2010399 | 其他政府办公厅（室）及相关机构事务支出 | 42,041.03 | 217.67 | 188.82 | 28.85 |",
        "| 2010399 | 其他政府办公厅（室）及相关机构事务支出 | 42,041.03 | 217.67 | 178.82 | 28.85 |",
    )
    found = [f for f in findings_for(broken) if f.check == "row_split" and f.source_line == 221]
    assert len(found) == 1 and "基本支出" in found[0].message


def test_economic_items_against_category_total():
    broken = TEXT.replace("| 30101 | 基本工资 | 109.79 |", "| 30101 | 基本工资 | 119.79 |")
    found = by_check(findings_for(broken), "basic_split")
    assert any(
        f.message.startswith("公开06表 一般公共预算财政拨款基本支出决算明细表第 280 行：人员经费合计") for f in found
    )


def test_performance_total_against_narrative():
    broken = TEXT.replace("共涉及资 6411.44 万元", "共涉及资 6511.44 万元")
    (found,) = by_check(findings_for(broken), "perf_total")
    assert found.severity == "error" and found.actual == "6,511.44 万元" and found.expected == "6,411.44 万元"


def test_findings_say_the_same_in_english_with_names_as_published():
    broken = TEXT.replace(
        "| 20103 | | 政府办公厅（室）及相关机构事务 | 42,088.22 | 263.51 | 41,824.71 |",
        "| 20103 | | 政府办公厅（室）及相关机构事务 | 42,188.22 | 263.51 | 41,924.71 |",
    )
    english = {f.message_en for f in by_check(findings_for(broken), "parent_sum")}
    assert (
        "Expenditure table (No. 03), line 145: the report gives the total of 20103 政府办公厅（室）及相关机构事务 as "
        "42,188.22 10k yuan; its other figures give 42,088.22 10k yuan (a difference of 100.00 10k yuan)."
    ) in english
    rounding = TEXT.replace("| 2010350 | | 事业运行 | 45.84 | 45.84 |", "| 2010350 | | 事业运行 | 45.85 | 45.85 |")
    assert (
        "Income table (No. 02), line 109: the report gives the fiscal appropriation of 20103 政府办公厅（室）及相关机构事务 "
        "as 42,088.22 10k yuan; its other figures give 42,088.23 10k yuan (a difference of 0.01 10k yuan, within "
        "rounding)."
    ) in {f.message_en for f in by_check(findings_for(rounding), "parent_sum")}


def test_the_bundled_reports_slips_in_english(bundled):
    english = {f.check: f.message_en for f in bundled.quality_checks}
    assert english["unit_slip"] == (
        "Narrative, section 5 (3), line 704: “住房公积金（项）” is written as “支出决算为 11.33 元”, but the same "
        "sentence gives the initial budget as 9.55 万元 and the completion rate as 118.64%, which fit only 11.33 10k "
        "yuan (read as 11.33 元, the rate would be 0.01%): a unit slip, recorded as 11.33 10k yuan."
    )
    assert english["subject_name_mismatch"] == (
        "General public budget appropriations expenditure table (No. 05), line 217: subject 201 is named “一般公共预算支出” here and "
        "“一般公共服务支出” in the spending table (支出决算表)."
    )
    assert english["gov_fund_empty"] == (
        "Government fund budget appropriations income and expenditure table (No. 07), line 294: the table is empty: no government-fund budget "
        "appropriations were received or spent this year."
    )


LOST_PROJECT_NAME = (  # the title, header and 项目名称 / 实施单位 rows of one performance table
    "项目支出绩效自评表\n\n| | | | | | | |\n|--------------|--|-----------------|--|----------|--------|--|\n"
    "| 项目名称 | 省政府网站集约化平台运维服务项目 | | | | | |\n| 实施单位 | 吉林省政务服务和数字化建设服务中心 | | | | | |\n"
)
TOO_MUCH_TEXT = "\n" + ("说明" * 500 + "。\n\n") * 110  # past the 100,000 characters of text read
# Broken copies of the bundled report that between them make every kind of finding, each in every wording and
# with each of the words a part chooses for its English ("the final figure", "down", ...).
BROKEN = [
    [  # tables
        ("| | | 合计 | 42,590.81 | 297.20 |", "| | | 合计 | 42,59O.81 | 297.20 |"),
        ("| 2010350 | | 事业运行 | 45.84 | 45.84 | | | | |\n", "| 2O10350 | | 事业运行 | 45.84 | 45.84 | | | | |\n"),
        ("| 2010302 | | 一般行政管理事务 | 1.35 | |", "| 2010302 | | 一般行政管理事务 | 1,000,000,000,000.00 | |"),
        ("| 2013799 | | 其他网信事务支出 | 468.9 | | 468.9 | | | |", "| 2013799 | | | 468.9 | | 468.9 | | | |"),
        ("| 20137 | | 网信事务 | 468.9 | | 468.9 | | | |", "| 20137 | | 网信事务 | 468.9 | |"),
        (
            "| 2010399 | | 其他政府办公厅（室）及相关机构事务支出 | 42,041.03 | 217.67 | 41,823.36 | | | |\n",
            "| 2010399 | | 其他政府办公厅（室）及相关机构事务支出 | 42,041.03 | 217.67 | 41,823.36 | | | |\n" * 2,
        ),
        ("| | 合计 | | | | | | | | | | | | | |", "| | 合计 | 1.00 | | | | | | | | | | | | |"),
        ("| | | | 合计 | | | | | | | | |", "| | | | 合计 | 1.00 | | | | | | | |"),
        ("| 10 | 11 | 12 |\n| | | | | | | | | | | | |\n", "| 10 | 11 | 12 |\n"),
        ("| 本年支出合计 | 30 | 42,590.81 |", "| 本年支出合计 | 30 | 42,690.81 |"),
        ("| 30101 | 基本工资 | 109.79 |", "| 30101 | 基本工资 | 119.79 |"),
        ("共涉及资 6411.44 万元", "共涉及资 6511.44 万元"),
    ],
    [  # performance tables
        ("| 项目名称 | 12342 营商环境监督投诉举报电话运营服务费 | | | | | |\n", "| 项目名称 | | | | | | |\n"),
        (
            "| | 当年财政拨款 | 1533.22 | 1533.22 | 1533.22 | 100.00% | |",
            "| | 当年财政拨款 | 1533.22 | 1533.22 | 1523.22 | 100.00% | |",
        ),
        (
            "| | 年度资金总和 | 1436.23 | 1436.23 | 1432.94 | 99.77% | |",
            "| | 年度资金总和 | 1436.23 | 1436.23 | 1432.94 | 90.77% | |\n| 备注 | 无 | | | | | |",
        ),
        (
            "| | 年度资金总和 | 971.00 | 971.00 | 965.50 | 99.43% | |",
            "| | 年度资金总和 | 971.00 | 1,000,000,000,000.00 | 965.50 | 99.43% | |",
        ),
        ("| | 年度资金总和 | 35.70 | 35.70 | 35.70 | 100.00% | |", "| | 年度资金总和 | 35.70 | 35.70 | 100.00% | |"),
        ("| | 年度资金总和 | 44.20 | 44.20 | 43.20 | 97.74% | |\n", ""),
        (
            "| | 当年财政拨款 | 59.50 | 59.50 | 59.50 | 100.00% | |",
            "| | 当年财政拨款 | 59.50 | 59.50 | 59.5O | 100.00% | |",
        ),
        (
            "| | 产出指标 | 质量指标 | 双公示合规率 | >=98% | 100% | |",
            "| | 效益指标 | 质量指标 | 双公示合规率 | >=98% | 100% | |",
        ),
        ("| 地市前置库数据治理数量 | ≥800 万条 | 832 万条 | |", "| 地市前置库数据治理数量 | | | |"),
        (LOST_PROJECT_NAME, ""),
    ],
    [  # more performance tables, and 公开05表
        ("| 合计 | | 42,590.81 | 297.20 | 268.35 |", "| 合计 | | 42,590.81 | 297.30 | 268.35 |"),
        (
            "| 2010399 | 其他政府办公厅（室）及相关机构事务支出 | 42,041.03 | 217.67 | 188.82 | 28.85 |",
            "| 2010399 | 其他政府办公厅（室）及相关机构事务支出 | 42,041.03 | 217.67 | 178.82 | 28.85 |",
        ),
        (
            "| 项目名称 | 12342 营商环境监督投诉举报电话运营服务费 | | | | | |\n",
            "| 实施单位 | 某单位 | | | | | |\n| 项目名称 | 12342 营商环境监督投诉举报电话运营服务费 | | | | | |\n",
        ),
        (
            "| 资金情况 (万元) | 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | |\n| | 当年财政拨款 | 1533.22 |",
            "| 资金情况 (万元) | 项目资金 | 0 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | |\n| | 当年财政拨款 | 1533.22 |",
        ),
    ],
    [  # the narrative
        ("年初预算为 1.35 万元，支出决算为 1.35 万元", "年初预算为 4,3O0.00 万元，支出决算为 1.35 万元"),
        ("公务用车保有量为0辆", "公务用车保有量为1,0O0辆"),
        ("公务用车购置费支出0万元。", "公务用车购置费支出0万元。公务用车购置费支出5万元。"),
        ("政府采购货物支出 0 万元", "政府采购货物支出 1000000000000 万元"),
        ("人员经费 268.35 万元，占 90.29%", "人员经费 268.35 元，占 90.29%"),
        (
            "年初预算为 8.18 万元，支出决算为 8.18 万元，完成年初预算的 100%",
            "年初预算为 8.18 万元，支出决算为 8.18 元，完成年初预算的 50%",
        ),
        ("完成年初预算的 120.27%", "完成年初预算的 130.27%"),
        ("基本支出 297.2 万元，占 0.69%", "基本支出 297.2 万元，占 5.00%"),
        ("增长 16.95 %", "增长 26.95 %"),
        ("占政府采购支出总额的 3.02%", "占政府采购支出总额的 4.02%"),
        ("为全省政务服务和数字化建设提供服务。", "长" * 2100 + "\n\n为全省政务服务和数字化建设提供服务。"),
    ],
    [  # more of the narrative
        (
            "年初预算为 8.18 万元，支出决算为 8.18 万元，完成年初预算的 100%。",
            "年初预算为 8.18 万元，支出决算为 8.18 元。",
        ),
        ("政府采购服务支出 42198.47 万元", "政府采购服务支出 42098.47 万元"),
        ("一般行政管理事务（项）", "行政运行（项）"),
        ("年初预算为 11.79 万元，支出决算为 14.18 万元", "年初预算为 11.79 元，支出决算为 14.18 万元"),
        ("比上年增加 43.08 万元，增长 16.95 %", "比上年减少 43.08 万元，下降 26.95 %"),
        ("占授予中小企业合同金额的 13%", "占授予中小企业合同金额的 23%"),
    ],
]


FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
QUOTED = re.compile(r"“([^”]*)”")


def test_every_kind_of_finding_has_its_english():
    findings = []
    for edits in BROKEN:
        text = TEXT
        for old, new in edits:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        findings += findings_for(text + TOO_MUCH_TEXT)
    # The English says what the Chinese says: every figure and every quotation in it, word for word
    # (but our own stand-in for a missing project name, which the English words as "before any project").
    for f in findings:
        for kept in [*FIGURE.findall(f.message), *QUOTED.findall(f.message.replace("“（未知项目）”", ""))]:
            assert kept in f.message_en, (kept, f.message, f.message_en)
    assert {f.check for f in findings} == {
        *("parent_sum", "row_split", "table_total", "cross_table_total", "basic_split", "perf_total"),
        *("subject_name_mismatch", "duplicate_code", "missing_cell", "unreadable_amount", "unstorable_amount"),
        *("unreadable_code", "missing_name", "truncated_table", "gov_fund_not_loaded", "soe_capital_not_loaded"),
        *("gov_fund_empty", "soe_capital_empty", "perf_row_unreadable", "perf_row_ignored", "perf_level_conflict"),
        *("perf_funding_missing", "perf_execution_rate", "perf_funding_sum", "narrative_conflict"),
        *("unreadable_figure", "unstorable_figure", "text_too_long", "subject_code_missing", "unit_slip"),
        *("unit_unclear", "completion_rate_undefined", "tiny_initial_budget", "completion_rate_mismatch"),
        *("narrative_share", "narrative_growth", "procurement_sum", "procurement_share", "narrative_total"),
        *("summary_balance", "change_reason_missing"),
    }
    # The checks worded more than one way, in each of their wordings.
    unloaded = " ".join(f.message_en for f in by_check(findings, "perf_row_unreadable"))
    for reason in (
        *("the project name is empty", "comes before the first", "follow the previous project's indicators"),
        *("the funding header has no", "row should hold", "is not a number that can be read for sure"),
        *("is beyond what the store can hold", "an indicator row needs"),
    ):
        assert reason in unloaded, reason
    english = " ".join(f.message_en for f in findings)
    for wording in (
        *("the figure for “", "rather than guessed", "characters long", "the text outside the tables"),
        *("the same sentence gives", "the same sentence's share of", "neither reading fits"),
        *("no completion rate to check", "gives the final figure as", "gives the initial budget as"),
        *("this year, up ", "this year, down ", "total government procurement by", "small and micro enterprises"),
    ):
        assert wording in english, wording
