"""Numbers as a reader wants them: thousands separators, the unit always said."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.i18n import tr


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


def pct(value, digits: int = 2) -> str:
    """0.9931 → "99.31%"."""
    if missing(value):
        return "—"
    return f"{float(value) * 100:,.{digits}f}%"


def pct_number(value, digits: int = 2) -> float | None:
    """A fraction as a percentage number for a table column: 6.3461 → 634.61; None when it is missing."""
    return None if missing(value) else round(float(value) * 100, digits)


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
