"""Numbers as a reader wants them: thousands separators, the unit always said — and read back when typed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import source, tr
from etl.text import TO_WAN, UNIT_EN


def unit() -> str:
    """The store's money unit, as the reader's language says it."""
    return tr("万元", "10k yuan")


def missing(value) -> bool:
    """True for a figure the report does not give: None, NaN, pd.NA or NaT."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def wan(value, digits: int = 2) -> str:
    """42590.81 → "42,590.81 万元"."""
    if missing(value):
        return "—"
    return f"{float(value):,.{digits}f} {unit()}"


def yi(value) -> str:
    """42590.81 万元 → "约 4.26 亿元" (about 426 million yuan)."""
    if missing(value):
        return "—"
    return tr(f"约 {float(value) / 10000:,.2f} 亿元", f"≈ {float(value) / 100:,.1f} million yuan")


def money(value) -> str:
    """万元 below one 亿, 亿元 above, for headlines."""
    if missing(value):
        return "—"
    if abs(float(value)) >= 10000:
        return f"{wan(value)}（{yi(value)}）" if tr("zh", "en") == "zh" else f"{wan(value)} ({yi(value)})"
    return wan(value)


def unit_name(name):
    """A report's unit ("万元", "元", "千元") as the reader's language says it."""
    return UNIT_EN.get(name, name) if isinstance(name, str) and tr("zh", "en") == "en" else name


_WAN_FIGURE = re.compile(r"(\d) 万元")


def figure_words(text):
    """A figure the ETL wrote for a finding ("42,590.81 万元", etl.text.fmt_amount) in the reader's language:
    "42,590.81 10k yuan" in English. Only a number followed by " 万元": a report's own words ("11.33 元") as written."""
    if not isinstance(text, str) or tr("zh", "en") == "zh":
        return text
    return _WAN_FIGURE.sub(lambda m: f"{m[1]} {unit()}", text)


def pct(value, digits: int = 2) -> str:
    """0.9931 → "99.31%"."""
    if missing(value):
        return "—"
    return f"{float(value) * 100:,.{digits}f}%"


def pct_number(value, digits: int = 2) -> float | None:
    """A fraction as a percentage number for a table column: 6.3461 → 634.61; None when it is missing."""
    return None if missing(value) else round(float(value) * 100, digits)


@dataclass(frozen=True)
class Reading:
    """One thing a typed figure can stand for, in the store's terms: 万元, or a fraction for a rate."""

    value: float
    tolerance: float  # half a unit of the last digit typed: "99.3%" is whatever shows as 99.3%
    rate: bool  # typed as a percentage, so only a rate column can hold it

    def matches(self, values: pd.Series) -> pd.Series:
        # The margin absorbs binary floating point, never a difference a reader could see.
        return (values - self.value).abs() <= self.tolerance * (1 + 1e-9)


# The units the pages write after a figure (`wan`, `yi`, `pct`, in either language) and those reports are written
# in, each with its factor to the store's terms: 万元, and a fraction for a percentage.
_UNITS = {
    "10k yuan": 1.0,
    "million yuan": 100.0,
    "million": 100.0,
    "yuan": 1e-4,
    "亿元": 1e4,
    "亿": 1e4,
    "万元": 1.0,
    "万": 1.0,
    "千元": 0.1,
    "元": 1e-4,
    "%": 0.01,
}
_TYPED = re.compile(
    r"(?:约|≈|~|about)?\s*(?P<minus>[-−])?(?P<open>\()?\s*(?P<number>\d[\d,\s]*(?:\.\d+)?|\.\d+)\s*(?P<close>\))?\s*"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})?",
    re.IGNORECASE,
)


def read_typed(text: str, source_unit: str = "万元") -> list[Reading]:
    """What a figure a reader typed can stand for, read the ways the dashboard and the report show figures.

    "42,590.81", "42590.81 万元", "42,590.81 10k yuan", "约 4.26 亿元", "≈ 425.9 million yuan", "99.3%", "(1,234.00)"
    (accounting's minus) and full-width "４２５９０．８１" all read; a figure matches what rounds to it as typed.
    A bare number may be 万元 or a value as stored, a rate shown as a percentage number (634.61 in a "%" column),
    or, for a report written in 元 or 千元 (`source_unit`), a figure as that report prints it. [] when `text` is
    not a figure.
    """
    m = _TYPED.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if m is None or bool(m["open"]) != bool(m["close"]):
        return []
    number = re.sub(r"[,\s]", "", m["number"])
    value = float(number) * (-1 if m["minus"] or m["open"] else 1)
    half = 0.5 * 10.0 ** -len(number.partition(".")[2])
    unit = (m["unit"] or "").lower()
    if unit:
        factor = _UNITS[unit]
        return [Reading(value * factor, half * factor, unit == "%")]
    readings = [Reading(value, half, False), Reading(value / 100, half / 100, True)]
    if source_unit != "万元" and source_unit in TO_WAN:
        factor = float(TO_WAN[source_unit])
        readings.append(Reading(value * factor, half * factor, False))
    return readings


def count(value) -> str:
    return "—" if missing(value) else f"{int(value):,}"


def utc(value) -> str:
    """A timestamp as UTC text, "2024-05-01 08:30:00 UTC" (spreadsheets cannot hold time zones); "" when missing."""
    if missing(value):
        return ""
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_convert("UTC") if stamp.tzinfo else stamp
    return stamp.strftime("%Y-%m-%d %H:%M:%S UTC")


# Markdown and HTML that can act anywhere in a line (emphasis, code, links, HTML, math, tables, Streamlit's
# :emoji: and :color[...] directives), and what acts only at the start of a line (lists, headings).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#|~$:&!])")
_LINE_START = re.compile(r"^(\d+(?=\.(?:\s|$))|(?=[-+=]))")  # "1. ", "-", "+", "=": a list or a heading


def md(text) -> str:
    """Report-provided text (a name, a sentence, a table title) for st.markdown, shown as plain text.

    One line; every character markdown, HTML or Streamlit would act on is escaped, so "*" or "1." in a
    report stays as written. None or NaN gives "".
    """
    if missing(text):
        return ""
    out = _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
    return _LINE_START.sub(r"\1\\", out)


def place(table, line, page=None, cell=None, file=None) -> str:
    """Where a figure stands in its report: "公开03表 支出决算表 · 第 5 页" (in English "Expenditure table (No. 03),
    page 5") for a PDF, "支出决算表 · 公开03表!A12"
    for a workbook, "… 第 143 行" for text; led by the file's name when the figure comes from a page published
    apart from the report shown (queries.holder).

    `table`, `cell` and `file` are report text and are escaped for st.markdown.
    """
    table = source(table)
    name = md(table) if missing(file) else f"{md(file)} · {md(table)}"
    if not missing(cell):
        return f"{name} · {md(cell)}"
    if not missing(page):
        return tr(f"{name} · 第 {int(page)} 页", f"{name}, page {int(page)}")
    if not missing(line):
        return tr(f"{name} 第 {int(line)} 行", f"{name}, line {int(line)}")
    return name


def span(values: pd.Series) -> str:
    """ "12" or "12–19": the range a column of line or page numbers covers."""
    lo, hi = int(values.min()), int(values.max())
    return f"{lo}" if lo == hi else f"{lo}–{hi}"
