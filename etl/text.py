"""Reading words and numbers the PDF conversion has mangled.

The converter splits numbers and words with spaces ("2180. 66 万元",
"全年预 算数"), leaves HTML in cells and mixes full- and half-width signs. These
helpers undo that once, so the parsers compare clean text. Patterns are
compiled at import: they run for every cell of every report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")
# A space is an artefact when either neighbour is CJK or CJK punctuation, or
# when it splits a number ("2180. 66", "42, 590"). `clean` has made all whitespace
# single spaces by then, so each pattern starts with one: the regex engine jumps
# from space to space instead of trying the lookarounds at every character.
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）《》【】"
_SPACE_NEAR_CJK = re.compile(rf" (?:(?<=[{_CJK}] )|(?=[{_CJK}]))")
_SPLIT_NUMBER = re.compile(r" (?<=[\d.,] )(?=[\d.,])")


def translator(wide: str, narrow: str) -> Callable[[str], str]:
    """str.translate from `wide` to `narrow`, skipped when the text has none of `wide`.

    On Chinese text translate looks every character up in a dict, microseconds a
    line; searching for the few characters it would change costs a tenth of that.
    """
    table = str.maketrans(wide, narrow)
    needed = re.compile(f"[{re.escape(wide)}]")

    def translate(text: str) -> str:
        return text.translate(table) if needed.search(text) else text

    return translate


# Mirror sites publish reports in traditional characters (萬元, 決算, 採購). One character for one, so a match
# found in the simplified text slices the published text at the same place: names are kept as published.
simplified = translator(
    "萬億決預採購經費財撥務總額計說況開資產車輛運維護機關國際減較為長項門貨業會對個單體數與統補劃備設臺",
    "万亿决预采购经费财拨务总额计说况开资产车辆运维护机关国际减较为长项门货业会对个单体数与统补划备设台",
)

_halfwidth = translator("０１２３４５６７８９．，％＞＜＝：（）－", "0123456789.,%><=:()-")

# ASCII digits only: "٣٤٥" or "𝟒𝟐" in an amount cell is damage, not a number we are sure of.
# Plain digits first: most cells have no thousands separator, and fullmatch accepts the same either way.
_AMOUNT = re.compile(r"-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?", re.ASCII)


# What a cell holds when it holds no figure: left blank, or a dash drawn in it.
_BLANKS = frozenset({"", "-", "—", "--", "——", "－", "–"})

# How many 万元 (the store's unit) one unit of the source is.
TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}


class BadNumber(ValueError):
    """A cell that should hold a number but cannot be read as one for sure."""


# The store's DECIMAL(18,6): at most twelve digits before the point and six after it.
STORE_LIMIT = Decimal(10) ** 12
STORE_PLACES = Decimal("0.000001")


def unreadable(raw: str) -> tuple[str, str]:
    """Why a cell is not read as a number, in Chinese and English: "“4,3O0.00”不是可确认的数字"; a formula a
    workbook was saved without calculating (etl.readers.xlsx) says so."""
    if raw.startswith("="):
        return (
            f"“{raw}”是没有计算结果的公式（工作簿保存时未经计算），不是可确认的数字",
            f"“{raw}” is a formula saved without its calculated value, not a number that can be read for sure",
        )
    return f"“{raw}”不是可确认的数字", f"“{raw}” is not a number that can be read for sure"


def storable(value: Decimal | None) -> bool:
    """Whether `value` goes into a DECIMAL(18,6) column exactly, without rounding or overflow (None does)."""
    if value is None:
        return True
    if not value.is_finite() or abs(value) >= STORE_LIMIT:
        return False
    return value.quantize(STORE_PLACES) == value


# Cells repeat a great deal within and across reports ("", "0.00", "万元"):
# memoising the two normalisers halves the parse time of a report.
@lru_cache(maxsize=1 << 16)
def clean(text: str | None) -> str:
    """Text as a reader sees it: no HTML, no converter spaces inside Chinese."""
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    if " " not in text:  # the two passes below remove spaces only
        return text
    text = _SPACE_NEAR_CJK.sub("", text)
    return _SPLIT_NUMBER.sub("", text)


@lru_cache(maxsize=1 << 16)
def compact(text: str | None) -> str:
    """Text with every space removed and signs half-width, for matching."""
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub("", text)
    return _halfwidth(_SPACE.sub("", text))


def parse_amount(text: str | None) -> Decimal | None:
    """An amount cell: blank is None; "42,590.81" is Decimal; anything else raises.

    Thousands separators must group by three: "4,3O0.00" or "42,59.81" are
    not numbers we are sure of, so they raise rather than guess.
    """
    raw = compact(text)
    if raw in _BLANKS:
        return None
    if not _AMOUNT.fullmatch(raw):
        raise BadNumber(text)
    return Decimal(raw.replace(",", ""))


def parse_percent(text: str | None) -> Decimal | None:
    """ "98.78%" → Decimal("0.9878"); blank is None; anything else raises."""
    raw = compact(text)
    if raw in _BLANKS:
        return None
    if not raw.endswith("%"):
        raise BadNumber(text)
    value = parse_amount(raw[:-1])
    return None if value is None else value / 100  # "%", "-%", "—%": a rate left blank


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator to six places, or None where it is undefined or too large to store."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    quotient = numerator / denominator
    if abs(quotient) >= STORE_LIMIT:
        return None
    return quotient.quantize(STORE_PLACES, ROUND_HALF_UP)


def fmt_amount(value: Decimal | None, unit: str = "万元") -> str:
    """42590.81 → "42,590.81 万元", for messages."""
    if value is None:
        return "（空）"
    return f"{value:,.2f} {unit}"


# Units as English says them: the store's 万元 is "10k yuan" everywhere in English (the dashboard's axes,
# headers and figures too), 亿元 "100 million yuan".
UNIT_EN = {"万元": "10k yuan", "元": "yuan", "千元": "1,000 yuan", "亿元": "100 million yuan"}


def fmt_amount_en(value: Decimal | None, unit: str = "万元") -> str:
    """42590.81 → "42,590.81 10k yuan", for English messages."""
    if value is None:
        return "(blank)"
    return f"{value:,.2f} {UNIT_EN.get(unit, unit)}"


def fmt_percent(value: Decimal | None) -> str:
    """Decimal("0.0302") → "3.02%", for messages."""
    if value is None:
        return "（空）"
    return f"{value * 100:,.2f}%"
