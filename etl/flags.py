"""Flags: the questions a journalist asks of a report first — not inconsistencies (those are `etl.checks`), but
figures worth a second look, such as a 项 that spent six times its initial budget.

Each rule measures every item it applies to and stores the measurement whether it trips the default threshold
or not (table `flags`), so the dashboard lists what trips, or filters the stored rows by another threshold,
without judging anything itself.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from etl.benchmarks import NATIONAL_SME, SME_RESERVED_SHARE, SME_RESERVED_SINCE
from etl.model import Flag, ParsedReport
from etl.parts.narrative.facts import PREVIOUS
from etl.text import fmt_amount, fmt_amount_en, fmt_percent, ratio

PERCENT = "%"  # the value is a fraction, shown as a percentage
WAN = "万元"


@dataclass(frozen=True)
class Rule:
    code: str
    threshold: Decimal  # the default
    above: bool  # trips above the threshold, else below it
    unit: str
    name: str
    name_en: str
    asks: str  # the question, for the page that lists flags
    asks_en: str

    inclusive: bool = False  # "at least 1.5 ×" trips at the threshold itself

    @property
    def comparison(self) -> str:
        """How a value trips the threshold, as SQL writes it too (dashboard.queries.flags_across)."""
        return (">" if self.above else "<") + ("=" if self.inclusive else "")

    def trips(self, value: Decimal | None, threshold: Decimal | None = None) -> bool:
        limit = self.threshold if threshold is None else threshold
        return value is not None and _COMPARE[self.comparison](value, limit)


_COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule(
            "over_initial_budget",
            Decimal("1.5"),
            True,
            PERCENT,
            "决算远超年初预算",
            "Final far above the initial budget",
            "决算超过年初预算的 150%：钱大多是年中追加的，报告说明了原因吗？",
            "Final spending above 150 % of the initial budget: most of it was added during the year — does the "
            "report say why?",
        ),
        Rule(
            "under_initial_budget",
            Decimal("0.5"),
            False,
            PERCENT,
            "决算远低于年初预算",
            "Final far below the initial budget",
            "决算不到年初预算的 50%：大部分预算没有花出去，报告说明了原因吗？",
            "Final spending below 50 % of the initial budget: most of it went unspent — does the report say why?",
        ),
        Rule(
            "no_initial_budget",
            Decimal(0),
            True,
            WAN,
            "没有年初预算的支出",
            "Spending without an initial budget",
            "年初预算为 0 却有决算支出：这笔钱全是年中追加的。",
            "Money spent against an initial budget of 0: all of it was added during the year.",
        ),
        Rule(
            "sme_below_national",
            Decimal(0),  # the year's national share (etl.benchmarks), stored per row
            False,
            PERCENT,
            "中小企业份额低于全国",
            "SME share below the national share",
            "授予中小企业的合同占政府采购的份额低于同年全国水平。",
            "The share of procurement awarded to SMEs is below the national share of the same year.",
        ),
        Rule(
            "sme_below_reserved",
            SME_RESERVED_SHARE,
            False,
            PERCENT,
            "中小企业份额低于 30%",
            "SME share below 30 %",
            "授予中小企业的份额低于 30%：自 2021 年起（财库〔2020〕46号），适宜由中小企业提供的采购项目须预留至少 "
            "30% 的预算给中小企业。这一要求只针对适宜的项目，此处是比较，不是违规认定。",
            "The SME share is below 30 %: since 2021 (财库〔2020〕46号) at least 30 % of the budgets of procurement "
            "suitable for SMEs is reserved for them. The rule covers suitable projects only: a comparison, not a "
            "breach.",
        ),
        Rule(
            "soft_target_high",
            Decimal("1.5"),
            True,
            PERCENT,
            "目标定得过低",
            "Target set low",
            "“不少于”目标的实际值达到目标的 1.5 倍以上：目标是不是定得太容易了？",
            "An “at least” target beaten by 1.5 times or more: was it set too easily?",
            inclusive=True,
        ),
        Rule(
            "soft_target_low",
            Decimal("0.5"),
            False,
            PERCENT,
            "目标定得过宽",
            "Target set loose",
            "“不超过”目标的实际值不到目标的一半：目标是不是定得太宽了？",
            "An “at most” target undercut by half or more: was it set too loosely?",
            inclusive=True,
        ),
        Rule(
            "target_admission",
            Decimal(0),
            True,
            "条",
            "报告承认目标设置不当",
            "Report admits loose targets",
            "报告自己说指标“设置过低”“不够严谨”，或承诺“来年指标设置会更精确”。",
            "The report itself says targets were set too low or loosely, or promises “more precise targets next year”.",
        ),
        Rule(
            "low_execution",
            Decimal("0.9"),
            False,
            PERCENT,
            "项目执行率低于 90%",
            "Project executed below 90 %",
            "项目的全年执行数不到全年预算数的 90%。",
            "The project spent less than 90 % of its full-year budget.",
        ),
        Rule(
            "met_but_low_execution",
            Decimal("0.6"),
            False,
            PERCENT,
            "指标全部达标但执行率低于 60%",
            "Every target met, below 60 % executed",
            "项目的指标全部达标，钱却只花了不到 60%：目标和预算对得上吗？",
            "Every indicator met while less than 60 % of the money was spent: do the targets and the budget match?",
        ),
        Rule(
            "three_public_rising",
            Decimal(0),
            True,
            WAN,
            "“三公”经费比上年增加",
            "Three public costs up on last year",
            "“三公”经费（出国、公务用车、公务接待）比上年多花了：增加的原因说清楚了吗？",
            "More spent on the three public costs (travel abroad, official cars, hospitality) than last year: "
            "does the report say why?",
        ),
        Rule(
            "self_evaluation_coverage",
            Decimal("0.5"),
            False,
            PERCENT,
            "绩效自评覆盖面小",
            "Little of the spending self-evaluated",
            "附有绩效自评表的项目，执行数合计不到项目支出的一半。",
            "The projects with a self-evaluation table spent less than half of the project spending.",
        ),
    )
}

# A report's own words that its targets were set loosely, in a 偏差原因 or 改进措施.
_ADMISSION = re.compile(r"来年[^。；]*?(?:精确|精准)|设置(?:过|偏)低|不够(?:严谨|科学|合理)")
_AT_LEAST, _AT_MOST = frozenset({">=", ">"}), frozenset({"<=", "<"})


def measure(parsed: ParsedReport) -> list[Flag]:
    """Every rule's measurement of every item of one report it applies to."""
    return [
        *_budget(parsed),
        *_procurement(parsed),
        *_targets(parsed),
        *_execution(parsed),
        *_coverage(parsed),
        *_three_public(parsed),
    ]


