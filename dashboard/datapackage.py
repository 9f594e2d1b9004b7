"""The whole store for reuse: the parquet dataset as a zip, and a Fiscal Data Package.

A Fiscal Data Package (Frictionless Data, profile "fiscal-data-package") is a
`datapackage.json` that describes CSV files: one resource per store table,
with its fields and types, and a `model` that maps the columns onto fiscal
concepts — the money measures (CNY, factor 10000 because the store counts in
万元), the functional classification (类/款/项 codes with their parent), the
economic classification (codes, 人员经费/公用经费) and the reports (department,
year). Journalists load it with any Frictionless tool, or open the CSVs.

Nothing here uses Streamlit or SQL: the store is read from its parquet files
with pyarrow, and every function returns plain data, so it is tested alone.
Money is written exactly as stored (DECIMAL, never float): "42590.81".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from etl.load import MANIFEST
from etl.model import TABLES
from etl.schema import arrow_schema, columns

PROFILE = "fiscal-data-package"
CURRENCY = "CNY"
FACTOR = 10000  # the store counts money in 万元
YEAR = "year"  # the hive partition column every parquet table carries

# (Chinese title, English title) of each store table, for the package and the download picker.
TABLE_TITLES: dict[str, tuple[str, str]] = {
    "reports": ("已载入的报告", "Loaded reports"),
    "spending_by_function": ("支出决算表（公开03表）", "Spending by function (table 03)"),
    "income_by_function": ("收入决算表（公开02表）", "Income by function (table 02)"),
    "gpb_spending_by_function": (
        "一般公共预算财政拨款支出决算表（公开05表）",
        "General-budget appropriation spending (table 05)",
    ),
    "summary_lines": ("收入支出决算总表（公开01表）", "Income and spending summary (table 01)"),
    "fiscal_summary_lines": (
        "财政拨款收入支出决算总表（公开04表，每个资金栏一行）",
        "Fiscal-appropriation summary (table 04, a row per fund column)",
    ),
    "basic_spending_by_economic": ("基本支出决算明细表（公开06表）", "Basic spending by economic class (table 06)"),
    "budget_vs_final": ("年初预算与决算（情况说明）", "Initial budget vs final (narrative)"),
    "three_public_costs": ("“三公”经费", "The “three public costs”"),
    "perf_projects": ("项目绩效自评：项目", "Performance self-evaluation: projects"),
    "perf_indicators": ("项目绩效自评：指标", "Performance self-evaluation: indicators"),
    "procurement": ("政府采购（情况说明）", "Government procurement (narrative)"),
    "narrative_facts": ("情况说明中的其他数字", "Other figures stated in the narrative"),
    "glossary": ("名词解释", "Glossary"),
    "table_totals": ("各表合计行", "Total lines of the tables"),
    "quality_checks": ("数据质量检查结果", "Data-quality findings"),
    "flags": ("值得关注的数字（每条规则、每一项的测量）", "Flags: each rule's measurement of each item"),
}

# DECIMAL columns that are not money: fractions (0.9878 = 98.78 %) or figures in their own unit.
RATIO_COLUMNS = {
    "completion_rate",
    "stated_completion_rate",
    "execution_rate",
    "sme_share",
    "stated_sme_share",
    "small_micro_share_of_sme",
    "stated_small_micro_share",
}
OWN_UNIT_COLUMNS = {"target_value", "actual_value", "value", "threshold"}  # unit given in the row's `unit` column

_FIELD_TYPES = {
    str: "string",
    int: "integer",
    bool: "boolean",
    Decimal: "number",
    dt.date: "date",
    dt.datetime: "datetime",
}
_DESCRIPTIONS = {
    "report_id": "报告编号，关联 reports 表 / report id, links to the reports table",
    "year": "决算年度 / fiscal year",
    "source_table": "数字所在的报告表名 / the report table the figure was read from",
    "source_line": "数字所在源文件的行号（PDF 为其文字层的行）/ line of the source file (of a PDF: of its text layer)",
    "source_page": "数字所在 PDF 的页码 / page of the PDF the figure was printed on",
    "source_cell": "数字所在工作表和单元格（公开03表!A12）/ sheet and cell of the workbook (公开03表!A12)",
    "source_sha256": "源文件的 SHA-256 / SHA-256 of the source file",
    "code": "科目编码 / classification code",
    "parent_code": "上级科目编码 / parent code",
    "level": "科目级次：类（3 位）、款（5 位）、项（7 位）/ level: class, section, item",
    "category": "人员经费或公用经费 / personnel or running costs",
}


# --- reading the store ----------------------------------------------------------


def _field_names(table: str) -> list[str]:
    names = [name for name, _ in columns(table)]
    return names if YEAR in names else [*names, YEAR]


def _empty(table: str) -> pa.Table:
    schema = arrow_schema(table)
    if YEAR not in schema.names:
        schema = schema.append(pa.field(YEAR, pa.int32()))
    return schema.empty_table()


def read_store(root: str | Path) -> dict[str, pa.Table]:
    """Every store table from the parquet dataset at `root`, with its `year`, columns in contract order."""
    root = Path(root)
    partitioning = ds.partitioning(pa.schema([(YEAR, pa.int32())]), flavor="hive")
    out: dict[str, pa.Table] = {}
    for table in TABLES:
        files = sorted(str(p) for p in (root / table).glob("year=*/*.parquet") if p.is_file())
        if not files:
            out[table] = _empty(table)
            continue
        data = ds.dataset(
            files, format="parquet", partitioning=partitioning, partition_base_dir=str(root / table)
        ).to_table()
        names = [n for n in _field_names(table) if n in data.column_names]
        out[table] = data.select(names)
    return out


def manifest(root: str | Path) -> dict:
    try:
        return json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# --- the descriptor -----------------------------------------------------------------


def _field(name: str, kind: type) -> dict:
    field: dict = {"name": name, "type": _FIELD_TYPES[kind]}
    if kind is Decimal:
        if name in RATIO_COLUMNS:
            field["description"] = "比率，以小数表示（0.9878 = 98.78%）/ a fraction (0.9878 = 98.78 %)"
        elif name in OWN_UNIT_COLUMNS:
            field["description"] = "数值，单位见本行 unit 列 / a figure in the unit given by the row's unit column"
        else:
            field["description"] = "金额，万元 / amount in 10k yuan (units of 10,000 yuan)"
            field["unit"] = "万元"
    elif name in _DESCRIPTIONS:
        field["description"] = _DESCRIPTIONS[name]
    return field


def _schema(table: str) -> dict:
    kinds = dict(columns(table))
    kinds.setdefault(YEAR, int)
    schema: dict = {"fields": [_field(name, kinds[name]) for name in _field_names(table)], "missingValues": [""]}
    if table == "reports":
        schema["primaryKey"] = ["report_id"]
    else:
        schema["foreignKeys"] = [{"fields": "report_id", "reference": {"resource": "reports", "fields": "report_id"}}]
    return schema


def resource_path(table: str) -> str:
    return f"data/{table}.csv"


def _measure(resource: str, source: str, title: str, phase: str = "executed") -> dict:
    return {
        "source": source,
        "resource": resource,
        "title": title,
        "currency": CURRENCY,
        "factor": FACTOR,
        "direction": "expenditure",
        "phase": phase,
    }


def _classification(kind: str, code_list: str, resource: str, grouping: str) -> dict:
    """A classification (类 → 款 → 项, each code naming its parent) as a dimension, with one grouping column."""
    return {
        "dimensionType": "classification",
        "classificationType": kind,
        "codeList": code_list,
        "primaryKey": ["code"],
        "attributes": {
            "code": {"source": "code", "resource": resource, "parent": "parent_code"},
            "parent_code": {"source": "parent_code", "resource": resource},
            "name": {"source": "name", "resource": resource, "labelfor": "code"},
            grouping: {"source": grouping, "resource": resource},
        },
    }


def _model() -> dict:
    spending, economic = "spending_by_function", "basic_spending_by_economic"
    return {
        "measures": {
            "amount": _measure(spending, "total", "本年支出合计（支出决算表）/ total spending"),
            "basic": _measure(spending, "basic", "基本支出 / basic spending"),
            "project": _measure(spending, "project", "项目支出 / project spending"),
            "economic_amount": _measure(economic, "amount", "基本支出按经济分类 / basic spending by economic class"),
            "initial_budget": _measure(
                "budget_vs_final", "initial_budget", "年初预算数 / initial budget", phase="approved"
            ),
            "final": _measure("budget_vs_final", "final", "决算数 / final"),
        },
        "dimensions": {
            "functional_classification": _classification(
                "functional", "政府收支分类科目·支出功能分类（类 3 位、款 5 位、项 7 位）", spending, "level"
            ),
            "economic_classification": _classification(
                "economic", "政府收支分类科目·部门预算支出经济分类（类 3 位、款 5 位）", economic, "category"
            ),
            "administrator": {
                "dimensionType": "entity",
                "primaryKey": ["department"],
                "attributes": {"department": {"source": "department", "resource": "reports"}},
            },
            "fiscal_year": {
                "dimensionType": "datetime",
                "primaryKey": ["year"],
                "attributes": {"year": {"source": "year", "resource": "reports"}},
            },
            "report": {
                "dimensionType": "fact",
                "primaryKey": ["report_id"],
                "attributes": {
                    "report_id": {"source": "report_id", "resource": "reports"},
                    "source_file": {"source": "source_file", "resource": "reports"},
                    "source_sha256": {"source": "source_sha256", "resource": "reports"},
                },
            },
        },
    }


def datapackage(tables: dict[str, pa.Table], version: str | None = None) -> dict:
    """The `datapackage.json` descriptor for `tables` (as read by `read_store`)."""
    reports = tables["reports"].to_pylist() if "reports" in tables else []
    years = sorted({int(r[YEAR]) for r in reports if r.get(YEAR) is not None})
    descriptor: dict = {
        "profile": PROFILE,
        "name": "openjuesuan",
        "title": "OpenJuesuan 部门决算公开数据 / Chinese department final accounts",
        "description": (
            "各部门公开的部门决算报告，由 OpenJuesuan 逐表逐行整理。金额单位万元（乘以 10000 为元），"
            "比率为小数；每行的 source_table、source_line 指出原报告表名和源文件行号。"
            " / Department final accounts as published, converted table by table. Money in 10k yuan "
            "(× 10,000 = yuan); rates as fractions; source_table and source_line give each row's origin."
        ),
        "countryCode": "CN",
        "granularity": "aggregated",
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": table,
                "title": TABLE_TITLES.get(table, (table, table))[0],
                "description": TABLE_TITLES.get(table, (table, table))[1],
                "path": resource_path(table),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(table),
            }
            for table in TABLES
            if table in tables
        ],
        "model": _model(),
        "sources": [
            {
                "title": f"{r['department']} {r[YEAR]} 年度部门决算",
                "path": r["source_file"],
                "sha256": r["source_sha256"],
            }
            for r in reports
        ],
    }
    if years:
        descriptor["fiscalPeriod"] = {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}
    if version:
        descriptor["version"] = version
    return descriptor


# --- the files -------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def table_csv(table: pa.Table) -> bytes:
    """One table as CSV (UTF-8, header row, money exactly as stored: 42590.81, not 42590.810000)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow([_cell(row[name]) for name in table.column_names])
    return out.getvalue().encode("utf-8")


