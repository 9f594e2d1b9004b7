"""Which department and year a report is about, and the unit its tables use."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from etl.document import Document, NotAReport
from etl.text import TO_WAN, clean, compact, simplified

_YEAR_LINE = re.compile(r"^(20\d{2})年度?$")
_TITLE_LINE = re.compile(r"^(?P<dept>.{2,60}?)(?P<year>20\d{2})年度?部门决算(?:报告|公开)?$")
_YEAR_TITLE = re.compile(r"^(?P<year>20\d{2})年度?(?P<dept>.{2,60}?)部门决算(?:报告|公开)?$")
# Shanghai's cover: department / "2024年度部门决算".
_YEAR_REPORT_LINE = re.compile(r"^(20\d{2})年度?部门决算(?:报告|公开)?$")
_YEAR_ANYWHERE = re.compile(r"(20\d{2})年度部门决算")
_DEPARTMENT_LINE = re.compile(r"^(?:部门|单位|部门名称|单位名称|编制单位)[:：](?P<dept>.{2,60})$")
_COVER_LINES = 12
_SPACE = re.compile(r"\s+")


def report_id_for(department: str, year: int, partial: bool = False) -> str:
    """Stable across corrected versions of one department's report for one year; a partial page (some parts
    only, kept beside the full report) has its own. The part after the year names the department."""
    return _id(_department_key(department), year, partial)


def report_ids_of(department: str, years) -> list[str]:
    """Every id the department's reports and partial pages of `years` can have: a query naming them reads
    their rows alone, where one matching the department's name reads every report's."""
    return _ids(_department_key(department), years)


def year_of(report_id: str) -> int:
    """The year of the report whose id this is (report_id_for)."""
    return int(report_id.split("-")[0])


def same_department(report_id: str, years) -> list[str]:
    """report_ids_of the department whose report `report_id` is, without looking its name up."""
    return _ids(report_id.split("-")[1], years)


def _department_key(department: str) -> str:
    return hashlib.sha256(department.encode("utf-8")).hexdigest()[:10]


def _id(key: str, year: int, partial: bool) -> str:
    return f"{year}-{key}" + ("-p" if partial else "")


def _ids(key: str, years) -> list[str]:
    return [_id(key, year, partial) for year in years for partial in (False, True)]


def _nospace(text: str) -> str:
    # Not compact(): a department name keeps its full-width brackets as published.
    return _SPACE.sub("", text)


def stated_department(text: str) -> str | None:
    """The department a "部门：…" line names, or None."""
    # Asked of every line: only those that begin like one are worth removing the spaces from.
    if not text.lstrip().startswith(("部", "单", "编")):
        return None
    match = _DEPARTMENT_LINE.match(_nospace(text))
    # "单位：万元" is a table's unit, not the 单位 (unit of government) it reports on.
    return match["dept"] if match and match["dept"] not in TO_WAN else None


# A page holding one section of a report names itself in its title: "上海市普陀区财政局2024年度“三公”经费决算情况说明",
# or the year first: "2023年度长春市文化广电和旅游局部门决算情况说明".
_PARTIAL_TITLES = (
    re.compile(r"^(?:关于)?(?P<dept>.{2,60}?)(?P<year>20\d{2})年度?(?:部门)?(?:决算)?.{0,20}?(?:决算|情况说明|公开)"),
    re.compile(r"^(?P<year>20\d{2})年度?(?P<dept>.{2,60}?)(?:部门)?决算.{0,20}?(?:情况说明|公开)"),
)


def read_header(
    doc: Document, given_department: str | None = None, given_year: int | None = None, partial: bool = False
) -> tuple[str, int]:
    """(department, year): from the report, else from its file name, else as given; or NotAReport naming what is
    missing. A spreadsheet's tables or a web page that is one section of a report may state neither."""
    department = year = None
    cover = [_nospace(line.text) for line in doc.lines[:_COVER_LINES]]
    for i, text in enumerate(cover):
        match = _TITLE_LINE.match(text) or _YEAR_TITLE.match(text)
        if match:
            department, year = match["dept"], int(match["year"])
            break
        match = _YEAR_REPORT_LINE.match(text)
        if match and i > 0:
            department, year = cover[i - 1], int(match[1])
            break
        match = _YEAR_LINE.match(text)
        # The national cover: "2023 年度" / department / "部门决算".
        if match and i + 2 < len(cover) and cover[i + 2].startswith("部门决算"):
            department, year = cover[i + 1], int(match[1])
            break

    if partial and department is None:
        # Matched in simplified characters, the department sliced from the title as published (長春市…).
        titled = next(
            ((text, m) for text in cover[:3] for title in _PARTIAL_TITLES if (m := title.match(simplified(text)))),
            None,
        )
        if titled:
            text, m = titled
            department, year = text[m.start("dept") : m.end("dept")], int(m["year"])
    stated = Counter(dept for line in doc.lines if (dept := stated_department(line.text)))
    if stated:
        department = department or stated.most_common(1)[0][0]
    if year is None:
        found = next((m for line in doc.lines if (m := _YEAR_ANYWHERE.search(compact(line.text)))), None)
        year = int(found[1]) if found else None

    named_department, named_year = _from_file_name(doc.path)
    department = department or named_department or given_department
    year = year if year is not None else named_year if named_year is not None else given_year
    if not department:
        raise NotAReport(f"{doc.path}: 找不到部门名称（封面或表头“部门：”一行），无法确定这是哪个部门的决算")
    if year is None:
        raise NotAReport(f"{doc.path}: 找不到决算年度（如“2023 年度”），无法确定这是哪一年的决算")
    return clean(department), year


_NAME_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_NAME_WORDS = re.compile(r"20\d{2}|年度?|部门决算|决算|公开|报告|情况说明|[“”\"]?三公[“”\"]?经费|政府采购|[-_\s（）()]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _from_file_name(path: str) -> tuple[str | None, int | None]:
    """ "上海市普陀区财政局2024年度部门决算.pdf" → (上海市普陀区财政局, 2024); a name with no Chinese names no department."""
    stem = Path(path).stem
    year = _NAME_YEAR.search(stem)
    name = _NAME_WORDS.sub("", stem)
    department = name if len(_CJK.findall(name)) >= 4 and len(_CJK.findall(name)) == len(name) else None
    return department, int(year[1]) if year else None


def report_unit(doc: Document) -> str:
    """The unit most of the report's tables state (万元 in the national template)."""
    units = Counter(t.unit for t in doc.tables if t.unit)
    return units.most_common(1)[0][0] if units else "万元"
