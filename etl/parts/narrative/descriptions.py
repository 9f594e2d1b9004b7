"""What the narrative says a 项 is spent on ("住房公积金（项）。主要用于：缴纳在职人员住房公积金"), against what
the 项 is: a description copied from another subject (住房公积金 "用于在职人员基本医疗保险") is a finding."""

from __future__ import annotations

import re

from etl.parts.narrative.paragraphs import Para
from etl.parts.narrative.reader import Reader

_DESCRIBED = re.compile(r"(?P<name>[^（）。；，、]{2,30})（项）[。，,]?\s*主要用于[:：]?(?P<use>[^。；]{2,80})")
# Subjects whose name says what they pay for, and the words a description of each uses.
_FAMILIES = {
    "住房公积金": ("公积金",),
    "购房补贴": ("购房",),
    "医疗": ("医疗", "医保"),
    "养老": ("养老",),
    "职业年金": ("年金",),
}


def check_descriptions(reader: Reader, para: Para) -> None:
    for m in _DESCRIBED.finditer(para.text):
        own = next((family for family in _FAMILIES if family in m["name"]), None)
        if own is None or any(word in m["use"] for word in _FAMILIES[own]):
            continue
        other = next((f for f, words in _FAMILIES.items() if f != own and any(w in m["use"] for w in words)), None)
        if other is None:
            continue
        line = para.line_at(m.start("use"))
        reader.findings.add(
            "subject_described_wrongly",
            "warning",
            f"第 {line} 行“{m['name']}（项）”的用途写作“{m['use']}”，说的却是{other}（可能套用了其他科目的说明）",
            f"“{m['name']}（项）” is described as “{m['use']}”, which is about {other} (another subject's "
            "description copied?).",
            None,
            m["use"],
            para.source,
            line,
        )
