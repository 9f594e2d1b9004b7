"""Shares ("占 0.69%") and changes on last year ("增加 5 万元，增长 10%") wherever they stand, recomputed.

A figure whose share holds only in the other unit is read in that unit, and that is itself a finding.
"""

from __future__ import annotations

import re

from etl.parts.narrative.paragraphs import NUM, Figure, M, P, Para, figure_name, name_key, pct_text, rate_ok
from etl.parts.narrative.reader import Reader
from etl.text import fmt_amount

# Shares and changes next to a figure.
_WITHIN = re.compile(r"(?P<x>[^，。；：、,;:]{2,30})中[，,]")
_WITHIN_END = re.compile(r"中[，,]")
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|增|减)了?$")

_SHARE = re.compile(rf"\s?[，,]?\s?占(?P<of>[^，。；%‰\d]{{0,30}}?)的?{P}")
_CHANGE = re.compile(rf"(?P<dir>增加|减少){M}[，,]?\s?(?P<dir2>增长|下降|减少)了?\s?(?P<pnum>{NUM})\s?(?P<sign>%|‰)")


def share_after(para: Para, fig: Figure | None) -> tuple[re.Match[str], Figure] | None:
    """ "，占 0.69%" right after a figure: (match, percentage)."""
    if fig is None:
        return None
    m = _SHARE.match(para.text, fig.end)
    if m is None or m.start("num") not in para.percent:
        return None
    return m, para.percent[m.start("num")]


def _whole_of(reader: Reader, para: Para, fig: Figure, of: str) -> Figure | None:
    """What a "占 x%" is a share of: named ("占本年支出合计的"), "基本支出中，…", or the paragraph's total."""
    if name_key(of):
        return reader.lookup(of)
    # The pattern is slow (it tries every length of clause at every position): look only when "中，" is there.
    within = list(_WITHIN.finditer(para.text, 0, fig.start)) if _WITHIN_END.search(para.text) else []
    if within:
        key = name_key(within[-1]["x"])
        local = [f for f in para.money.values() if f.start < fig.start and figure_name(para.text, f.start) == key]
        return local[0] if local else None
    for other in sorted(para.money.values(), key=lambda f: f.start):
        if other.start >= fig.start:
            break
        if _SHARE.match(para.text, other.end) or _changed_before(para.text, other.start):
            continue
        return other
    return None


def check_shares(reader: Reader, para: Para) -> None:
    for fig in sorted(para.money.values(), key=lambda f: f.start):
        found = share_after(para, fig)
        if found is None or fig.value is None:
            continue
        m, stated = found
        whole = _whole_of(reader, para, fig, m["of"])
        if whole is None or whole is fig or whole.value in (None, 0) or stated.value is None:
            continue
        if rate_ok(stated, fig.value / whole.value):
            continue
        name = figure_name(para.text, fig.start) or "该项"
        whole_name = name_key(m["of"]) or figure_name(para.text, whole.start)
        whole_en = whole_name or "the total"  # our word, not the report's: in the reader's language
        if fig.unit != whole.unit and fig.unit != reader.unit:
            alt = reader.reread(fig, whole.unit)
            if alt is not None and rate_ok(stated, alt / whole.value):
                meant = f"{fig.raw} {whole.unit}"
                reader.findings.add(
                    "unit_slip",
                    "warning",
                    f"第 {fig.line} 行“{name}”写作“{fig.words}”，但同句的占比 {stated.words} 只有按"
                    f"“{meant}”计算才成立（占{whole_name} {whole.words}），应为单位笔误，已按 {meant} 记录。",
                    f"“{name}” is written as “{fig.words}”, but the same sentence's share of {stated.words} holds "
                    f"only for “{meant}” (of {whole_en} {whole.words}): a unit slip, recorded as {meant}.",
                    meant,
                    fig.words,
                    para.source,
                    fig.line,
                )
                fig.value = alt
                continue
        expected = pct_text(fig.value / whole.value, stated.decimals)
        reader.findings.add(
            "narrative_share",
            "warning",
            f"第 {stated.line} 行“{name} {fig.words}，占 {stated.words}”：按 {fig.words} ÷ "
            f"{whole_name or '合计'} {whole.words} 计算应为 {expected}。",
            f"“{name} {fig.words}，占 {stated.words}”: {fig.words} ÷ {whole_en} {whole.words} gives {expected}.",
            expected,
            stated.words,
            para.source,
            stated.line,
        )


def check_growth(reader: Reader, para: Para) -> None:
    for m in _CHANGE.finditer(para.text):
        change = para.money.get(m.start("num"))
        stated = para.percent.get(m.start("pnum"))
        before = [f for f in para.money.values() if f.start < m.start() and not _changed_before(para.text, f.start)]
        if change is None or stated is None or not before or change.value is None or stated.value is None:
            continue
        base = max(before, key=lambda f: f.start)
        if base.value is None:
            continue
        reader.changes[(id(para), base.start)] = (change, 1 if m["dir"] == "增加" else -1)
        prior = base.value - change.value if m["dir"] == "增加" else base.value + change.value
        if prior <= 0:
            continue
        computed = change.value / prior
        if rate_ok(stated, computed):
            continue
        expected = pct_text(computed, stated.decimals)
        name = figure_name(para.text, base.start) or "该项"
        reader.findings.add(
            "narrative_growth",
            "warning",
            f"第 {stated.line} 行“{name}”本年 {base.words}，比上年{m['dir']} {change.words}，"
            f"上年应为 {fmt_amount(prior)}，{m['dir2']}幅度应为 {expected}，报告写 {stated.words}。",
            f"“{name}”: {base.words} this year, {'up' if m['dir'] == '增加' else 'down'} {change.words} on last "
            f"year, so last year's was {fmt_amount(prior)} and the change {expected}; the report writes "
            f"{stated.words}.",
            expected,
            stated.words,
            para.source,
            stated.line,
        )


# A change on last year, and the words that give its reason.
_ON_LAST_YEAR = re.compile(
    rf"(?:比上年|较上年|比\d{{4}}年度?|与\d{{4}}年度?相比|同比)[^。；]{{0,40}}?(?P<dir>增加|减少){M}"
)
_REASON = re.compile(r"原因|由于|因为|主要是")


def check_reasons(reader: Reader, para: Para) -> None:
    """A paragraph that states a change on last year says why; one finding a paragraph, at its first change."""
    m = _ON_LAST_YEAR.search(para.text)
    if m is None or _REASON.search(para.text):
        return
    change = para.money.get(m.start("num"))
    words = f"{m['dir']} {change.words}" if change else m["dir"]
    reader.findings.add(
        "change_reason_missing",
        "info",
        f"第 {para.line_at(m.start())} 行写明比上年{words}，但没有说明原因：{m[0]}",
        f"the paragraph states a change on last year ({words}) but gives no reason: {m[0]}",
        None,
        m[0],
        para.source,
        para.line_at(m.start()),
    )


def _changed_before(text: str, start: int) -> bool:
    """ "增加 " right before a figure: it is a change, not an amount. Looks back a few characters only."""
    return _CHANGE_BEFORE.search(text, max(start - 4, 0), start) is not None
