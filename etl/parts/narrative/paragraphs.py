"""The narrative as paragraphs of figures: the model every section reads.

The conversion breaks sentences over lines ("…相关机构事\\n\\n务（款）…"), so
lines are first joined into paragraphs; each paragraph keeps the offset where
every source line starts, so a figure is cited on the line it is on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from etl.document import Line
from etl.text import BadNumber, clean, parse_amount, simplified, translator

NARRATIVE = "情况说明"

# What the narrative reads at most. The bundled report has 6,417 characters of text outside its
# tables and no paragraph over 222; a file with far more is no report's narrative, and reading
# all of it would take time that grows with the square of its length.
MAX_TEXT = 100_000  # characters of text outside the tables
MAX_PARAGRAPH = 2_000  # characters in one paragraph (lines are joined up to this) or one line

_HUNDRED = Decimal(100)
_TOLERANCE_PP = Decimal("0.01")  # percentage points, after rounding to the stated precision

# A number as written. Letters the conversion confuses with digits are taken in
# so that "4,3O0.00" is seen (and refused by parse_amount), not half-read.
NUM = r"\d[\dOoIl,.]*"
UNITS = r"亿元|万元|千元|元"
M = rf"\s?(?P<num>{NUM})\s?(?P<unit>{UNITS})"  # money, in a larger pattern
P = rf"\s?(?P<num>{NUM})\s?(?P<sign>%|‰)"  # a percentage, in a larger pattern
C = rf"\s?(?P<num>{NUM})\s?"  # a count, in a larger pattern

digits = translator("０１２３４５６７８９％．", "0123456789%.")
_BULLET = re.compile(r"^(?:[-*+]\s+|#+\s*)")
PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_TOP = re.compile(r"^(?P<n>[一二三四五六七八九十]+)[、.．]\s*(?P<title>\S.*)$")
_SUB = re.compile(r"^[（(](?P<n>[一二三四五六七八九十]+)[）)]\s*(?P<title>\S.*)$")
_MARKER = re.compile(r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_TERMINAL = "。！？；：;:!?"
# A page's own title ("…2023年度“三公”经费决算情况说明"): the heading of a page that is one section alone.
_PAGE_TITLE = re.compile(r"20\d{2}年度?.{0,40}?情况说明$")
_GLOSSARY_HEAD = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?名词解释$")

# Names and their parts.
_YEAR = re.compile(r"^\d{4}年度?")
_NAME_TAIL = re.compile(r"(?:均|各)?(?:为|是)?$")
_NAME_CUT = re.compile(r"[，。；：、,;:]")


@dataclass
class Figure:
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
class Para:
    """Source lines joined into one paragraph, with the section it is in."""

    text: str
    starts: list[int]  # offset in `text` where each source line begins
    numbers: list[int]  # that line's number in the source file
    numbered: bool  # begins with "1." / "（1）"
    top: str | None  # section numeral: 五
    top_title: str
    sub: str | None  # sub-section numeral: 三
    sub_title: str
    money: dict[int, Figure] = field(default_factory=dict)  # by start offset
    percent: dict[int, Figure] = field(default_factory=dict)
    # `text` in the characters the page printed (長春市…): as long as `text`, so an offset into one is into both.
    published: str = ""

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

    def append(self, text: str, number: int, published: str) -> None:
        self.starts.append(len(self.text))
        self.numbers.append(number)
        self.text += text
        self.published += published

    def sentence(self, pos: int) -> str:
        """The sentence around `pos`, as published."""
        start = self.text.rfind("。", 0, pos) + 1
        end = self.text.find("。", pos)
        return self.published[start : end + 1 if end >= 0 else len(self.text)]


# --------------------------------------------------------------------------- text


def _published(text: str) -> str:
    return digits(clean(text.replace("**", "").replace("__", "")))


def _strip_markup(text: str) -> str:
    return _BULLET.sub("", text.replace("**", "").replace("__", "")).strip()


class Text(NamedTuple):
    """A line as the passes over the narrative read it, normalised once for all of them."""

    line: Line
    raw: str  # without markdown emphasis and bullets
    text: str  # `published` in simplified characters, whatever a mirror site printed: the patterns are in them
    published: str  # `raw` normalised

    @classmethod
    def of(cls, line: Line) -> Text:
        raw = _strip_markup(line.text)
        published = _published(raw)
        return cls(line, raw, simplified(published), published)


def _is_heading(text: str) -> bool:
    if len(text) > 60 or "。" in text or "：" in text:
        return False
    if len(text) > 40:
        return bool(_PAGE_TITLE.search(text))
    return bool(PART.match(text) or _TOP.match(text) or _SUB.match(text) or _PAGE_TITLE.search(text))


# Asked for every figure, and the same clauses ("基本支出", "本年支出合计为") recur across reports.
@lru_cache(maxsize=1 << 12)
def name_key(text: str) -> str:
    key = _YEAR.sub("", text.strip()).removeprefix("其中").strip("：:，, ")
    key = _NAME_TAIL.sub("", key)
    return key.replace("“", "").replace("”", "").replace('"', "")


def figure_name(text: str, start: int) -> str:
    """What a figure is the amount of: the words since the last comma before it."""
    return name_key(clause(text, start))


def clause(text: str, start: int) -> str:
    cuts = _cuts(text)
    k = bisect_right(cuts, start)  # the clauses that end at or before the figure
    return text[cuts[k - 1] if k else 0 : start]


@lru_cache(maxsize=256)
def _cuts(text: str) -> list[int]:
    """Where each clause of a paragraph begins (just after "，。；：、"), found once per paragraph."""
    return [m.end() for m in _NAME_CUT.finditer(text)]


# --------------------------------------------------------------------------- percentages


def _pct(value: Decimal, places: int) -> Decimal:
    return (value * _HUNDRED).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def pct_text(value: Decimal | None, places: int = 2) -> str:
    return "（无法计算）" if value is None else f"{_pct(value, places)}%"


def rate_ok(stated: Figure, value: Decimal | None) -> bool:
    """The recomputed fraction, rounded as the report rounds, is within 0.01 pp of what it says."""
    if stated.value is None or value is None:
        return False
    return abs(_pct(value, stated.decimals) - stated.value * _HUNDRED) <= _TOLERANCE_PP


def share_ok(stated: Figure, value: Decimal | None) -> bool:
    """Within half a unit of the stated precision: "13%" stands for 12.5%…13.5%."""
    if stated.value is None or value is None:
        return False
    half = Decimal(5).scaleb(-(stated.decimals + 1))
    return abs(value * _HUNDRED - stated.value * _HUNDRED) <= half


# --------------------------------------------------------------------------- regions


def _regions(lines: list[Text]) -> tuple[list[Text], list[Text]]:
    """(narrative lines, glossary lines): 第三部分 up to the next part, 名词解释 up to the next."""
    texts = [line.text.replace(" ", "") for line in lines]
    bullets = [bool(_BULLET.match(line.line.text)) for line in lines]
    parts = [i for i, t in enumerate(texts) if PART.match(t) and not bullets[i]]

    def after(i: int) -> int:
        return next((p for p in parts if p > i), len(lines))

    start = next((i for i in reversed(parts) if NARRATIVE in texts[i]), None)
    narrative = lines if start is None else lines[start + 1 : after(start)]
    head = next((i for i in reversed(range(len(lines))) if _GLOSSARY_HEAD.match(texts[i]) and not bullets[i]), None)
    glossary: list[Text] = []
    if head is not None:
        glossary = lines[head + 1 : after(head)]
        if start is None:
            narrative = lines[:head]
    return narrative, glossary


def _paragraphs(lines: list[Text]) -> list[Para]:
    paras: list[Para] = []
    top = sub = None
    top_title = sub_title = ""
    last: Para | None = None
    for line, raw, text, published in lines:
        if not text:
            continue
        if _is_heading(text):
            last = None
            if PART.match(text):
                top = sub = None
                top_title = sub_title = ""
            elif m := _TOP.match(text):
                top, top_title, sub, sub_title = m["n"], m["title"], None, ""
            elif m := _SUB.match(text):
                sub, sub_title = m["n"], m["title"]
            else:
                top, top_title, sub, sub_title = None, text, None, ""
            continue
        marker = _MARKER.match(raw)
        if marker:
            published = _published(raw[marker.end() :])
            text = simplified(published)
        if (
            last is not None
            and not marker
            and last.text
            and last.text[-1] not in _TERMINAL
            and len(last.text) + len(text) <= MAX_PARAGRAPH
        ):
            last.append(text, line.number, published)
            continue
        last = Para(text, [0], [line.number], bool(marker), top, top_title, sub, sub_title, published=published)
        paras.append(last)
    return paras


def split(lines: list[Line]) -> tuple[list[Para], list[Text]]:
    """(narrative paragraphs, glossary lines)."""
    narrative, glossary = _regions([Text.of(line) for line in lines])
    return _paragraphs(narrative), glossary
