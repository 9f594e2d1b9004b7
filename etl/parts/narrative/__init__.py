"""第三部分 情况说明 and 第四部分 名词解释: the report's own words about its figures.

The narrative restates the tables in sentences ("基本支出 297.2 万元，占 0.69%")
and adds what no table holds: 年初预算 against 决算 per 项, 政府采购, 国有资产,
绩效自评 totals. Every figure is read where it stands, recomputed from its own
neighbours where the sentence gives enough to do so, and a disagreement is a
`QualityCheck`, never a silent fix.

Money is stored in 万元 whatever the sentence says (元, 千元 and 亿元 are
converted). A sentence in the wrong unit ("支出决算为 11.33 元" among 万元
figures) is read in the other unit only when the report's own percentage
proves it, and that correction is itself a finding.

A file is read up to MAX_TEXT characters of narrative, and no line or joined
paragraph over MAX_PARAGRAPH: what is left out is an error finding, so a
hostile or broken file costs bounded time and never a guessed number.

What is read where:
- paragraphs: lines → paragraphs within their sections, figures' names, percentage rounding
- reader: the figures in each paragraph, findings and facts, the `Narrative` being written
- budget: 年初预算 vs 决算 per 项 and overall, unit slips there, completion rates
- shares: "占 x%" and "比上年增加…增长 x%" in any paragraph
- classes: the 类 amounts stated, against table 05 (or 03)
- descriptions: what a 项 is said to pay for, against what it is
- facts: 收、支总计, “三公”经费, 机关运行经费, 国有资产, 绩效自评
- procurement: 政府采购
- glossary: 名词解释
"""

from collections.abc import Sequence

from etl.document import Line
from etl.model import FunctionRow
from etl.parts.narrative.budget import read_budget_vs_final, subject_key
from etl.parts.narrative.classes import check_classes
from etl.parts.narrative.descriptions import check_descriptions
from etl.parts.narrative.facts import (
    read_admin_costs,
    read_assets,
    read_headline,
    read_performance,
    read_previous,
    read_three_public,
)
from etl.parts.narrative.glossary import read_glossary
from etl.parts.narrative.procurement import procurement_paras, read_procurement
from etl.parts.narrative.reader import Narrative, Reader
from etl.parts.narrative.shares import check_growth, check_reasons, check_shares

__all__ = ["Narrative", "parse_narrative", "subject_key"]


def parse_narrative(
    lines: list[Line],
    report_id: str,
    subject_codes: dict[str, str | None],
    spending: Sequence[FunctionRow] = (),
    gpb: Sequence[FunctionRow] = (),
) -> Narrative:
    """Read the narrative and glossary of one report from its non-table lines.

    `subject_codes` maps table 03's 项 names to their 7-digit codes, so the
    年初预算 vs 决算 list can carry codes though its names differ slightly;
    `spending` and `gpb`, tables 03's and 05's rows, hold the 类 amounts the
    narrative's are checked against.
    """
    reader = Reader(report_id)
    paras, glossary = reader.read(lines)
    procurement = procurement_paras(paras)
    # In this order: a unit slip the budget list settles changes the figure the later checks read.
    read_budget_vs_final(reader, paras, subject_codes)
    for para in paras:
        if para not in procurement:
            check_shares(reader, para)
        check_growth(reader, para)
        check_reasons(reader, para)
        check_descriptions(reader, para)
    check_classes(reader, paras, spending, gpb)
    read_headline(reader, paras)
    read_three_public(reader, paras)
    read_admin_costs(reader, paras)
    read_procurement(reader, procurement)
    read_assets(reader, paras)
    read_performance(reader, paras)
    read_previous(reader)
    read_glossary(reader, glossary)
    return reader.out
