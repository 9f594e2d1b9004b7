"""数据与来源: what the report gets wrong, where every figure came from, how it was read, and all the data."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard import datapackage, queries
from dashboard.fmt import missing, place, read_typed, utc
from dashboard.i18n import SEVERITY, check_name, label, tr, tr_stored
from dashboard.layout import download, downloads, heading, md, parts_named, source_column
from dashboard.state import current
from etl.checks import CATALOGUE, GROUPS
from etl.model import TABLES

# How the figures are read, in plain words: (Chinese, English). One item per bullet.
METHOD = [
    (
        "**逐表逐行读取。** 公开01–09表和情况说明、绩效自评表、名词解释都按原文读出，"
        "每一行都记下它来自哪张表、源文件第几行。",
        "**Table by table, line by line.** Tables 01–09, the narrative, the performance self-evaluations and the "
        "glossary are read as published; every row records its report table and its line in the source file.",
    ),
    (
        "**金额一律用万元。** 以元或千元编制的报告，载入时换算成万元。金额以精确小数（DECIMAL）保存，"
        "不用会产生误差的浮点数；百分比保存为小数（98.78% 存为 0.9878）。",
        "**Money in 万元 (10,000 yuan).** A report written in 元 or 千元 is converted on load. Amounts are exact "
        "decimals (DECIMAL), never floating point; percentages are stored as fractions (98.78 % → 0.9878).",
    ),
    (
        "**空格就是 0。** 按照部门决算公开表的统一格式，金额栏留空表示没有这项收支，记为 0。",
        "**A blank is zero.** In the national template for published final accounts, an empty money cell means none.",
    ),
    (
        "**拿不准的数不猜。** 看不清、分组不对或混入字母的数字存为空值，同时记一条“错误”，写明表、行和原文。",
        "**Doubtful numbers are not guessed.** A number that is illegible, wrongly grouped or has a letter in it is "
        "stored empty, with an error giving the table, line and original text.",
    ),
    (
        "**单位笔误只在报告自己能证明时才改。** 例如“支出决算为 11.33 元”，同句的年初预算 9.55 万元和完成率 118.64% "
        "只有按 11.33 万元才对得上，才按万元记录，并列为“提示”。",
        "**A unit slip is corrected only when the report proves it.** “支出决算为 11.33 元” is read as 11.33 万元 only "
        "because the same sentence's initial budget (9.55 万元) and rate (118.64 %) fit that reading alone — and it "
        "is listed.",
    ),
    (
        "**比率重新计算。** 完成率、执行率、中小企业占比等都用报告原数重新计算；报告自己写的百分比另存一列（stated_…），"
        "两者不一致时列出。",
        "**Rates are recomputed.** Completion and execution rates and the SME share are computed from the report's "
        "own figures; the rate the report states is kept in its own column (stated_…), and a mismatch is listed.",
    ),
    (
        "**绩效指标的判定。** 实际值满足目标（≥、≤、=、>、<，按期完成，定性目标一字不差地达到）为“达标”；"
        "不满足为“未达标”；目标或实际值无法比较时为“无法判断”，绝不猜成达标。"
        "达标率 = 达标 ÷ 全部指标，无法判断的不算达标。",
        "**Indicator status.** Met when the actual value satisfies the target (≥, ≤, =, >, <, a deadline kept, a "
        "qualitative target reached word for word); missed when not; not assessable when target or actual cannot be "
        "compared — never guessed as met. Hit rate = met ÷ all indicators.",
    ),
    (
        "**不改原文。** 部门名称、项目名称、报告原话一律照录，不翻译、不润色。",
        "**Nothing is reworded.** Department and project names and the report's own words stay as published.",
    ),
    (
        "**重复载入不变。** 同一文件载入两次不会改变任何数据；同一部门同一年度的更正版会整份替换旧版。",
        "**Loading twice changes nothing.** A corrected version of the same department and year replaces the old one.",
    ),
]


SEVERITY_ORDER = {severity: i for i, severity in enumerate(SEVERITY)}  # errors, then warnings, then notes


def plural(n: int, severity: str) -> str:
    word = label(SEVERITY, severity).lower()
    return word if n == 1 else f"{word}s"


LABEL_COLUMNS = ("name", "item", "project_name", "label", "term", "check", "department")
PERCENT_COLUMNS = datapackage.RATIO_COLUMNS | {"value"}  # fractions; narrative_facts.value holds some
SKIP_COLUMNS = {"source_line", "source_page", "year", "indicator_no", "line_no", "level2_inferred"}


def find_figure(report_id: str, text: str, source_unit: str) -> pd.DataFrame:
    """Every row of the report's tables holding the figure (or the words) `text`, with where it came from.

    A figure matches as the pages show it or the report (written in `source_unit`) prints it: see `read_typed`.
    """
    readings = read_typed(text, source_unit)
    found = []
    for table in TABLES:
        if table == "flags":  # our measurements of the report's figures, not figures it printed
            continue
        rows = queries.table_rows(table, report_id)
        if rows.empty or "source_line" not in rows:
            continue
        for column in rows.columns:
            if column in SKIP_COLUMNS or column == "report_id":
                continue
            values = rows[column]
            if readings and pd.api.types.is_float_dtype(values):
                near = pd.Series(False, index=rows.index)
                for reading in readings:
                    if column in PERCENT_COLUMNS or not reading.rate:
                        near |= reading.matches(values)
                hits = rows[near]
            elif not readings and pd.api.types.is_string_dtype(values):
                hits = rows[values.fillna("").str.contains(text, regex=False)]
            else:
                continue
            for _, hit in hits.iterrows():
                name = next((hit[c] for c in LABEL_COLUMNS if c in hit and isinstance(hit[c], str)), "")
                found.append(
                    {
                        tr("数据表", "Table"): table,
                        tr("列", "Column"): column,
                        tr("数值", "Value"): hit[column],
                        tr("项目", "Row"): name,
                        tr("出处", "Where"): place(
                            hit["source_table"], hit["source_line"], hit.get("source_page"), hit.get("source_cell")
                        ),
                    }
                )
    return pd.DataFrame(found).astype({tr("数值", "Value"): "str"}) if found else pd.DataFrame(found)


sel = current()
heading(
    tr("数据与来源", "Data & sources"),
    sel,
    tr(
        "报告自身有哪些前后不一致、每个数字出自哪个文件的哪一行、数字是怎样读出来的，以及全部数据的下载。",
        "Where the report contradicts itself, which file and line every figure came from, how the figures were "
        "read, and all the data to download.",
    ),
)

# --- (a) quality findings -------------------------------------------------------------

st.subheader(tr("报告自身的问题", "What the report gets wrong"))
companions = queries.companions(sel.report_id)
# a partial page's findings (where it and this report disagree, above all) are this report's too
checks = pd.concat(
    [queries.table_rows("quality_checks", r) for r in [sel.report_id, *companions["report_id"]]], ignore_index=True
).sort_values(
    ["severity", "source_line"], key=lambda c: c.map(SEVERITY_ORDER) if c.name == "severity" else c, na_position="last"
)
if "message_en" not in checks:  # a store loaded before findings had English
    checks["message_en"] = None
checks["text"] = [tr_stored(zh, en) for zh, en in zip(checks["message"], checks["message_en"], strict=True)]
counts = checks["severity"].value_counts()
n_error, n_warning, n_info = (int(counts.get(s, 0)) for s in ("error", "warning", "info"))
st.markdown(
    tr(
        f"我们逐项核对了这份报告，共有 **{len(checks)}** 条结果：**{n_error}** 条{label(SEVERITY, 'error')}、"
        f"**{n_warning}** 条{label(SEVERITY, 'warning')}、{n_info} 条{label(SEVERITY, 'info')}。",
        f"We checked this report item by item: **{len(checks)}** findings — **{n_error}** "
        f"{plural(n_error, 'error')}, **{n_warning}** {plural(n_warning, 'warning')}, "
        f"{n_info} {plural(n_info, 'info')}.",
    )
)
report_row = queries.report(sel.report_id) or {}
read, stored, flagged = (
    0 if missing(report_row.get(k)) else int(report_row[k])
    for k in ("numeric_cells", "numeric_stored", "numeric_flagged")
)
if read:
    whole = stored + flagged == read
    st.markdown(
        tr(
            f"表格中共读取 **{read:,}** 个数字，{'全部入库或已标注' if whole else '有的既未入库也未标注'}"
            f"（入库 {stored:,} 个，在下列问题中标注 {flagged:,} 个）。",
            f"The tables hold **{read:,}** figures, {'every one stored or flagged' if whole else 'not all stored or flagged'}"
            f" ({stored:,} stored, {flagged:,} named in the findings below).",
        )
    )
st.caption(
    tr(
        "错误：数字对不上（超出四舍五入的尾数误差），或读不出的数字已留空。提示：报告的说法有问题，值得注意，"
        "数字已按报告本意记录。说明：尾数误差、空表等，仅供参考。",
        "Error: figures that do not add up (beyond rounding), or a number that could not be read and was left "
        "empty. Warning: something in the report is off and worth knowing; the figure is recorded as the "
        "report meant it. Note: rounding differences, empty tables — for reference.",
    )
)

serious = checks[checks["severity"].isin(["error", "warning"])]
for row in serious.itertuples(index=False):
    with st.container(border=True):
        st.markdown(f"**{label(SEVERITY, row.severity)} · {md(check_name(row.check))}**  \n{md(row.text)}")
        if not missing(row.source_table) or not missing(row.source_line):
            st.caption(
                tr("出处：", "Where: ")
                + place(row.source_table, row.source_line, row.source_page, getattr(row, "source_cell", None))
            )
if not serious.empty and sel.lang == "en":
    st.caption("Names and the report's own words are quoted as published.")

quality = pd.DataFrame(
    {
        tr("级别", "Severity"): [label(SEVERITY, s) for s in checks["severity"]],
        tr("检查项", "Check"): [check_name(c) for c in checks["check"]],
        tr("详情", "Finding"): checks["text"],
        tr("按其他数字应为", "Expected"): checks["expected"],
        tr("报告所写", "Report says"): checks["actual"],
        tr("报告表", "Report table"): checks["source_table"],
        **source_column(checks),
        tr("检查代码", "Check code"): checks["check"],
    }
)
st.dataframe(
    quality,
    hide_index=True,
    column_config={
        tr("详情", "Finding"): st.column_config.TextColumn(width="large"),
        tr("源文件行号", "Source line"): st.column_config.NumberColumn(format="%d"),
    },
    key="data-quality-table",
    placeholder="—",
)
downloads(quality, tr(f"数据质量_{sel.department}_{sel.year}", f"data_quality_{sel.year}"), key="data-quality")

with st.expander(tr("我们检查什么", "What we check"), icon=":material/fact_check:"):
    for group, (title, title_en) in GROUPS.items():
        st.markdown(f"**{tr(title, title_en)}**")
        st.markdown(
            "\n".join(
                f"- **{tr(c.name, c.name_en)}**{tr('：', ': ')}{tr(c.compares, c.compares_en)}"
                for c in CATALOGUE.values()
                if c.group == group
            )
        )
    st.caption(
        tr(
            "差额不超过四舍五入的尾数误差（每个相加项 0.005 万元）记为“说明”，超过则记为“错误”。",
            "A difference within rounding (0.005 万元 per term added) is a note; anything larger is an error.",
        )
    )

# --- (b) source files ----------------------------------------------------------------

st.subheader(tr("源文件", "Source files"))
source = queries.report(sel.report_id) or {}
st.markdown(
    tr(
        f"本页所选报告读自文件 **{md(source.get('source_file'))}**（以{md(source.get('unit_in_source'))}编制），"
        f"载入时间 {utc(source.get('loaded_at'))}。文件的 SHA-256 指纹：",
        f"The selected report was read from **{md(source.get('source_file'))}** (written in "
        f"{md(source.get('unit_in_source'))}), loaded {utc(source.get('loaded_at'))}. Its SHA-256 fingerprint:",
    )
)
st.code(source.get("source_sha256", ""), language=None, wrap_lines=True)
for page in companions.itertuples():
    st.markdown(
        tr(
            f"同部门同年度另行公开的 **{md(page.source_file)}** 也已载入，报告缺少的部分从中读取"
            f"（它含有：{md(parts_named(page.parts))}）。SHA-256：",
            f"**{md(page.source_file)}**, published apart for the same department and year, is loaded too; "
            f"parts this report lacks are read from it (it holds: {md(parts_named(page.parts))}). SHA-256:",
        )
    )
    st.code(page.source_sha256, language=None, wrap_lines=True)
st.markdown(tr("引用时可以写：", "To cite it:"))
st.code(
    tr(
        f"{sel.department}《{sel.year} 年度部门决算》，文件 {source.get('source_file')}，"
        f"SHA-256 {source.get('source_sha256')}；OpenJuesuan 整理。",
        f"{sel.department}, {sel.year} final accounts (部门决算), file {source.get('source_file')}, "
        f"SHA-256 {source.get('source_sha256')}; compiled by OpenJuesuan.",
    ),
    language=None,
    wrap_lines=True,
)
st.caption(
    tr(
        "核对指纹：在命令行运行 `sha256sum 文件名`（Windows：`certutil -hashfile 文件名 SHA256`）。"
        "每张数据表都有 source_table（报告中的表名）和 source_line（源文件的行号）两列，"
        "任何数字都能找回原文所在的行。",
        "To verify: `sha256sum FILE` (Windows: `certutil -hashfile FILE SHA256`). Every data table has the "
        "columns source_table (the report's table) and source_line (the line of the source file), so any "
        "figure leads back to its line.",
    )
)

st.markdown(
    tr(
        "**查找一个数字的出处。** 照报告或看板上的写法输入任意数字（如 42,590.81、约 4.26 亿元 或 98.78%）"
        "或文字（如 住房公积金），列出它出现在哪张表、哪一行。",
        "**Find where a figure came from.** Type any figure as the report or this dashboard writes it (e.g. "
        "42,590.81, 4.26 亿元 or 98.78%) or words (e.g. 住房公积金) to list every table and line it appears in.",
    )
)
query = st.text_input(tr("数字或文字", "Figure or words"), key="data-find", max_chars=60, placeholder="42,590.81")
if query.strip():
    hits = find_figure(sel.report_id, query.strip(), source.get("unit_in_source") or "万元")
    if hits.empty:
        st.info(
            tr(
                "这份报告的数据中没有找到它。数字可以照看板或报告原文的写法输入，如 42,590.81、约 4.26 亿元、99.3%。",
                "Not found in this report's data. Type a figure as the dashboard or the report writes it, e.g. "
                "42,590.81, ≈ 425.9 million yuan or 99.3%.",
            ),
            icon=":material/search_off:",
        )
    else:
        st.dataframe(
            hits,
            hide_index=True,
            key="data-find-table",
            column_config={tr("源文件行号", "Source line"): st.column_config.NumberColumn(format="%d")},
            placeholder="—",
        )

files = queries.reports()
st.markdown(tr(f"数据集中共有 **{len(files)}** 份报告：", f"The dataset holds **{len(files)}** report(s):"))
st.dataframe(
    pd.DataFrame(
        {
            tr("部门", "Department"): files["department"],
            tr("年度", "Year"): files["year"],
            tr("源文件", "Source file"): files["source_file"],
            "SHA-256": files["source_sha256"],
            tr("原报告单位", "Unit in source"): files["unit_in_source"],
            tr("载入时间（UTC）", "Loaded (UTC)"): files["loaded_at"].map(utc),
        }
    ),
    hide_index=True,
    column_config={tr("年度", "Year"): st.column_config.NumberColumn(format="%d")},
    key="data-sources-table",
    placeholder="—",
)

# --- (c) methodology -----------------------------------------------------------------

st.subheader(tr("数字是怎样读出来的", "How the figures are read"))
st.markdown("\n".join(f"- {tr(zh, en)}" for zh, en in METHOD))

# --- (d) every table -----------------------------------------------------------------

st.subheader(tr("下载数据表", "Download a table"))
# Labels made now, in this run's language: the widget may format its value again outside the run.
table_labels = {t: f"{tr(*datapackage.TABLE_TITLES.get(t, (t, t)))} · {t}" for t in TABLES}
table = st.selectbox(
    tr("数据表", "Table"),
    list(TABLES),
    index=list(TABLES).index("spending_by_function"),
    format_func=table_labels.__getitem__,
    key="data-table-choice",
)
rows = queries.table_rows(table, sel.report_id)
st.caption(
    tr(
        f"{md(sel.department)} {sel.year} 年度的 {len(rows)} 行。金额单位万元；比率为小数（0.9878 = 98.78%）；"
        "列名与公开的数据说明一致，方便程序读取。",
        f"{len(rows)} rows for {md(sel.department)}, {sel.year}. Money in 万元 (10,000 yuan); rates as fractions "
        "(0.9878 = 98.78 %); column names as in the published data contract.",
    )
)
st.dataframe(rows, hide_index=True, key="data-table-rows", placeholder="—")
downloads(rows, f"{table}_{sel.year}_{sel.report_id}", key="data-table")

# --- (e) the whole store -----------------------------------------------------------

st.subheader(tr("整个数据集", "The whole dataset"))
st.markdown(
    tr(
        "所有已载入的报告、所有表。**Parquet** 适合 DuckDB、pandas、R 等直接查询（按年度分区）；"
        "**财政数据包**（Fiscal Data Package）是 CSV 加一份 datapackage.json，"
        "说明每列的类型、金额单位（万元，即 factor 10000，币种 CNY）以及支出功能分类、经济分类的层级，"
        "可用 Frictionless 等工具读取。",
        "Every loaded report, every table. **Parquet** for querying directly with DuckDB, pandas or R (partitioned by "
        "year); the **Fiscal Data Package** is CSV files plus a datapackage.json giving each column's type, the money "
        "unit (万元: factor 10000, currency CNY) and the functional and economic classification hierarchies, readable "
        "with Frictionless tools.",
    )
)
version = (queries.store_version() or "store")[:8]


def whole_store(build) -> bytes:
    # Built on the click, which may come long after this run, when the version it read may be gone.
    return build(queries.latest_snapshot())


zips = (
    (tr("下载 Parquet（zip）", "Download Parquet (zip)"), datapackage.parquet_zip, "parquet"),
    (tr("下载财政数据包（zip）", "Download Fiscal Data Package (zip)"), datapackage.package_zip, "fiscal-data-package"),
)
for column, (text, build, name) in zip(st.columns(2), zips, strict=True):
    # Built only when clicked: zipping the whole store takes a moment.
    file_name = f"openjuesuan-{name}-{version}.zip"
    download(column, text, partial(whole_store, build), file_name, f"data-{name}-zip", icon=":material/folder_zip:")
