"""Pieces every page shares: the heading, where-it-came-from notes, downloads, empty states."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard.i18n import tr
from dashboard.state import Selection


def heading(title: str, sel: Selection, lead: str | None = None) -> None:
    st.title(title)
    st.caption(tr(f"{sel.department} · {sel.year} 年度部门决算", f"{sel.department} · {sel.year} final accounts"))
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
        parts.append(tr(f"{table} 第 {span} 行", f"{table}, line{'' if lo == hi else 's'} {span}"))
    return tr("数据出处：", "Source: ") + "；".join(parts)


def empty(message: str, hint: str | None = None) -> None:
    st.info(message + (f"\n\n{hint}" if hint else ""), icon=":material/info:")


def downloads(df: pd.DataFrame, name: str, key: str) -> None:
    """The table exactly as shown, as CSV (UTF-8 with BOM, for Excel/WPS) and XLSX."""
    csv = df.to_csv(index=False).encode("utf-8-sig")
    xlsx = io.BytesIO()
    with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name="data")
    left, right = st.columns(2)
    left.download_button(
        tr("下载 CSV", "Download CSV"),
        csv,
        f"{name}.csv",
        "text/csv",
        key=f"{key}-csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        tr("下载 XLSX", "Download XLSX"),
        xlsx.getvalue(),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        icon=":material/download:",
        on_click="ignore",
    )


def link(page: str, label: str, icon: str, sel: Selection) -> None:
    """A link to another page that keeps the department, year and language."""
    st.page_link(
        page, label=label, icon=icon, query_params={"dept": sel.department, "year": str(sel.year), "lang": sel.lang}
    )
