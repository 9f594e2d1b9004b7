"""Flags: the questions a journalist asks of a report first — not inconsistencies (those are `etl.checks`), but
figures worth a second look, such as a 项 that spent six times its initial budget.

Each rule measures every item it applies to and stores the measurement whether it trips the default threshold
or not (table `flags`), so the dashboard lists what trips, or filters the stored rows by another threshold,
without judging anything itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from etl.model import Flag, ParsedReport
from etl.text import fmt_amount, fmt_percent, ratio

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

    def trips(self, value: Decimal | None) -> bool:
        if value is None:
            return False
        return value > self.threshold if self.above else value < self.threshold


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
    )
}


def measure(parsed: ParsedReport) -> list[Flag]:
    """Every rule's measurement of every item of one report it applies to."""
    return list(_budget(parsed))


def _budget(parsed: ParsedReport) -> Iterator[Flag]:
    """决算 against 年初预算: the total the narrative states, then each 项 of its list."""
    report_id = parsed.report.report_id
    facts = {fact.topic: fact for fact in parsed.narrative_facts}
    initial, final = facts.get("initial_budget_total"), facts.get("final_total")
    items = [
        (line.name, line.initial_budget, line.final, line.source_table, line.source_line)
        for line in parsed.budget_vs_final
    ]
    if initial is not None and final is not None:
        items.insert(
            0, ("一般公共预算财政拨款支出", initial.value, final.value, initial.source_table, initial.source_line)
        )
    for item, budget, spent, table, line in items:
        if budget is None or spent is None:
            continue
        if budget == 0:
            rule = RULES["no_initial_budget"]
            yield Flag(
                report_id,
                rule.code,
                item,
                spent,
                rule.threshold,
                rule.trips(spent),
                rule.unit,
                f"年初预算为 0，决算 {fmt_amount(spent)}",
                f"initial budget 0, final {fmt_amount(spent)}",
                table,
                line,
            )
            continue
        rate = ratio(spent, budget)
        for rule in (RULES["over_initial_budget"], RULES["under_initial_budget"]):
            yield Flag(
                report_id,
                rule.code,
                item,
                rate,
                rule.threshold,
                rule.trips(rate),
                rule.unit,
                f"决算 {fmt_amount(spent)}，是年初预算 {fmt_amount(budget)}的 {fmt_percent(rate)}",
                f"final {fmt_amount(spent)}, {fmt_percent(rate)} of the initial budget of {fmt_amount(budget)}",
                table,
                line,
            )
