"""What every section shares: the figures read from the paragraphs, and the findings and facts written.

The section modules are functions of a `Reader`; it holds the report's rows as they are
written and what later sections look back at (the facts so far, the figures by name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from etl.checks import Findings
from etl.document import Line
from etl.model import BudgetVsFinal, GlossaryEntry, NarrativeFact, Procurement, QualityCheck
from etl.parts.cells import TOO_BIG, TOO_BIG_EN
from etl.parts.narrative.paragraphs import (
    MAX_PARAGRAPH,
    MAX_TEXT,
    NARRATIVE,
    NUM,
    UNITS,
    Figure,
    Para,
    Text,
    figure_name,
    name_key,
    split,
)
from etl.text import TO_WAN, BadNumber, parse_amount, storable

_MONEY = re.compile(rf"(?<![\dA-Za-z.,])(?P<num>{NUM})\s?(?P<unit>{UNITS})")
_PERCENT = re.compile(rf"(?<![\dA-Za-z.,])(?P<num>{NUM})\s?(?P<sign>%|‰)")


@dataclass
class Narrative:
    budget_vs_final: list[BudgetVsFinal] = field(default_factory=list)
    procurement: list[Procurement] = field(default_factory=list)  # 0 or 1 rows
    facts: list[NarrativeFact] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    quality_checks: list[QualityCheck] = field(default_factory=list)


class Reader:
    def __init__(self, report_id: str) -> None:
        self.report_id = report_id
        self.findings = Findings(report_id, NARRATIVE)
        self.out = Narrative(quality_checks=self.findings)
        self.topics: dict[str, NarrativeFact] = {}
        # Where each fact's figure stands (paragraph, offset), and the change on last year a sentence states for
        # a figure ("297.2 万元，…比上年增加 43.08 万元"), by the figure's place: (the change, +1 or -1).
        self.places: dict[str, tuple[Para, int]] = {}
        self.changes: dict[tuple[int, int], tuple[Figure, int]] = {}
        self.registry: dict[str, Figure] = {}
        self.unit = "万元"

    # -- findings and facts

    def fact(
        self,
        topic: str,
        label: str,
        value: Decimal | None,
        unit: str,
        para: Para,
        pos: int,
    ) -> None:
        line = para.line_at(pos)
        known = self.topics.get(topic)
        if known is not None:
            if known.value is not None and value is not None and known.value != value:
                self.findings.add(
                    "narrative_conflict",
                    "warning",
                    f"情况说明对“{label}”前后说法不一：第 {known.source_line} 行为 {known.value} {unit}，"
                    f"第 {line} 行为 {value} {unit}。已采用第 {known.source_line} 行的数字。",
                    f"the narrative gives “{label}” twice, differently: {known.value} {unit} on line "
                    f"{known.source_line}, {value} {unit} on line {line}; the figure on line {known.source_line} is "
                    "used.",
                    f"{known.value} {unit}",
                    f"{value} {unit}",
                    para.source,
                    line,
                )
            return
        row = NarrativeFact(self.report_id, topic, label, value, unit, para.sentence(pos), para.source, line)
        self.topics[topic] = row
        self.places[topic] = (para, pos)
        self.out.facts.append(row)

    def money_fact(self, topic: str, label: str, para: Para, m: re.Match[str] | None, sign: int = 1) -> Figure | None:
        if m is None:
            return None
        fig = para.money.get(m.start("num"))
        if fig is None:
            return None
        value = None if fig.value is None else fig.value * sign
        self.fact(topic, label, value, "万元", para, fig.start)
        return fig

    def percent_fact(self, topic: str, label: str, para: Para, pos: int, sign: int = 1) -> None:
        fig = para.percent.get(pos)
        if fig is not None:
            self.fact(topic, label, None if fig.value is None else fig.value * sign, "fraction", para, pos)

    def count(self, para: Para, m: re.Match[str], unit: str, label: str) -> Decimal | None:
        raw = m["num"].rstrip(".,")
        try:
            value = parse_amount(raw)
            if not storable(value):
                raise BadNumber(raw)
            return value
        except BadNumber:
            line = para.line_at(m.start("num"))
            self.findings.add(
                "unreadable_figure",
                "error",
                f"第 {line} 行“{label}”的数字“{raw} {unit}”无法确定读数，已留空。",
                f"the figure for “{label}”, “{raw} {unit}”, cannot be read for sure; left empty.",
                f"可读的数字（{unit}）",
                f"{raw} {unit}",
                para.source,
                line,
            )
            return None

    def within_budget(self, lines: list[Line]) -> list[Line]:
        """The lines up to MAX_TEXT characters, without any line over MAX_PARAGRAPH; an error for what is left out."""
        kept: list[Line] = []
        total = 0
        for line in lines:
            total += len(line.text)
            if len(line.text) > MAX_PARAGRAPH and total <= MAX_TEXT:
                self.findings.add(
                    "text_too_long",
                    "error",
                    f"第 {line.number} 行长达 {len(line.text):,} 字，不像报告正文的一段（正文每段不过数百字），未读取，"
                    "其中的数字未载入。",
                    f"the line is {len(line.text):,} characters long, not a paragraph of a report (those run to a few "
                    "hundred); it was not read, nor any figure in it.",
                    f"不超过 {MAX_PARAGRAPH:,} 字",
                    f"{len(line.text):,} 字",
                    None,
                    line.number,
                )
                continue
            if total > MAX_TEXT:
                self.findings.add(
                    "text_too_long",
                    "error",
                    f"报告表格以外的文字超过 {MAX_TEXT:,} 字，远超一份部门决算报告（通常一万字上下）；"
                    f"第 {line.number} 行起的文字未读取，其中的数字未载入。",
                    f"the text outside the tables runs past {MAX_TEXT:,} characters, far more than a final-accounts "
                    "report (usually about 10,000); the text from here on was not read, nor any figure in it.",
                    f"不超过 {MAX_TEXT:,} 字",
                    f"第 {line.number} 行起未读取",
                    None,
                    line.number,
                )
                break
            kept.append(line)
        return kept

    # -- reading figures

    def read(self, lines: list[Line]) -> tuple[list[Para], list[Text]]:
        """(narrative paragraphs with their figures read and registered, glossary lines)."""
        paras, glossary = split(self.within_budget(lines))
        for para in paras:
            self.read_figures(para)
        units = [f.unit for p in paras for f in p.money.values()]
        if units.count("元") > units.count("万元"):
            self.unit = "元"
        for para in paras:
            self.register(para)
        return paras, glossary

    def read_figures(self, para: Para) -> None:
        for m in _MONEY.finditer(para.text):
            para.money[m.start("num")] = self.figure(para, m, m["unit"])
        for m in _PERCENT.finditer(para.text):
            para.percent[m.start("num")] = self.figure(para, m, m["sign"])

    def figure(self, para: Para, m: re.Match[str], unit: str) -> Figure:
        raw = m["num"].rstrip(".,")
        start = m.start("num")
        fig = Figure(raw, unit, None, start, m.end(), para.line_at(start))
        try:
            number = parse_amount(raw)
        except BadNumber:
            self.findings.add(
                "unreadable_figure",
                "error",
                f"第 {fig.line} 行的数字“{fig.words}”无法确定读数（{para.sentence(start)}），已留空，不作猜测。",
                f"the figure “{fig.words}” cannot be read for sure ({para.sentence(start)}); left empty rather than "
                "guessed.",
                "可读的数字",
                fig.words,
                para.source,
                fig.line,
            )
            return fig
        if number is None:
            return fig
        value = number / (1000 if unit == "‰" else 100) if unit in ("%", "‰") else _wan(number, unit)
        if not storable(value):
            self.findings.add(
                "unstorable_figure",
                "error",
                f"第 {fig.line} 行的数字“{fig.words}”{TOO_BIG}（{para.sentence(start)}）。",
                f"the figure “{fig.words}” {TOO_BIG_EN}; not loaded ({para.sentence(start)}).",
                "可存储的数字",
                fig.words,
                para.source,
                fig.line,
            )
            return fig
        fig.value = value
        return fig

    def register(self, para: Para) -> None:
        for fig in para.money.values():
            name = figure_name(para.text, fig.start)
            if name:
                self.registry.setdefault(name, fig)

    def lookup(self, name: str) -> Figure | None:
        key = name_key(name)
        if not key:
            return None
        if key in self.registry:
            return self.registry[key]
        near = [f for k, f in self.registry.items() if k.endswith(key) or key.endswith(k)]
        return near[0] if len(near) == 1 else None

    def reread(self, fig: Figure, unit: str) -> Decimal | None:
        """The figure's number read in another unit."""
        number = fig.number
        value = None if number is None else _wan(number, unit)
        return value if storable(value) else None


def _wan(number: Decimal, unit: str) -> Decimal:
    """The number in 万元, exactly: "1.2345 元" is 0.00012345 万元, which the store refuses rather than round."""
    return number * TO_WAN[unit]
