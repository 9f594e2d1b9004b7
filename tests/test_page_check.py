"""发布前自检: an official uploads a draft and sees its slips table by table, the fix each implies, and how the
overview would read; nothing reaches the store."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pandas as pd
import pytest

from dashboard import draft
from tests.conftest import BUNDLED, opener
from tests.test_hostile import hostile_text, unescaped

PDF = Path(__file__).resolve().parent / "fixtures" / "pdf" / "jilin-docx.pdf"
PNG = Path(__file__).resolve().parent.parent / "dashboard" / "favicon.png"


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def upload(store, monkeypatch):
    """`upload(name, data, lang=…)`: the check page after uploading `data` as `name`; the store is unchanged."""
    before = fingerprint(store[1])
    opened = []

    def run(name: str, data: bytes, **params: str):
        at = opener(store[1], monkeypatch)("pages/check.py", **params)
        at.file_uploader(key="draft-upload").set_value((name, data, "application/octet-stream"))
        at.run(timeout=90)
        assert not at.exception, [e.value for e in at.exception]
        opened.append(at)
        return at

    yield run
    assert fingerprint(store[1]) == before


def texts(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_before_an_upload_the_page_says_what_it_does_and_what_it_keeps(app):
    at = app("pages/check.py")
    assert at.title[0].value == "发布前自检"
    assert "不保存、不载入看板，其他访客看不到" in at.caption[0].value
    assert "不超过 50 MB" in at.caption[0].value
    assert at.info[0].value.startswith("还没有上传文件。")


def test_a_draft_shows_its_slip_with_the_fix_and_where_it_stands(upload):
    at = upload("草稿.md", BUNDLED.read_bytes())
    page = texts(at)
    assert "共有 **22** 条结果：**0** 条错误、**4** 条提示" in page
    assert "改正：报告写作“11.33 元”，按其他数字应为“11.33 万元”。" in page
    assert any(c.value == "出处：情况说明 五（三） 第 704 行" for c in at.caption)
    # A rate over a near-zero budget has no figure to put in: no fix is suggested for it.
    assert "改正：报告写作“完成年初预算的 458400%”" not in page
    tables = [e.label for e in at.expander][1:]  # after the one that takes a department and year
    assert tables[0] == "公开05表 一般公共预算财政拨款支出决算表（1 条）" and "情况说明 五（三）（3 条）" in tables


def test_the_preview_reads_as_the_overview_would(upload):
    page = texts(upload("草稿.md", BUNDLED.read_bytes()))
    assert "一共支出 **42,590.81 万元（约 4.26 亿元）**" in page
    assert "政府采购 42,198.47 万元，授予中小企业的合同占 **3.02%**" in page


def test_the_findings_download_names_the_draft(upload, downloaded):
    upload("草稿.md", BUNDLED.read_bytes())
    name = "自检结果_吉林省政务服务和数字化建设服务中心_2023"
    csv = pd.read_csv(io.BytesIO(downloaded[f"{name}.csv"]()), encoding="utf-8-sig")
    assert set(csv["源文件"]) == {"草稿.md"}
    assert csv.loc[csv["检查代码"] == "unit_slip", "按其他数字应为"].tolist() == ["11.33 万元"]
    xlsx = pd.read_excel(io.BytesIO(downloaded[f"{name}.xlsx"]()))
    assert len(xlsx) == len(csv) == 22


def test_a_pdf_draft_points_at_its_page(upload):
    at = upload("draft.pdf", PDF.read_bytes())
    assert any(c.value == "出处：情况说明 五（三） · 第 24 页" for c in at.caption)


def test_in_english(upload):
    at = upload("draft.md", BUNDLED.read_bytes(), lang="en")
    assert at.title[0].value == "Check a draft"
    page = texts(at)
    assert "Fix: the draft says “11.33 元”; its other figures give “11.33 万元”." in page
    assert "In **2023** this department spent" in page


def test_a_file_that_is_not_a_report_format_is_refused_by_content(upload):
    at = upload("report.pdf", PNG.read_bytes())
    assert at.error[0].value.startswith("这不是 PDF、Excel 表格")


def test_a_file_that_is_not_a_report_says_why_in_english_too(upload):
    at = upload("notes.md", "# 会议纪要\n\n今天开会。\n".encode(), lang="en")
    assert at.error[0].value.startswith("The file could not be read as a final-accounts report: notes.md")


def test_a_drafts_text_is_shown_as_plain_text(upload):
    at = upload("hostile.md", hostile_text().encode())
    assert unescaped(at) == []


def test_a_draft_is_checked_once_per_session(upload, monkeypatch):
    calls = []
    real = draft.check_draft
    monkeypatch.setattr(draft, "check_draft", lambda data, name, *given: calls.append(name) or real(data, name, *given))
    at = upload("草稿.md", BUNDLED.read_bytes())
    at.run(timeout=60)  # any widget click reruns the page
    assert calls == ["草稿.md"]


def test_the_servers_upload_limit_is_the_one_the_page_states_and_xsrf_stays_on():
    import tomllib

    from etl.readers import MAX_BYTES

    server = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())[
        "server"
    ]
    assert server["maxUploadSize"] * 1024 * 1024 == MAX_BYTES
    assert server["enableXsrfProtection"] is True


def test_a_draft_that_states_no_year_is_checked_with_the_year_given(upload):
    workbook = Path(__file__).resolve().parent / "fixtures" / "sheets" / "jilin.xlsx"
    at = upload("附表.xlsx", workbook.read_bytes())
    assert "找不到决算年度" in at.error[0].value
    at.text_input(key="draft-department").input("吉林省政务服务和数字化建设服务中心")
    at.text_input(key="draft-year").input("2023 年")
    at.run(timeout=90)
    assert not at.error and not at.exception
    assert at.subheader[0].value == "吉林省政务服务和数字化建设服务中心 · 2023 年度"
