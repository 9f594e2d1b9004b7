"""The 类 the narrative names with their amounts ("一般公共服务支出（类）2106.66万元"), against the table its
section speaks of: 公开05表 where the section is about the general-budget appropriation, else 公开03表."""

from __future__ import annotations

from collections.abc import Sequence

from etl.checks import difference, sum_severity
from etl.glossary import source_en
from etl.model import FunctionRow
from etl.parts.narrative.paragraphs import Para, figure_name, name_key
from etl.parts.narrative.reader import Reader
from etl.text import fmt_amount, fmt_amount_en

GPB_SECTION = "一般公共预算财政拨款"


def check_classes(
    reader: Reader, paras: list[Para], spending: Sequence[FunctionRow], gpb: Sequence[FunctionRow]
) -> None:
    # By the 03表 name: 05表 may misname a class (吉林's 201 "一般公共预算支出"), its code is still the class's.
    codes = {_key(r.name): r.code for r in spending if r.level == "类"}
    tables = {
        table: {r.code: r for r in rows if r.level == "类" and r.total is not None}
        for table, rows in (("spending", spending), ("gpb", gpb))
    }
    for para in paras:
        rows = tables["gpb" if GPB_SECTION in para.titles else "spending"]
        for fig in para.money.values():
            row = rows.get(codes.get(_key(figure_name(para.text, fig.start)), ""))
            if row is None or fig.value is None or fig.value == row.total:
                continue
            _differs(reader, para, fig, row)


def _differs(reader: Reader, para: Para, fig, row: FunctionRow) -> None:
    severity = sum_severity(fig.value, row.total, 2)
    apart, apart_en = difference(fig.value, row.total, severity)
    reader.findings.add(
        "narrative_class_amount",
        severity,
        f"第 {fig.line} 行写“{row.name}”为 {fig.words}，{row.source_table}第 {row.source_line} 行为 "
        f"{fmt_amount(row.total)}{apart}",
        f"the narrative gives “{row.name}” as {fig.words}; {source_en(row.source_table)}, line {row.source_line}, gives "
        f"{fmt_amount_en(row.total)} {apart_en}.",
        fmt_amount(row.total),
        fig.words,
        para.source,
        fig.line,
    )


def _key(name: str) -> str:
    return name_key(name).removesuffix("（类）").removesuffix("(类)")
