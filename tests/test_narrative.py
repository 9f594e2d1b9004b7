"""The narrative (情况说明) and glossary (名词解释): the real report and hand-written variants."""

from __future__ import annotations

from decimal import Decimal

import pytest

from etl.document import Line
from etl.parts.narrative import Narrative, parse_narrative, subject_key
from etl.readers import read_document

REPORT = "data/raw/jilin-zwfw-szhjs-2023.md"

# 公开03表's 项 names as the table writes them.
CODES = {
    "一般行政管理事务": "2010302",
    "事业运行": "2010350",
    "其他政府办公厅（室）及相关机构事务支出": "2010399",
    "其他网信事务支出": "2013799",
    "机关事业单位基本养老保险缴费支出": "2080505",
    "事业单位医疗": "2101102",
    "住房公积金": "2210201",
}


@pytest.fixture(scope="module")
def real() -> Narrative:
    return parse_narrative(read_document(REPORT).lines, "jilin-2023", CODES)


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with 1-based numbers, as the readers give them."""
    return [Line(n, t.strip()) for n, t in enumerate(text.splitlines(), start=1) if t.strip()]


def parse(text: str, codes: dict[str, str] | None = None) -> Narrative:
    return parse_narrative(lines_of(text), "r", codes or {})


def facts(n: Narrative) -> dict[str, Decimal | None]:
    return {f.topic: f.value for f in n.facts}


def checks(n: Narrative, name: str) -> list:
    return [c for c in n.quality_checks if c.check == name]


# --------------------------------------------------------------------------- the real report


def test_budget_vs_final_items(real):
    rows = real.budget_vs_final
    assert [r.code for r in rows] == ["2010302", "2010350", "2010399", "2013799", "2080505", "2101102", "2210201"]
    assert [(r.initial_budget, r.final) for r in rows] == [
        (Decimal("1.35"), Decimal("1.35")),
        (Decimal("0.01"), Decimal("45.84")),
        (Decimal("6624.70"), Decimal("42041.03")),
        (Decimal("0"), Decimal("468.9")),
        (Decimal("11.79"), Decimal("14.18")),
        (Decimal("8.18"), Decimal("8.18")),
        (Decimal("9.55"), Decimal("11.33")),
    ]
    assert [r.stated_completion_rate for r in rows] == [
        Decimal("1"),
        Decimal("4584"),
        Decimal("6.3461"),
        Decimal("468.9"),
        Decimal("1.2027"),
        Decimal("1"),
        Decimal("1.1864"),
    ]
    assert rows[0].name == "一般行政管理事务"
    assert rows[2].name == "其他政府办公厅（室）及相关机构事务"
    assert rows[2].completion_rate == Decimal("6.346103")
    assert rows[3].completion_rate is None  # initial budget 0
    assert rows[1].explanation == "2023年度支出含当年追加的事业运行经费。"
    assert rows[0].explanation is None
    assert {r.source_table for r in rows} == {"情况说明 五（三）"}
    # Item 1 is broken over lines 690 and 692; its figures are on 692.
    assert [r.source_line for r in rows] == [692, 694, 696, 698, 700, 702, 704]


def test_unit_slip_is_kept_in_words_and_corrected_in_value(real):
    housing = real.budget_vs_final[-1]
    assert housing.stated_final_text == "11.33 元"
    assert housing.final == Decimal("11.33")
    assert housing.completion_rate == Decimal("1.186387")
    (slip,) = checks(real, "unit_slip")
    assert (slip.severity, slip.expected, slip.actual, slip.source_line) == ("warning", "11.33 万元", "11.33 元", 704)
    assert "第 704 行" in slip.message and "支出决算为 11.33 元" in slip.message


def test_meaningless_completion_rates_are_flagged(real):
    (tiny,) = checks(real, "tiny_initial_budget")
    assert tiny.source_line == 694 and "458400%" in tiny.actual and "0.01 万元" in tiny.message
    (undefined,) = checks(real, "completion_rate_undefined")
    assert undefined.source_line == 698 and undefined.actual == "46890%"
    assert not checks(real, "completion_rate_mismatch")


def test_real_report_findings_are_exactly_these(real):
    assert sorted((c.check, c.severity, c.source_line) for c in real.quality_checks) == [
        # 二、收入 and 三、支出 state their rise on 2022 without the reason 一 gives for the totals.
        ("change_reason_missing", "info", 653),
        ("change_reason_missing", "info", 660),
        ("completion_rate_undefined", "warning", 698),
        ("tiny_initial_budget", "warning", 694),
        ("unit_slip", "warning", 704),
    ]


def test_headline_facts(real):
    f = facts(real)
    assert f["initial_budget_total"] == Decimal("6655.58")
    assert f["final_total"] == Decimal("42590.81")
    assert f["completion_rate_total"] == Decimal("6.3993")
    assert f["total"] == Decimal("42590.81")
    assert f["total_change"] == Decimal("18811.13")
    assert f["total_growth"] == Decimal("0.7911")
    assert f["total_spending"] == Decimal("42590.81")
    assert f["basic_spending"] == Decimal("297.2")
    assert f["basic_spending_share"] == Decimal("0.0069")
    assert f["project_spending"] == Decimal("42293.61")
    assert f["personnel"] == Decimal("268.35")
    assert f["public_costs"] == Decimal("28.85")
    units = {x.topic: x.unit for x in real.facts}
    assert units["total_growth"] == "fraction" and units["basic_spending"] == "万元"


def test_three_public_admin_assets_and_performance(real):
    f = facts(real)
    for item in ("total", "abroad", "vehicles", "reception"):
        assert f[f"three_public_{item}_budget"] == 0
        assert f[f"three_public_{item}_final"] == 0
    assert f["three_public_vehicle_purchase_final"] == 0
    assert f["three_public_vehicle_operation_final"] == 0
    admin = next(x for x in real.facts if x.topic == "admin_costs")
    assert admin.value == 0 and "无机关运行经费支出" in admin.text and admin.source_line == 756
    assert f["vehicles"] == 0
    assert f["equipment_over_1m"] == 5
    units = {x.topic: x.unit for x in real.facts}
    assert units["vehicles"] == "辆" and units["equipment_over_1m"] == "台（套）"
    assert f["perf_project_count"] == 14
    assert f["perf_total_amount"] == Decimal("6411.44")


def test_procurement(real):
    (p,) = real.procurement
    assert p.total == Decimal("42198.47")
    assert (p.goods, p.works, p.services) == (0, 0, Decimal("42198.47"))
    assert p.sme_amount == Decimal("1274.36")
    assert p.stated_sme_share == Decimal("0.0302")
    assert p.sme_share == Decimal("0.030199")
    assert p.small_micro_amount == Decimal("171.6")
    assert p.stated_small_micro_share == Decimal("0.13")
    assert p.small_micro_share_of_sme == Decimal("0.134656")
    assert (p.source_table, p.source_line) == ("情况说明 十一（二）", 760)


def test_glossary(real):
    terms = {g.term: g for g in real.glossary}
    assert terms["项目支出"].definition == "指单位为完成特定行政任务和事业发展目标在基本支出之外所发生的支出。"
    assert terms["项目支出"].source_line == 778
    assert len(real.glossary) == 13
    # The 三公经费 entry goes on over the next line.
    three = terms["“三公”经费"]
    assert three.definition.endswith("公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。")
    assert "过桥过路费、保险费" in three.definition
    assert all("*" not in g.term and "*" not in g.definition for g in real.glossary)


# --------------------------------------------------------------------------- variants

HEAD = "第三部分 2023 年度部门决算情况说明\n"
DETAIL = "五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"


def test_subject_key_matches_narrative_and_table_names():
    assert subject_key("其他政府办公厅（室）及相关机构事务（项）") == subject_key(
        "其他政府办公厅（室）及相关机构事务支出"
    )
    assert subject_key("机关事业单位基本养老保险缴费（项）") == subject_key("机关事业单位基本养老保险缴费支出")
    assert subject_key("其他网信事务支出(项)") == subject_key("其他网信事务支出")


def test_narrative_written_in_yuan_is_converted_without_slips():
    n = parse(
        HEAD
        + "三、支出决算情况说明\n"
        + "本年支出合计 425908100.00 元，其中：基本支出 2972000.00 元，占 0.70%；"
        + "项目支出 422936100.00 元，占 99.30%。\n"
        + DETAIL
        + "1. 住房保障（类）住房改革（款）住房公积金（项），年初预算为 95500.00 元，支出决算为 113300.00 元，"
        + "完成年初预算的 118.64%。\n"
        + "2. 卫生健康（类）行政事业单位医疗（款）事业单位医疗（项），年初预算为 81800.00 元，支出决算为 8.18 万元，"
        + "完成年初预算的 100%。\n",
        {"住房公积金": "2210201", "事业单位医疗": "2101102"},
    )
    housing, health = n.budget_vs_final
    assert (housing.code, housing.initial_budget, housing.final) == ("2210201", Decimal("9.55"), Decimal("11.33"))
    assert housing.stated_final_text == "113300.00 元"
    # Mixed units, but the literal reading is the one the rate confirms: nothing to flag.
    assert (health.initial_budget, health.final) == (Decimal("8.18"), Decimal("8.18"))
    assert facts(n)["total_spending"] == Decimal("42590.81")
    assert facts(n)["basic_spending"] == Decimal("297.2")
    assert n.quality_checks == []


def test_figures_split_over_lines_and_spaces():
    n = parse(
        HEAD
        + DETAIL
        + "1. 一般公共服务（类）政府办公厅（室）及相关机构事\n\n"
        + "务（款）一般行政管理事务（项）。年初预算为 2180. 66 万元，支出决算为 2180.66 万元，完成年初预算的 100 %。\n",
        {"一般行政管理事务": "2010302"},
    )
    (row,) = n.budget_vs_final
    assert (row.code, row.initial_budget, row.source_line) == ("2010302", Decimal("2180.66"), 6)
    assert n.quality_checks == []


def test_garbled_amount_is_an_error_and_none():
    n = parse(
        HEAD + DETAIL + "1. 住房保障（类）住房改革（款）住房公积金（项），年初预算为 4,3O0.00 万元，"
        "支出决算为 4300.00 万元，完成年初预算的 100%。\n"
    )
    (row,) = n.budget_vs_final
    assert row.initial_budget is None and row.completion_rate is None
    assert row.final == Decimal("4300.00")
    (error,) = n.quality_checks
    assert (error.check, error.severity, error.actual, error.source_line) == (
        "unreadable_figure",
        "error",
        "4,3O0.00 万元",
        4,
    )


def test_stated_rate_that_does_not_match_is_flagged():
    n = parse(HEAD + DETAIL + "1. 事业运行（项）。年初预算为 10 万元，支出决算为 12 万元，完成年初预算的 130%。\n")
    (mismatch,) = n.quality_checks
    assert (mismatch.check, mismatch.expected, mismatch.actual) == ("completion_rate_mismatch", "120%", "130%")


def test_mixed_units_without_a_rate_are_not_guessed():
    n = parse(HEAD + DETAIL + "1. 事业运行（项）。年初预算为 9.55 万元，支出决算为 11.33 元。\n")
    (row,) = n.budget_vs_final
    assert row.final is None and row.stated_final_text == "11.33 元"
    assert [(c.check, c.severity) for c in n.quality_checks] == [("unit_unclear", "error")]


def test_share_checks():
    n = parse(
        HEAD
        + "三、支出决算情况说明\n"
        + "本年支出合计 42590.81 万元，其中：基本支出 297.2 万元，占 5.00%；项目支出 42293.61 万元，占 99.30%；"
        + "基本支出中，人员经费 268.35 元，占 90.29%；公用经费 28.85 万元，占 9.71%。\n"
    )
    (share,) = checks(n, "narrative_share")
    assert (share.expected, share.actual, share.source_line) == ("0.70%", "5.00%", 3)
    (slip,) = checks(n, "unit_slip")
    assert (slip.expected, slip.actual) == ("268.35 万元", "268.35 元")
    assert facts(n)["personnel"] == Decimal("268.35")
    assert len(n.quality_checks) == 2


def test_a_change_on_last_year_without_its_reason_is_noted():
    n = parse(HEAD + "二、收入决算情况说明\n本年收入合计 200 万元，比上年减少 50 万元，下降 20%。\n")
    (missing,) = n.quality_checks
    assert (missing.check, missing.severity, missing.actual) == ("change_reason_missing", "info", "比上年减少50万元")
    assert "减少 50 万元" in missing.message_en


def test_growth_is_checked_against_last_year():
    n = parse(
        HEAD + "一、收入支出决算总体情况说明\n2023 年度收、支总计均为 200 万元。与 2022 年度相比，"
        "收、支总计各减少 50 万元，下降 25%。主要原因是项目结束。\n"
    )
    assert facts(n)["total_change"] == Decimal("-50")
    assert facts(n)["total_growth"] == Decimal("-0.25")
    (growth,) = n.quality_checks  # 50 / 250 = 20%
    assert (growth.check, growth.expected, growth.actual) == ("narrative_growth", "20%", "25%")


PROCUREMENT = (
    HEAD
    + "十一、其他重要事项情况说明\n（二）政府采购支出情况说明\n"
    + "2023 年度政府采购支出总额 1000 万元，其中：政府采购货物支出 200 万元、政府采购工程支出 300 万元、"
    + "政府采购服务支出 {services} 万元。授予中小企业合同金额 600 万元，占政府采购支出总额的 60%，其中：授予小微企业"
    + "合同金额 150 万元，占授予中小企业合同金额的 {small}%。\n"
)


def test_procurement_with_goods_and_works():
    n = parse(PROCUREMENT.format(services=500, small=25))
    (p,) = n.procurement
    assert (p.total, p.goods, p.works, p.services) == (1000, 200, 300, 500)
    assert (p.sme_share, p.stated_sme_share) == (Decimal("0.6"), Decimal("0.6"))
    assert (p.small_micro_share_of_sme, p.stated_small_micro_share) == (Decimal("0.25"), Decimal("0.25"))
    assert n.quality_checks == []


def test_procurement_that_does_not_add_up():
    n = parse(PROCUREMENT.format(services=400, small=30))
    assert sorted(c.check for c in n.quality_checks) == ["procurement_share", "procurement_sum"]
    share = checks(n, "procurement_share")[0]
    assert (share.expected, share.actual) == ("25.00%", "30%")


def test_missing_sections_yield_no_rows():
    n = parse(HEAD + "一、收入支出决算总体情况说明\n2023 年度收、支总计均为 200 万元。\n")
    assert n.procurement == [] and n.budget_vs_final == [] and n.glossary == []
    assert set(facts(n)) == {"total"}
    assert n.quality_checks == []


def test_glossary_without_numbers_and_with_continuations():
    n = parse(
        "第四部分 名词解释\n"
        "**机关运行经费**：指为保障行政单位运行用于购买货物和服务的各项资金，包括办公及印刷费、\n"
        "邮电费、差旅费等。\n"
        "2. 基本支出：指人员支出和公用支出。\n"
    )
    assert [(g.term, g.definition, g.source_line) for g in n.glossary] == [
        ("机关运行经费", "指为保障行政单位运行用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费等。", 2),
        ("基本支出", "指人员支出和公用支出。", 4),
    ]


def test_no_procurement_stated_is_a_row_of_zeros():
    n = parse(HEAD + "十一、其他重要事项情况说明\n（二）政府采购支出情况说明\n本单位 2023 年度无政府采购支出。\n")
    (p,) = n.procurement
    assert (p.total, p.goods, p.works, p.services, p.sme_share) == (0, 0, 0, 0, None)
    assert p.source_line == 4


def test_unknown_subject_has_no_code_and_says_so():
    item = "1. 行政运行（项）。年初预算为 10 万元，支出决算为 10 万元，完成年初预算的 100%。\n"
    n = parse(HEAD + DETAIL + item, CODES)
    (row,) = n.budget_vs_final
    assert row.code is None and row.name == "行政运行"
    assert [(c.check, c.severity) for c in n.quality_checks] == [("subject_code_missing", "info")]


ITEM = (
    "住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：{use}。年初预算为187.75万元，支出决算为187.19万元。"
    "决算数小于预算数的主要原因：预算按周全保障测算，实际执行基本贴合预期。\n"
)


def test_a_subject_described_as_another_is_a_warning():
    n = parse(HEAD + DETAIL + ITEM.format(use="在职人员基本医疗保险费"), {"住房公积金": "2210201"})
    (wrong,) = [q for q in n.quality_checks if q.check == "subject_described_wrongly"]
    assert (wrong.severity, wrong.actual, wrong.source_line) == ("warning", "在职人员基本医疗保险费", 4)
    assert "说的却是医疗" in wrong.message


def test_a_subject_described_as_itself_is_not():
    n = parse(HEAD + DETAIL + ITEM.format(use="缴纳在职人员住房公积金"), {"住房公积金": "2210201"})
    assert [q.check for q in n.quality_checks] == []
