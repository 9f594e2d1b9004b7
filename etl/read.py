"""Read a report file into lines and tables, keeping every line number.

This is the only step that knows the file format. It finds the markdown
tables, which of the national template's tables each one is (by its title,
whatever the numbering: 公开03表, 表3, 附表3 or none), and the unit it is
written in. Everything downstream works on `Document` and never re-reads text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from etl.text import compact

MAX_BYTES = 20 * 1024 * 1024


class NotAReport(ValueError):
    """The file cannot be read as a 部门决算 report at all."""


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line number in the source file
    cells: tuple[str, ...]


@dataclass
class Table:
    kind: str  # a key of TABLE_KINDS, or "unknown"
    title: str  # the Chinese title as the report gives it
    label: str | None  # 公开03表 / 表3 / 附表3, when the report numbers it
    unit: str | None  # 万元 / 元, from the 单位 line above it
    rows: list[Row] = field(default_factory=list)

    @property
    def source(self) -> str:
        """How a citation names this table: "公开03表 支出决算表"."""
        return f"{self.label} {self.title}" if self.label else self.title


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass
class Document:
    path: str
    sha256: str
    lines: list[Line]  # non-table, non-blank lines
    tables: list[Table]

    def tables_of(self, kind: str) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]


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
_SEPARATOR_ROW = re.compile(r"^[\s:|]*-[\s:|-]*$")
_LINE_BREAK = re.compile(r"\r\n?|\n")


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


def split_cells(line: str) -> tuple[str, ...]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return tuple(map(str.strip, body.split("|")))


def source_lines(text: str) -> list[str]:
    """The file's lines as an editor numbers them: split on \\n, \\r\\n or \\r (universal newlines).

    Not str.splitlines(): it also breaks on form feeds (a PDF converter's page ends), U+2028 and
    other separators, and every line number cited after one would point at the wrong line.
    """
    if "\r" not in text:  # the usual case, and str.split is ten times faster than the pattern
        return text.split("\n")
    return _LINE_BREAK.split(text)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: str | Path) -> Document:
    """Read a markdown report; raise NotAReport naming the file when it is not one."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise NotAReport(f"{path}: 文件过大（{size / 1024 / 1024:.0f} MB），不像一份部门决算报告")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise NotAReport(f"{path}: 不是文本文件（含二进制内容），无法作为部门决算报告读取")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise NotAReport(f"{path}: 不是 UTF-8 文本（第 {err.start} 字节），无法读取") from err
    return parse_document(text, str(path), sha256_of(data))


def parse_document(text: str, path: str = "<text>", sha256: str = "") -> Document:
    lines: list[Line] = []
    tables: list[Table] = []
    # What the lines since the previous table said about the next one.
    pending_title: tuple[str, str] | None = None
    pending_label: str | None = None
    pending_unit: str | None = None
    current: Table | None = None

    for number, raw in enumerate(source_lines(text), start=1):
        stripped = raw.strip()
        if stripped.startswith("|"):
            if "-" in stripped and _SEPARATOR_ROW.match(stripped):
                continue
            cells = split_cells(stripped)
            if current is None:
                first = next((c for c in cells if c), "")
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
            current.rows.append(Row(number, cells))
            continue

        current = None
        if not stripped:
            continue
        lines.append(Line(number, stripped))
        # Titles and labels all have a 表 and unit lines a 位 (normalising adds neither):
        # most lines of the narrative have neither and cost nothing more here.
        if "表" in stripped:
            found = title_kind(stripped.lstrip("-* "))
            if found and not stripped.startswith(("-", "*")):  # list items are the table of contents
                pending_title = found
            label = _LABEL.match(compact(stripped))
            if label:
                pending_label = label.group(1)
                inline = title_kind(compact(stripped)[label.end() :])
                if inline:
                    pending_title = inline
        if "位" in stripped:
            unit = _UNIT.search(compact(stripped))
            if unit:
                pending_unit = unit.group(1)

    if not tables:
        raise NotAReport(f"{path}: 没有找到任何表格，不像一份部门决算报告")
    if not any(t.kind != "unknown" for t in tables):
        raise NotAReport(f"{path}: 没有找到部门决算的任何一张标准表（收入支出决算总表、支出决算表……）")
    return Document(path=path, sha256=sha256, lines=lines, tables=tables)
