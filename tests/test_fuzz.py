"""Fuzzing the parser with damaged copies of real reports: a clear error, or exactly the source's numbers.

Each case takes the bundled report or the 元 variant and damages it the way a PDF
converter, a truncated download or a hostile uploader would: lines deleted,
duplicated or swapped, digits turned into letters, cells shifted, tables and
files cut short, random Unicode (line separators, control characters, RTL
marks), huge numbers, junk cells. Whole files that are no report at all
(empty, binary, not UTF-8, 50 MB) are tried too.

The properties, for every case:

1. `parse_file` returns a `ParsedReport` or raises `NotAReport` whose message
   names the file. Nothing else escapes.
2. A parsed report can be stored: every value fits its column
   (DECIMAL(18,6), INTEGER), so loading it cannot fail half way.
3. Every number it carries is in its source text, at the place it cites: the
   raw cell at (source_line, column) — lines numbered as an editor numbers
   them — parses to exactly the stored value ÷ the table's unit factor, for
   every row of 公开01–06表 and the 三公 table; project money is its
   年度资金总和 row; indicator targets, narrative amounts likewise. A cell that
   does not parse, or that the store cannot hold exactly, is NULL with an
   error finding on that line — never a near-by number, never a guess.
4. A digit turned into a letter in any amount cell the parser loads never
   silently drops the row nor loads a different number: the line carries an
   error finding.

`FUZZ_EXAMPLES` sets the cases per property (`make test`: a few hundred in
all, derandomized so CI is reproducible); `bench/fuzz_long.py` runs the same
properties for 10,000+ cases with a random seed and prints the counts.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.cli import main
from etl.document import NotAReport, Table
from etl.ingest import parse_file
from etl.model import TABLES, ParsedReport
from etl.parse import parse_report
from etl.parts.narrative.facts import PREVIOUS
from etl.parts.summary import TOTAL_FUND, _sides
from etl.parts.three_public import ITEMS as THREE_PUBLIC_ITEMS
from etl.readers import MAX_BYTES
from etl.readers.markdown import parse_document, split_cells
from etl.schema import to_arrow
from etl.text import TO_WAN, BadNumber, clean, compact, parse_amount, parse_percent, ratio, storable
from etl.validate import validate
from tests.conftest import BUNDLED, ROOT

D = Decimal
VARIANT = ROOT / "tests" / "fixtures" / "variant-yuan-2022.md"
SOURCES = {"bundled": BUNDLED.read_text(encoding="utf-8"), "variant": VARIANT.read_text(encoding="utf-8")}

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "80"))  # 5 properties: 400 cases in `make test`
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
# What the cases did, for bench/fuzz_long.py: parsed / rejected, errors found, mutations applied.
STATS: Counter[str] = Counter()

# Characters str.splitlines() breaks on but editors, grep -n and GitHub do not (or not all of them).
LINE_LIKE = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\r"
LETTERS = "OoIlZSBbgqxA"
# Lines as an editor (universal newlines) numbers them: "\\n", "\\r\\n" or "\\r" — nothing else.
LINE_BREAK = re.compile(r"\r\n?|\n")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


# --------------------------------------------------------------------------- the damage

_AMOUNT_CACHE: dict[str, list[tuple[int, int]]] = {}


def amount_cells(name: str) -> list[tuple[int, int]]:
    if name not in _AMOUNT_CACHE:
        _AMOUNT_CACHE[name] = _amount_cells(SOURCES[name])
    return _AMOUNT_CACHE[name]


def _table_lines(lines: list[str]) -> list[int]:
    """Indexes of table rows that hold a figure (not separators, not header-only rows)."""
    return [
        i
        for i, line in enumerate(lines)
        if line.lstrip().startswith("|") and re.search(r"\d", line) and not re.fullmatch(r"[\s|:-]*", line)
    ]


def _amount_cells(text: str) -> list[tuple[int, int]]:
    """(line index, cell index) of every amount cell the parser loads from the undamaged report, blank or not."""
    parsed = parse_report(parse_document(text, "<undamaged>"))
    parsed.quality_checks += validate(parsed)
    trace = Trace(parsed, text)
    assert trace.run() == []
    return sorted((line - 1, col) for line, col, raw in trace.read if re.search(r"\d", raw))


def _join(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


huge_numbers = st.one_of(
    st.integers(min_value=10**12, max_value=10**40).map(str),
    st.integers(min_value=10**12, max_value=10**30).map(lambda n: f"{n:,}"),
    st.integers(min_value=1, max_value=10**6).map(lambda n: f"{n}.{'9' * 7}"),  # more places than DECIMAL(18,6)
    st.integers(min_value=1, max_value=9999).map(lambda n: f"0.{n:07d}"),
    st.sampled_from(["1e30", "-0", "-1,000.00", "999999999999.999999", "1000000000000", "NaN", "Infinity", "٣٤٥.٦٧"]),
)
unicode_junk = st.one_of(
    st.text(min_size=1, max_size=12),
    st.text(alphabet=LINE_LIKE + "\u202e\u200b\ufeff\x00\t |<>*[]()`", min_size=1, max_size=6),
    st.sampled_from(["\u2028", "\x0c", "\x85", "\u202e", "\ud7ff", "𠀀", "|", "||", "| |", "\\|"]),
)


class Case:
    """A damaged report; its repr (what hypothesis prints for a failure) says what was done, not the text."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.text = ""
        self.done: list[str] = []  # what was done, in words
        self.kinds: list[str] = []  # which mutation each step was
        self.lettered: list[tuple[int, str]] = []  # (line number, cell) of a digit→letter edit

    def __repr__(self) -> str:
        return f"Case({self.source!r}, {self.done!r})"


