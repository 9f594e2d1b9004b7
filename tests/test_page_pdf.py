"""Every page over a store loaded from the bundled reports, the Shanghai PDF among them: its figures show, and
a figure is traced to the page of the PDF it was printed on."""

from __future__ import annotations

import pytest

from etl.cli import main
from tests.conftest import REPORT_PAGES, ROOT, opener

SHANGHAI = "上海市普陀区财政局"


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("pdf-store")
    assert (
        main(["ingest", str(ROOT / "data" / "raw"), "--db", str(root / "w.duckdb"), "--parquet", str(root / "pq")]) == 0
    )
    return root / "pq"


@pytest.fixture
def shanghai(bundled_store, monkeypatch):
    open_page = opener(bundled_store, monkeypatch)
    return lambda page, **params: open_page(page, dept=SHANGHAI, year="2024", **params)


def _text(at) -> str:
    return "\n".join(e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in at.get(kind))


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_every_page_opens_on_the_pdf_report(shanghai, page):
    at = shanghai(f"pages/{page}.py")
    assert SHANGHAI in _text(at)


def test_the_overview_shows_the_pdf_report_s_figures(shanghai):
    text = _text(shanghai("pages/overview.py"))
    assert "2,940.05" in text


def test_a_finding_of_the_pdf_cites_its_page(shanghai):
    at = shanghai("pages/data.py")
    text = _text(at)
    assert "第 21 页" in text  # the narrative's 财政拨款收入支出总计 "0.3万元" against 2,961.68
    (quality,) = [d.value for d in at.dataframe if "检查代码" in d.value.columns]
    assert "来源页" in quality.columns and 21 in set(quality["来源页"].dropna().astype(int))


def test_the_procurement_figures_cite_their_pdf_page(shanghai):
    at = shanghai("pages/procurement.py")
    assert "数据出处：情况说明 十一（二） · 第 24 页" in _text(at)
    (table,) = [d.value for d in at.dataframe if "来源页" in d.value.columns]
    assert set(table["来源页"].astype(int)) == {24}


def test_the_data_page_says_every_figure_was_stored_or_flagged(shanghai):
    text = _text(shanghai("pages/data.py"))
    assert "表格中共读取 **454** 个数字，全部入库或已标注（入库 454 个，在下列问题中标注 0 个）。" in text


def test_a_workbook_s_rows_are_traced_to_their_cells(tmp_path, monkeypatch):
    workbook = ROOT / "tests" / "fixtures" / "sheets" / "jilin.xlsx"
    args = ["ingest", str(workbook), "--db", str(tmp_path / "w.duckdb"), "--parquet", str(tmp_path / "pq")]
    assert main([*args, "--year", "2023"]) == 0
    at = opener(tmp_path / "pq", monkeypatch)("pages/spending.py")
    (table,) = [d.value for d in at.dataframe if "来源单元格" in d.value.columns]
    assert all(cell.startswith("公开03表!") for cell in table["来源单元格"])
