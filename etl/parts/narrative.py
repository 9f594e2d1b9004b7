"""第三部分 情况说明 and 第四部分 名词解释: the report's own words about its figures.

The narrative restates the tables in sentences ("基本支出 297.2 万元，占 0.69%")
and adds what no table holds: 年初预算 against 决算 per 项, 政府采购, 国有资产,
绩效自评 totals. Every figure is read where it stands, recomputed from its own
neighbours where the sentence gives enough to do so, and a disagreement is a
`QualityCheck`, never a silent fix.

The conversion breaks sentences over lines ("…相关机构事\\n\\n务（款）…"), so
lines are first joined into paragraphs; each paragraph keeps the offset where
every source line starts, so a figure is cited on the line it is on.

Money is stored in 万元 whatever the sentence says (元, 千元 and 亿元 are
converted). A sentence in the wrong unit ("支出决算为 11.33 元" among 万元
figures) is read in the other unit only when the report's own percentage
proves it, and that correction is itself a finding.

A file is read up to MAX_TEXT characters of narrative, and no line or joined
paragraph over MAX_PARAGRAPH: what is left out is an error finding, so a
hostile or broken file costs bounded time and never a guessed number.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from etl.model import BudgetVsFinal, GlossaryEntry, NarrativeFact, Procurement, QualityCheck, finding
from etl.parts.cells import TOO_BIG, TOO_BIG_EN
from etl.read import Line, title_kind
from etl.text import TO_WAN, BadNumber, clean, fmt_amount, parse_amount, ratio, storable, translator

NARRATIVE = "情况说明"
GLOSSARY = "名词解释"

# What the narrative reads at most. The bundled report has 6,417 characters of text outside its
# tables and no paragraph over 222; a file with far more is no report's narrative, and reading
# all of it would take time that grows with the square of its length.
MAX_TEXT = 100_000  # characters of text outside the tables
MAX_PARAGRAPH = 2_000  # characters in one paragraph (lines are joined up to this) or one line

_HUNDRED = Decimal(100)
_TOLERANCE_PP = Decimal("0.01")  # percentage points, after rounding to the stated precision
_SUM_TOLERANCE = Decimal("0.01")  # 万元

# A number as written. Letters the conversion confuses with digits are taken in
# so that "4,3O0.00" is seen (and refused by parse_amount), not half-read.
_NUM = r"\d[\dOoIl,.]*"
_UNITS = r"亿元|万元|千元|元"
_M = rf"\s?(?P<num>{_NUM})\s?(?P<unit>{_UNITS})"  # money, in a larger pattern
_P = rf"\s?(?P<num>{_NUM})\s?(?P<sign>%|‰)"  # a percentage, in a larger pattern
_C = rf"\s?(?P<num>{_NUM})\s?"  # a count, in a larger pattern

_MONEY = re.compile(rf"(?<![\dA-Za-z.,])(?P<num>{_NUM})\s?(?P<unit>{_UNITS})")
_PERCENT = re.compile(rf"(?<![\dA-Za-z.,])(?P<num>{_NUM})\s?(?P<sign>%|‰)")

_digits = translator("０１２３４５６７８９％．", "0123456789%.")
_BULLET = re.compile(r"^(?:[-*+]\s+|#+\s*)")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_TOP = re.compile(r"^(?P<n>[一二三四五六七八九十]+)[、.．]\s*(?P<title>\S.*)$")
_SUB = re.compile(r"^[（(](?P<n>[一二三四五六七八九十]+)[）)]\s*(?P<title>\S.*)$")
_MARKER = re.compile(r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_TERMINAL = "。！？；：;:!?"
_GLOSSARY_HEAD = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?名词解释$")
_GLOSSARY_ENTRY = re.compile(
    r"^(?P<no>(?:[一二三四五六七八九十]+|\d{1,2})[、.．]|[（(](?:[一二三四五六七八九十]+|\d{1,2})[）)])?\s*"
    r"(?P<term>[^：:。，,；]{1,40}?)\s*[：:]\s*(?P<definition>.+)$"
)
_ANNEX = re.compile(r"^附件|^附表")

# Names and their parts.
_LEVEL = re.compile(r"[（(](?:类|款|项)[）)]")
_XIANG = re.compile(r"[（(]项[）)]")
_YEAR = re.compile(r"^\d{4}年度?")
_NAME_TAIL = re.compile(r"(?:均|各)?(?:为|是)?$")
_NAME_CUT = re.compile(r"[，。；：、,;:]")
_WITHIN = re.compile(r"(?P<x>[^，。；：、,;:]{2,30})中[，,]")
_WITHIN_END = re.compile(r"中[，,]")
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|增|减)了?$")

# Shares and changes next to a figure.
_SHARE = re.compile(rf"\s?[，,]?\s?占(?P<of>[^，。；%‰\d]{{0,30}}?)的?{_P}")
_CHANGE = re.compile(rf"(?P<dir>增加|减少){_M}[，,]?\s?(?P<dir2>增长|下降|减少)了?\s?(?P<pnum>{_NUM})\s?(?P<sign>%|‰)")

# 收入支出总体
_TOTAL = re.compile(rf"(?<!财政拨款)收、?支总计(?:均|各)?为{_M}")
_TOTAL_CHANGE = re.compile(rf"(?<!财政拨款)收、?支总计(?:均|各)?(?P<dir>增加|减少){_M}")
_GROWTH = re.compile(rf"(?P<dir>增长|下降|减少)了?{_P}")
_INCOME_TOTAL = re.compile(rf"本年收入合计(?:为)?{_M}")
_SPENDING_TOTAL = re.compile(rf"本年支出合计(?:为)?{_M}")
_BASIC = re.compile(rf"基本支出(?:为)?{_M}")
_PROJECT = re.compile(rf"项目支出(?:为)?{_M}")
_PERSONNEL = re.compile(rf"人员经费(?:为)?{_M}")
_PUBLIC_COSTS = re.compile(rf"公用经费(?:为)?{_M}")

# 年初预算 vs 决算
_INITIAL = re.compile(rf"年初预算(?:数)?(?:为|是)?{_M}")
_FINAL = re.compile(rf"决算(?:数)?(?:为|是)?{_M}")
_RATE = re.compile(rf"完成(?:了)?(?:年初)?预算(?:数)?的?{_P}")
_OVERALL = re.compile(r"财政拨款支出|合计|总计|总额")  # the list's opening sentence, not an item
_REASON = re.compile(r"主要原因(?:是|为|在于)?[：:，,]?(?P<why>.+)$")

# “三公”经费
_THREE_PUBLIC_ITEMS = (
    ("vehicles", "公务用车购置及运行费", r"公务用车购置及运行(?:维护)?费"),
    ("vehicle_purchase", "公务用车购置费", r"公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费", r"公务用车运行(?:维护)?费"),
    ("abroad", "因公出国（境）费", r"因公出国[（(]境[）)]费"),
    ("reception", "公务接待费", r"公务接待费"),
    ("total", "“三公”经费", r"[“\"]?三公[”\"]?经费"),
)
_THREE_PUBLIC = re.compile(
    "(?:" + "|".join(f"(?P<{key}>{pattern})" for key, _, pattern in _THREE_PUBLIC_ITEMS) + ")"
    rf"(?:财政拨款)?(?:支出)?(?:(?:年初)?预算(?:数)?为?\s?(?P<budget>{_NUM})\s?(?P<bunit>{_UNITS})[，,]?)?"
    rf"(?:支出)?(?:决算(?:数)?)?(?:为)?\s?(?P<final>{_NUM})\s?(?P<funit>{_UNITS})"
)
_THREE_PUBLIC_LABELS = {key: label for key, label, _ in _THREE_PUBLIC_ITEMS}
_VEHICLE_STOCK = re.compile(rf"公务用车保有量(?:为)?{_C}辆")

# 机关运行经费
_ADMIN_NONE = re.compile(r"(?:无|未发生|没有|不涉及)机关运行经费")
_ADMIN = re.compile(rf"机关运行经费(?:财政拨款)?(?:支出)?(?:决算)?(?:数)?(?:为|共计|合计)?{_M}")

# 政府采购
_PROC_TOTAL = re.compile(rf"政府采购(?:支出)?总额(?:为|共计|合计)?{_M}")
_PROC_NONE = re.compile(r"(?:无|未发生|没有)政府采购")
_PROC_KINDS = {
    "goods": re.compile(rf"(?:政府采购)?货物(?:采购)?(?:支出|合同)?(?:金额)?(?:为)?{_M}"),
    "works": re.compile(rf"(?:政府采购)?工程(?:采购)?(?:支出|合同)?(?:金额)?(?:为)?{_M}"),
    "services": re.compile(rf"(?:政府采购)?服务(?:采购)?(?:支出|合同)?(?:金额)?(?:为)?{_M}"),
}
_PROC_SME = re.compile(rf"授予中小企业(?:合同)?金额(?:为|共计)?{_M}")
_PROC_SMALL = re.compile(rf"授予小微企业(?:合同)?金额(?:为|共计)?{_M}")

# 国有资产
_VEHICLES = re.compile(rf"(?:共有|拥有|占有使用|占有)?车辆(?:共)?(?:为)?{_C}辆")
_EQUIPMENT = re.compile(
    rf"(?:单位价值|单价)?\s?(?P<threshold>\d+)\s?万元(?:[（(]含[）)])?以上[^，。；]{{0,20}}?设备"
    rf"[^，。；\d]{{0,20}}?{_C}台"
)

# 绩效评价
_PERF_COUNT = re.compile(rf"{_C}个(?:一级|二级|部门|重点|预算)*项目")
_PERF_AMOUNT = re.compile(rf"(?:涉及|资金)(?:资金|资|金额)?(?:总额|金额|总计)?(?:共计|合计|为)?{_M}")
_PERF_RATE = re.compile(rf"绩效自评率(?:为)?{_P}")


@dataclass
class Narrative:
    budget_vs_final: list[BudgetVsFinal] = field(default_factory=list)
    procurement: list[Procurement] = field(default_factory=list)  # 0 or 1 rows
    facts: list[NarrativeFact] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    quality_checks: list[QualityCheck] = field(default_factory=list)


@dataclass
class _Figure:
    """A number with its unit as it stands in a paragraph."""

    raw: str  # the digits as written: "11.33", "4,3O0.00"
    unit: str  # 万元 / 元 / 千元 / 亿元, or % / ‰
    value: Decimal | None  # in 万元, or a fraction for % and ‰; None when unreadable
    start: int
    end: int
    line: int

    @property
    def words(self) -> str:
        return f"{self.raw}{self.unit}" if self.unit in ("%", "‰") else f"{self.raw} {self.unit}"

    @property
    def number(self) -> Decimal | None:
        """The number as written, before any unit conversion."""
        try:
            return parse_amount(self.raw)
        except BadNumber:
            return None

    @property
    def decimals(self) -> int:
        """Decimal places of a percentage, counted in percentage points."""
        places = len(self.raw.partition(".")[2])
        return places + (1 if self.unit == "‰" else 0)


@dataclass
class _Para:
    """Source lines joined into one paragraph, with the section it is in."""

    text: str
    starts: list[int]  # offset in `text` where each source line begins
    numbers: list[int]  # that line's number in the source file
    numbered: bool  # begins with "1." / "（1）"
    top: str | None  # section numeral: 五
    top_title: str
    sub: str | None  # sub-section numeral: 三
    sub_title: str
    money: dict[int, _Figure] = field(default_factory=dict)  # by start offset
    percent: dict[int, _Figure] = field(default_factory=dict)

    def line_at(self, pos: int) -> int:
        return self.numbers[max(bisect_right(self.starts, pos) - 1, 0)]

    @property
    def source(self) -> str:
        if self.top is None:
            return NARRATIVE
        return f"{NARRATIVE} {self.top}" + (f"（{self.sub}）" if self.sub else "")

    @property
    def titles(self) -> str:
        return self.top_title + " " + self.sub_title

    def append(self, text: str, number: int) -> None:
        self.starts.append(len(self.text))
        self.numbers.append(number)
        self.text += text

    def sentence(self, pos: int) -> str:
        start = self.text.rfind("。", 0, pos) + 1
        end = self.text.find("。", pos)
        return self.text[start : end + 1 if end >= 0 else len(self.text)]


# --------------------------------------------------------------------------- text


def _normal(text: str) -> str:
    return _digits(clean(text.replace("**", "").replace("__", "")))


def _strip_markup(text: str) -> str:
    return _BULLET.sub("", text.replace("**", "").replace("__", "")).strip()


class _Text(NamedTuple):
    """A line as the passes over the narrative read it, normalised once for all of them."""

    line: Line
    raw: str  # without markdown emphasis and bullets
    text: str  # `raw` normalised

    @classmethod
    def of(cls, line: Line) -> _Text:
        raw = _strip_markup(line.text)
        return cls(line, raw, _normal(raw))


def _is_heading(text: str) -> bool:
    if len(text) > 40 or "。" in text or "：" in text:
        return False
    return bool(_PART.match(text) or _TOP.match(text) or _SUB.match(text))


def subject_key(name: str) -> str:
    """A 项 name as the narrative and table 03 can both be matched by."""
    key = _digits(clean(name)).replace(" ", "")
    key = key.replace("(", "（").replace(")", "）")
    key = _LEVEL.sub("", key)
    key = key.replace("“", "").replace("”", "").replace('"', "")
    return key.removesuffix("支出")


# Asked for every figure, and the same clauses ("基本支出", "本年支出合计为") recur across reports.
@lru_cache(maxsize=1 << 12)
def _name_key(text: str) -> str:
    key = _YEAR.sub("", text.strip()).removeprefix("其中").strip("：:，, ")
    key = _NAME_TAIL.sub("", key)
    return key.replace("“", "").replace("”", "").replace('"', "")


def _pct(value: Decimal, places: int) -> Decimal:
    return (value * _HUNDRED).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _pct_text(value: Decimal | None, places: int = 2) -> str:
    return "（无法计算）" if value is None else f"{_pct(value, places)}%"


def _rate_ok(stated: _Figure, value: Decimal | None) -> bool:
    """The recomputed fraction, rounded as the report rounds, is within 0.01 pp of what it says."""
    if stated.value is None or value is None:
        return False
    return abs(_pct(value, stated.decimals) - stated.value * _HUNDRED) <= _TOLERANCE_PP


def _share_ok(stated: _Figure, value: Decimal | None) -> bool:
    """Within half a unit of the stated precision: "13%" stands for 12.5%…13.5%."""
    if stated.value is None or value is None:
        return False
    half = Decimal(5).scaleb(-(stated.decimals + 1))
    return abs(value * _HUNDRED - stated.value * _HUNDRED) <= half


def _wan(number: Decimal, unit: str) -> Decimal:
    """The number in 万元, exactly: "1.2345 元" is 0.00012345 万元, which the store refuses rather than round."""
    return number * TO_WAN[unit]


# --------------------------------------------------------------------------- regions


def _regions(lines: list[_Text]) -> tuple[list[_Text], list[_Text]]:
    """(narrative lines, glossary lines): 第三部分 up to the next part, 名词解释 up to the next."""
    texts = [line.text.replace(" ", "") for line in lines]
    bullets = [bool(_BULLET.match(line.line.text)) for line in lines]
    parts = [i for i, t in enumerate(texts) if _PART.match(t) and not bullets[i]]

    def after(i: int) -> int:
        return next((p for p in parts if p > i), len(lines))

    start = next((i for i in reversed(parts) if NARRATIVE in texts[i]), None)
    narrative = lines if start is None else lines[start + 1 : after(start)]
    head = next((i for i in reversed(range(len(lines))) if _GLOSSARY_HEAD.match(texts[i]) and not bullets[i]), None)
    glossary: list[_Text] = []
    if head is not None:
        glossary = lines[head + 1 : after(head)]
        if start is None:
            narrative = lines[:head]
    return narrative, glossary


def _paragraphs(lines: list[_Text]) -> list[_Para]:
    paras: list[_Para] = []
    top = sub = None
    top_title = sub_title = ""
    last: _Para | None = None
    for line, raw, text in lines:
        if not text:
            continue
        if _is_heading(text):
            last = None
            if _PART.match(text):
                top = sub = None
                top_title = sub_title = ""
            elif m := _TOP.match(text):
                top, top_title, sub, sub_title = m["n"], m["title"], None, ""
            elif m := _SUB.match(text):
                sub, sub_title = m["n"], m["title"]
            continue
        marker = _MARKER.match(raw)
        if marker:
            text = _normal(raw[marker.end() :])
        if (
            last is not None
            and not marker
            and last.text
            and last.text[-1] not in _TERMINAL
            and len(last.text) + len(text) <= MAX_PARAGRAPH
        ):
            last.append(text, line.number)
            continue
        last = _Para(text, [0], [line.number], bool(marker), top, top_title, sub, sub_title)
        paras.append(last)
    return paras


# --------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, report_id: str, subject_codes: dict[str, str]) -> None:
        self.report_id = report_id
        self.codes: dict[str, str | None] = {}
        for name, code in subject_codes.items():
            key = subject_key(name)
            self.codes[key] = code if self.codes.get(key, code) == code else None  # ambiguous: no code
        self.has_codes = bool(subject_codes)
        self.out = Narrative()
        self.topics: dict[str, NarrativeFact] = {}
        self.registry: dict[str, _Figure] = {}
        self.unit = "万元"

    # -- findings and facts

    def check(
        self,
        check: str,
        severity: str,
        message: str,
        english: str,
        expected: str | None,
        actual: str | None,
        para: _Para | None,
        line: int | None,
    ) -> None:
        source = para.source if para else NARRATIVE
        self.out.quality_checks.append(
            finding(self.report_id, check, severity, message, english, expected, actual, source, line)
        )

    def fact(
        self,
        topic: str,
        label: str,
        value: Decimal | None,
        unit: str,
        para: _Para,
        pos: int,
    ) -> None:
        line = para.line_at(pos)
        known = self.topics.get(topic)
        if known is not None:
            if known.value is not None and value is not None and known.value != value:
                self.check(
                    "narrative_conflict",
                    "warning",
                    f"情况说明对“{label}”前后说法不一：第 {known.source_line} 行为 {known.value} {unit}，"
                    f"第 {line} 行为 {value} {unit}。已采用第 {known.source_line} 行的数字。",
                    f"the narrative gives “{label}” twice, differently: {known.value} {unit} on line "
                    f"{known.source_line}, {value} {unit} on line {line}; the figure on line {known.source_line} is "
                    "used.",
                    f"{known.value} {unit}",
                    f"{value} {unit}",
                    para,
                    line,
                )
            return
        row = NarrativeFact(self.report_id, topic, label, value, unit, para.sentence(pos), para.source, line)
        self.topics[topic] = row
        self.out.facts.append(row)

    def money_fact(self, topic: str, label: str, para: _Para, m: re.Match[str] | None, sign: int = 1) -> _Figure | None:
        if m is None:
            return None
        fig = para.money.get(m.start("num"))
        if fig is None:
            return None
        value = None if fig.value is None else fig.value * sign
        self.fact(topic, label, value, "万元", para, fig.start)
        return fig

    def percent_fact(self, topic: str, label: str, para: _Para, pos: int, sign: int = 1) -> None:
        fig = para.percent.get(pos)
        if fig is not None:
            self.fact(topic, label, None if fig.value is None else fig.value * sign, "fraction", para, pos)

    def share_after(self, para: _Para, fig: _Figure | None) -> tuple[re.Match[str], _Figure] | None:
        """ "，占 0.69%" right after a figure: (match, percentage)."""
        if fig is None:
            return None
        m = _SHARE.match(para.text, fig.end)
        if m is None or m.start("num") not in para.percent:
            return None
        return m, para.percent[m.start("num")]

    def count(self, para: _Para, m: re.Match[str], unit: str, label: str) -> Decimal | None:
        raw = m["num"].rstrip(".,")
        try:
            value = parse_amount(raw)
            if not storable(value):
                raise BadNumber(raw)
            return value
        except BadNumber:
            line = para.line_at(m.start("num"))
            self.check(
                "unreadable_figure",
                "error",
                f"第 {line} 行“{label}”的数字“{raw} {unit}”无法确定读数，已留空。",
                f"the figure for “{label}”, “{raw} {unit}”, cannot be read for sure; left empty.",
                f"可读的数字（{unit}）",
                f"{raw} {unit}",
                para,
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
                self.check(
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
                self.check(
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

    def read_figures(self, para: _Para) -> None:
        for m in _MONEY.finditer(para.text):
            para.money[m.start("num")] = self.figure(para, m, m["unit"])
        for m in _PERCENT.finditer(para.text):
            para.percent[m.start("num")] = self.figure(para, m, m["sign"])

    def figure(self, para: _Para, m: re.Match[str], unit: str) -> _Figure:
        raw = m["num"].rstrip(".,")
        start = m.start("num")
        fig = _Figure(raw, unit, None, start, m.end(), para.line_at(start))
        try:
            number = parse_amount(raw)
        except BadNumber:
            self.check(
                "unreadable_figure",
                "error",
                f"第 {fig.line} 行的数字“{fig.words}”无法确定读数（{para.sentence(start)}），已留空，不作猜测。",
                f"the figure “{fig.words}” cannot be read for sure ({para.sentence(start)}); left empty rather than "
                "guessed.",
                "可读的数字",
                fig.words,
                para,
                fig.line,
            )
            return fig
        if number is None:
            return fig
        value = number / (1000 if unit == "‰" else 100) if unit in ("%", "‰") else _wan(number, unit)
        if not storable(value):
            self.check(
                "unstorable_figure",
                "error",
                f"第 {fig.line} 行的数字“{fig.words}”{TOO_BIG}（{para.sentence(start)}）。",
                f"the figure “{fig.words}” {TOO_BIG_EN}; not loaded ({para.sentence(start)}).",
                "可存储的数字",
                fig.words,
                para,
                fig.line,
            )
            return fig
        fig.value = value
        return fig

    def register(self, para: _Para) -> None:
        for fig in para.money.values():
            name = _figure_name(para.text, fig.start)
            if name:
                self.registry.setdefault(name, fig)

    def lookup(self, name: str) -> _Figure | None:
        key = _name_key(name)
        if not key:
            return None
        if key in self.registry:
            return self.registry[key]
        near = [f for k, f in self.registry.items() if k.endswith(key) or key.endswith(k)]
        return near[0] if len(near) == 1 else None

    def reread(self, fig: _Figure, unit: str) -> Decimal | None:
        """The figure's number read in another unit."""
        number = fig.number
        value = None if number is None else _wan(number, unit)
        return value if storable(value) else None

    # -- the parts

    def run(self, lines: list[Line]) -> Narrative:
        narrative_lines, glossary_lines = _regions([_Text.of(line) for line in self.within_budget(lines)])
        paras = _paragraphs(narrative_lines)
        for para in paras:
            self.read_figures(para)
        units = [f.unit for p in paras for f in p.money.values()]
        if units.count("元") > units.count("万元"):
            self.unit = "元"
        for para in paras:
            self.register(para)

        procurement = [p for p in paras if "政府采购" in p.titles or _PROC_TOTAL.search(p.text)]
        self.budget_vs_final(paras)
        for para in paras:
            if para not in procurement:
                self.shares(para)
            self.growth(para)
        self.headline(paras)
        self.three_public(paras)
        self.admin_costs(paras)
        self.procurement(procurement)
        self.assets(paras)
        self.performance(paras)
        self.glossary(glossary_lines)
        return self.out

    def budget_vs_final(self, paras: list[_Para]) -> None:
        section = [
            p for p in paras if "具体情况" in p.sub_title and "一般公共预算" in p.titles and "三公" not in p.titles
        ]
        if not section:
            section = [p for p in paras if _XIANG.search(p.text) and "年初预算" in p.text]
        overall_done = False
        for para in section:
            initial = _INITIAL.search(para.text)
            final = _FINAL.search(para.text, initial.end() if initial else 0)
            if initial is None and final is None:
                continue
            head = para.text[: (initial or final).start()]
            if not para.numbered and not _XIANG.search(head) and _OVERALL.search(head):
                if not overall_done:
                    overall_done = True
                    self.overall_budget(para, initial, final)
                continue
            self.budget_item(para, head, initial, final)

    def overall_budget(self, para: _Para, initial: re.Match | None, final: re.Match | None) -> None:
        init = self.money_fact("initial_budget_total", "一般公共预算财政拨款支出年初预算", para, initial)
        fin = self.money_fact("final_total", "一般公共预算财政拨款支出决算", para, final)
        rate = _RATE.search(para.text)
        if rate is None:
            return
        self.percent_fact("completion_rate_total", "完成年初预算的比例", para, rate.start("num"))
        stated = para.percent.get(rate.start("num"))
        if init is not None and fin is not None and stated is not None:
            self.rate_checks("一般公共预算财政拨款支出", para, init, fin, stated)

    def budget_item(self, para: _Para, head: str, initial: re.Match | None, final: re.Match | None) -> None:
        full = head.rstrip("。，,.：:；; ")
        name = _xiang_name(full)
        init = para.money.get(initial.start("num")) if initial else None
        fin = para.money.get(final.start("num")) if final else None
        rate = _RATE.search(para.text)
        stated = para.percent.get(rate.start("num")) if rate else None
        label = f"{name}（项）"
        if init is not None and fin is not None:
            self.resolve_units(label, para, init, fin, stated)
        code = self.codes.get(subject_key(name))
        if code is None and self.has_codes:
            line = para.line_at(0)
            self.check(
                "subject_code_missing",
                "info",
                f"第 {line} 行“{label}”在支出决算表中找不到同名的项级科目，科目编码留空。",
                f"“{label}” has no item-level subject of the same name in the spending table (支出决算表); its "
                "subject code is left empty.",
                "支出决算表中的同名科目",
                name,
                para,
                line,
            )
        reason = _REASON.search(para.text)
        initial_value = init.value if init else None
        final_value = fin.value if fin else None
        self.out.budget_vs_final.append(
            BudgetVsFinal(
                report_id=self.report_id,
                code=code,
                name=name,
                initial_budget=initial_value,
                final=final_value,
                completion_rate=ratio(final_value, initial_value),
                stated_completion_rate=stated.value if stated else None,
                stated_final_text=fin.words if fin else "",
                explanation=reason["why"].strip() if reason else None,
                source_table=para.source,
                source_line=(fin or init).line if (fin or init) else para.line_at(0),
            )
        )
        if init is not None and fin is not None and stated is not None:
            self.rate_checks(label, para, init, fin, stated)

    def resolve_units(self, label: str, para: _Para, init: _Figure, fin: _Figure, stated: _Figure | None) -> None:
        """Initial and final in different units: the stated rate decides which unit is meant."""
        if init.unit == fin.unit or init.value is None or fin.value is None:
            return
        odd, other = (fin, init) if fin.unit != self.unit or init.unit == self.unit else (init, fin)
        alt = self.reread(odd, other.unit)
        literal = ratio(fin.value, init.value)
        reread = ratio(alt, init.value) if odd is fin else ratio(fin.value, alt)
        if stated is not None and _rate_ok(stated, literal):
            return
        if stated is not None and _rate_ok(stated, reread):
            meant = f"{odd.raw} {other.unit}"
            other_name, other_name_en = (
                ("年初预算", "the initial budget") if other is init else ("决算", "the final figure")
            )
            literal_rate = _pct_text(literal, stated.decimals)
            self.check(
                "unit_slip",
                "warning",
                f"第 {odd.line} 行“{label}”写作“{_words(para, odd)}”，但同句的{other_name}是 {other.words}、"
                f"完成率是 {stated.words}，只有按 {meant} 计算才对得上"
                f"（按 {odd.words} 计算完成率应为 {literal_rate}），应为单位笔误，已按 {meant} 记录。",
                f"“{label}” is written as “{_words(para, odd)}”, but the same sentence gives {other_name_en} as "
                f"{other.words} and the completion rate as {stated.words}, which fit only {meant} (read as "
                f"{odd.words}, the rate would be {literal_rate}): a unit slip, recorded as {meant}.",
                meant,
                odd.words,
                para,
                odd.line,
            )
            odd.value = alt
            return
        if stated is not None:
            why = f"与同句的完成率 {stated.words} 两种读法都对不上"
            why_en = f"neither reading fits the completion rate in the same sentence, {stated.words}"
        else:
            why, why_en = "同句没有完成率可以核对", "the sentence has no completion rate to check them against"
        self.check(
            "unit_unclear",
            "error",
            f"第 {odd.line} 行“{label}”年初预算写作“{init.words}”、决算写作“{fin.words}”，单位不一致，"
            f"{why}，无法确定“{odd.words}”的读数，已留空。",
            f"“{label}”: the initial budget is written “{init.words}” and the final “{fin.words}”, in different "
            f"units; {why_en}, so “{odd.words}” cannot be read for sure and is left empty.",
            f"{odd.raw} {other.unit} 或 {odd.words}",
            odd.words,
            para,
            odd.line,
        )
        odd.value = None

    def rate_checks(self, label: str, para: _Para, init: _Figure, fin: _Figure, stated: _Figure) -> None:
        line = stated.line
        if init.value is None or fin.value is None or stated.value is None:
            return
        if init.value == 0:
            self.check(
                "completion_rate_undefined",
                "warning",
                f"第 {line} 行“{label}”年初预算为 {init.words}，完成率无法计算（不能除以零），"
                f"报告却写“完成年初预算的 {stated.words}”，这个百分比没有意义。",
                f"“{label}” had an initial budget of {init.words}, so there is no completion rate (it would divide by "
                f"zero), yet the report writes “完成年初预算的 {stated.words}” ({stated.words} of the initial budget): "
                "the percentage means nothing.",
                f"无法计算（年初预算 {init.words}）",
                stated.words,
                para,
                line,
            )
            return
        computed = fin.value / init.value
        tiny = init.value * 100 < fin.value or (init.value < 1 and fin.value >= init.value * 10)
        if fin.value > init.value and tiny:
            self.check(
                "tiny_initial_budget",
                "warning",
                f"第 {line} 行“{label}”年初预算只有 {init.words}，决算 {fin.words}，"
                f"“完成年初预算的 {stated.words}”算术上成立，但年初几乎没有预算，支出基本是年中追加，"
                "这个完成率没有实际意义。",
                f"“{label}” had an initial budget of only {init.words} and a final of {fin.words}: "
                f"“完成年初预算的 {stated.words}” ({stated.words} of the initial budget) is arithmetically right, but "
                "with almost no initial budget the money was added during the year, and the rate means nothing in "
                "practice.",
                f"年初预算 {init.words}，决算 {fin.words}",
                f"完成年初预算的 {stated.words}",
                para,
                line,
            )
        if not _rate_ok(stated, computed):
            expected = _pct_text(computed, stated.decimals)
            self.check(
                "completion_rate_mismatch",
                "warning",
                f"第 {line} 行“{label}”：决算 {fin.words} ÷ 年初预算 {init.words} = {expected}，"
                f"报告写“完成年初预算的 {stated.words}”。",
                f"“{label}”: final {fin.words} ÷ initial budget {init.words} = {expected}, but the report writes "
                f"“完成年初预算的 {stated.words}” ({stated.words} of the initial budget).",
                expected,
                stated.words,
                para,
                line,
            )

    def whole_of(self, para: _Para, fig: _Figure, of: str) -> _Figure | None:
        """What a "占 x%" is a share of: named ("占本年支出合计的"), "基本支出中，…", or the paragraph's total."""
        if _name_key(of):
            return self.lookup(of)
        # The pattern is slow (it tries every length of clause at every position): look only when "中，" is there.
        within = list(_WITHIN.finditer(para.text, 0, fig.start)) if _WITHIN_END.search(para.text) else []
        if within:
            key = _name_key(within[-1]["x"])
            local = [f for f in para.money.values() if f.start < fig.start and _figure_name(para.text, f.start) == key]
            return local[0] if local else None
        for other in sorted(para.money.values(), key=lambda f: f.start):
            if other.start >= fig.start:
                break
            if _SHARE.match(para.text, other.end) or _changed_before(para.text, other.start):
                continue
            return other
        return None

    def shares(self, para: _Para) -> None:
        for fig in sorted(para.money.values(), key=lambda f: f.start):
            found = self.share_after(para, fig)
            if found is None or fig.value is None:
                continue
            m, stated = found
            whole = self.whole_of(para, fig, m["of"])
            if whole is None or whole is fig or whole.value in (None, 0) or stated.value is None:
                continue
            if _rate_ok(stated, fig.value / whole.value):
                continue
            name = _figure_name(para.text, fig.start) or "该项"
            whole_name = _name_key(m["of"]) or _figure_name(para.text, whole.start)
            if fig.unit != whole.unit and fig.unit != self.unit:
                alt = self.reread(fig, whole.unit)
                if alt is not None and _rate_ok(stated, alt / whole.value):
                    meant = f"{fig.raw} {whole.unit}"
                    self.check(
                        "unit_slip",
                        "warning",
                        f"第 {fig.line} 行“{name}”写作“{fig.words}”，但同句的占比 {stated.words} 只有按"
                        f"“{meant}”计算才成立（占{whole_name} {whole.words}），应为单位笔误，已按 {meant} 记录。",
                        f"“{name}” is written as “{fig.words}”, but the same sentence's share of {stated.words} holds "
                        f"only for “{meant}” (of {whole_name} {whole.words}): a unit slip, recorded as {meant}.",
                        meant,
                        fig.words,
                        para,
                        fig.line,
                    )
                    fig.value = alt
                    continue
            expected = _pct_text(fig.value / whole.value, stated.decimals)
            self.check(
                "narrative_share",
                "warning",
                f"第 {stated.line} 行“{name} {fig.words}，占 {stated.words}”：按 {fig.words} ÷ "
                f"{whole_name or '合计'} {whole.words} 计算应为 {expected}。",
                f"“{name} {fig.words}，占 {stated.words}”: {fig.words} ÷ {whole_name or '合计'} {whole.words} gives "
                f"{expected}.",
                expected,
                stated.words,
                para,
                stated.line,
            )

    def growth(self, para: _Para) -> None:
        for m in _CHANGE.finditer(para.text):
            change = para.money.get(m.start("num"))
            stated = para.percent.get(m.start("pnum"))
            before = [f for f in para.money.values() if f.start < m.start() and not _changed_before(para.text, f.start)]
            if change is None or stated is None or not before or change.value is None or stated.value is None:
                continue
            base = max(before, key=lambda f: f.start)
            if base.value is None:
                continue
            prior = base.value - change.value if m["dir"] == "增加" else base.value + change.value
            if prior <= 0:
                continue
            computed = change.value / prior
            if _rate_ok(stated, computed):
                continue
            expected = _pct_text(computed, stated.decimals)
            name = _figure_name(para.text, base.start) or "该项"
            self.check(
                "narrative_growth",
                "warning",
                f"第 {stated.line} 行“{name}”本年 {base.words}，比上年{m['dir']} {change.words}，"
                f"上年应为 {fmt_amount(prior)}，{m['dir2']}幅度应为 {expected}，报告写 {stated.words}。",
                f"“{name}”: {base.words} this year, {'up' if m['dir'] == '增加' else 'down'} {change.words} on last "
                f"year, so last year's was {fmt_amount(prior)} and the change {expected}; the report writes "
                f"{stated.words}.",
                expected,
                stated.words,
                para,
                stated.line,
            )

    def headline(self, paras: list[_Para]) -> None:
        for para in paras:
            total = _TOTAL.search(para.text)
            if total is None:
                continue
            self.money_fact("total", "收、支总计", para, total)
            change = _TOTAL_CHANGE.search(para.text, total.end())
            if change is not None:
                sign = -1 if change["dir"] == "减少" else 1
                self.money_fact("total_change", "收、支总计比上年增减", para, change, sign)
                growth = _GROWTH.match(para.text, change.end()) or _GROWTH.search(para.text, change.end())
                if growth is not None:
                    sign = -1 if growth["dir"] != "增长" else 1
                    self.percent_fact("total_growth", "收、支总计比上年增减幅度", para, growth.start("num"), sign)
            break
        income = next((p for p in paras if _INCOME_TOTAL.search(p.text)), None)
        if income is not None:
            self.money_fact("total_income", "本年收入合计", income, _INCOME_TOTAL.search(income.text))
        spending = next((p for p in paras if _SPENDING_TOTAL.search(p.text)), None)
        if spending is not None:
            self.money_fact("total_spending", "本年支出合计", spending, _SPENDING_TOTAL.search(spending.text))
            for topic, label, pattern in (
                ("basic_spending", "基本支出", _BASIC),
                ("project_spending", "项目支出", _PROJECT),
                ("personnel", "人员经费", _PERSONNEL),
                ("public_costs", "公用经费", _PUBLIC_COSTS),
            ):
                fig = self.money_fact(topic, label, spending, pattern.search(spending.text))
                found = self.share_after(spending, fig)
                if found is not None and not _name_key(found[0]["of"]):
                    self.percent_fact(f"{topic}_share", f"{label}占比", spending, found[1].start)
        for para in paras:
            if "基本支出" not in para.top_title or "一般公共预算" not in para.top_title:
                continue
            for topic, label, pattern in (
                ("gpb_basic_spending", "一般公共预算财政拨款基本支出", _BASIC),
                ("gpb_personnel", "一般公共预算财政拨款基本支出中的人员经费", _PERSONNEL),
                ("gpb_public_costs", "一般公共预算财政拨款基本支出中的公用经费", _PUBLIC_COSTS),
            ):
                self.money_fact(topic, label, para, pattern.search(para.text))

    def three_public(self, paras: list[_Para]) -> None:
        for para in paras:
            if "三公" not in para.top_title:
                continue
            for m in _THREE_PUBLIC.finditer(para.text):
                key = next(k for k, _, _ in _THREE_PUBLIC_ITEMS if m[k])
                label = _THREE_PUBLIC_LABELS[key]
                budget = para.money.get(m.start("budget")) if m["budget"] else None
                final = para.money.get(m.start("final"))
                if budget is not None:
                    self.fact(f"three_public_{key}_budget", f"{label}预算", budget.value, "万元", para, budget.start)
                if final is not None:
                    self.fact(f"three_public_{key}_final", f"{label}决算", final.value, "万元", para, final.start)
                rate = _RATE.match(para.text, m.end() + 1) if m.end() < len(para.text) else None
                stated = para.percent.get(rate.start("num")) if rate else None
                if budget is not None and final is not None and stated is not None and budget.value:
                    self.rate_checks(label, para, budget, final, stated)
            stock = _VEHICLE_STOCK.search(para.text)
            if stock is not None:
                value = self.count(para, stock, "辆", "公务用车保有量")
                self.fact("official_vehicles", "公务用车保有量", value, "辆", para, stock.start("num"))

    def admin_costs(self, paras: list[_Para]) -> None:
        for para in paras:
            if "机关运行经费" not in para.text:
                continue
            amount = _ADMIN.search(para.text)
            if amount is not None and amount.start("num") in para.money:
                self.money_fact("admin_costs", "机关运行经费", para, amount)
                return
            none = _ADMIN_NONE.search(para.text)
            if none is not None:
                self.fact("admin_costs", "机关运行经费", Decimal(0), "万元", para, none.start())
                return

    def procurement(self, paras: list[_Para]) -> None:
        found: dict[str, _Figure] = {}
        first: tuple[_Para, int] | None = None
        shares: dict[str, _Figure] = {}
        patterns = {"total": _PROC_TOTAL, **_PROC_KINDS, "sme": _PROC_SME, "small": _PROC_SMALL}
        for para in paras:
            for key, pattern in patterns.items():
                m = pattern.search(para.text)
                if key in found or m is None or m.start("num") not in para.money:
                    continue
                fig = para.money[m.start("num")]
                found[key] = fig
                first = first or (para, fig.line)
                share = self.share_after(para, fig)
                if key in ("sme", "small") and share is not None:
                    shares[key] = share[1]
        none = next(((p, m) for p in paras if (m := _PROC_NONE.search(p.text))), None)
        if not found and none is None:
            return
        if not found:
            para, m = none
            zero = Decimal(0)
            self.out.procurement.append(
                Procurement(
                    self.report_id,
                    zero,
                    zero,
                    zero,
                    zero,
                    zero,
                    None,
                    None,
                    zero,
                    None,
                    None,
                    para.source,
                    para.line_at(m.start()),
                )
            )
            return
        para, line = first

        def value(key: str) -> Decimal | None:
            return found[key].value if key in found else None

        total, sme, small = value("total"), value("sme"), value("small")
        sme_share, small_share = ratio(sme, total), ratio(small, sme)
        self.out.procurement.append(
            Procurement(
                report_id=self.report_id,
                total=total,
                goods=value("goods"),
                works=value("works"),
                services=value("services"),
                sme_amount=sme,
                sme_share=sme_share,
                stated_sme_share=shares["sme"].value if "sme" in shares else None,
                small_micro_amount=small,
                small_micro_share_of_sme=small_share,
                stated_small_micro_share=shares["small"].value if "small" in shares else None,
                source_table=para.source,
                source_line=found["total"].line if "total" in found else line,
            )
        )
        parts = [value(k) for k in ("goods", "works", "services")]
        if total is not None and all(p is not None for p in parts):
            added = sum(parts, Decimal(0))
            if abs(added - total) > _SUM_TOLERANCE:
                self.check(
                    "procurement_sum",
                    "warning",
                    f"第 {found['total'].line} 行政府采购：货物 {fmt_amount(parts[0])} + 工程 {fmt_amount(parts[1])}"
                    f" + 服务 {fmt_amount(parts[2])} = {fmt_amount(added)}，与所写总额 {found['total'].words} 不符。",
                    f"government procurement: goods {fmt_amount(parts[0])} + works {fmt_amount(parts[1])} + services "
                    f"{fmt_amount(parts[2])} = {fmt_amount(added)}, not the total written, {found['total'].words}.",
                    fmt_amount(added),
                    found["total"].words,
                    para,
                    found["total"].line,
                )
        sme_en = "the contracts awarded to small and medium enterprises"
        for key, computed, (label, label_en), (of, of_en) in (
            ("sme", sme_share, ("授予中小企业合同金额", sme_en), ("政府采购支出总额", "total government procurement")),
            (
                "small",
                small_share,
                ("授予小微企业合同金额", "the contracts awarded to small and micro enterprises"),
                ("授予中小企业合同金额", sme_en),
            ),
        ):
            stated = shares.get(key)
            if stated is None or computed is None or stated.value is None or _share_ok(stated, computed):
                continue
            expected = _pct_text(computed, max(stated.decimals, 2))
            self.check(
                "procurement_share",
                "warning",
                f"第 {stated.line} 行{label} {found[key].words} 占{of}的比例按原数计算为 {expected}，"
                f"报告写 {stated.words}。",
                f"{label_en} ({found[key].words}) come to {expected} of {of_en} by the report's own figures; the "
                f"report writes {stated.words}.",
                expected,
                stated.words,
                para,
                stated.line,
            )

    def assets(self, paras: list[_Para]) -> None:
        scope = [p for p in paras if "国有资产" in p.titles] or [p for p in paras if "三公" not in p.top_title]
        for para in scope:
            # Both patterns start with optional words, so a search tries them at every position:
            # look only in paragraphs that have the words every match has.
            vehicles = _VEHICLES.search(para.text) if "车辆" in para.text else None
            if vehicles is not None and "vehicles" not in self.topics:
                value = self.count(para, vehicles, "辆", "车辆")
                self.fact("vehicles", "车辆", value, "辆", para, vehicles.start("num"))
            equipment = _EQUIPMENT.search(para.text) if "设备" in para.text else None
            if equipment is not None:
                threshold = equipment["threshold"]
                topic = {"100": "equipment_over_1m", "50": "equipment_over_500k"}.get(
                    threshold, f"equipment_over_{threshold}wan"
                )
                if topic in self.topics:
                    continue
                label = f"单位价值 {threshold} 万元（含）以上设备（不含车辆）"
                value = self.count(para, equipment, "台（套）", label)
                self.fact(topic, label, value, "台（套）", para, equipment.start("num"))

    def performance(self, paras: list[_Para]) -> None:
        for para in paras:
            if "绩效" not in para.titles and "绩效自评" not in para.text and "绩效评价" not in para.text:
                continue
            count = _PERF_COUNT.search(para.text)
            if count is None:
                continue
            value = self.count(para, count, "个", "绩效自评项目数")
            self.fact("perf_project_count", "开展绩效自评的项目数", value, "个", para, count.start("num"))
            amount = _PERF_AMOUNT.search(para.text, count.end())
            self.money_fact("perf_total_amount", "绩效自评涉及资金", para, amount)
            rate = _PERF_RATE.search(para.text)
            if rate is not None:
                self.percent_fact("perf_self_eval_rate", "绩效自评率", para, rate.start("num"))
            return

    def glossary(self, lines: list[_Text]) -> None:
        entries: list[list] = []  # [term, definition, line]
        for line, _, text in lines:
            if not text:
                continue
            if title_kind(text) or _ANNEX.match(text) or _PART.match(text):
                break
            bold = "**" in line.text
            m = _GLOSSARY_ENTRY.match(text)
            if m and (m["no"] or bold):
                entries.append([m["term"].strip(), m["definition"].strip(), line.number])
            elif entries:
                entries[-1][1] += text
        for term, definition, number in entries:
            self.out.glossary.append(GlossaryEntry(self.report_id, term, definition, GLOSSARY, number))


