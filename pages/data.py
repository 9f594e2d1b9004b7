"""数据与来源: what the report gets wrong, where every figure came from, how it was read, and all the data.

The findings are the ETL's (etl.checks), the words for them dashboard.sources'."""

from __future__ import annotations

import streamlit as st

from dashboard import components, datapackage, queries, sources
from dashboard.i18n import tr
from dashboard.layout import download, file_name, heading
from dashboard.state import current
from etl.model import TABLES

sel = current()
heading(tr("数据与来源", "Data & sources"), sel, sources.lead())

# --- (a) quality findings -------------------------------------------------------------

st.subheader(tr("报告自身的问题", "What the report gets wrong"))
companions = queries.companions(sel.report_id)
checks = sources.findings([queries.table_rows("quality_checks", r) for r in [sel.report_id, *companions["report_id"]]])
source = queries.report(sel.report_id) or {}
components.findings_counted(checks, source)

serious = sources.serious(checks)
for row in serious.itertuples(index=False):
    with st.container(border=True):
        components.finding(row)
if not serious.empty and sel.lang == "en":
    st.caption("Names and the report's own words are quoted as published.")

components.table(
    sources.finding_cols(checks),
    checks,
    key="data-quality",
    file=file_name(tr("数据质量", "data_quality"), sel.department, sel.year),
    scattered=True,
)

with st.expander(tr("我们检查什么", "What we check"), icon=":material/fact_check:"):
    for title, checked in sources.catalogue():
        st.markdown(title)
        st.markdown(checked)
    st.caption(sources.rounding())

# --- (b) source files ----------------------------------------------------------------

st.subheader(tr("源文件", "Source files"))
st.markdown(sources.read_from(source))
st.code(source.get("source_sha256", ""), language=None, wrap_lines=True)
for page in companions.itertuples():
    st.markdown(sources.companion(page))
    st.code(page.source_sha256, language=None, wrap_lines=True)
st.markdown(tr("引用时可以写：", "To cite it:"))
st.code(sources.citation(sel.department, sel.year, source), language=None, wrap_lines=True)
st.caption(sources.verify())

files = queries.department_files(sel.report_id)
st.markdown(sources.files_held(queries.report_count(), len(files)))
components.table(
    sources.file_cols(files),
    None,
    key="data-sources",
    file=file_name(tr("报告清单", "reports"), sel.department, None),
)

st.subheader(tr("查找数字的出处", "Find where a figure came from"))
st.markdown(sources.how_to_find())
query = components.kept_text_in_url(
    tr("数字或文字", "Figure or words"), param="find", key="data-find", max_chars=60, placeholder="42,590.81"
)
if query:
    tables = {table: queries.table_rows(table, sel.report_id) for table in sources.SEARCHED}
    hits = sources.find_figure(tables, query, source.get("unit_in_source") or "万元")
    if hits.empty:
        st.info(sources.not_found(), icon=":material/search_off:")
    else:
        st.markdown(sources.hits_found(len(hits), query))
        components.table(
            sources.hit_cols(hits),
            None,
            key="data-find",
            file=file_name(tr("数字出处", "where_found"), sel.department, sel.year),
        )

# --- (c) methodology -----------------------------------------------------------------

st.subheader(tr("数字是怎样读出来的", "How the figures are read"))
st.markdown(sources.method())

# --- (d) every table -----------------------------------------------------------------

st.subheader(tr("下载数据表", "Download a table"))
# Labels made now, in this run's language: the widget may format its value again outside the run.
table_labels = sources.table_labels()
table = components.kept_choice_in_url(
    st.selectbox,
    tr("数据表", "Table"),
    ["spending_by_function", *(t for t in TABLES if t != "spending_by_function")],  # the first is the default
    param="table",
    key="data-table-choice",
    format_func=table_labels.__getitem__,
)
rows = queries.table_rows(table, sel.report_id)
st.caption(sources.rows_note(sel.department, sel.year, len(rows)))
components.table(
    sources.as_stored(rows, table, sel.year), None, key="data-table", file=file_name(table, sel.department, sel.year)
)

# --- (e) the whole store -----------------------------------------------------------

st.subheader(tr("整个数据集", "The whole dataset"))
st.markdown(sources.whole_store())
version = (queries.store_version() or "store")[:8]
zips = (
    (tr("下载 Parquet（zip）", "Download Parquet (zip)"), datapackage.parquet_zip, "parquet"),
    (tr("下载财政数据包（zip）", "Download Fiscal Data Package (zip)"), datapackage.package_zip, "fiscal-data-package"),
)
for column, (text, build, name) in zip(st.columns(2), zips, strict=True):
    # Built only when clicked (zipping the whole store takes a moment), from the store as it is then: the click may
    # come long after this run, when the version it read may be gone.
    file_name = f"openjuesuan-{name}-{version}.zip"
    download(
        column,
        text,
        lambda build=build: build(queries.latest_snapshot()),
        file_name,
        f"data-{name}-zip",
        icon=":material/folder_zip:",
    )
