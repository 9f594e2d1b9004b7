"""The national template's fixed vocabulary in English, from one glossary: etl/glossary.csv.

The names of the functional and economic classifications (政府收支分类科目), the performance indicators' levels,
the report's table and section names and the kinds of 三公经费 have no official English. The glossary is
OpenJuesuan's translation (`NOTE`, which every English page says where it shows one), one row a name:

- `kind`: function (支出功能分类, codes of 3, 5 and 7 digits), economic (支出经济分类, 3 and 5 digits), level
  (一级/二级指标), source (a table's or a part's title), three_public (the kinds of 三公经费);
- `code`: the subject code, or for a kind without codes the published name itself;
- `year_from`, `year_to`: the years whose subject list the row was checked against (codes are renumbered and
  renamed from one year's 政府收支分类科目 to the next); blank for a name that is not a subject;
- `zh`: the name as the year's subject list gives it (a code may have a row for each way reports write it);
- `en`: the English.

A code the glossary does not hold for the year, or one whose published name is not the glossary's, has no
English (`english` gives None): the dashboard then shows the code and the published name, never a guess. Adding
a year means checking that year's subject list and widening (or adding) the rows, not copying them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PATH = Path(__file__).with_name("glossary.csv")
KINDS = ("function", "economic", "level", "source", "three_public")
NOTE = "OpenJuesuan's translation; no official English exists."


@dataclass(frozen=True)
class Entry:
    kind: str
    code: str
    year_from: int | None
    year_to: int | None
    zh: str
    en: str

    def covers(self, year: int | None) -> bool:
        if self.year_from is None and self.year_to is None:
            return True
        if year is None:
            return False
        return (self.year_from or year) <= year <= (self.year_to or year)


@cache
def entries() -> dict[tuple[str, str], tuple[Entry, ...]]:
    """The glossary's rows by (kind, code)."""
    out: dict[tuple[str, str], list[Entry]] = {}
    with PATH.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            entry = Entry(
                row["kind"],
                row["code"],
                int(row["year_from"]) if row["year_from"] else None,
                int(row["year_to"]) if row["year_to"] else None,
                row["zh"],
                row["en"],
            )
            if entry.kind not in KINDS:
                raise ValueError(f"{PATH.name}: unknown kind {entry.kind!r}")
            out.setdefault((entry.kind, entry.code), []).append(entry)
    return {key: tuple(rows) for key, rows in out.items()}


def _same(published: str, zh: str) -> bool:
    """A published name is the glossary's when it differs only in width, spacing or a trailing 支出 (reports write
    “（室）” and “(室)”, and drop or add 支出 in the narrative)."""

    def plain(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).removesuffix("支出")

    return plain(published) == plain(zh)


def english(kind: str, code, year: int | None = None, published: str | None = None) -> str | None:
    """The English of `code` (of `kind`) in `year`'s subject list; None when the glossary lacks it for that year,
    or when the name the report printed (`published`) is not the name the glossary has for the code."""
    if not isinstance(code, str) or not code:
        return None
    for entry in entries().get((kind, code.strip()), ()):
        if entry.covers(year) and (published is None or _same(str(published), entry.zh)):
            return entry.en
    return None


_NUMERALS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LABEL = re.compile(r"^(?P<kind>公开|附表|表)(?P<no>\d+(?:-\d+)?)表?\s*(?P<title>.*)$")
_SECTION = re.compile(
    r"^(?P<title>情况说明)\s*(?P<section>[一二三四五六七八九十]+)?\s*(?:[（(](?P<sub>[一二三四五六七八九十]+)[）)])?$"
)


def _number(numeral: str) -> int:
    """一 → 1, 十一 → 11, 二十六 → 26."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _NUMERALS[numeral]
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)


def source_en(table):
    """`source_english`, or the name as published when the glossary lacks it: for English messages."""
    return source_english(table) or table


def source_english(table) -> str | None:
    """A report table's or part's name as a source line cites it, in English: "公开03表 支出决算表" → "Expenditure
    table (No. 03)", "情况说明 五（三）" → "Narrative, section 5 (3)"; None for a title the glossary lacks."""
    if not isinstance(table, str) or not table.strip():
        return None
    text = table.strip()
    if section := _SECTION.match(text):
        out = english("source", section["title"])
        if section["section"]:
            out += f", section {_number(section['section'])}"
        if section["sub"]:
            out += f" ({_number(section['sub'])})"
        return out
    label = _LABEL.match(text)
    title = label["title"].strip() if label else text
    out = english("source", title)
    if out is None or not label:
        return out
    return f"{out} ({'Annex ' if label['kind'] == '附表' else ''}No. {label['no']})"
