"""Pieces every page shares: the heading, report text made safe for markdown, where-it-came-from notes,
downloads, empty states."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard.fmt import md, utc
from dashboard.i18n import tr
from dashboard.state import Selection

_MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def heading(title: str, sel: Selection, lead: str | None = None) -> None:
    st.title(title)
    department = md(sel.department)
    st.caption(tr(f"{department} · {sel.year} 年度部门决算", f"{department} · {sel.year} final accounts"))
    if lead:
        st.markdown(lead)


def source_note(df: pd.DataFrame) -> str:
    """ "来自 公开03表 支出决算表 第 143–159 行" for the rows shown."""
    if df.empty or "source_table" not in df:
        return ""
    parts = []
    for table, lines in df.groupby("source_table", sort=False)["source_line"]:
        lo, hi = int(lines.min()), int(lines.max())
        span = f"{lo}" if lo == hi else f"{lo}–{hi}"
        parts.append(tr(f"{md(table)} 第 {span} 行", f"{md(table)}, line{'' if lo == hi else 's'} {span}"))
    return tr("数据出处：", "Source: ") + "；".join(parts)


def empty(message: str, hint: str | None = None) -> None:
    st.info(message + (f"\n\n{hint}" if hint else ""), icon=":material/info:")


def downloads(df: pd.DataFrame, name: str, key: str) -> None:
    """The table exactly as shown, as CSV (UTF-8 with BOM, for Excel/WPS) and XLSX.

    Timestamps with a time zone are written as UTC text: a spreadsheet cannot hold the zone, and
    openpyxl refuses such a timestamp.
    """
    zoned = [column for column in df.columns if isinstance(df[column].dtype, pd.DatetimeTZDtype)]
    if zoned:
        df = df.copy()
        for column in zoned:
            df[column] = df[column].map(utc)
    csv = df.to_csv(index=False).encode("utf-8-sig")
    xlsx = io.BytesIO()
    with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name="data")
    left, right = st.columns(2)
    download(left, tr("下载 CSV", "Download CSV"), csv, f"{name}.csv", key=f"{key}-csv")
    download(right, tr("下载 XLSX", "Download XLSX"), xlsx.getvalue(), f"{name}.xlsx", key=f"{key}-xlsx")


def download(where, label: str, data, file_name: str, key: str, icon: str = ":material/download:") -> None:
    """One download button in `where` (a column); the type follows the file name, and a click reruns nothing."""
    where.download_button(
        label, data, file_name, _MIME[file_name.rsplit(".", 1)[-1]], key=key, icon=icon, on_click="ignore"
    )


def link(page: str, label: str, icon: str, sel: Selection) -> None:
    """A link to another page that keeps the department, year and language."""
    st.page_link(
        page, label=label, icon=icon, query_params={"dept": sel.department, "year": str(sel.year), "lang": sel.lang}
    )
