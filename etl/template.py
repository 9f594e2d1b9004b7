"""Recognise the national template's tables in a reader's stream of lines and rows.

This is the one place that knows how a report announces a table, whatever
the file format: its title (whatever the numbering: 公开03表, 表3, 附表3 or
none), its label and its unit on the lines above it, and that a table
without a title goes on from the one before it (a page break). Every reader
in `etl/readers/` feeds it the same kind of stream.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from etl.document import Document, Line, NotAReport, Page, Row, Sheet, Table
from etl.text import compact

# (kind, titles) — first match wins, so longer titles come before the
# shorter ones they contain ("财政拨款收入支出决算总表" before "收入支出决算总表").
TABLE_KINDS: list[tuple[str, tuple[str, ...]]] = [
    (
        "economic",
        ("一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表", "基本支出决算明细表"),
    ),
    ("gpb_spending", ("一般公共预算财政拨款支出决算表", "一般公共预算财政拨款收入支出决算表")),
    ("fiscal_summary", ("财政拨款收入支出决算总表",)),
    ("summary", ("收入支出决算总表",)),
    ("income", ("收入决算表",)),
    ("gov_fund", ("政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款支出决算表")),
    ("soe_capital", ("国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表")),
    (
        "three_public",
        ("财政拨款“三公”经费支出决算表", "“三公”经费支出决算表", "财政拨款三公经费支出决算表", "三公经费支出决算表"),
    ),
    ("perf", ("部门预算项目支出绩效自评表", "项目支出绩效自评表")),
    ("project_spending", ("项目支出决算表",)),
    ("admin_costs", ("机关运行经费支出决算表", "机关运行经费决算表")),
    ("spending", ("支出决算表",)),
]

# Numbering in front of a title: "一、", "（三）", "3.", "表3", "附表3", "公开03表", "附件1".
_TITLE_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.]|"
    r"(?:附表|附件|表|公开)\d+(?:-\d+)?表?[:：、.]?)"
)
_TITLE_SUFFIX = re.compile(r"[（(](?:公开|附表|表)?\d+(?:-\d+)?表?[）)]$")
_LABEL = re.compile(r"^(公开\d+(?:-\d+)?表|附表\d+(?:-\d+)?|表\d+(?:-\d+)?)")
_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元)")
# A title is followed within a few lines (label, unit, 部门：…, a note) by its table.
TITLE_REACH = 8


def _known_titles() -> dict[str, tuple[str, str]]:
    """Each title, its closing quotes written as opening ones as title_kind matches them → (kind, title).

    The first title in TABLE_KINDS wins, as a scan of the list in order would.
    """
    known: dict[str, tuple[str, str]] = {}
    for kind, titles in TABLE_KINDS:
        for title in titles:
            known.setdefault(title.replace("”", "“"), (kind, title))
    return known


_KNOWN_TITLES = _known_titles()


def title_kind(text: str) -> tuple[str, str] | None:
    """("spending", "支出决算表") when `text` is a table title line, else None."""
    if "表" not in text:  # every title has it, and normalising adds none: most lines stop here
        return None
    title = compact(text)
    if not title.endswith(("表", ")")):  # a title, or its "（公开03表）" suffix; not a sentence that names one
        return None
    title = title.replace('"', "“")
    for _ in range(2):
        title = _TITLE_PREFIX.sub("", title)
    title = _TITLE_SUFFIX.sub("", title)
    title = title.replace("“三公”", "“三公”").replace("\u201c", "“").replace("\u201d", "”")
    return _KNOWN_TITLES.get(title.replace("”", "“"))


def build_document(
    items: Iterable[Line | Row | Page | Sheet], path: str = "<text>", sha256: str = "", source_format: str = "md"
) -> Document:
    """The report's narrative lines and its tables, each table recognised by the lines before it."""
    lines: list[Line] = []
    tables: list[Table] = []
    # What the lines since the previous table said about the next one.
    pending_title: tuple[str, str] | None = None
    pending_label: str | None = None
    pending_unit: str | None = None
    current: Table | None = None
    page_starts: list[int] = []
    sheets: list[Sheet] = []
    since_title = 0  # lines since the pending title: a table of contents' last entry names no table below it

    for item in items:
        if type(item) is Row:
            if current is None:
                first = next((c for c in item.cells if c), "")
                found = pending_title or (title_kind(first) if first else None)
                if found:
                    current = Table(found[0], found[1], pending_label, pending_unit)
                elif tables:  # untitled: the previous table goes on over a page break
                    before = tables[-1]
                    current = Table(before.kind, before.title, before.label, before.unit)
                else:
                    current = Table("unknown", "", pending_label, pending_unit)
                tables.append(current)
                pending_title = pending_label = pending_unit = None
            current.rows.append(item)
            continue
        if type(item) is Page:  # a page break does not end a table: its next rows go on from it
            page_starts.append(item.line)
            continue
        if type(item) is Sheet:  # a new sheet does end one: its rows are the sheet's own
            sheets.append(item)
            current = None
            continue

        current = None
        stripped = item.text
        if not stripped:
            continue
        lines.append(item)
        since_title += 1
        if since_title > TITLE_REACH:  # a unit line is the table's whatever stands between: it stays pending
            pending_title = pending_label = None
        # Titles and labels all have a 表 and unit lines a 位 (normalising adds neither):
        # most lines of the narrative have neither and cost nothing more here.
        if "表" in stripped:
            found = title_kind(stripped.lstrip("-* "))
            if found and not stripped.startswith(("-", "*")):  # list items are the table of contents
                pending_title, since_title = found, 0
            label = _LABEL.match(compact(stripped))
            if label:
                pending_label = label.group(1)
                inline = title_kind(compact(stripped)[label.end() :])
                if inline:
                    pending_title, since_title = inline, 0
        if "位" in stripped:
            unit = _UNIT.search(compact(stripped))
            if unit:
                pending_unit = unit.group(1)

    # A page holding only the 情况说明 (or its 三公 or 政府采购 section) has no standard table: it is read as a
    # partial report, and refused by parse_report when its narrative states no figure either.
    if tables and not any(t.kind != "unknown" for t in tables) and not lines:
        raise NotAReport(f"{path}: 没有找到部门决算的任何一张标准表（收入支出决算总表、支出决算表……）")
    return Document(path, sha256, lines, tables, source_format, page_starts, sheets)
