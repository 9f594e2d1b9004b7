"""`python -m etl synth`: synthetic reports the real parser reads back exactly, with nothing to flag."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from etl.cli import main
from etl.ingest import parse_file
from etl.synth import SYNTHETIC_MARK, _fiscal_share, generate, wan

DEPARTMENTS, YEARS, SEED = 30, 2, 7


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """(generated report, parsed report) for a small seeded set written by the command line."""
    out = tmp_path_factory.mktemp("synth")
    assert (
        main(
            ["synth", "--departments", str(DEPARTMENTS), "--years", str(YEARS), "--out", str(out), "--seed", str(SEED)]
        )
        == 0
    )
    return [(r, parse_file(out / r.filename)) for r in generate(DEPARTMENTS, YEARS, SEED)]


def test_every_file_is_written_and_parses_with_nothing_above_info(synthetic):
    assert len(synthetic) == DEPARTMENTS * YEARS
    for _, parsed in synthetic:
        flagged = [(q.check, q.message) for q in parsed.quality_checks if q.severity != "info"]
        assert flagged == [], parsed.report.source_file


def test_every_department_is_marked_as_synthetic(synthetic):
    names = {parsed.report.department for _, parsed in synthetic}
    assert len(names) == DEPARTMENTS
    assert all(name.endswith(SYNTHETIC_MARK) for name in names)
    assert {parsed.report.year for _, parsed in synthetic} == {2022, 2023}


def test_figures_round_trip_exactly(synthetic):
    for r, parsed in synthetic:
        assert (parsed.report.department, parsed.report.year, parsed.report.unit_in_source) == (
            r.department,
            r.year,
            r.unit,
        )
        rows = {
            row.code: (row.total, row.basic, row.project) for row in parsed.spending_by_function if row.level == "项"
        }
        # A blank cell (no basic or no project spending) reads as zero.
        assert rows == {code: tuple(wan(v) for v in values) for code, values in r.items.items()}
        table = parsed.spending_by_function[0].source_table
        total = next(t for t in parsed.table_totals if t.source_table == table and t.column == "total")
        assert total.amount == r.total == sum(row[0] for row in rows.values())
        assert sum(row.total for row in parsed.income_by_function if row.level == "类") == r.total
        assert sum(row.amount for row in parsed.basic_spending_by_economic if row.parent_code) == r.basic
        assert [(p.project_name, p.executed) for p in parsed.perf_projects] == [
            (p.name, wan(p.executed)) for p in r.projects
        ]
        assert sum(p.executed for p in parsed.perf_projects) == r.perf_executed
        assert [i.status for i in parsed.perf_indicators] == r.statuses
        assert [(b.code, b.initial_budget, b.final) for b in parsed.budget_vs_final] == [
            (code, wan(initial), wan(_fiscal_share(r, code))) for code, initial in r.initial_budgets.items()
        ]
        goods, works, services, sme, small = r.procurement
        (proc,) = parsed.procurement
        assert (proc.total, proc.goods, proc.works, proc.services, proc.sme_amount, proc.small_micro_amount) == tuple(
            wan(v) for v in (goods + works + services, goods, works, services, sme, small)
        )


def test_the_set_has_the_variety_the_dashboard_needs(synthetic):
    reports = [r for r, _ in synthetic]
    assert {r.unit for r in reports} == {"元", "万元"}
    assert {r.numbering for r in reports} == {"公开", "表", "附表", "none"}
    assert {s for r in reports for s in r.statuses} == {"met", "missed", "not_assessable"}
    shares = {p.procurement[0].sme_share for _, p in synthetic if p.procurement[0].total}
    assert {Decimal(0), Decimal(1)} <= shares and any(0 < s < 1 for s in shares)
    assert len({code[:3] for r in reports for code in r.items}) >= 8


def test_the_first_report_of_a_seed_is_pinned():
    first = next(generate(1, 1, seed=0))
    assert (first.department, first.year, first.unit, first.total) == (
        "东湖区教育局（示例）",
        2023,
        "元",
        Decimal("387.76"),
    )


def test_same_seed_same_bytes_other_seed_other_figures(tmp_path: Path):
    a, b, c = (tmp_path / n for n in "abc")
    for out, seed in ((a, 1), (b, 1), (c, 2)):
        assert main(["synth", "--departments", "3", "--years", "2", "--out", str(out), "--seed", str(seed)]) == 0
    files = sorted(p.name for p in a.iterdir())
    assert len(files) == 6
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert any((a / f).read_bytes() != (c / f).read_bytes() for f in files)


def test_bad_counts_are_refused(tmp_path, capsys):
    assert main(["synth", "--departments", "0", "--out", str(tmp_path)]) == 2
    assert "--departments" in capsys.readouterr().err