def _flag(parsed: ParsedReport, code: str, item: str, value, message: str, message_en: str, row, threshold=None):
    rule = RULES[code]
    limit = rule.threshold if threshold is None else threshold
    return Flag(
        parsed.report.report_id,
        code,
        item,
        value,
        limit,
        rule.trips(value, limit),
        rule.unit,
        message,
        message_en,
        row.source_table,
        row.source_line,
    )


def _procurement(parsed: ParsedReport) -> Iterator[Flag]:
    year = parsed.report.year
    for proc in parsed.procurement:
        share = proc.sme_share
        if share is None:
            continue
        said = (
            f"授予中小企业 {fmt_amount(proc.sme_amount)}，占政府采购 {fmt_amount(proc.total)} 的 {fmt_percent(share)}"
        )
        said_en = f"{fmt_amount_en(proc.sme_amount)} of {fmt_amount_en(proc.total)} to SMEs, {fmt_percent(share)}"
        national = NATIONAL_SME.get(year)
        if national is not None:
            yield _flag(
                parsed,
                "sme_below_national",
                "政府采购",
                share,
                f"{said}；全国为 {fmt_percent(national.sme_share)}（{national.source_zh}）",
                f"{said_en}; nationally {fmt_percent(national.sme_share)} ({national.source_en})",
                proc,
                national.sme_share,
            )
        if year >= SME_RESERVED_SINCE:
            yield _flag(parsed, "sme_below_reserved", "政府采购", share, said, said_en, proc)


def _targets(parsed: ParsedReport) -> Iterator[Flag]:
    names = {p.project_id: p.project_name for p in parsed.perf_projects}
    admitted: dict[str, list] = {}
    for ind in parsed.perf_indicators:
        project = names.get(ind.project_id, ind.project_id)
        if ind.deviation_reason and _ADMISSION.search(ind.deviation_reason):
            admitted.setdefault(project, []).append(ind)
        target, actual = ind.target_value, ind.actual_value
        if target is None or actual is None or target <= 0 or ind.unit in ("%", "‰"):
            continue
        code = "soft_target_high" if ind.comparator in _AT_LEAST else "soft_target_low"
        if ind.comparator not in _AT_LEAST | _AT_MOST:
            continue
        times = ratio(actual, target)
        yield _flag(
            parsed,
            code,
            f"{project} · {ind.name}",
            times,
            f"目标“{ind.target_text}”，实际“{ind.actual_text}”，为目标的 {fmt_percent(times)}",
            f"target “{ind.target_text}”, actual “{ind.actual_text}”: {fmt_percent(times)} of the target",
            ind,
        )
    for project, said in admitted.items():
        yield _flag(
            parsed,
            "target_admission",
            project,
            Decimal(len(said)),
            # the row cites the first one's place, which a PDF gives as a page: the message quotes its words
            f"{len(said)} 项指标的偏差原因这样写，如“{said[0].deviation_reason}”",
            f"{len(said)} indicators' explanations say so, e.g. “{said[0].deviation_reason}”",
            said[0],
        )