MUTATIONS = (
    "delete",
    "duplicate",
    "swap",
    "letter",
    "shift",
    "truncate_table",
    "truncate_row",
    "truncate_file",
    "unicode",
    "huge",
    "junk_cell",
)


@st.composite
def damaged_report(draw) -> Case:
    """One of the two reports with one to three kinds of damage applied in turn."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    lines = SOURCES[name].split("\n")
    case = Case(name)
    for step in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(MUTATIONS))
        lines = lines or [""]
        rows = _table_lines(lines)
        if kind == "delete":
            at, count = draw(st.integers(0, len(lines) - 1)), draw(st.integers(1, 5))
            del lines[at : at + count]
            what = f"delete lines {at + 1}–{at + count}"
        elif kind == "duplicate":
            at, count = draw(st.integers(0, len(lines) - 1)), draw(st.integers(1, 3))
            lines[at:at] = lines[at : at + count]
            what = f"duplicate lines {at + 1}–{at + count}"
        elif kind == "swap":
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            what = f"swap lines {a + 1} and {b + 1}"
        elif kind == "letter" and step == 0:  # the amount cells are known for the undamaged lines
            i, c = draw(st.sampled_from(amount_cells(name)))
            row = list(split_cells(lines[i]))
            k = draw(st.sampled_from([k for k, ch in enumerate(row[c]) if ch.isdigit()]))
            old, row[c] = row[c], row[c][:k] + draw(st.sampled_from(LETTERS)) + row[c][k + 1 :]
            lines[i] = _join(row)
            case.lettered.append((i + 1, row[c]))
            what = f"line {i + 1} cell {c}: {old!r} → {row[c]!r}"
        elif kind == "shift" and rows:
            i = draw(st.sampled_from(rows))
            row = list(split_cells(lines[i]))
            at = draw(st.integers(0, len(row) - 1))
            if draw(st.booleans()):
                row.insert(at, "")
                what = f"line {i + 1}: blank cell inserted at {at}"
            else:
                del row[at]
                what = f"line {i + 1}: cell {at} removed"
            lines[i] = _join(row)
        elif kind == "truncate_table" and rows:
            i = end = draw(st.sampled_from(rows))
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            del lines[i:end]
            what = f"table cut at line {i + 1} ({end - i} rows lost)"
        elif kind == "truncate_row" and rows:
            i = draw(st.sampled_from(rows))
            keep = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:keep]
            what = f"line {i + 1} cut after {keep} characters"
        elif kind == "truncate_file":
            text = "\n".join(lines)
            keep = draw(st.integers(0, len(text)))
            lines = text[:keep].split("\n")
            what = f"file cut after {keep} characters"
        elif kind == "unicode":
            i = draw(st.integers(0, len(lines) - 1))
            at, junk = draw(st.integers(0, len(lines[i]))), draw(unicode_junk)
            lines[i] = lines[i][:at] + junk + lines[i][at:]
            what = f"line {i + 1}: {junk!r} inserted at {at}"
        elif kind in ("huge", "junk_cell") and rows:
            i = draw(st.sampled_from(rows))
            row = list(split_cells(lines[i]))
            c = draw(st.integers(0, len(row) - 1))
            row[c] = draw(huge_numbers if kind == "huge" else unicode_junk).replace("|", "/")
            lines[i] = _join(row)
            what = f"line {i + 1} cell {c} := {row[c]!r}"
        else:
            continue
        case.done.append(what)
        case.kinds.append(kind)
    if len(case.done) > len(case.lettered):
        case.lettered = []  # other damage may have moved or unmade the lettered row: property 3 still holds
    case.text = "\n".join(lines)
    return case


# --------------------------------------------------------------------------- the properties


def write(directory: Path, data: bytes | str, name: str = "report.md") -> Path:
    fd, name = tempfile.mkstemp(suffix=f"-{name}", dir=directory)
    os.close(fd)
    path = Path(name)
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    return path


def parse_or_reject(path: Path) -> ParsedReport | None:
    """Property 1: a ParsedReport, or NotAReport naming the file — nothing else."""
    try:
        parsed = parse_file(path)
    except NotAReport as err:
        assert str(path) in str(err), f"NotAReport does not name the file: {err}"
        STATS["rejected (NotAReport)"] += 1
        return None
    STATS["parsed"] += 1
    STATS["error findings"] += sum(q.severity == "error" for q in parsed.quality_checks)
    return parsed


def loadable(parsed: ParsedReport) -> None:
    """Property 2: every row converts to the store's column types (what `replace_report` inserts)."""
    for table in TABLES:
        rows = [parsed.report] if table == "reports" else getattr(parsed, table)
        to_arrow(table, rows)


