"""Which department and year a report is about, and the unit its tables use."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from etl.read import Document, NotAReport
from etl.text import clean, compact

_YEAR_LINE = re.compile(r"^(20\d{2})年度?$")
_TITLE_LINE = re.compile(r"^(?P<dept>.{2,60}?)(?P<year>20\d{2})年度?部门决算(?:报告|公开)?$")
_YEAR_TITLE = re.compile(r"^(?P<year>20\d{2})年度?(?P<dept>.{2,60}?)部门决算(?:报告|公开)?$")
_YEAR_ANYWHERE = re.compile(r"(20\d{2})年度部门决算")
_DEPARTMENT_LINE = re.compile(r"^(?:部门|单位|部门名称|单位名称|编制单位)[:：](?P<dept>.{2,60})$")
_COVER_LINES = 12
_SPACE = re.compile(r"\s+")


def report_id_for(department: str, year: int) -> str:
    """Stable across corrected versions of one department's report for one year."""
    digest = hashlib.sha256(department.encode("utf-8")).hexdigest()[:10]
    return f"{year}-{digest}"


def _nospace(text: str) -> str:
    # Not compact(): a department name keeps its full-width brackets as published.
    return _SPACE.sub("", text)


def _stated_department(text: str) -> str | None:
    """The department a "部门：…" line names, or None."""
    # Asked of every line: only those that begin like one are worth removing the spaces from.
    if not text.lstrip().startswith(("部", "单", "编")):
        return None
    match = _DEPARTMENT_LINE.match(_nospace(text))
    return match["dept"] if match else None


def read_header(doc: Document) -> tuple[str, int]:
    """(department, year), or NotAReport naming what is missing."""
    department = year = None
    cover = [_nospace(line.text) for line in doc.lines[:_COVER_LINES]]
    for i, text in enumerate(cover):
        match = _TITLE_LINE.match(text) or _YEAR_TITLE.match(text)
        if match:
            department, year = match["dept"], int(match["year"])
            break
        match = _YEAR_LINE.match(text)
        # The national cover: "2023 年度" / department / "部门决算".
        if match and i + 2 < len(cover) and cover[i + 2].startswith("部门决算"):
            department, year = cover[i + 1], int(match[1])
            break

    stated = Counter(dept for line in doc.lines if (dept := _stated_department(line.text)))
    if stated:
        department = department or stated.most_common(1)[0][0]
    if year is None:
        found = next((m for line in doc.lines if (m := _YEAR_ANYWHERE.search(compact(line.text)))), None)
        year = int(found[1]) if found else None

    if not department:
        raise NotAReport(f"{doc.path}: 找不到部门名称（封面或表头“部门：”一行），无法确定这是哪个部门的决算")
    if year is None:
        raise NotAReport(f"{doc.path}: 找不到决算年度（如“2023 年度”），无法确定这是哪一年的决算")
    return clean(department), year


def report_unit(doc: Document) -> str:
    """The unit most of the report's tables state (万元 in the national template)."""
    units = Counter(t.unit for t in doc.tables if t.unit)
    return units.most_common(1)[0][0] if units else "万元"
