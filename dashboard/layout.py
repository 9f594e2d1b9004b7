"""Pieces every page shares: the heading, report text made safe for markdown, where-it-came-from notes,
downloads, empty states."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st
from openpyxl.utils import get_column_letter

from dashboard import queries
from dashboard.fmt import md, span, utc
from dashboard.i18n import TRANSLATED_BY, source, tr
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
    report = queries.report(sel.report_id) or {}
    if report.get("partial") is True or report.get("partial") == 1:
        st.info(partial_note(str(report.get("parts") or "")), icon=":material/info:")
    if lead:
        st.markdown(lead)


# The parts of a report (etl.model.PARTS) in plain words.
_PART_NAMES = {
    "tables": ("附表", "the tables"),
    "narrative": ("情况说明", "the narrative (情况说明)"),
    "three_public": ("“三公”经费情况说明", "the statement on the “three public costs”"),
    "procurement": ("政府采购情况说明", "the statement on government procurement"),
}


def parts_named(parts: str) -> str:
    """ "情况说明、政府采购情况说明" for reports.parts "narrative,procurement"."""
    return tr("、", ", ").join(tr(*_PART_NAMES[part]) for part in parts.split(",") if part in _PART_NAMES)


def partial_note(parts: str) -> str:
    """What a partial report lacks, in plain words, for every page to say instead of drawing an empty chart."""
    held = set(parts.split(","))
    # a page with the 情况说明 holds its 三公 and 采购 sections too: it is named by the widest part it holds
    has = tr(*_PART_NAMES[next((p for p in ("narrative", "three_public", "procurement") if p in held), "narrative")])
    return tr(
        f"本报告只公开了{has}，没有附表：这里只有其中写明的数字，图表和表格里的其他数字暂缺。",
        f"This report publishes only {has}, without the tables: only the figures it states are shown here.",
    )


def source_note(df: pd.DataFrame) -> str:
    """ "数据出处：公开03表 支出决算表 第 143–159 行" (a PDF: "支出决算表 · 第 10–11 页") for the rows shown."""
    if df.empty or "source_table" not in df:
        return ""
    parts = []
    for published, rows in df.groupby("source_table", sort=False):
        table = source(published)
        pages = rows["source_page"].dropna() if "source_page" in rows else pd.Series(dtype=float)
        cells = rows["source_cell"].dropna() if "source_cell" in rows else pd.Series(dtype=str)
        if len(cells):
            where = cells.iloc[0] if len(cells) == 1 else f"{cells.iloc[0]}…{cells.iloc[-1]}"
            parts.append(f"{md(table)} · {md(where)}")
        elif len(pages):
            where = span(pages)
            parts.append(
                tr(f"{md(table)} · 第 {where} 页", f"{md(table)}, page{'' if '–' not in where else 's'} {where}")
            )
        else:
            where = span(rows["source_line"])
            parts.append(
                tr(f"{md(table)} 第 {where} 行", f"{md(table)}, line{'' if '–' not in where else 's'} {where}")
            )
    held_in = df["held_in"].dropna() if "held_in" in df else ()
    if len(held_in):  # a part the report lacks, read from a page published apart from it
        parts = [f"{md(held_in.iloc[0])} · {part}" for part in parts]
    return tr("数据出处：" + "；".join(parts), f"Source: {'; '.join(parts)} (names: {TRANSLATED_BY[:-1]})")


def source_column(df: pd.DataFrame) -> dict[str, pd.Series]:
    """The column a table shows to say where each row came from: the workbook cell, the PDF page, else the
    source line."""
    if "source_cell" in df and df["source_cell"].notna().any():
        return {tr("来源单元格", "Source cell"): df["source_cell"]}
    if "source_page" in df and df["source_page"].notna().any():
        return {tr("来源页", "Source page"): df["source_page"]}
    return {tr("来源行", "Source line"): df["source_line"]}


def notes(*texts: str) -> None:
    """A caption of the notes that apply (empty ones are left out); no caption when none do."""
    shown = [text for text in texts if text]
    if shown:
        st.caption(tr("", " ").join(shown))


def empty(message: str, hint: str | None = None) -> None:
    st.info(message + (f"\n\n{hint}" if hint else ""), icon=":material/info:")


def file_name(what: str, department: str | None, year: int | None, *more: str) -> str:
    """Every download's name, one pattern: what it holds, whose (None: every department's), which year (None:
    every year), then what it was filtered to: "支出决算表_某某局_2023", "部门比较_2023"."""
    return "_".join(str(part) for part in (what, department, year, *more) if part is not None)


def downloads(
    df: pd.DataFrame, name: str, key: str, report: dict | None = None, report_ids: pd.Series | None = None
) -> None:
    """The table as shown, as CSV (UTF-8 with BOM, for Excel/WPS) and XLSX, each built when clicked; led by the
    department, year, file and the file's SHA-256 it is from, so a file passed on still says what it is from: of
    the one report selected (or `report`), or of each row's own (`report_ids`, a table across departments).

    Building an XLSX of ten thousand departments takes seconds; a page run must not pay that for a file
    most visitors never ask for.
    """
    if report_ids is None and tr("部门", "Department") not in df.columns:
        if report is None and (sel := st.session_state.get("selection")):
            report = queries.report(sel.report_id)
        if report:
            df = with_context(df, report["department"], report["year"], report["source_file"], report["source_sha256"])

    def table() -> pd.DataFrame:
        # each row's file, looked up on the click: it is a scan of the whole index a page run must not pay
        return each_in_context(df, report_ids) if report_ids is not None else df

    left, right = st.columns(2)
    download(left, tr("下载 CSV", "Download CSV"), lambda: csv_bytes(table()), f"{name}.csv", key=f"{key}-csv")
    download(right, tr("下载 XLSX", "Download XLSX"), lambda: xlsx_bytes(table()), f"{name}.xlsx", key=f"{key}-xlsx")


def each_in_context(df: pd.DataFrame, report_ids: pd.Series) -> pd.DataFrame:
    """`df`, a table across departments, led by each row's department, year, file and SHA-256."""
    shown = queries.reports().set_index("report_id").reindex(report_ids)
    return with_context(df, *(shown[c].to_numpy() for c in ("department", "year", "source_file", "source_sha256")))


