"""Drafting slips: what a report's words get wrong whatever its figures say — a template's placeholder left in,
another department's name or another year's report copied over, a table the contents list but the report lacks,
a word typed twice.

Read from every line and table row as published, so a slip is cited at its own line (and page). The year and the
name compared against are the report's own (etl.parts.header), stated on its cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from etl.checks import Findings
from etl.document import Document
from etl.model import ParsedReport, QualityCheck
from etl.parts.header import stated_department
from etl.text import compact

REPORT = "报告正文"

# What a template leaves for the drafter to fill in: XX / ×× / 某某 where a name or figure goes, and the
# template's own instructions. Latin letters on either side are a word (XXL, a code), not a placeholder.
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:X{2,}|x{2,}|×{2,}|某某|〇{2,})(?![A-Za-z])|填报说明|请填写|此处填写|（填写[^）]{0,10}）|\[[^\]]{1,10}名称\]"
)
# A year stated for this report's own accounts: "2022年度部门决算", "2022年度“三公”经费财政拨款支出决算".
_OWN_YEAR = re.compile(
    r"(20\d\d)\s*年度?\s*(?:部门决算|部门收支|收入支出决算|收支决算|支出决算|“三公”经费|\"三公\"经费|三公经费|机关运行经费)"
)
# Before a year that is compared with, not claimed: "比2022年度", "与2022年相比", "较上年".
_COMPARED = re.compile(r"(?:比|较|与|同|对比|相比|上年|去年)\s*$")
# A word of two to four characters typed twice in a row ("支出支出"), or a particle twice ("的的").
_REPEATED = re.compile(r"([\u4e00-\u9fff]{2,4})\1|([的了和是在与及])\2")


def _texts(doc: Document) -> Iterator[tuple[int, str, str]]:
    """Every line's text and where a citation puts it: its table, or the report."""
    yield from ((line.number, line.text, REPORT) for line in doc.lines)
    for table in doc.tables:
        yield from ((row.line, " ".join(c for c in row.cells if c), table.source) for row in table.rows)


# A contents line's numbering: "- 九、", "1.", "（三）".
_NUMBERING = re.compile(r"^[-\s]*(?:[一二三四五六七八九十]+、|\d+[.、]|（[一二三四五六七八九十]+）)")
_CONTENTS_HEADING = frozenset({"目录", "目次"})


def _missing_tables(doc: Document) -> Iterator[tuple[int, str]]:
    """The tables the contents list (line, name) that the report does not hold. The contents run from their
    heading to the first line the body repeats (第一部分 …), a report's first few dozen lines at most."""
    lines = [(line.number, compact(line.text)) for line in doc.lines]
    start = next((i for i, (_, text) in enumerate(lines[:20]) if text in _CONTENTS_HEADING), None)
    if start is None:
        return
    entries: dict[str, int] = {}
    for number, text in lines[start + 1 : start + 80]:
        if text in entries:
            break
        entries[text] = number
    body = {_NUMBERING.sub("", text) for _, text in lines[start + 1 + len(entries) :]}
    titles = [compact(name) for table in doc.tables for name in (table.title, table.label) if name]
    for text, number in entries.items():
        name = _NUMBERING.sub("", text)
        if name.endswith("表") and name not in body and not any(name in t or t in name for t in titles):
            yield number, name


def check_drafting(parsed: ParsedReport, doc: Document) -> list[QualityCheck]:
    report = parsed.report
    found = Findings(report.report_id, REPORT)
    for line, name in _missing_tables(doc):
        found.add(
            "toc_entry_missing",
            "warning",
            f"第 {line} 行：目录列有“{name}”，报告中却没有这张表",
            f"the contents list “{name}”, but the report has no such table.",
            expected=name,
            source_line=line,
        )
    for line, text, source in sorted(_texts(doc)):
        for m in _PLACEHOLDER.finditer(text):
            found.add(
                "placeholder_left",
                "warning",
                f"第 {line} 行留有模板占位或填报说明“{m[0]}”：{_around(text, m)}",
                f"a template placeholder or drafting instruction “{m[0]}” is left in: {_around(text, m)}",
                actual=m[0],
                source_table=source,
                source_line=line,
            )
        for m in _OWN_YEAR.finditer(text):
            if int(m[1]) != report.year and not _COMPARED.search(text[: m.start()]):
                found.add(
                    "year_mismatch",
                    "warning",
                    f"第 {line} 行写“{m[0]}”，但这是 {report.year} 年度的决算：{_around(text, m)}",
                    f"the line says “{m[0]}”, but this is the {report.year} report: {_around(text, m)}",
                    expected=str(report.year),
                    actual=m[1],
                    source_table=source,
                    source_line=line,
                )
        named = stated_department(text)
        if named and not _same_department(named, report.department):
            found.add(
                "department_name_mismatch",
                "warning",
                f"第 {line} 行写的部门是“{named}”，封面为“{report.department}”（可能套用了其他部门的模板）",
                f"the line names the department “{named}”, the cover “{report.department}” (another department's "
                "template copied?).",
                expected=report.department,
                actual=named,
                source_table=source,
                source_line=line,
            )
        for m in _REPEATED.finditer(text):
            found.add(
                "repeated_word",
                "info",
                f"第 {line} 行“{m[0]}”疑似重复录入：{_around(text, m)}",
                f"“{m[0]}” looks typed twice: {_around(text, m)}",
                actual=m[0],
                source_table=source,
                source_line=line,
            )
    return found


def _same_department(named: str, department: str) -> bool:
    # "上海市普陀区财政局（本级）" on a table is the cover's department; so is a name the cover shortens.
    named, department = (re.sub(r"\s|[（(]本级[)）]", "", n) for n in (named, department))
    return named in department or department in named


def _around(text: str, m: re.Match) -> str:
    """The words around a match, to find it by."""
    start, end = max(0, m.start() - 12), min(len(text), m.end() + 12)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