class Trace:
    """Property 3: where each stored number came from, checked against the raw text."""

    def __init__(self, parsed: ParsedReport, text: str) -> None:
        self.parsed = parsed
        self.lines = LINE_BREAK.split(text)
        self.problems: list[str] = []
        doc = parse_document(text)
        self.table_at = {row.line: table for table in doc.tables for row in table.rows}
        self.errors = {q.source_line for q in parsed.quality_checks if q.severity == "error"}
        self.read: list[tuple[int, int, str]] = []  # (line, column, raw text) of each amount cell checked

    def line(self, number: int) -> str:
        if not 1 <= number <= len(self.lines):
            self.problems.append(f"line {number} does not exist (file has {len(self.lines)})")
            return ""
        return self.lines[number - 1]

    def cells(self, number: int) -> list[str]:
        return list(split_cells(self.line(number))) if self.line(number).lstrip().startswith("|") else []

    def factor(self, number: int) -> Decimal:
        table: Table | None = self.table_at.get(number)
        return TO_WAN.get((table.unit if table else None) or "万元", D(1))

    def cell(self, what: str, number: int, cells: list[str], col: int, stored: Decimal | None) -> None:
        """The stored value is exactly the cell's number × the unit factor; NULL only with an error on the line."""
        raw = cells[col] if 0 <= col < len(cells) else None
        self.read.append((number, col, raw or ""))
        try:
            expected = None if raw is None else parse_amount(raw)
        except BadNumber:
            expected = None
        else:
            if raw is not None and expected is None:
                expected = D(0)  # a blank money cell in the template means zero
            elif expected is not None:
                expected *= self.factor(number)
        if stored is None:
            if number not in self.errors:
                self.problems.append(f"{what} (line {number}) is NULL without an error finding: cell {raw!r}")
        elif stored != expected:
            self.problems.append(f"{what} (line {number}) is {stored}, its cell {col} is {raw!r} (= {expected})")

    def functional(self, rows: list, columns: tuple[str, ...]) -> None:
        for row in rows:
            cells = self.cells(row.source_line)
            if not row.name:
                continue  # a nameless row takes the table's amount column; its own NULLs are checked below
            first = next((i for i, c in enumerate(cells) if compact(c)), 0)
            name_at = next((i for i in range(first + 1, len(cells)) if clean(cells[i]) == row.name), None)
            if name_at is None:
                self.problems.append(f"{row.code} {row.name!r}: name not on line {row.source_line}")
                continue
            if compact("".join(cells[first:name_at])) != row.code:
                self.problems.append(f"{row.code}: line {row.source_line} has code {cells[first:name_at]}")
            for k, column in enumerate(columns):
                stored = getattr(row, column)
                self.cell(f"{row.code}.{column}", row.source_line, cells, name_at + 1 + k, stored)

    def summary(self) -> None:
        tables = {}
        for line in [*self.parsed.summary_lines, *self.parsed.fiscal_summary_lines]:
            table = self.table_at.get(line.source_line)
            if table is None:
                self.problems.append(f"summary line {line.item!r} cites line {line.source_line}, not a table row")
                continue
            sides = tables.setdefault(id(table), {s.name: s for s in _sides(table)})
            side = sides[line.side]
            cells = self.cells(line.source_line)
            if side.item >= len(cells) or clean(cells[side.item]) != line.item:
                self.problems.append(f"summary item {line.item!r} is not cell {side.item} of line {line.source_line}")
                continue
            column = dict((fund, col) for col, fund in side.amounts)[getattr(line, "fund", TOTAL_FUND)]
            self.cell(f"summary {line.item}", line.source_line, cells, column, line.amount)

    def economic(self) -> None:
        for row in self.parsed.basic_spending_by_economic:
            cells = self.cells(row.source_line)
            at = [i for i, c in enumerate(cells) if compact(c) == row.code]
            if not at:
                self.problems.append(f"economic {row.code} not on line {row.source_line}")
                continue
            self.cell(f"economic {row.code}", row.source_line, cells, at[0] + 2, row.amount)

    def three_public(self) -> None:
        for row in self.parsed.three_public_costs:
            cells = self.cells(row.source_line)
            k = THREE_PUBLIC_ITEMS.index(row.item)
            self.cell(f"三公 {row.item} budget", row.source_line, cells, k, row.budget)
            self.cell(f"三公 {row.item} final", row.source_line, cells, k + len(THREE_PUBLIC_ITEMS), row.final)

    def totals(self) -> None:
        for total in self.parsed.table_totals:
            if total.amount is None:
                continue
            cells = self.cells(total.source_line)
            factor = self.factor(total.source_line)
            found = []
            for c in cells:
                try:
                    value = parse_amount(c)
                except BadNumber:
                    continue
                if value is not None:
                    found.append(value * factor)
            if total.amount != 0 and total.amount not in found:
                self.problems.append(
                    f"total {total.item}/{total.column} {total.amount} not on line {total.source_line}"
                )

    def projects(self) -> None:
        """Project money is the 年度资金总和 row of its own table: each figure a cell of that row, in order."""
        labels = ("年度资金总和", "年度资金总额", "资金总额")
        for project in self.parsed.perf_projects:
            figures = [project.initial_budget, project.full_year_budget, project.executed, project.execution_rate]
            if all(f is None for f in figures):
                continue
            row, factor = None, self.factor(project.source_line)
            for number in range(project.source_line + 1, len(self.lines) + 1):
                keys = [compact(c) for c in self.cells(number)]
                if "项目名称" in keys or "三级指标" in keys or ("一级指标" in keys and "二级指标" in keys):
                    break  # the funding block is read up to the indicators
                for key in keys:
                    if unit := re.match(r"资金情况[(（]?(万元|元|千元)", key):
                        factor = TO_WAN[unit.group(1)]
                if any(k in labels for k in keys):
                    row = number  # the last one before the indicators counts, as in the parser
                    values = [k for k in keys[next(i for i, k in enumerate(keys) if k in labels) + 1 :] if k]
            if row is None:
                self.problems.append(f"project {project.project_name!r}: money {figures} without a 年度资金总和 row")
                continue
            for k, stored in enumerate(figures):
                raw = values[k] if k < len(values) else None
                try:
                    expected = (parse_percent(raw) if k == 3 else parse_amount(raw)) if raw else None
                except BadNumber:
                    expected = None
                if expected is not None and k < 3:
                    expected *= factor
                flagged = any(n in self.errors for n in range(project.source_line, row + 1))
                if stored is None and expected is not None and not flagged:
                    self.problems.append(f"project {project.project_name!r} column {k} NULL, no error up to line {row}")
                elif stored is not None and stored != expected:
                    self.problems.append(
                        f"project {project.project_name!r} column {k}: {stored}, line {row} has {raw!r}"
                    )

    def indicators(self) -> None:
        for ind in self.parsed.perf_indicators:
            cells = {clean(c) for c in self.cells(ind.source_line)}
            for what in ("name", "target_text", "actual_text"):
                if getattr(ind, what) not in cells:
                    self.problems.append(f"indicator {what} {getattr(ind, what)!r} not a cell of {ind.source_line}")
            if ind.target_value is not None:
                number = _NUMBER.search(compact(ind.target_text))
                value = D(number.group().replace(",", "")) if number else None
                if value is None or ind.target_value not in (value, value / 100, value / 1000):
                    self.problems.append(f"indicator target {ind.target_value} not in {ind.target_text!r}")

    def narrative(self) -> None:
        """Narrative money (万元, 元, 千元, 亿元 in the sentence) is a number written on or just above the cited line."""
        factors = set(TO_WAN.values())
        for what, line, values in [
            *(
                (f"budget_vs_final {b.name}", b.source_line, (b.initial_budget, b.final))
                for b in self.parsed.budget_vs_final
            ),
            *(
                (
                    "procurement",
                    p.source_line,
                    (p.total, p.goods, p.works, p.services, p.sme_amount, p.small_micro_amount),
                )
                for p in self.parsed.procurement
            ),
            *(
                (f"fact {f.topic}", f.source_line, (f.value,))
                for f in self.parsed.narrative_facts
                if f.unit == "万元" and not f.topic.endswith(PREVIOUS)  # derived, not written
            ),
        ]:
            near = "".join(self.lines[max(line - 8, 0) : line + 8])
            numbers = {D(n.replace(",", "")) for n in _NUMBER.findall(compact(near))}
            written = {n * f for n in numbers for f in factors} | {D(0)}  # exact: 元 → 万元 is never rounded
            for value in values:
                if value is not None and value not in written:
                    self.problems.append(f"{what}: {value} is no number near line {line}")

    def run(self) -> list[str]:
        self.functional(self.parsed.spending_by_function, ("total", "basic", "project"))
        self.functional(self.parsed.income_by_function, ("total", "fiscal_appropriation"))
        self.functional(
            self.parsed.gpb_spending_by_function, ("total", "basic", "personnel", "public_costs", "project")
        )
        self.summary()
        self.economic()
        self.three_public()
        self.totals()
        self.projects()
        self.indicators()
        self.narrative()
        for q in self.parsed.quality_checks:
            if q.source_line is not None:
                self.line(q.source_line)
            if q.check in ("unreadable_amount",) and q.actual and q.actual not in self.line(q.source_line):
                self.problems.append(f"finding {q.message!r} quotes text that is not on line {q.source_line}")
        return self.problems


