"""Chinese first, English on request: every visible string is written as a pair.

Keeping both languages side by side at the point of use means a page reads
top to bottom in one file, and an untranslated string is visible in review.
Department names, project names and the report's own words are never
translated: they stay as published.
"""

from __future__ import annotations

import streamlit as st

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
