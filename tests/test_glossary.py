"""The glossary of the template's own vocabulary (etl/glossary.csv): exact English for real codes, nothing for a
code outside the years it was checked for or one it lacks, and every name the bundled and synthetic reports use."""

from __future__ import annotations

import csv
import re

import pytest

from dashboard import i18n
from etl import glossary, synth
from etl.glossary import english, source_english

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    "kind, code, year, published, expected",
    [
        ("function", "201", 2023, "一般公共服务支出", "General public services"),
        ("function", "221", 2024, "住房保障支出", "Housing security"),
        (
            "function",
            "20103",
            2023,
            "政府办公厅（室）及相关机构事务",
            "Government general offices and related agencies",
        ),
        ("function", "2010350", 2023, "事业运行", "Running of public institutions"),
        ("function", "2210201", 2024, "住房公积金", "Housing provident fund"),
        # the narrative drops the trailing 支出 of the table's name
        (
            "function",
            "2080505",
            2023,
            "机关事业单位基本养老保险缴费",
            "Basic pension insurance contributions of government agencies and public institutions",
        ),
        ("economic", "301", 2023, "工资福利支出", "Wages and benefits"),
        ("economic", "30101", 2024, "基本工资", "Basic salaries"),
        ("economic", "30201", 2023, "办公费", "Office expenses"),
        ("economic", "30213", 2023, "维修(护)费", "Repairs and maintenance"),  # half-width brackets, as printed
        ("economic", "30112", 2023, "其他社会保险缴费", "Other social security contributions"),  # the older name
        ("economic", "31002", 2024, "办公设备购置", "Office equipment"),
        ("level", "产出指标", None, None, "Output indicators"),
        ("level", "数量指标", None, None, "Quantity"),
        ("level", "服务对象满意度指标", None, None, "Beneficiary satisfaction"),
        ("level", "经济效益指标", None, None, "Economic benefits"),
        ("three_public", "公务接待费", None, None, "Official hospitality"),
    ],
)
def test_real_codes_have_their_english(kind, code, year, published, expected):
    assert english(kind, code, year, published) == expected


def test_a_code_outside_the_years_it_was_checked_for_has_none():
    assert english("function", "201", 2024) == "General public services"
    # subject lists are renumbered and renamed: a year the glossary was not checked against gets no guess
    assert english("function", "201", 2019) is None
    assert english("function", "201", 2025) is None
    assert english("economic", "30101", 2020, "基本工资") is None


def test_an_unknown_code_or_a_name_the_report_prints_otherwise_has_none():
    assert english("function", "2019999", 2023) is None
    assert english("economic", "39999999", 2023) is None
    assert english("function", None, 2023) is None
    # 05表 of the bundled report names 201 “一般公共预算支出”: not the class the code stands for
    assert english("function", "201", 2023, "一般公共预算支出") is None
    assert english("level", "某某指标") is None


def test_table_and_section_names():
    assert source_english("公开03表 支出决算表") == "Expenditure table (No. 03)"
    assert source_english("支出决算表") == "Expenditure table"
    assert source_english("公开06表 一般公共预算财政拨款基本支出决算明细表") == (
        "General public budget appropriations basic expenditure detail table (No. 06)"
    )
    assert (
        source_english("附表9 财政拨款“三公”经费支出决算表")
        == "Fiscal appropriations “three public costs” table (Annex No. 9)"
    )
    assert source_english("情况说明 五（三）") == "Narrative, section 5 (3)"
    assert source_english("情况说明 十一（二）") == "Narrative, section 11 (2)"
    assert source_english("情况说明") == "Narrative"
    assert source_english("项目支出绩效自评表") == "Project performance self-evaluation tables"
    assert source_english("某某补充表") is None
    assert glossary.source_en("某某补充表") == "某某补充表"