def lettered_cells_are_flagged(parsed: ParsedReport, lettered: list[tuple[int, str]]) -> list[str]:
    """Property 4: the line of a digit→letter amount cell carries an error finding."""
    errors = {q.source_line for q in parsed.quality_checks if q.severity == "error"}
    return [f"line {line}: amount {cell!r} has no error finding" for line, cell in lettered if line not in errors]


def check_text(directory: Path, text: str, lettered: list[tuple[int, str]] = ()) -> list[str]:
    """All four properties for one file's text; the problems found (empty when it holds)."""
    path = write(directory, text)
    parsed = parse_or_reject(path)
    path.unlink()
    if parsed is None:
        return []
    loadable(parsed)
    return Trace(parsed, text).run() + lettered_cells_are_flagged(parsed, list(lettered))


# --------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_undamaged_reports_trace_every_number_to_its_cell(workdir, name):
    assert check_text(workdir, SOURCES[name]) == []


@FUZZ
@given(case=damaged_report())
def test_damaged_reports_parse_exactly_or_are_rejected_naming_the_file(workdir, case):
    STATS.update(f"damage: {kind}" for kind in case.kinds)
    assert check_text(workdir, case.text, case.lettered) == []


@FUZZ
@given(name=st.sampled_from(sorted(SOURCES)), data=st.data())
def test_a_letter_in_any_amount_cell_is_null_and_an_error_never_another_number(workdir, name, data):
    lines = SOURCES[name].split("\n")
    i, c = data.draw(st.sampled_from(amount_cells(name)))
    row = list(split_cells(lines[i]))
    k = data.draw(st.sampled_from([k for k, ch in enumerate(row[c]) if ch.isdigit()]))
    row[c] = row[c][:k] + data.draw(st.sampled_from(LETTERS)) + row[c][k + 1 :]
    lines[i] = _join(row)
    problems = check_text(workdir, "\n".join(lines), [(i + 1, row[c])])
    assert problems == []