def _changed_before(text: str, start: int) -> bool:
    """ "增加 " right before a figure: it is a change, not an amount. Looks back a few characters only."""
    return _CHANGE_BEFORE.search(text, max(start - 4, 0), start) is not None


def _figure_name(text: str, start: int) -> str:
    """What a figure is the amount of: the words since the last comma before it."""
    return _name_key(_clause(text, start))


def _words(para: _Para, fig: _Figure) -> str:
    """The clause a figure stands in, as a reader would quote it: "支出决算为 11.33 元"."""
    return f"{_clause(para.text, fig.start)} {fig.words}".strip()


def _clause(text: str, start: int) -> str:
    cuts = _cuts(text)
    k = bisect_right(cuts, start)  # the clauses that end at or before the figure
    return text[cuts[k - 1] if k else 0 : start]


@lru_cache(maxsize=256)
def _cuts(text: str) -> list[int]:
    """Where each clause of a paragraph begins (just after "，。；：、"), found once per paragraph."""
    return [m.end() for m in _NAME_CUT.finditer(text)]


def _xiang_name(full: str) -> str:
    """ "一般公共服务（类）…（款）一般行政管理事务（项）" → "一般行政管理事务"."""
    xiang = _XIANG.search(full)
    if xiang is None:
        return _LEVEL.sub("", full).strip() or full
    levels = [m for m in _LEVEL.finditer(full, 0, xiang.start())]
    start = levels[-1].end() if levels else 0
    return full[start : xiang.start()].strip()


def parse_narrative(lines: list[Line], report_id: str, subject_codes: dict[str, str]) -> Narrative:
    """Read the narrative and glossary of one report from its non-table lines.

    `subject_codes` maps table 03's 项 names to their 7-digit codes, so the
    年初预算 vs 决算 list can carry codes though its names differ slightly.
    """
    return _Parser(report_id, subject_codes).run(lines)
