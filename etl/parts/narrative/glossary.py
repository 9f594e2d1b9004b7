"""第四部分 名词解释: the report's glossary, as `GlossaryEntry` rows."""

from __future__ import annotations

import re

from etl.model import GlossaryEntry
from etl.parts.narrative.paragraphs import PART, Text
from etl.parts.narrative.reader import Reader
from etl.template import title_kind

GLOSSARY = "名词解释"

_GLOSSARY_ENTRY = re.compile(
    r"^(?P<no>(?:[一二三四五六七八九十]+|\d{1,2})[、.．]|[（(](?:[一二三四五六七八九十]+|\d{1,2})[）)])?\s*"
    r"(?P<term>[^：:。，,；]{1,40}?)\s*[：:]\s*(?P<definition>.+)$"
)
_ANNEX = re.compile(r"^附件|^附表")


def read_glossary(reader: Reader, lines: list[Text]) -> None:
    entries: list[list] = []  # [term, definition, line]
    for line, _, text, published in lines:
        if not text:
            continue
        if title_kind(text) or _ANNEX.match(text) or PART.match(text):
            break
        bold = "**" in line.text
        m = _GLOSSARY_ENTRY.match(text)
        if m and (m["no"] or bold):  # matched in simplified characters, kept as published
            term, definition = (published[slice(*m.span(group))].strip() for group in ("term", "definition"))
            entries.append([term, definition, line.number])
        elif entries:
            entries[-1][1] += published
    for term, definition, number in entries:
        reader.out.glossary.append(GlossaryEntry(reader.report_id, term, definition, GLOSSARY, number))
