"""数据与来源 in sentences and tables: the report's findings counted and told, what is checked, which file the
report was read from and how to cite it, where a typed figure stands in the store, and how figures are read.

The findings and the checks' names are the ETL's (etl.checks): this module words them, it finds nothing."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import datapackage
from dashboard.columns import Col
from dashboard.fmt import figure_words, md, missing, place, read_typed, unit_name, utc
from dashboard.i18n import SEVERITY, TRANSLATED_BY, check_name, label, named, tr, tr_stored
from dashboard.layout import parts_named
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
        "**Money in 10k yuan (units of 10,000 yuan).** A report written in yuan or 1,000 yuan is converted on load. Amounts are exact "
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
        "**A unit slip is corrected only when the report proves it.** “支出决算为 11.33 元” is read as 11.33 10k yuan only "
        "because the same sentence's initial budget (9.55 10k yuan) and rate (118.64 %) fit that reading alone — and it "
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
        "**模板的固定名称在英文界面中有译名。** 功能分类、经济分类科目，绩效指标的一级、二级名称，报告表名，"
        "按年度和科目编码从 OpenJuesuan 的词表（etl/glossary.csv）译出；这些名称没有官方英文。"
        "词表里没有的编码显示编码和原文名称，不作猜测。",
        "**The template's fixed names are translated in English.** Functional and economic subjects, indicator "
        "levels and the report's table names come from OpenJuesuan's glossary (etl/glossary.csv), by year and "
        f"code: {TRANSLATED_BY} A code the glossary lacks shows as its code and the published name, untranslated.",
    ),
    (
        "**重复载入不变。** 同一文件载入两次不会改变任何数据；同一部门同一年度的更正版会整份替换旧版。",
        "**Loading twice changes nothing.** A corrected version of the same department and year replaces the old one.",
    ),
]

SEVERITY_ORDER = {severity: i for i, severity in enumerate(SEVERITY)}  # errors, then warnings, then notes
SERIOUS = ("error", "warning")  # each told in a card of its own

# What "find a figure" searches: every table of figures the report printed; flags are our measurements of them.
SEARCHED = tuple(table for table in TABLES if table != "flags")
LABEL_COLUMNS = ("name", "item", "project_name", "label", "term", "check", "department")
PERCENT_COLUMNS = datapackage.RATIO_COLUMNS | {"value"}  # fractions; narrative_facts.value holds some
SKIP_COLUMNS = {"report_id", "source_line", "source_page", "year", "indicator_no", "line_no", "level2_inferred"}


def lead() -> str:
    """What the page answers, under its title."""
    return tr(
        "报告自身有哪些前后不一致、每个数字出自哪个文件的哪一行、数字是怎样读出来的，以及全部数据的下载。",
        "Where the report contradicts itself, which file and line every figure came from, how the figures were "
        "read, and all the data to download.",
    )


# --- the report's findings ------------------------------------------------------------------------------------------


def findings(stored: list[pd.DataFrame]) -> pd.DataFrame:
    """The findings of a report and of its companion pages (theirs are the report's too: where a page and the
    report disagree, above all), errors first, then by line, each with its `text` in the reader's language."""
    checks = pd.concat(stored, ignore_index=True)
    checks = checks.sort_values(
        ["severity", "source_line"],
        key=lambda c: c.map(SEVERITY_ORDER) if c.name == "severity" else c,
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    if "message_en" not in checks:  # a store loaded before findings had English
        checks["message_en"] = None
    return checks.assign(
        text=[tr_stored(zh, en) for zh, en in zip(checks["message"], checks["message_en"], strict=True)]
    )


def _plural(n: int, severity: str) -> str:
    word = label(SEVERITY, severity).lower()
    return word if n == 1 else f"{word}s"


def counted(checks: pd.DataFrame) -> str:
    """How many findings there are of each severity."""
    counts = checks["severity"].value_counts()
    n_error, n_warning, n_info = (int(counts.get(s, 0)) for s in SEVERITY)
    return tr(
        f"我们逐项核对了这份报告，共有 **{len(checks)}** 条结果：**{n_error}** 条{label(SEVERITY, 'error')}、"
        f"**{n_warning}** 条{label(SEVERITY, 'warning')}、{n_info} 条{label(SEVERITY, 'info')}。",
        f"We checked this report item by item: **{len(checks)}** finding{'' if len(checks) == 1 else 's'} — **{n_error}** "
        f"{_plural(n_error, 'error')}, **{n_warning}** {_plural(n_warning, 'warning')}, "
        f"{n_info} {_plural(n_info, 'info')}.",
    )


def figures_read(report: dict) -> str:
    """How many figures the tables hold, and whether each was stored or named in a finding (queries.report's
    counts); "" when none were counted."""
    read, stored, flagged = (
        0 if missing(report.get(k)) else int(report[k]) for k in ("numeric_cells", "numeric_stored", "numeric_flagged")
    )
    if not read:
        return ""
    whole = stored + flagged == read
    return tr(
        f"表格中共读取 **{read:,}** 个数字，{'全部入库或已标注' if whole else '有的既未入库也未标注'}"
        f"（入库 {stored:,} 个，在下列问题中标注 {flagged:,} 个）。",
        f"The tables hold **{read:,}** figures, {'every one stored or flagged' if whole else 'not all stored or flagged'}"
        f" ({stored:,} stored, {flagged:,} named in the findings below).",
    )


def severities() -> str:
    """What each severity means."""
    return tr(
        "错误：数字对不上（超出四舍五入的尾数误差），或读不出的数字已留空。提示：报告的说法有问题，值得注意，"
        "数字已按报告本意记录。说明：尾数误差、空表等，仅供参考。",
        "Error: figures that do not add up (beyond rounding), or a number that could not be read and was left "
        "empty. Warning: something in the report is off and worth knowing; the figure is recorded as the "
        "report meant it. Note: rounding differences, empty tables — for reference.",
    )


def serious(checks: pd.DataFrame) -> pd.DataFrame:
    """The errors and warnings, each told in a card of its own."""
    return checks[checks["severity"].isin(SERIOUS)]


def card(row) -> tuple[str, str]:
    """A finding's card: its severity, check and text; and where it stands ("" when nowhere in particular)."""
    told = f"**{label(SEVERITY, row.severity)} · {md(check_name(row.check))}**  \n{md(row.text)}"
    if missing(row.source_table) and missing(row.source_line):
        return told, ""
    return told, tr("出处：", "Where: ") + place(
        row.source_table, row.source_line, row.source_page, getattr(row, "source_cell", None)
    )


def finding_cols(checks: pd.DataFrame) -> list[Col]:
    """Every finding as a table row: its severity, check and text, what the figures give and what the report
    says, and its check's code."""
    return [
        Col("级别", "Severity", [label(SEVERITY, s) for s in checks["severity"]]),
        Col("检查项", "Check", [check_name(c) for c in checks["check"]]),
        Col("详情", "Finding", checks["text"], width="large"),
        Col("按其他数字应为", "Expected", checks["expected"].map(figure_words)),
        Col("报告所写", "Report says", checks["actual"].map(figure_words)),
        Col("检查代码", "Check code", checks["check"]),
    ]


def catalogue() -> list[tuple[str, str]]:
    """What is checked, group by group (etl.checks): each group's title and the list of its checks."""
    return [
        (
            f"**{tr(title, title_en)}**",
            "\n".join(
                f"- **{tr(c.name, c.name_en)}**{tr('：', ': ')}{tr(c.compares, c.compares_en)}"
                for c in CATALOGUE.values()
                if c.group == group
            ),
        )
        for group, (title, title_en) in GROUPS.items()
    ]


def rounding() -> str:
    return tr(
        "差额不超过四舍五入的尾数误差（每个相加项 0.005 万元）记为“说明”，超过则记为“错误”。",
        "A difference within rounding (0.005 10k yuan, i.e. 50 yuan, per term added) is a note; anything larger is an error.",
    )


# --- source files ---------------------------------------------------------------------------------------------------


def read_from(source: dict) -> str:
    """Which file the report was read from, in which unit, when; its fingerprint follows."""
    return tr(
        f"本页所选报告读自文件 **{md(source.get('source_file'))}**（以{md(source.get('unit_in_source'))}编制），"
        f"载入时间 {utc(source.get('loaded_at'))}。文件的 SHA-256 指纹：",
        f"The selected report was read from **{md(source.get('source_file'))}** (written in "
        f"{md(unit_name(source.get('unit_in_source')))}), loaded {utc(source.get('loaded_at'))}. Its SHA-256 fingerprint:",
    )


def companion(page) -> str:
    """A partial page of the same department and year (queries.companions), and what was read from it."""
    return tr(
        f"同部门同年度另行公开的 **{md(page.source_file)}** 也已载入，报告缺少的部分从中读取"
        f"（它含有：{md(parts_named(page.parts))}）。SHA-256：",
        f"**{md(page.source_file)}**, published apart for the same department and year, is loaded too; "
        f"parts this report lacks are read from it (it holds: {md(parts_named(page.parts))}). SHA-256:",
    )


def citation(department: str, year: int, source: dict) -> str:
    """How to cite the report: whose, which year, which file and its fingerprint."""
    return tr(
        f"{department}《{year} 年度部门决算》，文件 {source.get('source_file')}，"
        f"SHA-256 {source.get('source_sha256')}；OpenJuesuan 整理。",
        f"{department}, {year} final accounts (部门决算), file {source.get('source_file')}, "
        f"SHA-256 {source.get('source_sha256')}; compiled by OpenJuesuan.",
    )


def verify() -> str:
    """How to check a fingerprint, and how any figure leads back to its line."""
    return tr(
        "核对指纹：在命令行运行 `sha256sum 文件名`（Windows：`certutil -hashfile 文件名 SHA256`）。"
        "每张数据表都有 source_table（报告中的表名）和 source_line（源文件的行号）两列，"
        "任何数字都能找回原文所在的行。",
        "To verify: `sha256sum FILE` (Windows: `certutil -hashfile FILE SHA256`). Every data table has the "
        "columns source_table (the report's table) and source_line (the line of the source file), so any "
        "figure leads back to its line.",
    )


def files_held(reports: int, department_files: int) -> str:
    return tr(
        f"数据集中共有 **{reports:,}** 份报告；本部门各年度载入的文件共 **{department_files}** 个（全部报告见下方“整个数据集”）：",
        f"The dataset holds **{reports:,}** report(s); this department's files, every year: **{department_files}** "
        "(every report: “The whole dataset” below):",
    )


def file_cols(files: pd.DataFrame) -> list[Col]:
    """The reports loaded (queries.department_files): whose, which year, which file, its fingerprint and unit,
    when."""
    return [
        Col("部门", "Department", files["department"]),
        Col("年度", "Year", files["year"], format="%d"),
        Col("源文件", "Source file", files["source_file"]),
        Col("源文件 SHA-256", "Source file SHA-256", files["source_sha256"]),
        Col("原报告单位", "Unit in source", files["unit_in_source"].map(unit_name)),
        Col("载入时间（UTC）", "Loaded (UTC)", files["loaded_at"].map(utc)),
    ]


# --- find a figure --------------------------------------------------------------------------------------------------


# Each searched column under the header the report prints over it (with an English gloss), by column and, where a
# column means something else in one table, by table and column; a column not named here shows its own name.
COLUMN_HEADERS: dict[str, tuple[str, str]] = {
    "code": ("科目编码", "Code"),
    "name": ("科目名称", "Subject"),
    "parent_code": ("上级科目编码", "Parent code"),
    "level": ("级次", "Level"),
    "total": ("合计", "Total"),
    "basic": ("基本支出", "Basic spending"),
    "project": ("项目支出", "Project spending"),
    "personnel": ("人员经费", "Personnel costs"),
    "public_costs": ("公用经费", "Running costs"),
    "paid_to_superior": ("上缴上级支出", "Paid to the superior"),
    "operating_spending": ("经营支出", "Operating spending"),
    "affiliate_subsidies": ("对附属单位补助支出", "Subsidies to affiliates"),
    "fiscal_appropriation": ("财政拨款收入", "Fiscal appropriation"),
    "business_income": ("事业收入", "Service income"),
    "other_income": ("其他收入", "Other income"),
    "superior_subsidy": ("上级补助收入", "Subsidy from the superior"),
    "operating_income": ("经营收入", "Operating income"),
    "affiliates_income": ("附属单位上缴收入", "Paid in by affiliates"),
    "side": ("收入 / 支出", "Income / spending"),
    "item": ("项目", "Item"),
    "fund": ("资金栏", "Fund column"),
    "amount": ("金额", "Amount"),
    "category": ("类别", "Category"),
    "initial_budget": ("年初预算数", "Initial budget"),
    "final": ("决算数", "Final"),
    "budget": ("预算数", "Budget"),
    "completion_rate": ("完成率（按金额重算）", "Completion rate (recomputed)"),
    "stated_completion_rate": ("完成率（报告所写）", "Completion rate (as stated)"),
    "stated_final_text": ("决算数（报告原文）", "Final (as written)"),
    "explanation": ("原因说明", "Explanation"),
    "project_id": ("项目编号", "Project no."),
    "project_name": ("项目名称", "Project"),
    "implementing_unit": ("实施单位", "Implementing unit"),
    "full_year_budget": ("全年预算数", "Full-year budget"),
    "executed": ("全年执行数", "Executed"),
    "execution_rate": ("执行率", "Execution rate"),
    "fiscal_executed": ("财政拨款执行数", "Fiscal appropriation executed"),
    "goal_text": ("年度总体目标", "Annual goal"),
    "outcome_text": ("实际完成情况", "Outcome"),
    "level1": ("一级指标", "Level 1"),
    "level2": ("二级指标", "Level 2"),
    "target_text": ("年度指标值", "Target"),
    "actual_text": ("实际完成值", "Actual"),
    "target_value": ("年度指标值（数值）", "Target (figure)"),
    "actual_value": ("实际完成值（数值）", "Actual (figure)"),
    "deviation_reason": ("偏差原因分析及改进措施", "Reason for deviation"),
    "goods": ("货物", "Goods"),
    "works": ("工程", "Works"),
    "services": ("服务", "Services"),
    "sme_amount": ("授予中小企业合同金额", "Awarded to SMEs"),
    "sme_share": ("中小企业份额（按金额重算）", "SME share (recomputed)"),
    "stated_sme_share": ("中小企业份额（报告所写）", "SME share (as stated)"),
    "small_micro_amount": ("授予小微企业合同金额", "Awarded to small and micro firms"),
    "small_micro_share_of_sme": ("小微企业份额（按金额重算）", "Small and micro share (recomputed)"),
    "stated_small_micro_share": ("小微企业份额（报告所写）", "Small and micro share (as stated)"),
    "label": ("所说的数", "Figure"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "text": ("原文", "The report's words"),
    "term": ("名词", "Term"),
    "definition": ("解释", "Definition"),
    "message": ("详情", "Finding"),
    "expected": ("按其他数字应为", "Expected"),
    "actual": ("报告所写", "Report says"),
    ("procurement", "total"): ("政府采购支出总额", "Total procurement"),
    ("perf_indicators", "name"): ("三级指标", "Indicator"),
    ("table_totals", "column"): ("栏目", "Column"),
    ("table_totals", "of_table"): ("所在表", "Table"),
}


def column_header(table: str, column: str) -> str:
    """ "合计", "Total (合计)" in English: how the report heads `column` of `table`; else the column's own name."""
    zh, en = COLUMN_HEADERS.get((table, column)) or COLUMN_HEADERS.get(column) or (column, column)
    return tr(zh, en if zh == en else f"{en} ({zh})")


def how_to_find() -> str:
    return tr(
        "照报告或看板上的写法输入任意数字（如 42,590.81、约 4.26 亿元 或 98.78%）"
        "或文字（如 住房公积金），列出它出现在哪张表、哪一栏、哪一行。",
        "Type any figure as the report or this dashboard writes it (e.g. 42,590.81, ≈ 425.9 million yuan or 98.78%) or words "
        "(e.g. 住房公积金) to list every table, column and line it appears in.",
    )


def _hits(rows: pd.DataFrame, column: str, text: str, readings: list) -> pd.DataFrame:
    """The rows whose `column` holds the figure `readings` stand for, or (no readings) the words `text`."""
    values = rows[column]
    if readings and pd.api.types.is_float_dtype(values):
        near = pd.Series(False, index=rows.index)
        for reading in readings:
            if column in PERCENT_COLUMNS or not reading.rate:
                near |= reading.matches(values)
        return rows[near]
    if not readings and pd.api.types.is_string_dtype(values):
        return rows[values.fillna("").str.contains(text, regex=False)]
    return rows.iloc[0:0]


def find_figure(tables: Mapping[str, pd.DataFrame], text: str, source_unit: str) -> pd.DataFrame:
    """Every row of a report's `tables` (SEARCHED, by name) holding the figure (or the words) `text`: its table,
    column, value (as text), the row's name and where it came from; the closest figure first ("约 4.26 亿元" is
    42,590.81 before it is 42,557.12), then in the order of the tables.

    A figure matches as the pages show it or the report (written in `source_unit`) prints it: see `read_typed`.
    """
    readings = read_typed(text, source_unit)
    found = []
    for table, rows in tables.items():
        if rows.empty or "source_line" not in rows:
            continue
        for column in rows.columns.difference(SKIP_COLUMNS, sort=False):
            for _, hit in _hits(rows, column, text, readings).iterrows():
                found.append(
                    {
                        "table": table,
                        "column": column,
                        "value": str(hit[column]),
                        "row": next((hit[c] for c in LABEL_COLUMNS if c in hit and isinstance(hit[c], str)), ""),
                        "where": place(
                            hit["source_table"], hit["source_line"], hit.get("source_page"), hit.get("source_cell")
                        ),
                        "off": min((abs(float(hit[column]) - r.value) for r in readings), default=0.0),
                    }
                )
    hits = pd.DataFrame(found, columns=["table", "column", "value", "row", "where", "off"])
    return hits.sort_values("off", kind="stable").drop(columns="off").reset_index(drop=True)


def hits_found(count: int, query: str) -> str:
    return tr(
        f"**查找结果**：“{md(query)}”出现在 **{count}** 处，与输入最接近的在前：",
        f"**Results**: “{md(query)}” is in **{count}** place{'' if count == 1 else 's'}, the closest first:",
    )


def hit_cols(hits: pd.DataFrame) -> list[Col]:
    """`find_figure`'s hits as a table: each table under its title and each column under the report's header, then
    both as the downloads name them."""
    return [
        Col("数据表", "Table", [tr(*datapackage.TABLE_TITLES.get(t, (t, t))) for t in hits["table"]], pinned=True),
        Col("栏目", "Column", [column_header(t, c) for t, c in zip(hits["table"], hits["column"], strict=True)]),
        Col("数值", "Value", hits["value"]),
        Col("项目", "Row", hits["row"]),
        Col("出处", "Where", hits["where"]),
        Col("数据中的表和列", "Table and column in the data", hits["table"] + "." + hits["column"]),
    ]


def not_found() -> str:
    return tr(
        "这份报告的数据中没有找到它。数字可以照看板或报告原文的写法输入，如 42,590.81、约 4.26 亿元、99.3%。",
        "Not found in this report's data. Type a figure as the dashboard or the report writes it, e.g. "
        "42,590.81, ≈ 425.9 million yuan or 99.3%.",
    )


# --- how the figures are read, and every table --------------------------------------------------------------------


def method() -> str:
    """How the figures are read, a bullet each."""
    return "\n".join(f"- {tr(zh, en)}" for zh, en in METHOD)


def table_labels() -> dict[str, str]:
    """Each store table's title and name, "支出决算表（按功能分类） · spending_by_function", in this run's language."""
    return {t: f"{tr(*datapackage.TABLE_TITLES.get(t, (t, t)))} · {t}" for t in TABLES}


def rows_note(department: str, year: int, count: int) -> str:
    """What a store table's rows are, in which units, under which names."""
    return tr(
        f"{md(department)} {year} 年度的 {count} 行。金额单位万元；比率为小数（0.9878 = 98.78%）；"
        "列名与公开的数据说明一致，方便程序读取。",
        f"{count} rows for {md(department)}, {year}. Money in 10k yuan (units of 10,000 yuan); rates as fractions "
        "(0.9878 = 98.78 %); column names as in the published data contract.",
    )


# The store tables whose names are the template's (etl.glossary), by the kind of name and its column of codes.
TEMPLATE_NAMES = {
    **dict.fromkeys(
        ("spending_by_function", "income_by_function", "gpb_spending_by_function", "budget_vs_final"),
        (("function", "name", "code"),),
    ),
    "basic_spending_by_economic": (("economic", "name", "code"),),
    "perf_indicators": (("level", "level1", None), ("level", "level2", None)),
}


def as_stored(rows: pd.DataFrame, table: str = "", year: int | None = None) -> list[Col]:
    """A store table's rows as the store holds them: every column under its name in the data contract; in
    English, after a column of the template's names, their English (`name_en`: the glossary's, or the code and the
    published name for a code it lacks)."""
    english = {}
    for kind, column, code in TEMPLATE_NAMES.get(table, ()):
        if tr("zh", "en") == "en" and column in rows:
            english[column] = named(rows, kind, year, column, code)[column]
    cols = []
    for column in rows.columns:
        cols.append(Col(column, column, rows[column]))
        if column in english:
            cols.append(Col(f"{column}_en", f"{column}_en", english[column]))
    return cols


def whole_store() -> str:
    """What the whole store's downloads hold, and what reads them."""
    return tr(
        "所有已载入的报告、所有表。**Parquet** 适合 DuckDB、pandas、R 等直接查询（按年度分区）；"
        "**财政数据包**（Fiscal Data Package）是 CSV 加一份 datapackage.json，"
        "说明每列的类型、金额单位（万元，即 factor 10000，币种 CNY）以及支出功能分类、经济分类的层级，"
        "可用 Frictionless 等工具读取。",
        "Every loaded report, every table. **Parquet** for querying directly with DuckDB, pandas or R (partitioned by "
        "year); the **Fiscal Data Package** is CSV files plus a datapackage.json giving each column's type, the money "
        "unit (10k yuan: factor 10000, currency CNY) and the functional and economic classification hierarchies, readable "
        "with Frictionless tools.",
    )