def package_zip(root: str | Path) -> bytes:
    """The Fiscal Data Package of the store at `root`: datapackage.json plus data/<table>.csv."""
    tables = read_store(root)
    descriptor = datapackage(tables, manifest(root).get("version"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for table, data in tables.items():
            archive.writestr(resource_path(table), table_csv(data))
    return buffer.getvalue()


_PARQUET_README = """OpenJuesuan 部门决算数据集（parquet）/ department final accounts as parquet

<表名>/year=<年度>/data.parquet：每张表一个文件夹，按年度分区（hive）。
金额单位万元，DECIMAL(18,6)；比率为小数；每行的 source_table、source_line 指出原报告表名和源文件行号。
One folder per table, partitioned by year. Money in 10k yuan (units of 10,000 yuan), DECIMAL(18,6); rates as fractions.

DuckDB:
  SELECT * FROM read_parquet('spending_by_function/*/*.parquet', hive_partitioning = true);
"""


def parquet_zip(root: str | Path) -> bytes:
    """The parquet dataset at `root` as a zip: every table's files and the manifest, nothing else."""
    root = Path(root)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _PARQUET_README)
        manifest_file = root / MANIFEST
        if manifest_file.is_file() and not manifest_file.is_symlink():
            archive.write(manifest_file, MANIFEST)
        for table in TABLES:
            for path in sorted((root / table).glob("year=*/*.parquet")):
                if path.is_file() and not path.is_symlink():
                    archive.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()