def with_context(df: pd.DataFrame, department, year, file, sha256) -> pd.DataFrame:
    """`df` led by the columns of where it is from that it lacks: one value for every row, or one a row."""
    context = {
        tr("部门", "Department"): department,
        tr("年度", "Year"): year,
        tr("源文件", "Source file"): file,
        tr("源文件 SHA-256", "Source file SHA-256"): sha256,
    }
    missing_columns = {name: value for name, value in context.items() if name not in df.columns}
    return pd.concat([pd.DataFrame(missing_columns, index=df.index), df], axis=1)


def csv_bytes(df: pd.DataFrame) -> bytes:
    return _spreadsheet_ready(df).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        _spreadsheet_ready(df).to_excel(writer, index=False, sheet_name="data")
        sheet = writer.sheets["data"]
        sheet.freeze_panes = "A2"  # the header stays in view as the rows scroll
        for i, column in enumerate(df.columns, start=1):
            # wide enough for the header and the longest of the first rows, a CJK character counting double
            texts = [str(column), *map(str, df[column].head(200))]
            width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) for text in texts)
            sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    return out.getvalue()


def _spreadsheet_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Timestamps with a time zone as UTC text: a spreadsheet cannot hold the zone, and openpyxl refuses them."""
    zoned = [column for column in df.columns if isinstance(df[column].dtype, pd.DatetimeTZDtype)]
    if not zoned:
        return df
    df = df.copy()
    for column in zoned:
        df[column] = df[column].map(utc)
    return df


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
