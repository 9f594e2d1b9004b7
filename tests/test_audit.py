"""Every numeric cell of a recognised table is stored or named in a finding: a letter typed into any bare
number of the bundled report is caught at its line, whichever column it stands in."""

from __future__ import annotations

import random
import re

import pytest

from etl.audit import AUDITED
from etl.ingest import parse_file
from etl.readers.markdown import parse_document, split_cells
from tests.conftest import BUNDLED

TEXT = BUNDLED.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
BARE_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def report_of(tmp_path, text: str):
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


def audited_cells() -> list[tuple[int, int]]:
    """(line, column) of every bare number in the bundled report's audited tables."""
    doc = parse_document(TEXT)
    out = []
    for table in doc.tables:
        if table.kind in AUDITED:
            out += [
                (row.line, col)
                for row in table.rows
                for col, cell in enumerate(row.cells)
                if BARE_NUMBER.fullmatch(cell)
            ]
    return out


def with_cell(line: int, col: int, new: str) -> str:
    cells = list(split_cells(LINES[line - 1]))
    cells[col] = new
    return "\n".join([*LINES[: line - 1], "| " + " | ".join(cells) + " |", *LINES[line:]])


def test_the_bundled_report_has_every_numeric_cell_stored(bundled):
    report = bundled.report
    assert (report.numeric_cells, report.numeric_stored, report.numeric_flagged) == (434, 434, 0)
    assert not [q for q in bundled.quality_checks if q.check in ("unread_figure", "figure_not_stored")]


@pytest.mark.parametrize("seed", range(3))
def test_a_letter_in_any_bare_number_is_a_finding_at_its_line(tmp_path, seed):
    cells = audited_cells()
    assert len(cells) > 300
    for line, col in random.Random(seed).sample(cells, 8):
        cell = split_cells(LINES[line - 1])[col]
        damaged = cell[:-1] + "B" if len(cell) > 1 else cell + "B"  # "42,590.8B", "3011B", "2B"
        report = report_of(tmp_path, with_cell(line, col, damaged))
        at_line = [q for q in report.quality_checks if q.source_line == line and q.severity == "error"]
        assert at_line, (line, col, cell)
        assert any(damaged in q.message for q in at_line), [q.message for q in at_line]
        assert report.report.numeric_cells == report.report.numeric_stored + report.report.numeric_flagged


@pytest.mark.parametrize(
    "old, new, says",
    [
        # 公开04表's 一般公共预算财政拨款 column, a 行次 of 公开01表, a subject code of 公开06表
        (
            "| 一、一般公共服务支出 | 19 | 42,557.12 | 42,557.12 | | |",
            "| 一、一般公共服务支出 | 19 | 42,557.12 | 42,557.1Z | | |",
            "42,557.1Z",
        ),
        ("| 一、一般公共预算财政拨款收入 | 1 | 42,590.81 |", "| 一、一般公共预算财政拨款收入 | l | 42,590.81 |", "l"),
        ("| 30113 | 住房公积金 | 11.33 |", "| 3O113 | 住房公积金 | 11.33 |", "3O113"),
    ],
)
def test_damage_in_a_column_no_sum_reads_is_still_flagged(tmp_path, old, new, says):
    assert TEXT.count(old) == 1, old
    line = TEXT[: TEXT.index(old)].count("\n") + 1
    report = report_of(tmp_path, TEXT.replace(old, new))
    assert any(q.source_line == line and q.severity == "error" and says in q.message for q in report.quality_checks)


def test_a_figure_in_a_column_the_store_does_not_hold_is_a_warning(tmp_path):
    """公开02表's 上级补助收入 is stored now; 公开07表's figures are named by one finding for the table."""
    old = "| 2010302 | | 一般行政管理事务 | 1.35 | 1.35 | | | | | |"
    assert TEXT.count(old) == 1
    report = report_of(tmp_path, TEXT.replace(old, "| 2010302 | | 一般行政管理事务 | 1.35 | 1.35 | 0.50 | | | | |"))
    income = {r.code: r for r in report.income_by_function}
    assert income["2010302"].superior_subsidy == 0.50
    assert report.report.numeric_cells == report.report.numeric_stored
