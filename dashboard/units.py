"""The unit a figure is in, said where the figure is: in a table's header, in a chart's title.

A reader who copies a table into a spreadsheet, or a chart into a slide, takes the header or the title
with it and nothing else: the unit has to be there.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import tr

# Characters of an English title that fit on one line of a 375 px phone at the title's 16 px bold;
# a longer title gives its year and unit a line of their own.
TITLE_WIDTH = 38


@dataclass(frozen=True)
class Unit:
    zh: str
    en: str
    format: str | None  # how a table column shows a figure in this unit (st.column_config.NumberColumn)
    en_header: bool = True  # an English header says it, "Total (10k yuan)"; a count reads plainer bare, "Met"


WAN = Unit("万元", "10k yuan", "accounting")
PERCENT = Unit("%", "%", "%.2f")  # a fraction shown as a percentage number: 0.9931 as 99.31
COUNT = Unit("项", "count", None, en_header=False)


def header(zh: str, en: str, unit: Unit) -> str:
    """ "合计（万元）" / "Total (10k yuan)"."""
    return tr(f"{zh}（{unit.zh}）", f"{en} ({unit.en})" if unit.en_header else en)


def title(zh: str, en: str, year: int, unit: Unit) -> str:
    """A chart's title with its year and unit: "2023 年支出按功能分类（万元）" / "Spending by function, 2023
    (10k yuan)", a long English one over two lines, "Basic spending by economic use<br>2023, 10k yuan"."""
    one_line = f"{en}, {year} ({unit.en})"
    return tr(f"{year} 年{zh}（{unit.zh}）", one_line if len(one_line) <= TITLE_WIDTH else f"{en}<br>{year}, {unit.en}")


def as_percent(fractions: pd.Series, digits: int = 2) -> pd.Series:
    """Fractions as the percentage numbers a PERCENT column holds: 0.99771 → 99.77; blanks stay blank."""
    return (fractions.astype("float64") * 100).round(digits)