def _execution(parsed: ParsedReport) -> Iterator[Flag]:
    statuses: dict[str, set[str]] = {}
    for ind in parsed.perf_indicators:
        statuses.setdefault(ind.project_id, set()).add(ind.status)
    for project in parsed.perf_projects:
        rate = project.execution_rate
        if rate is None:
            continue
        said = f"全年预算 {fmt_amount(project.full_year_budget)}，执行 {fmt_amount(project.executed)}，执行率 {fmt_percent(rate)}"
        said_en = (
            f"full-year budget {fmt_amount_en(project.full_year_budget)}, {fmt_amount_en(project.executed)} spent: "
            f"{fmt_percent(rate)}"
        )
        yield _flag(parsed, "low_execution", project.project_name, rate, said, said_en, project)
        if statuses.get(project.project_id) == {"met"}:
            yield _flag(
                parsed,
                "met_but_low_execution",
                project.project_name,
                rate,
                f"{said}，指标全部达标",
                f"{said_en}, every indicator met",
                project,
            )


def _coverage(parsed: ParsedReport) -> Iterator[Flag]:
    projects = [p for p in parsed.perf_projects if p.executed is not None]
    facts = {fact.topic: fact for fact in parsed.narrative_facts}
    spending = facts.get("project_spending")
    if not projects or spending is None or not spending.value:
        return
    evaluated = sum((p.executed for p in projects), Decimal(0))
    share = ratio(evaluated, spending.value)
    yield _flag(
        parsed,
        "self_evaluation_coverage",
        "项目支出",
        share,
        f"{len(projects)} 个项目附有绩效自评表，执行 {fmt_amount(evaluated)}，占项目支出 {fmt_amount(spending.value)} 的 "
        f"{fmt_percent(share)}",
        f"{len(projects)} projects with a self-evaluation table spent {fmt_amount_en(evaluated)}, {fmt_percent(share)} "
        f"of project spending ({fmt_amount_en(spending.value)})",
        spending,
    )


# The 三公 items a report states last year's figure of (etl.parts.narrative.facts), as its table names them.
_THREE_PUBLIC = {
    "total": "合计",
    "abroad": "因公出国（境）费",
    "vehicles": "公务用车购置及运行费",
    "reception": "公务接待费",
}


def _three_public(parsed: ParsedReport) -> Iterator[Flag]:
    """Each 三公 item's rise on last year: this year's final (table 09, else the narrative) less last year's, as the
    narrative states it (cited at that sentence)."""
    facts = {fact.topic: fact for fact in parsed.narrative_facts}
    table = {cost.item: cost.final for cost in parsed.three_public_costs}
    for key, item in _THREE_PUBLIC.items():
        previous = facts.get(f"three_public_{key}_final{PREVIOUS}")
        stated = facts.get(f"three_public_{key}_final")
        now = table.get(item)
        if now is None and stated is not None:
            now = stated.value
        if previous is None or previous.value is None or now is None:
            continue
        rise = now - previous.value
        moved = "持平" if rise == 0 else f"{'增加' if rise > 0 else '减少'} {fmt_amount(abs(rise))}"
        moved_en = "unchanged" if rise == 0 else f"{'up' if rise > 0 else 'down'} {fmt_amount_en(abs(rise))}"
        yield _flag(
            parsed,
            "three_public_rising",
            "“三公”经费合计" if key == "total" else item,
            rise,
            f"本年决算 {fmt_amount(now)}，上年 {fmt_amount(previous.value)}，{moved}",
            f"{fmt_amount_en(now)} this year, {fmt_amount_en(previous.value)} last year: {moved_en}",
            previous,
        )


def _budget(parsed: ParsedReport) -> Iterator[Flag]:
    """决算 against 年初预算: the total the narrative states (cited at its 年初预算 figure), then each 项 of its list."""
    facts = {fact.topic: fact for fact in parsed.narrative_facts}
    initial, final = facts.get("initial_budget_total"), facts.get("final_total")
    items = [(line.name, line.initial_budget, line.final, line) for line in parsed.budget_vs_final]
    if initial is not None and final is not None:
        items.insert(0, ("一般公共预算财政拨款支出", initial.value, final.value, initial))
    for item, budget, spent, row in items:
        if budget is None or spent is None:
            continue
        if budget == 0:
            said = (f"年初预算为 0，决算 {fmt_amount(spent)}", f"initial budget 0, final {fmt_amount_en(spent)}")
            yield _flag(parsed, "no_initial_budget", item, spent, *said, row)
            continue
        rate = ratio(spent, budget)
        said = (
            f"决算 {fmt_amount(spent)}，是年初预算 {fmt_amount(budget)}的 {fmt_percent(rate)}",
            f"final {fmt_amount_en(spent)}, {fmt_percent(rate)} of the initial budget of {fmt_amount_en(budget)}",
        )
        for code in ("over_initial_budget", "under_initial_budget"):
            yield _flag(parsed, code, item, rate, *said, row)
