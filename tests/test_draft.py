"""etl.draft: a draft checked in a process of its own, refused by content, stopped at its limits, and gone from
disk when the check ends."""

from __future__ import annotations

import io
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from etl import draft
from etl.draft import DraftRefused, check_draft

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"
PDF = ROOT / "tests" / "fixtures" / "pdf" / "jilin-docx.pdf"
PNG = ROOT / "dashboard" / "favicon.png"


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """The temporary folder the checks may use, to see that they leave nothing in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert list(folder.iterdir()) == []


def refusal(data: bytes, name: str) -> DraftRefused:
    with pytest.raises(DraftRefused) as refused:
        check_draft(data, name)
    return refused.value


def test_a_draft_gives_the_rows_the_store_would_hold_with_its_slip_among_the_findings():
    tables = check_draft(BUNDLED.read_bytes(), "预算草稿.md")
    report = tables["reports"].to_pylist()[0]
    assert (report["department"], report["year"], report["source_file"]) == (
        "吉林省政务服务和数字化建设服务中心",
        2023,
        "预算草稿.md",
    )
    slips = [q for q in tables["quality_checks"].to_pylist() if q["check"] == "unit_slip"]
    assert [(q["source_line"], q["expected"], q["actual"]) for q in slips] == [(704, "11.33 万元", "11.33 元")]
    totals = {row["code"]: row["total"] for row in tables["spending_by_function"].to_pylist()}
    assert totals["201"] == Decimal("42557.12")


def test_a_pdf_draft_is_read_as_ingest_reads_it():
    slips = [
        q for q in check_draft(PDF.read_bytes(), "draft.pdf")["quality_checks"].to_pylist() if q["check"] == "unit_slip"
    ]
    assert [(q["source_page"], q["actual"]) for q in slips] == [(24, "11.33 元")]


@pytest.mark.parametrize("name", ["report.pdf", "report.xlsx", "report.md"])
def test_a_file_that_is_no_report_format_is_refused_by_its_content_whatever_its_name(name):
    refused = refusal(PNG.read_bytes(), name)
    assert "不是 PDF、Excel 表格" in refused.zh and "judged by its content" in refused.en


def test_a_word_file_is_refused_though_it_is_a_zip_like_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>\x00")
        z.writestr("[Content_Types].xml", "<Types/>")
    assert "不是 PDF" in refusal(out.getvalue(), "report.xlsx").zh


def test_a_file_over_the_size_limit_is_refused_unread(monkeypatch):
    monkeypatch.setattr(draft, "MAX_BYTES", 1024 * 1024)
    refused = refusal(b"x" * (1024 * 1024 + 1), "big.md")
    assert "文件过大（1.0 MB），上限为 1 MB" in refused.zh


def test_a_reports_reason_for_refusing_names_the_uploaded_file_not_the_temporary_one(monkeypatch):
    monkeypatch.setenv("OPENJUESUAN_MAX_PDF_PAGES", "5")  # the child reads it: a 26-page draft is then a bomb
    refused = refusal(PDF.read_bytes(), "区财政局草稿.pdf")
    assert refused.zh.startswith("区财政局草稿.pdf: PDF 有 26 页，超过上限 5 页")
    assert "openjuesuan-draft-" not in refused.zh


def test_a_zip_bomb_dressed_as_a_workbook_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(210):
                member.write(bytes(1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    assert "超过上限 200 MB" in refusal(out.getvalue(), "bomb.xlsx").zh


def test_a_check_past_its_cpu_time_is_stopped_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("OPENJUESUAN_DRAFT_SECONDS", "2")
    report = BUNDLED.read_text()
    rows = "\n".join(line for line in report.splitlines() if line.startswith("|"))
    heavy = f"{report}\n" + "\n".join([rows] * 200)  # 8.5 MB of tables: some 4 s of parsing
    refused = refusal(heavy.encode(), "heavy.md")
    assert "检查未能完成" in refused.zh and "2 秒" in refused.zh


def test_a_check_past_its_memory_is_stopped_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("OPENJUESUAN_DRAFT_MEMORY_MB", "64")  # less than the parsers need to start
    refused = refusal(BUNDLED.read_bytes(), "draft.md")
    assert "内存（64 MB）" in refused.zh and "not affected" in refused.en