def test_every_row_is_well_formed_and_english():
    with glossary.PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {row["kind"] for row in rows} == set(glossary.KINDS)
    for row in rows:
        assert row["en"] and not CJK.search(row["en"]), row
        if row["kind"] in ("function", "economic"):
            assert row["code"].isdigit() and int(row["year_from"]) <= int(row["year_to"]), row
        else:
            assert row["code"] == row["zh"] and not row["year_from"] and not row["year_to"], row
    keys = [(row["kind"], row["code"], row["zh"]) for row in rows]
    assert len(keys) == len(set(keys))


def test_the_synthetic_reports_names_are_all_in_it():
    for year in range(synth.LAST_YEAR - 2, synth.LAST_YEAR + 1):
        for code, (name, sections) in synth.CLASSES.items():
            assert english("function", code, year, name), (year, code, name)
            for section, (section_name, items) in sections.items():
                assert english("function", section, year, section_name), (year, section, section_name)
                for item, item_name in items.items():
                    assert english("function", item, year, item_name), (year, item, item_name)
        economic = [
            *synth.WAGE_NAMES.items(),
            *synth.GOODS_AND_SERVICES,
            ("301", "工资福利支出"),
            ("302", "商品和服务支出"),
        ]
        economic += [
            ("303", "对个人和家庭的补助"),
            ("30302", "退休费"),
            ("310", "资本性支出"),
            ("31002", "办公设备购置"),
        ]
        for code, name in economic:
            assert english("economic", code, year, name), (year, code, name)
    for level in (
        "成本指标",
        "经济成本指标",
        "产出指标",
        "数量指标",
        "质量指标",
        "时效指标",
        "效益指标",
        "社会效益指标",
    ):
        assert english("level", level), level


def test_the_bundled_reports_names_are_all_in_it(bundled):
    year = bundled.report.year
    for row in [*bundled.spending_by_function, *bundled.income_by_function]:
        assert english("function", row.code, year, row.name), (row.code, row.name)
    for row in bundled.basic_spending_by_economic:
        assert english("economic", row.code, year, row.name), (row.code, row.name)
    for row in bundled.perf_indicators:
        assert english("level", row.level1) and english("level", row.level2), (row.level1, row.level2)
    for table in {row.source_table for row in [*bundled.quality_checks, *bundled.spending_by_function]}:
        if table:
            assert source_english(table), table


@pytest.fixture
def english_mode(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")


def test_the_dashboard_shows_the_code_and_the_published_name_for_one_it_lacks(english_mode):
    assert i18n.subject("function", "201", 2023, "一般公共服务支出") == "General public services"
    assert i18n.subject("function", "2019999", 2023, "其他一般公共服务支出") == "2019999 其他一般公共服务支出"
    assert i18n.subject("function", "201", 2019, "一般公共服务支出") == "201 一般公共服务支出"
    assert i18n.subject("function", None, 2023, "某项") == "某项"
    assert i18n.term("level", "产出指标") == "Output indicators"
    assert i18n.term("level", "未标明") == "未标明"
    assert i18n.source("公开03表 支出决算表") == "Expenditure table (No. 03)"


def test_named_keeps_the_published_names_beside_the_english(english_mode):
    import pandas as pd

    rows = pd.DataFrame({"code": ["201", "2019999"], "name": ["一般公共服务支出", "其他支出"]})
    shown = i18n.named(rows, "function", 2023)
    assert shown["name"].tolist() == ["General public services", "2019999 其他支出"]
    assert shown["name_zh"].tolist() == ["一般公共服务支出", "其他支出"]
    assert i18n.published(shown).tolist() == ["一般公共服务支出", "其他支出"]
    assert i18n.named(shown, "function", 2023) is shown  # named once only


def test_chinese_mode_leaves_everything_as_published():
    import pandas as pd

    rows = pd.DataFrame({"code": ["201"], "name": ["一般公共服务支出"]})
    assert i18n.named(rows, "function", 2023) is rows
    assert i18n.subject("function", "201", 2023, "一般公共服务支出") == "一般公共服务支出"
    assert i18n.source("公开03表 支出决算表") == "公开03表 支出决算表"