@FUZZ
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_are_rejected_or_parsed_never_a_traceback(workdir, data):
    path = write(workdir, data)
    parsed = parse_or_reject(path)
    path.unlink()
    if parsed is not None:
        loadable(parsed)


@FUZZ
@given(text=st.text(max_size=2000))
def test_arbitrary_text_is_rejected_or_parsed_never_a_traceback(workdir, text):
    path = write(workdir, text)
    parsed = parse_or_reject(path)
    path.unlink()
    if parsed is not None:
        loadable(parsed)


@FUZZ
@given(name=st.sampled_from(sorted(SOURCES)), at=st.integers(0, 10**6), junk=unicode_junk)
def test_random_unicode_anywhere_keeps_line_numbers_and_numbers(workdir, name, at, junk):
    text = SOURCES[name]
    at %= len(text) + 1
    assert check_text(workdir, text[:at] + junk + text[at:]) == []


@pytest.mark.parametrize(
    "data, says",
    [
        (b"", "没有找到任何表格"),
        (b"\n\n   \n\t\n", "没有找到任何表格"),
        (b"\xef\xbb\xbf", "没有找到任何表格"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "不是文本文件"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes([0x80, 0xFF]) * 50,
            "PDF 文件已损坏或不完整",
        ),
        ("部门决算".encode("gb18030") * 20, "不是 UTF-8"),
        ("部门决算".encode("utf-16"), "不是 UTF-8"),
        (b"PK\x03\x04" + bytes(2000), "不是文本文件"),
        (SOURCES["bundled"].encode("utf-8").rstrip()[:-1], "不是 UTF-8"),  # a download cut inside the last "。"
    ],
    ids=["empty", "blank", "bom-only", "png", "pdf", "gb18030", "utf-16", "zip", "cut-mid-character"],
)
def test_files_that_are_no_report_are_rejected_naming_the_file(workdir, data, says):
    path = write(workdir, data)
    with pytest.raises(NotAReport, match=says) as err:
        parse_file(path)
    assert str(err.value).startswith(f"{path}: ")


def test_a_50_mb_file_is_rejected_by_size_before_it_is_read(workdir):
    path = workdir / "huge-report.md"
    block = SOURCES["bundled"].encode("utf-8")
    with path.open("wb") as out:
        while out.tell() < 50 * 1024 * 1024:
            out.write(block)
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(NotAReport, match=r"文件过大（50 MB）") as err:
        parse_file(path)
    assert str(err.value).startswith(f"{path}: ")
    path.unlink()


def test_a_large_report_is_parsed_in_time_proportional_to_its_size(workdir):
    """1,000 copies of the 元 report's tables and 1 MB of figure-laden narrative: parsed, each number traced.

    Cross-table checks and the narrative were quadratic: 7 MB of tables took 72 s, a 0.27 MB
    paragraph 54 s, so a 20 MB file (under MAX_BYTES) would have stalled a load for hours.
    """
    text = SOURCES["variant"]
    tables = text.split("第三部分")[0]
    narrative = ("项目支出 1 万元，占 1%，比上年增加 1 万元，增长 100%，" * 50 + "\n") * 600
    big = (
        text.replace("（二）政府采购支出情况说明", "（二）政府采购支出情况说明\n" + narrative)
        + "\n"
        + "\n".join([tables] * 1000)
    )
    assert 3_500_000 < len(big.encode()) < MAX_BYTES
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(60)  # a few seconds when linear; hours when not
    try:
        path = write(workdir, big)
        parsed = parse_or_reject(path)
        problems = Trace(parsed, big).run()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert problems == []
    assert len(parsed.spending_by_function) == 7 * 1001
    duplicates = [q for q in parsed.quality_checks if q.check == "duplicate_code"]
    assert len(duplicates) == 21 * 1000 and duplicates[0].severity == "error"  # 7 rows each of 表2, 表3, 表6
    (too_long,) = [q for q in parsed.quality_checks if q.check == "text_too_long"]
    assert too_long.severity == "error" and "100,000 字" in too_long.message


