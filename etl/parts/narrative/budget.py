"""年初预算 against 决算: the list of 项, the overall figure, and the completion rates they state.

A sentence in the wrong unit ("支出决算为 11.33 元" among 万元 figures) is read in the
other unit only when the sentence's own completion rate proves it (see `_resolve_units`).
"""

from __future__ import annotations

import re

from etl.model import BudgetVsFinal
from etl.parts.narrative.paragraphs import Figure, M, P, Para, clause, digits, pct_text, rate_ok
from etl.parts.narrative.reader import Reader
from etl.text import UNIT_EN, clean, ratio

_LEVEL = re.compile(r"[（(](?:类|款|项)[）)]")
_XIANG = re.compile(r"[（(]项[）)]")

# 年初预算 vs 决算
_INITIAL = re.compile(rf"年初预算(?:数)?(?:为|是)?{M}")
_FINAL = re.compile(rf"决算(?:数)?(?:为|是)?{M}")
RATE = re.compile(rf"完成(?:了)?(?:年初)?预算(?:数)?的?{P}")
_OVERALL = re.compile(r"财政拨款支出|合计|总计|总额")  # the list's opening sentence, not an item
_REASON = re.compile(r"主要原因(?:是|为|在于)?[：:，,]?(?P<why>.+)$")


def subject_key(name: str) -> str:
    """A 项 name as the narrative and table 03 can both be matched by."""
    key = digits(clean(name)).replace(" ", "")
    key = key.replace("(", "（").replace(")", "）")
    key = _LEVEL.sub("", key)
    key = key.replace("“", "").replace("”", "").replace('"', "")
    return key.removesuffix("支出")


def _codes(subject_codes: dict[str, str | None]) -> dict[str, str | None]:
    """Table 03's codes by `subject_key`; None where names with different codes share a key (or a name)."""
    codes: dict[str, str | None] = {}
    for name, code in subject_codes.items():
        key = subject_key(name)
        codes[key] = code if codes.get(key, code) == code else None  # ambiguous: no code
    return codes


def read_budget_vs_final(reader: Reader, paras: list[Para], subject_codes: dict[str, str | None]) -> None:
    codes = _codes(subject_codes)
    section = [p for p in paras if "具体情况" in p.sub_title and "一般公共预算" in p.titles and "三公" not in p.titles]
    if not section:
        section = [p for p in paras if _XIANG.search(p.text) and "年初预算" in p.text]
    overall_done = False
    for para in section:
        initial = _INITIAL.search(para.text)
        final = _FINAL.search(para.text, initial.end() if initial else 0)
        if initial is None and final is None:
            continue
        head = para.text[: (initial or final).start()]
        if not para.numbered and not _XIANG.search(head) and _OVERALL.search(head):
            if not overall_done:
                overall_done = True
                _overall_budget(reader, para, initial, final)
            continue
        _budget_item(reader, codes, para, head, initial, final)


def _overall_budget(reader: Reader, para: Para, initial: re.Match | None, final: re.Match | None) -> None:
    init = reader.money_fact("initial_budget_total", "一般公共预算财政拨款支出年初预算", para, initial)
    fin = reader.money_fact("final_total", "一般公共预算财政拨款支出决算", para, final)
    rate = RATE.search(para.text)
    if rate is None:
        return
    reader.percent_fact("completion_rate_total", "完成年初预算的比例", para, rate.start("num"))
    stated = para.percent.get(rate.start("num"))
    if init is not None and fin is not None and stated is not None:
        rate_checks(reader, "一般公共预算财政拨款支出", para, init, fin, stated)


def _budget_item(
    reader: Reader,
    codes: dict[str, str | None],
    para: Para,
    head: str,
    initial: re.Match | None,
    final: re.Match | None,
) -> None:
    full = head.rstrip("。，,.：:；; ")
    name = _xiang_name(full)  # matched to the subject table in simplified characters, stored as published
    published = _xiang_name(full, para.published[: len(full)])
    init = para.money.get(initial.start("num")) if initial else None
    fin = para.money.get(final.start("num")) if final else None
    rate = RATE.search(para.text)
    stated = para.percent.get(rate.start("num")) if rate else None
    label = f"{name}（项）"
    if init is not None and fin is not None:
        _resolve_units(reader, label, para, init, fin, stated)
    code = codes.get(subject_key(name))
    if code is None and codes:
        line = para.line_at(0)
        reader.findings.add(
            "subject_code_missing",
            "info",
            f"第 {line} 行“{label}”在支出决算表中找不到同名的项级科目，科目编码留空。",
            f"“{label}” has no item-level subject of the same name in the spending table (支出决算表); its "
            "subject code is left empty.",
            "支出决算表中的同名科目",
            name,
            para.source,
            line,
        )
    reason = _REASON.search(para.text)
    initial_value = init.value if init else None
    final_value = fin.value if fin else None
    reader.out.budget_vs_final.append(
        BudgetVsFinal(
            report_id=reader.report_id,
            code=code,
            name=published,
            initial_budget=initial_value,
            final=final_value,
            completion_rate=ratio(final_value, initial_value),
            stated_completion_rate=stated.value if stated else None,
            stated_completion_rate_places=stated.decimals if stated else None,
            stated_final_text=fin.words if fin else "",
            explanation=para.published[slice(*reason.span("why"))].strip() if reason else None,
            source_table=para.source,
            source_line=(fin or init).line if (fin or init) else para.line_at(0),
        )
    )
    if init is not None and fin is not None and stated is not None:
        rate_checks(reader, label, para, init, fin, stated)


