"""Pages that hold only part of a report: they load with what they state, beside the full report of the same
department and year, never replacing it nor replaced by it; the dashboard says what they lack."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from etl.cli import main
from etl.document import NotAReport
from etl.ingest import parse_file
from tests.conftest import BUNDLED, REPORT_PAGES, ROOT, opener

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
    for page in REPORT_PAGES:
        at = open_page(f"pages/{page}.py")
        notes = [i.value for i in at.info]
        assert any("本报告只公开了情况说明，没有附表" in n for n in notes), (page, notes)
    (table,) = [d.value for d in open_page("pages/overview.py").dataframe]
    assert sorted(table["金额（万元）"]) == [0.0, 0.0, 0.0, 0.0, 0.95, 184.65]


def facts_of(path):
    parsed = parse_file(path)
    return parsed.report, {f.topic: f.value for f in parsed.narrative_facts}


def test_a_narrative_page_in_ascii_punctuation_with_a_number_broken_from_its_unit():
    report, facts = facts_of(PARTIAL / "narrative-ascii-2023.txt")
    assert (report.department, report.year, report.partial, report.parts) == (
        "长春市文化广电和旅游局",
        2023,
        True,
        "narrative",
    )
    assert facts == {
        "total": Decimal("3456.78"),
        "total_change": Decimal("-91.91"),  # "减少91.91\n万元"
        "total_previous": Decimal("3548.69"),  # derived: 3,456.78 + 91.91
        "total_growth": Decimal("-0.0259"),
        "total_spending": Decimal("3456.78"),
        "basic_spending": Decimal("2345.67"),
        "basic_spending_share": Decimal("0.6786"),
        "project_spending": Decimal("1111.11"),
        "project_spending_share": Decimal("0.3214"),
        "admin_costs": Decimal("5.48"),  # "5.48 万元", under "(一)" and "1."
        "admin_costs_previous": Decimal("6.00"),  # derived: "比上年减少0.52万元"
    }


def test_a_three_public_page_in_traditional_characters_keeps_its_name_as_published():
    report, facts = facts_of(PARTIAL / "three-public-traditional-2023.html")
    assert (report.department, report.year, report.parts) == ("長春市示範管理局", 2023, "narrative,three_public")
    assert facts == {
        "three_public_total_budget": Decimal("3.00"),
        "three_public_total_final": Decimal("2.608558"),  # "26,085.58元"
        "three_public_abroad_final": Decimal("0.00"),
        "three_public_vehicles_final": Decimal("2.00"),
        "three_public_reception_final": Decimal("0.608558"),
    }


def test_the_sentences_and_names_of_a_traditional_page_are_stored_as_published(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "長春市示範管理局2023年度部門決算情況說明\n\n一般公共預算財政撥款支出決算具體情況\n\n"
        "1.一般公共服務（類）政府辦公廳（室）及相關機構事務（款）行政運行（項）。年初預算為100.00萬元，"
        "支出決算為90.00萬元，完成年初預算的90.00%。決算數小於年初預算數的主要原因是：嚴格控制經費開支。\n",
        encoding="utf-8",
    )
    (line,) = parse_file(page).budget_vs_final
    assert (line.name, line.initial_budget, line.final, line.explanation) == (
        "行政運行",
        Decimal("100.00"),
        Decimal("90.00"),
        "嚴格控制經費開支。",
    )
    sentence = next(f.text for f in parse_file(PARTIAL / "three-public-traditional-2023.html").narrative_facts)
    assert sentence.startswith("“三公”經費財政撥款支出年初預算為3.00萬元，支出決算為26,085.58元")


def test_a_small_and_micro_share_stated_of_the_total_is_read_as_of_the_total():
    parsed = parse_file(PARTIAL / "procurement-decimals-2023.html")
    (proc,) = parsed.procurement
    assert (proc.total, proc.goods, proc.works, proc.services) == (
        Decimal("28861.938591"),
        Decimal("861.938591"),
        Decimal("0"),
        Decimal("28000"),
    )
    assert (proc.sme_amount, proc.small_micro_amount) == (Decimal("20000"), Decimal("14430.969296"))
    assert (proc.stated_small_micro_share, proc.stated_small_micro_share_of) == (Decimal("0.5"), "total")
    assert proc.small_micro_share_of_sme == Decimal("0.721548")  # recomputed of the SME amount all the same
    assert [q.check for q in parsed.quality_checks if q.check == "procurement_share"] == []


def test_a_page_with_no_table_and_no_figure_is_refused_in_one_line(tmp_path):
    page = tmp_path / "长春市示范局2023年度部门决算情况说明.txt"
    page.write_text("长春市示范局2023年度部门决算情况说明\n\n本部门认真落实各项工作。\n", encoding="utf-8")
    with pytest.raises(NotAReport, match=r"^\S*情况说明\.txt: 没有找到任何表格[^\n]*$"):
        parse_file(page)


@pytest.mark.parametrize("order", ["partial first", "full first"])
def test_a_figure_the_partial_and_the_full_report_disagree_on_is_a_finding_on_the_partial(tmp_path, order):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "pq"
    files = [BUNDLED, PARTIAL / "procurement-disagrees-2023.txt"]
    for path in files if order == "full first" else files[::-1]:
        assert main(["ingest", str(path), "--db", str(db), "--parquet", str(parquet)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT report_id, severity, expected, actual, message FROM quality_checks WHERE \"check\" = 'partial_vs_full'"
    ).fetchall()
    con.close()
    assert rows == [
        (
            "2023-5d28356c23-p",
            "warning",
            "1,274.36 万元",
            "1,300.00 万元",
            "第 3 行授予中小企业合同金额写 1,300.00 万元，同部门同年度的完整报告（jilin-zwfw-szhjs-2023.md）为 "
            "1,274.36 万元；看板采用完整报告的数字。",
        )
    ]


def test_a_partial_that_agrees_with_the_full_report_has_no_such_finding(both):
    con = duckdb.connect(str(both[0]), read_only=True)
    assert con.execute("SELECT count(*) FROM quality_checks WHERE \"check\" = 'partial_vs_full'").fetchone() == (0,)
    con.close()


@pytest.fixture
def attachment_and_page(tmp_path):
    """The tables as an .xlsx attachment, the 政府采购 说明 as a web page: how many departments publish."""
    db, parquet = tmp_path / "w.duckdb", tmp_path / "pq"
    workbook = ROOT / "tests" / "fixtures" / "sheets" / "jilin.xlsx"
    given = ["--department", "吉林省政务服务和数字化建设服务中心", "--year", "2023"]
    for args in ([str(workbook), *given], [str(PROCUREMENT)]):
        assert main(["ingest", *args, "--db", str(db), "--parquet", str(parquet)]) == 0
    return parquet


def test_a_part_the_full_report_lacks_is_read_from_the_partial_page(attachment_and_page, monkeypatch):
    at = opener(attachment_and_page, monkeypatch)("pages/procurement.py")
    import dashboard.queries as queries

    (shown,) = queries.reports()["report_id"]
    proc = queries.procurement(shown)
    assert (proc["report_id"], proc["total"], proc["sme_amount"]) == (f"{shown}-p", 42198.47, 1274.36)
    ranked = queries.procurement_ranking(2023)
    assert list(zip(ranked["report_id"], ranked["sme_amount"], strict=True)) == [(shown, 1274.36)]
    assert queries.departments_compared(2023)["sme_share"].round(4).tolist() == [0.0302]
    captions = "\n".join(c.value for c in at.caption)
    assert "数据出处：procurement-2023.txt · 情况说明 第 3 行" in captions, captions
    # the tables still come from the workbook
    assert queries.holder(shown, "tables") == (shown, None)


def test_the_data_page_names_the_page_a_part_was_read_from(attachment_and_page, monkeypatch):
    at = opener(attachment_and_page, monkeypatch)("pages/data.py")
    text = "\n".join(m.value for m in at.markdown)
    assert (
        "同部门同年度另行公开的 **procurement-2023.txt** 也已载入，报告缺少的部分从中读取（它含有：政府采购情况说明）"
        in text
    )
