"""发布前自检 in sentences: what the page promises, an upload checked once per session, the findings grouped by
the table they stand in, and the fix each implies.

The checking is etl.draft's, in a process of its own; the findings are the ETL's (etl.checks), read from a
store in memory that only this visitor's session holds (queries.draft_store)."""

from __future__ import annotations

import hashlib
import threading

import duckdb
import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.fmt import md, missing
from dashboard.i18n import source, tr
from etl.checks import CATALOGUE
from etl.draft import DraftRefused, check_draft, seconds
from etl.readers import MAX_BYTES, SUFFIXES
from etl.readers.pdf import MAX_PAGES

TYPES = [suffix.lstrip(".") for suffix in SUFFIXES]
# Checks running at once, across every visitor: each is a process of up to memory_mb(); more wait their turn.
_RUNNING = threading.BoundedSemaphore(2)
_KEY = "draft-check"  # st.session_state: (the upload's SHA-256, its store or why it was refused)


def lead() -> str:
    return tr(
        "上传尚未公开的部门决算报告草稿，几秒钟内列出数字对不上、单位写错、完成率算错等每一处问题，"
        "并指出在第几页、第几行，以及怎样改才对得上。",
        "Upload a final-accounts report before it is published: within seconds you see every figure that does "
        "not add up, every unit written wrong and every rate that does not follow from its figures, with the "
        "page or line where each stands and the fix it implies.",
    )


def promise() -> str:
    return tr(
        f"文件只在这次检查中使用：不保存、不载入看板，其他访客看不到。支持 PDF、Excel（.xlsx/.xls）、网页和文本，"
        f"文件不超过 {MAX_BYTES // 1024 // 1024} MB，PDF 不超过 {MAX_PAGES} 页，每次检查最多 {seconds()} 秒。",
        f"The file is used for this check only: it is not saved, not added to the dashboard, and no other visitor "
        f"can see it. PDF, Excel (.xlsx/.xls), web pages and text; up to {MAX_BYTES // 1024 // 1024} MB, a PDF up "
        f"to {MAX_PAGES} pages, and {seconds()} seconds a check.",
    )


def checked(data: bytes, name: str, department: str, year: str) -> duckdb.DuckDBPyConnection | DraftRefused:
    """The draft's store, or why it was refused; checked once per upload (and department and year given) and
    session, never in a cache other sessions share: the draft is this visitor's alone. `department` and `year`
    (digits) name a draft that states neither; "" for none."""
    hashed = hashlib.sha256(data)  # on every rerun: the upload hashed where it lies, not copied to add the rest
    hashed.update(f"|{department}|{year}".encode())
    digest = hashed.hexdigest()
    kept = st.session_state.get(_KEY)
    if kept and kept[0] == digest:
        return kept[1]
    if not _RUNNING.acquire(timeout=seconds()):
        return DraftRefused(
            "正在进行的检查较多，请稍后再试。",
            "Too many checks are running right now; please try again in a moment.",
        )
    try:
        result = queries.draft_store(check_draft(data, name, department.strip() or None, int(year) if year else None))
    except DraftRefused as refused:
        result = refused
    finally:
        _RUNNING.release()
    st.session_state[_KEY] = (digest, result)
    return result


def given_year(text: str) -> str:
    """The year typed, as digits ("2024"), or "" for none or anything that is no year."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits if len(digits) == 4 and digits.startswith("20") else ""


def refusal(refused: DraftRefused) -> str:
    if refused.zh == refused.en:  # a reader's own reason (etl's NotAReport), in Chinese only
        return tr(refused.zh, f"The file could not be read as a final-accounts report: {md(refused.zh)}")
    return tr(refused.zh, refused.en)


def by_table(checks: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The findings table by table (each named in the reader's language), in the order the tables stand in the
    report; those of no one table last."""
    named = checks["source_table"].fillna("")
    first_line = checks.assign(table=named).groupby("table", sort=False)["source_line"].min()
    order = sorted(first_line.index, key=lambda t: (t == "", first_line[t] if not missing(first_line[t]) else 0))
    return [
        (source(table) if table else tr("报告整体", "The report as a whole"), checks[named == table]) for table in order
    ]


def fix(row) -> str:
    """What to print instead for the figures to agree, where the check knows it (etl.checks' `corrects`)."""
    entry = CATALOGUE.get(row.check)
    if entry is None or not entry.corrects or missing(row.expected) or missing(row.actual):
        return ""
    return tr(
        f"改正：报告写作“{md(row.actual)}”，按其他数字应为“{md(row.expected)}”。",
        f"Fix: the draft says “{md(row.actual)}”; its other figures give “{md(row.expected)}”.",
    )