def _resolve_units(reader: Reader, label: str, para: Para, init: Figure, fin: Figure, stated: Figure | None) -> None:
    """Initial and final in different units: the stated rate decides which unit is meant."""
    if init.unit == fin.unit or init.value is None or fin.value is None:
        return
    odd, other = (fin, init) if fin.unit != reader.unit or init.unit == reader.unit else (init, fin)
    alt = reader.reread(odd, other.unit)
    literal = ratio(fin.value, init.value)
    reread = ratio(alt, init.value) if odd is fin else ratio(fin.value, alt)
    if stated is not None and rate_ok(stated, literal):
        return
    if stated is not None and rate_ok(stated, reread):
        meant, meant_en = f"{odd.raw} {other.unit}", f"{odd.raw} {UNIT_EN.get(other.unit, other.unit)}"
        other_name, other_name_en = (
            ("年初预算", "the initial budget") if other is init else ("决算", "the final figure")
        )
        literal_rate = pct_text(literal, stated.decimals)
        reader.findings.add(
            "unit_slip",
            "warning",
            f"第 {odd.line} 行“{label}”写作“{_words(para, odd)}”，但同句的{other_name}是 {other.words}、"
            f"完成率是 {stated.words}，只有按 {meant} 计算才对得上"
            f"（按 {odd.words} 计算完成率应为 {literal_rate}），应为单位笔误，已按 {meant} 记录。",
            f"“{label}” is written as “{_words(para, odd)}”, but the same sentence gives {other_name_en} as "
            f"{other.words} and the completion rate as {stated.words}, which fit only {meant_en} (read as "
            f"{odd.words}, the rate would be {literal_rate}): a unit slip, recorded as {meant_en}.",
            meant,
            odd.words,
            para.source,
            odd.line,
        )
        odd.value = alt
        return
    if stated is not None:
        why = f"与同句的完成率 {stated.words} 两种读法都对不上"
        why_en = f"neither reading fits the completion rate in the same sentence, {stated.words}"
    else:
        why, why_en = "同句没有完成率可以核对", "the sentence has no completion rate to check them against"
    reader.findings.add(
        "unit_unclear",
        "error",
        f"第 {odd.line} 行“{label}”年初预算写作“{init.words}”、决算写作“{fin.words}”，单位不一致，"
        f"{why}，无法确定“{odd.words}”的读数，已留空。",
        f"“{label}”: the initial budget is written “{init.words}” and the final “{fin.words}”, in different "
        f"units; {why_en}, so “{odd.words}” cannot be read for sure and is left empty.",
        f"{odd.raw} {other.unit} 或 {odd.words}",
        odd.words,
        para.source,
        odd.line,
    )
    odd.value = None


def rate_checks(reader: Reader, label: str, para: Para, init: Figure, fin: Figure, stated: Figure) -> None:
    line = stated.line
    if init.value is None or fin.value is None or stated.value is None:
        return
    if init.value == 0:
        reader.findings.add(
            "completion_rate_undefined",
            "warning",
            f"第 {line} 行“{label}”年初预算为 {init.words}，完成率无法计算（不能除以零），"
            f"报告却写“完成年初预算的 {stated.words}”，这个百分比没有意义。",
            f"“{label}” had an initial budget of {init.words}, so there is no completion rate (it would divide by "
            f"zero), yet the report writes “完成年初预算的 {stated.words}” ({stated.words} of the initial budget): "
            "the percentage means nothing.",
            f"无法计算（年初预算 {init.words}）",
            stated.words,
            para.source,
            line,
        )
        return
    computed = fin.value / init.value
    tiny = init.value * 100 < fin.value or (init.value < 1 and fin.value >= init.value * 10)
    if fin.value > init.value and tiny:
        reader.findings.add(
            "tiny_initial_budget",
            "warning",
            f"第 {line} 行“{label}”年初预算只有 {init.words}，决算 {fin.words}，"
            f"“完成年初预算的 {stated.words}”算术上成立，但年初几乎没有预算，支出基本是年中追加，"
            "这个完成率没有实际意义。",
            f"“{label}” had an initial budget of only {init.words} and a final of {fin.words}: "
            f"“完成年初预算的 {stated.words}” ({stated.words} of the initial budget) is arithmetically right, but "
            "with almost no initial budget the money was added during the year, and the rate means nothing in "
            "practice.",
            f"年初预算 {init.words}，决算 {fin.words}",
            f"完成年初预算的 {stated.words}",
            para.source,
            line,
        )
    if not rate_ok(stated, computed):
        expected = pct_text(computed, stated.decimals)
        reader.findings.add(
            "completion_rate_mismatch",
            "warning",
            f"第 {line} 行“{label}”：决算 {fin.words} ÷ 年初预算 {init.words} = {expected}，"
            f"报告写“完成年初预算的 {stated.words}”。",
            f"“{label}”: final {fin.words} ÷ initial budget {init.words} = {expected}, but the report writes "
            f"“完成年初预算的 {stated.words}” ({stated.words} of the initial budget).",
            expected,
            stated.words,
            para.source,
            line,
        )


def _words(para: Para, fig: Figure) -> str:
    """The clause a figure stands in, as a reader would quote it: "支出决算为 11.33 元"."""
    return f"{clause(para.text, fig.start)} {fig.words}".strip()


def _xiang_name(full: str, published: str | None = None) -> str:
    """ "一般公共服务（类）…（款）一般行政管理事务（项）" → "一般行政管理事务"; sliced from `published` (the same
    text as the page printed it) where given."""
    xiang = _XIANG.search(full)
    if xiang is None:
        return _LEVEL.sub("", full).strip() or full
    levels = [m for m in _LEVEL.finditer(full, 0, xiang.start())]
    start = levels[-1].end() if levels else 0
    return (full if published is None else published)[start : xiang.start()].strip()