def _too_slow(signum, frame):
    raise AssertionError("parsing a large report took over a minute: something is quadratic again")


FF_REPORT = (
    SOURCES["variant"]
    .replace("\n表2 收入决算表", "\n\x0c表2 收入决算表")
    .replace("| 205 | 教育支出 |", "| 205 | 教育\u2028支出 |")
    .replace("\n\n表6 ", "\n\x1c\x85\n表6 ")
)


def test_form_feeds_and_line_separators_do_not_shift_line_numbers(workdir):
    """pdftotext ends pages with \\f; a cell may hold U+2028. `grep -n` and editors count neither as a line."""
    path = write(workdir, FF_REPORT)
    parsed = parse_file(path)
    lines = FF_REPORT.split("\n")
    row = next(r for r in parsed.spending_by_function if r.code == "2050201")
    assert lines[row.source_line - 1] == "| 2050201 | 学前教育 | 2,300,000.00 | 1,300,000.00 | 1,000,000.00 |"
    (economic,) = [r for r in parsed.basic_spending_by_economic if r.code == "30101"]
    assert lines[economic.source_line - 1].startswith("| 30101 | 基本工资 |")
    assert Trace(parsed, FF_REPORT).run() == []


def test_a_file_with_old_mac_line_ends_still_has_its_lines():
    doc = parse_document(SOURCES["variant"].replace("\n", "\r"))
    assert [t.kind for t in doc.tables][:3] == ["summary", "income", "spending"]
    assert doc.tables[0].rows[0].line == 14


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _line_of(text: str, needle: str) -> int:
    (number,) = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    return number


def _errors_on(parsed: ParsedReport, line: int) -> list[str]:
    return [q.check for q in parsed.quality_checks if q.severity == "error" and q.source_line == line]


@pytest.mark.parametrize(
    "old, new",
    [
        ("| | | 合计 | 42,590.81 | 297.20 |", "| | | 合计 | 42,59O.81 | 297.20 |"),
        ("| 合计 | | 42,590.81 | 297.20 | 268.35 |", "| 合计 | | 42,590.8l | 297.20 | 268.35 |"),
    ],
    ids=["03-total", "05-total"],
)
def test_a_letter_in_a_total_line_is_an_error_not_a_silently_dropped_line(workdir, old, new):
    text = _edit(SOURCES["bundled"], old, new)
    parsed = parse_file(write(workdir, text))
    number = _line_of(text, new)
    assert _errors_on(parsed, number) == ["unreadable_amount"]
    (error,) = [q for q in parsed.quality_checks if q.source_line == number and q.severity == "error"]
    assert f"第 {number} 行" in error.message and ("42,59O.81" in error.message or "42,590.8l" in error.message)
    totals = {t.column: t.amount for t in parsed.table_totals if t.source_line == number}
    assert totals["total"] is None and totals["basic"] == D("297.20")


def test_a_letter_in_a_subject_code_is_an_error_not_a_silently_dropped_row(workdir):
    text = _edit(
        SOURCES["bundled"],
        "| 2010350 | | 事业运行 | 45.84 | 45.84 | | | | |\n",
        "| 2O10350 | | 事业运行 | 45.84 | 45.84 | | | | |\n",
    )
    parsed = parse_file(write(workdir, text))
    number = _line_of(text, "| 2O10350 |")
    assert _errors_on(parsed, number) == ["unreadable_code"]
    assert "2O10350" in next(q.message for q in parsed.quality_checks if q.source_line == number)


def test_a_repeated_subject_row_is_an_error(workdir):
    row = "| 2010350 | | 事业运行 | 45.84 | 45.84 | | | | |\n"
    text = _edit(SOURCES["bundled"], row, row + row)
    parsed = parse_file(write(workdir, text))
    first = _line_of(text, "| 2010302 | | 一般行政管理事务 | 1.35 | | 1.35 |") + 1
    (dup,) = [q for q in parsed.quality_checks if q.check == "duplicate_code"]
    assert (dup.severity, dup.source_line, dup.expected) == ("error", first + 1, f"第 {first} 行")


