"""Every table's CSV and XLSX, on every page: named one way, and saying in its own columns which department, year,
report table and line, and which file (with its SHA-256) it is from, so a file passed on needs nothing beside it."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from tests.conftest import REPORT_PAGES

OURS = "吉林省政务服务和数字化建设服务中心"
CONTEXT = ["部门", "年度", "源文件", "源文件 SHA-256"]
WHERE = {"来源表", "来源行", "来源页", "来源单元格", "出处", "source_table"}  # the report's table and line, or both
# A file that is no one table of a report: the files loaded (each a file, with its fingerprint), and the compare
# table's measures, each computed from several tables (how, the page's expander says).
NOWHERE = {f"报告清单_{OURS}", "部门比较_2023"}
# what it holds (in Chinese, or a store table's name), whose and which year (or both), then a filter's values
NAME = re.compile(rf"^([^_a-z]+|[a-z_]+?)(_{OURS}_2023|_{OURS}|_2023)(_[a-z_]+)?$")


def _files(app, downloaded) -> dict[str, bytes]:
    for page in REPORT_PAGES:
        at = app(f"pages/{page}.py")
        if page == "data":
            at.text_input(key="data-find").input("42,590.81").run()
    return {name: make() for name, make in downloaded.items() if not name.endswith(".zip")}


@pytest.fixture
def files(app, downloaded):
    return _files(app, downloaded)


def test_every_download_names_what_whose_and_which_year_one_way(files):
    stems = {name.rsplit(".", 1)[0] for name in files}
    assert len(stems) >= 11 and {f"{stem}.{kind}" for stem in stems for kind in ("csv", "xlsx")} == set(files)
    assert [stem for stem in stems if not NAME.fullmatch(stem)] == []
    assert {f"支出决算表_{OURS}_2023", "部门比较_2023", f"spending_by_function_{OURS}_2023"} <= stems


def test_every_csv_says_whose_which_year_which_file_and_where_in_the_report(files):
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        assert data.startswith(b"\xef\xbb\xbf"), name
        table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
        assert set(CONTEXT) <= set(table.columns), name
        assert table["源文件 SHA-256"].str.fullmatch("[0-9a-f]{64}").all(), name
        assert (table["年度"] == "2023").all() and table["部门"].notna().all(), name
        if name.removesuffix(".csv") not in NOWHERE:
            assert WHERE & set(table.columns), name


def test_every_xlsx_keeps_its_header_in_view_and_its_columns_wide_enough(files):
    for name, data in files.items():
        if not name.endswith(".xlsx"):
            continue
        sheet = openpyxl.load_workbook(io.BytesIO(data))["data"]
        header = [cell.value for cell in sheet[1]]
        csv = pd.read_csv(io.BytesIO(files[name.replace(".xlsx", ".csv")]), encoding="utf-8-sig", nrows=0)
        assert header == list(csv.columns), name
        assert sheet.freeze_panes == "A2", name
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, len(header) + 1)]
        assert all(8 <= width <= 62 for width in widths), (name, widths)
        # the fingerprint's 64 characters fit their column
        sha = header.index("源文件 SHA-256") + 1
        assert sheet.column_dimensions[openpyxl.utils.get_column_letter(sha)].width >= 60, name
