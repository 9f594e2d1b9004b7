"""What the budget page says of each 项 of the 年初预算 vs 决算 list, from what the ETL stored: the findings at its
place (etl.checks) and the flags that trip for it (etl.flags). Pure, so it is tested without a page run."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import tr, tr_stored
from etl.flags import RULES

TOTAL_ITEM = "一般公共预算财政拨款支出"  # the item etl.flags measures the narrative's total under


def flag_text(flag) -> str:
    """ "决算远超年初预算：决算 45.84 万元，是年初预算 0.01 万元的 458,400.00%"."""
    rule = RULES.get(flag.flag)
    name = tr(rule.name, rule.name_en) if rule else flag.flag
    return f"{name}{tr('：', ': ')}{tr_stored(flag.message, flag.message_en)}"


def said_of(lines: pd.DataFrame, findings: pd.DataFrame, flags: pd.DataFrame) -> tuple[list, list]:
    """For each line: the messages of the findings at its place, and the texts of its tripped flags.

    Several 项 may share a source line (a PDF's paragraph, a page's sentence): a finding there is said of the
    项 its message names; a flag names its item.
    """

    def place(row) -> tuple:
        return (row.source_table, None if pd.isna(row.source_line) else int(row.source_line))

    sharing = lines.groupby(["source_table", "source_line"]).size().to_dict()
    found, tripped = [], []
    for line in lines.itertuples():
        key = place(line)
        alone = sharing.get(key, 1) == 1
        found.append(
            [
                tr_stored(f.message, f.message_en)
                for f in findings.itertuples()
                if place(f) == key and (alone or str(line.name) in str(f.message))
            ]
        )
        tripped.append([flag_text(f) for f in flags.itertuples() if place(f) == key and f.item == line.name])
    return found, tripped


def total_flag(flags: pd.DataFrame):
    """The tripped flag of the narrative's total, if any (the final six times the initial budget)."""
    total = flags[(flags["item"] == TOTAL_ITEM) & (flags["flag"] == "over_initial_budget")]
    return next(total.itertuples(), None)