def test_huge_and_over_precise_amounts_are_errors_not_a_failed_load(workdir):
    text = _edit(
        SOURCES["bundled"],
        "| 2010302 | | 一般行政管理事务 | 1.35 | |",
        "| 2010302 | | 一般行政管理事务 | 1,000,000,000,000.00 | |",
    )
    text = _edit(text, "| 事业运行 | 45.84 | 45.84 | | | | |\n", "| 事业运行 | 45.8400001 | 45.84 | | | | |\n")
    parsed = parse_file(write(workdir, text))
    loadable(parsed)
    rows = {(r.code, r.source_table): r for r in parsed.spending_by_function}
    assert rows[("2010302", "公开03表 支出决算表")].total is None
    assert rows[("2010350", "公开03表 支出决算表")].total is None
    assert _errors_on(parsed, _line_of(text, "1,000,000,000,000.00")) == ["unstorable_amount"]
    assert _errors_on(parsed, _line_of(text, "45.8400001")) == ["unstorable_amount"]


def test_amounts_in_yuan_finer_than_the_store_are_errors_not_rounded(workdir):
    """1.23 元 is 0.000123 万元 exactly; 1.2345 元 would need 8 places: refused, not rounded to 0.000123."""
    text = _edit(SOURCES["variant"], "| 30201 | 办公费 | 600,000.00 |", "| 30201 | 办公费 | 600,000.2345 |")
    text = _edit(text, "政府采购货物支出 1000000 元", "政府采购货物支出 1000000.2345 元")
    parsed = parse_file(write(workdir, text))
    loadable(parsed)
    (office,) = [r for r in parsed.basic_spending_by_economic if r.code == "30201"]
    assert office.amount is None
    assert _errors_on(parsed, _line_of(text, "600,000.2345")) == ["unstorable_amount"]
    (proc,) = parsed.procurement
    assert proc.goods is None
    assert "unstorable_figure" in _errors_on(parsed, _line_of(text, "1000000.2345 元"))


@pytest.mark.parametrize("digits", ["٣٤٥.٦٧", "𝟒𝟐.𝟓", "३४"])
def test_digits_of_other_scripts_are_not_read_as_amounts(workdir, digits):
    text = _edit(SOURCES["bundled"], "| 30114 | 医疗费 | 3.2 |", f"| 30114 | 医疗费 | {digits} |")
    parsed = parse_file(write(workdir, text))
    (row,) = [r for r in parsed.basic_spending_by_economic if r.code == "30114"]
    assert row.amount is None
    assert _errors_on(parsed, _line_of(text, f"| 30114 | 医疗费 | {digits} |")) == ["unreadable_amount"]


@pytest.mark.parametrize("line_no", ["²", "١", "99999999999", "3.5"])
def test_an_odd_line_number_in_the_summary_table_is_no_line_number(workdir, line_no):
    text = _edit(SOURCES["bundled"], "| 八、其他收入 | 8 |", f"| 八、其他收入 | {line_no} |")
    parsed = parse_file(write(workdir, text))
    loadable(parsed)
    (line,) = [s for s in parsed.summary_lines if s.item == "八、其他收入"]
    assert (line.line_no, line.amount) == (None, D(0))


def test_a_mangled_funding_heading_is_an_error_not_a_silent_blank(workdir):
    """ "0 年初预算数": the column has no heading, so every project's 年初预算数 is blank — and said to be."""
    old = (
        "| 资金情况 (万元) | 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | |\n| | 当年财政拨款 | 1533.22 |"
    )
    text = _edit(SOURCES["bundled"], old, old.replace("| 年初预算数 |", "| 0 年初预算数 |"))
    parsed = parse_file(write(workdir, text))
    (project,) = [p for p in parsed.perf_projects if p.project_name == "省级政务服务热线呼叫中心委托业务费"]
    assert (project.initial_budget, project.full_year_budget, project.executed) == (None, D("1533.22"), D("1533.22"))
    heading = _line_of(text, "| 0 年初预算数 |")
    assert _errors_on(parsed, heading) == ["perf_row_unreadable"]
    assert "年初预算数" in next(q.message for q in parsed.quality_checks if q.source_line == heading)


def test_a_lost_project_name_row_does_not_give_one_project_the_next_ones_indicators(workdir):
    lines = SOURCES["bundled"].split("\n")
    at = lines.index("| 项目名称 | 省政府网站集约化平台运维服务项目 | | | | | |")
    del lines[at - 3 : at + 2]  # the title, the blank header row, its separator, 项目名称, 实施单位
    text = "\n".join(lines)
    parsed = parse_file(write(workdir, text))
    assert len(parsed.perf_projects) == 13
    translation = next(p for p in parsed.perf_projects if p.project_name == "省政府门户网站外文版网站翻译服务项目")
    assert translation.executed == D("76.40")
    indicators = [i for i in parsed.perf_indicators if i.project_id == translation.project_id]
    assert [i.name for i in indicators][-1] == "向外方宣传推介吉林,为外籍人士提供信息和服务"
    assert len(indicators) == 4
    funding = _line_of(text, "| | 当年财政拨款 | 1073.00 |") - 1
    assert _errors_on(parsed, funding) == ["perf_row_unreadable"]
    assert Trace(parsed, text).run() == []


