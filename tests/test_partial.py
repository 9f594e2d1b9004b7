"""Pages that hold only part of a report: they load with what they state, beside the full report of the same
department and year, never replacing it nor replaced by it; the dashboard says what they lack."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from etl.cli import main
from etl.document import NotAReport
from etl.ingest import parse_file
from tests.conftest import BUNDLED, ROOT, opener

PARTIAL = ROOT / "tests" / "fixtures" / "partial"
THREE_PUBLIC = PARTIAL / "putuo-three-public-2024.html"
PROCUREMENT = PARTIAL / "procurement-2023.txt"


def test_a_three_public_page_loads_what_it_states():
    parsed = parse_file(THREE_PUBLIC)
    report = parsed.report
    assert (report.department, report.year, report.partial) == ("上海市普陀区财政局", 2024, True)
    assert report.parts == "narrative,three_public" and report.source_format == "html"
    facts = {f.topic: f.value for f in parsed.narrative_facts}
    assert facts["three_public_total_budget"] == Decimal("0.95")
    assert facts["three_public_total_final"] == Decimal("0.00")
    assert facts["admin_costs"] == Decimal("184.65")
    assert parsed.spending_by_function == [] and parsed.summary_lines == []


def test_a_procurement_page_loads_its_figures_with_its_department_from_its_title():
    parsed = parse_file(PROCUREMENT)
    assert (parsed.report.department, parsed.report.year, parsed.report.parts) == (
        "吉林省政务服务和数字化建设服务中心",
        2023,
        "procurement",
    )
    (proc,) = parsed.procurement
    assert (proc.total, proc.services, proc.sme_amount, proc.small_micro_amount) == (
        Decimal("42198.47"),
        Decimal("42198.47"),
        Decimal("1274.36"),
        Decimal("171.6"),
    )


def test_a_page_naming_no_department_nor_year_is_refused(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("政府采购决算公开情况说明\n\n政府采购支出总额 100.00 万元。\n", encoding="utf-8")
    with pytest.raises(NotAReport, match=r"page\.txt: 找不到部门名称"):
        parse_file(page)


@pytest.fixture
def both(tmp_path):
    """A store with the full 2023 report and a partial page of the same department and year."""
    db, parquet = tmp_path / "w.duckdb", tmp_path / "pq"
    for path in (BUNDLED, PROCUREMENT, BUNDLED):  # the full one loaded again changes nothing
        assert main(["ingest", str(path), "--db", str(db), "--parquet", str(parquet)]) == 0
    return db, parquet


def test_a_partial_report_is_kept_beside_the_full_one(both):
    db, _ = both
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT report_id, partial, parts FROM reports ORDER BY report_id").fetchall()
    con.close()
    assert rows == [
        ("2023-5d28356c23", False, "tables,narrative,three_public,procurement"),
        ("2023-5d28356c23-p", True, "procurement"),
    ]


def test_every_page_reads_the_full_report_where_one_is_loaded(both, monkeypatch):
    at = opener(both[1], monkeypatch)("pages/procurement.py")
    text = "\n".join(m.value for m in at.markdown)
    assert "本报告只公开了" not in text
    import dashboard.queries as queries

    assert list(queries.reports()["report_id"]) == ["2023-5d28356c23"]
    assert list(queries.procurement_ranking(2023)["report_id"]) == ["2023-5d28356c23"]


def test_a_partial_report_says_on_each_page_what_it_lacks(tmp_path, monkeypatch):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "pq"
    assert main(["ingest", str(THREE_PUBLIC), "--db", str(db), "--parquet", str(parquet)]) == 0
    open_page = opener(parquet, monkeypatch)
    for page in ("pages/overview.py", "pages/spending.py", "pages/budget.py"):
        at = open_page(page)
        notes = [i.value for i in at.info]
        assert any("本报告只公开了情况说明，没有附表" in n for n in notes), (page, notes)
    (table,) = [d.value for d in open_page("pages/overview.py").dataframe]
    assert sorted(table["金额（万元）"]) == [0.0, 0.0, 0.0, 0.0, 0.95, 184.65]
