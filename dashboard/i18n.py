"""Chinese first, English on request: every visible string is written as a pair.

Keeping both languages side by side at the point of use means a page reads
top to bottom in one file, and an untranslated string is visible in review.
Department names, project names and the report's own words are never
translated: they stay as published.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl import glossary
from etl.checks import CATALOGUE, SEVERITIES

LANGS = ("zh", "en")
LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "zh")
    return value if value in LANGS else "zh"


def tr(zh: str, en: str) -> str:
    return en if lang() == "en" else zh


def tr_stored(zh: str, en) -> str:
    """Text the store holds in both languages, in the reader's: the Chinese where the English is missing (None, NaN)."""
    return en if lang() == "en" and isinstance(en, str) and en else zh


STATUS = {
    "met": ("达标", "Met"),
    "missed": ("未达标", "Missed"),
    "not_assessable": ("无法判断", "Not assessable"),
}
SEVERITY = SEVERITIES
LEVEL = {"类": ("类", "Class"), "款": ("款", "Section"), "项": ("项", "Item")}
CATEGORY = {"人员经费": ("人员经费", "Personnel"), "公用经费": ("公用经费", "Running costs")}


def label(mapping: dict[str, tuple[str, str]], key: str) -> str:
    pair = mapping.get(key)
    return tr(*pair) if pair else key


def check_name(code: str) -> str:
    """A finding's check in plain words, from the ETL's catalogue; the code itself for one it does not list (a
    store written by another version)."""
    entry = CATALOGUE.get(code)
    return tr(entry.name, entry.name_en) if entry else code


# --- the template's own vocabulary (etl.glossary), where query results become labels -----------------------------

PUBLISHED = "_zh"  # `named` keeps the published names under the column's name with this suffix
TRANSLATED_BY = glossary.NOTE


def subject(kind: str, code, year: int | None, published) -> str:
    """A subject's name (kind "function" or "economic") in the reader's language: as published in Chinese; in
    English the glossary's for the year, or, for a code it lacks, the code and the published name, untranslated."""
    if lang() != "en" or not isinstance(published, str):
        return published
    if english := glossary.english(kind, code, year, published):
        return english
    return f"{code} {published}" if isinstance(code, str) and code.strip() else published


def term(kind: str, published) -> str:
    """A name without a code (an indicator's level, a kind of 三公经费) in the reader's language; one the glossary
    lacks stays as published."""
    if lang() != "en" or not isinstance(published, str):
        return published
    return glossary.english(kind, published) or published


def source(table) -> str:
    """A report table's or part's name, as a source line cites it, in the reader's language ("公开03表 支出决算表" /
    "Expenditure table (No. 03)"); one the glossary lacks stays as published."""
    if lang() != "en" or not isinstance(table, str):
        return table
    return glossary.source_english(table) or table


def named(df: pd.DataFrame, kind: str, year: int | None = None, column: str = "name", code: str | None = "code"):
    """Query results as the reader sees them: in English, `column` holds the names in English (`subject`, or
    `term` when there is no `code` column) and `column` + PUBLISHED the names as published, for a table to show
    beside them and for anything matched against the report's words. In Chinese `df` as it is."""
    if lang() != "en" or column not in df or f"{column}{PUBLISHED}" in df:
        return df
    names = df[column]
    if code is None:
        english = [term(kind, name) for name in names]
    else:
        english = [subject(kind, c, year, name) for c, name in zip(df[code], names, strict=True)]
    return df.assign(**{column: english, f"{column}{PUBLISHED}": names})


def published(df: pd.DataFrame, column: str = "name") -> pd.Series:
    """The names of `column` as the report printed them, whether or not `named` translated them."""
    return df.get(f"{column}{PUBLISHED}", df[column])