def test_an_indicator_converted_between_units_can_be_stored(workdir):
    """≤1 天 against 5 小时: 5/24 天 has no exact decimal; it is stored to 6 places, and still met."""
    text = _edit(SOURCES["bundled"], "| 故障处理时长 | ≤24 小时 | 12 小时 |", "| 故障处理时长 | ≤1 天 | 5 小时 |")
    parsed = parse_file(write(workdir, text))
    loadable(parsed)
    (ind,) = [i for i in parsed.perf_indicators if i.name == "故障处理时长"]
    assert (ind.target_value, ind.actual_value, ind.unit, ind.status) == (D(1), D("0.208333"), "天", "met")


def test_an_indicator_target_too_large_to_store_is_not_assessable(workdir):
    text = _edit(SOURCES["bundled"], "| 首次解答率 | >=80% | 99.19% |", "| 首次解答率 | >=8000000000000000% | 99.19% |")
    parsed = parse_file(write(workdir, text))
    loadable(parsed)
    (ind,) = [i for i in parsed.perf_indicators if i.name == "首次解答率"]
    assert (ind.target_text, ind.target_value, ind.actual_value, ind.status) == (
        ">=8000000000000000%",
        None,
        None,
        "not_assessable",
    )


def test_a_rate_too_large_to_store_is_left_undefined():
    assert ratio(D("999999999999"), D("0.000001")) is None
    assert ratio(D("45.84"), D("0.01")) == D("4584")
    assert storable(D("999999999999.999999")) and not storable(D("1000000000000"))
    assert storable(D("0.000123")) and not storable(D("0.0001234")) and storable(D("1.2300000"))


CHECKS: dict[str, Callable] = {  # for bench/fuzz_long.py
    "damaged reports": test_damaged_reports_parse_exactly_or_are_rejected_naming_the_file,
    "a letter in an amount": test_a_letter_in_any_amount_cell_is_null_and_an_error_never_another_number,
    "random Unicode inserted": test_random_unicode_anywhere_keeps_line_numbers_and_numbers,
    "arbitrary bytes": test_arbitrary_bytes_are_rejected_or_parsed_never_a_traceback,
    "arbitrary text": test_arbitrary_text_is_rejected_or_parsed_never_a_traceback,
}


# --------------------------------------------------------------------------- the command line


def test_the_command_line_names_every_file_it_cannot_read_and_loads_the_rest(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a-empty.md").write_bytes(b"")
    (raw / "b-binary.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with (raw / "c-huge.md").open("wb") as out:
        out.truncate(60 * 1024 * 1024)  # sparse: 60 MB on paper, nothing on disk
    (raw / "d-variant.md").write_text(SOURCES["variant"], encoding="utf-8")
    damaged = _edit(SOURCES["bundled"], "| 30113 | 住房公积金 | 11.33 |", "| 30113 | 住房公积金 | 11.3B |")
    (raw / "e-damaged.md").write_text(damaged, encoding="utf-8")
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(raw), "--db", str(db), "--parquet", str(parquet)]) == 1
    err = capsys.readouterr().err.splitlines()
    # Oversized files are refused before anything is parsed, so they are named first.
    assert err == [
        f"错误：{raw / 'c-huge.md'}: 文件过大（60 MB），不像一份部门决算报告",
        f"错误：{raw / 'a-empty.md'}: 没有找到任何表格，也没有情况说明中可读的数字（收支总计、“三公”经费、政府采购……），"
        "不像一份部门决算报告",
        f"错误：{raw / 'b-binary.md'}: 不是文本文件（含二进制内容），无法作为部门决算报告读取",
    ]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT source_file FROM reports ORDER BY source_file").fetchall() == [
            ("d-variant.md",),
            ("e-damaged.md",),
        ]
        line = _line_of(damaged, "| 30113 | 住房公积金 | 11.3B |")
        assert con.execute(
            "SELECT b.amount, q.severity, q.source_line FROM basic_spending_by_economic b "
            "JOIN quality_checks q ON q.report_id = b.report_id AND q.source_line = b.source_line "
            "WHERE b.code = '30113'"
        ).fetchall() == [(None, "error", line)]
    finally:
        con.close()


def test_a_file_over_the_size_limit_is_never_read_into_memory(tmp_path, monkeypatch):
    """The size is known from the file system; reading 5 GB to hash it first would exhaust memory."""
    huge = tmp_path / "huge.md"
    with huge.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    read: list[str] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    assert main(["ingest", str(huge), "--db", str(tmp_path / "w.duckdb"), "--parquet", str(tmp_path / "p")]) == 1
    assert read == []


def test_a_store_locked_by_another_process_is_a_clear_error_not_a_traceback(tmp_path):
    """A second ingest, or a journalist's `duckdb data/warehouse.duckdb`, holds the lock: say so, by name."""
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(VARIANT), "--db", str(db), "--parquet", str(parquet)]) == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        run = subprocess.run(
            [sys.executable, "-m", "etl", "ingest", str(BUNDLED), "--db", str(db), "--parquet", str(parquet)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode != 0
    assert "Traceback" not in run.stderr, run.stderr
    assert str(db) in run.stderr
