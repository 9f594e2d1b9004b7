"""A table as shown and downloaded, described column by column: each header names its unit, and the rows
end with where they came from."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.i18n import PUBLISHED, source, tr
from dashboard.layout import source_column
from dashboard.units import Unit, header

# Row and page numbers are counts of lines and pages: never "1,234.00".
_WHOLE = (("来源行", "Source line"), ("来源页", "Source page"))


@dataclass(frozen=True)
class Col:
    zh: str
    en: str
    values: object  # a Series, a list or one value for every row
    unit: Unit | None = None  # said in the header, and how its figures show
    format: str | None = None  # instead of the unit's: a rate rounded to one place shows as "%.1f"
    width: str | None = None  # "medium" or "large", for text longer than a few words
    help: str | None = None
    pinned: bool = False  # a row's name (and rank): kept in view as the figures scroll by on a phone

    @property
    def header(self) -> str:
        return tr(self.zh, self.en) if self.unit is None else header(self.zh, self.en, self.unit)

    @property
    def number_format(self) -> str | None:
        return self.format or (self.unit.format if self.unit else None)


def name_cols(zh: str, en: str, df: pd.DataFrame, column: str = "name", **kwargs) -> list[Col]:
    """The column of names (`i18n.named`'s), and in English the names as published beside it: a reader who
    downloads the table can still find each row in the Chinese report."""
    cols = [Col(zh, en, df[column], **kwargs)]
    if f"{column}{PUBLISHED}" in df:
        cols.append(Col(f"{zh}（原文）", f"{en} (as published)", df[f"{column}{PUBLISHED}"], width=kwargs.get("width")))
    return cols


def frame(cols: list[Col], sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The columns under their headers, then the source table and the cell, page or line of each row in
    `sources` (the rows the figures were read from: one for each row, or one for the whole table).

    The pinned columns (a row's name) come first, then the figures, then the rest in the order given: a phone
    shows the first 340 pixels of a table, and they must hold a name and its amount, not a code and a level."""
    cols = sorted(cols, key=lambda col: 0 if col.pinned else 1 if col.unit else 2)
    data = {col.header: col.values for col in cols}
    if sources is not None:
        where = {tr("来源表", "Source table"): sources["source_table"].map(source)}
        if tr("zh", "en") == "en":  # the published title too, to find the table in the report
            where["Source table (as published)"] = sources["source_table"]
        where |= source_column(sources)
        data |= {name: values.iloc[0] if len(sources) == 1 else values for name, values in where.items()}
    return pd.DataFrame(data)


def config(cols: list[Col]) -> dict:
    """st.dataframe's column_config for `cols` and the source columns `frame` adds."""
    out: dict = {tr(*names): st.column_config.NumberColumn(format="%d") for names in _WHOLE}
    for col in cols:
        if col.number_format:
            out[col.header] = st.column_config.NumberColumn(
                format=col.number_format, help=col.help, pinned=col.pinned or None
            )
        elif col.width or col.help or col.pinned:
            out[col.header] = st.column_config.TextColumn(width=col.width, help=col.help, pinned=col.pinned or None)
    return out
