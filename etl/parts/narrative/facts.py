"""Figures the narrative states once, each a `NarrativeFact`: 收、支总计 and its parts,
“三公”经费, 机关运行经费, 国有资产, 绩效自评.
"""

from __future__ import annotations

import re
from decimal import Decimal

from etl.parts.narrative.budget import RATE, rate_checks
from etl.parts.narrative.paragraphs import NUM, UNITS, C, M, P, Para, name_key
from etl.parts.narrative.reader import Reader
from etl.parts.narrative.shares import share_after

# 收入支出总体
# "收、支总计均为…" (Jilin) or "收入支出总计…" (Shanghai); the 财政拨款 total is a fact of its own.
_BOTH = r"收(?:入)?、?支(?:出)?总计"
_TOTAL = re.compile(rf"(?<!财政拨款){_BOTH}(?:均|各)?为?{M}")
_TOTAL_CHANGE = re.compile(rf"(?<!财政拨款){_BOTH}(?:均|各)?(?P<dir>增加|减少){M}")
_FISCAL_TOTAL = re.compile(rf"财政拨款{_BOTH}(?:均|各)?为?{M}")
_GROWTH = re.compile(rf"(?P<dir>增长|下降|减少)了?{P}")
_INCOME_TOTAL = re.compile(rf"本年收入合计(?:为)?{M}")
_SPENDING_TOTAL = re.compile(rf"本年支出合计(?:为)?{M}")
_BASIC = re.compile(rf"基本支出(?:为)?{M}")
_PROJECT = re.compile(rf"项目支出(?:为)?{M}")
_PERSONNEL = re.compile(rf"人员经费(?:为)?{M}")
_PUBLIC_COSTS = re.compile(rf"公用经费(?:为)?{M}")

# “三公”经费
_THREE_PUBLIC_ITEMS = (
    ("vehicles", "公务用车购置及运行费", r"公务用车购置及运行(?:维护)?费"),
    ("vehicle_purchase", "公务用车购置费", r"公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费", r"公务用车运行(?:维护)?费"),
    ("abroad", "因公出国（境）费", r"因公出国[（(]境[）)]费"),
    ("reception", "公务接待费", r"公务接待费"),
    ("total", "“三公”经费", r"[“\"]?三公[”\"]?经费"),
)
_THREE_PUBLIC_NAMES = "(?:" + "|".join(f"(?P<{key}>{pattern})" for key, _, pattern in _THREE_PUBLIC_ITEMS) + ")"
_THREE_PUBLIC_NAME = re.compile(_THREE_PUBLIC_NAMES)
_THREE_PUBLIC = re.compile(
    _THREE_PUBLIC_NAMES
    + rf"(?:财政拨款)?(?:支出)?(?:(?:年初)?预算(?:数)?为?\s?(?P<budget>{NUM})\s?(?P<bunit>{UNITS})[，,]?)?"
    rf"(?:支出)?(?:决算(?:数)?)?(?:为)?\s?(?P<final>{NUM})\s?(?P<funit>{UNITS})"
)
_THREE_PUBLIC_LABELS = {key: label for key, label, _ in _THREE_PUBLIC_ITEMS}
_VEHICLE_STOCK = re.compile(rf"公务用车保有量(?:为)?{C}辆")

# 机关运行经费
_ADMIN_NONE = re.compile(r"(?:无|未发生|没有|不涉及)机关运行经费")
_ADMIN = re.compile(rf"机关运行经费(?:财政拨款)?(?:支出)?(?:决算)?(?:数)?(?:为|共计|合计)?{M}")

# 国有资产
_VEHICLES = re.compile(rf"(?:共有|拥有|占有使用|占有)?车辆(?:共)?(?:为)?{C}辆")
_EQUIPMENT = re.compile(
    rf"(?:单位价值|单价)?\s?(?P<threshold>\d+)\s?万元(?:[（(]含[）)])?以上[^，。；]{{0,20}}?设备"
    rf"[^，。；\d]{{0,20}}?{C}台"
)

# 绩效评价
_PERF_COUNT = re.compile(rf"{C}个(?:一级|二级|部门|重点|预算)*项目")
_PERF_AMOUNT = re.compile(rf"(?:涉及|资金)(?:资金|资|金额)?(?:总额|金额|总计)?(?:共计|合计|为)?{M}")
_PERF_RATE = re.compile(rf"绩效自评率(?:为)?{P}")


# A fact computed from the ones a sentence states, not printed in it: last year's figure, from this year's and
# the change on last year the sentence gives. Its text is that sentence.
PREVIOUS = "_previous"
PREVIOUS_LABEL = "（上年，按本年数与比上年增减推算）"


def read_headline(reader: Reader, paras: list[Para]) -> None:
    for para in paras:
        total = _TOTAL.search(para.text)
        if total is None:
            continue
        now = reader.money_fact("total", "收、支总计", para, total)
        change = _TOTAL_CHANGE.search(para.text, total.end())
        if change is not None:
            sign = -1 if change["dir"] == "减少" else 1
            moved = reader.money_fact("total_change", "收、支总计比上年增减", para, change, sign)
            if now is not None and moved is not None and now.value is not None and moved.value is not None:
                # Last year's total, derived from this year's and the change the sentence states (the fact's
                # text quotes it), so one report shows its year on year.
                previous = now.value - moved.value * sign
                reader.fact(
                    "total" + PREVIOUS,
                    "收、支总计" + PREVIOUS_LABEL,
                    previous,
                    "万元",
                    para,
                    moved.start,
                )
            growth = _GROWTH.match(para.text, change.end()) or _GROWTH.search(para.text, change.end())
            if growth is not None:
                sign = -1 if growth["dir"] != "增长" else 1
                reader.percent_fact("total_growth", "收、支总计比上年增减幅度", para, growth.start("num"), sign)
        break
    fiscal = next((p for p in paras if _FISCAL_TOTAL.search(p.text)), None)
    if fiscal is not None:
        reader.money_fact("fiscal_total", "财政拨款收、支总计", fiscal, _FISCAL_TOTAL.search(fiscal.text))
    income = next((p for p in paras if _INCOME_TOTAL.search(p.text)), None)
    if income is not None:
        reader.money_fact("total_income", "本年收入合计", income, _INCOME_TOTAL.search(income.text))
    spending = next((p for p in paras if _SPENDING_TOTAL.search(p.text)), None)
    if spending is not None:
        reader.money_fact("total_spending", "本年支出合计", spending, _SPENDING_TOTAL.search(spending.text))
        for topic, label, pattern in (
            ("basic_spending", "基本支出", _BASIC),
            ("project_spending", "项目支出", _PROJECT),
            ("personnel", "人员经费", _PERSONNEL),
            ("public_costs", "公用经费", _PUBLIC_COSTS),
        ):
            fig = reader.money_fact(topic, label, spending, pattern.search(spending.text))
            found = share_after(spending, fig)
            if found is not None and not name_key(found[0]["of"]):
                reader.percent_fact(f"{topic}_share", f"{label}占比", spending, found[1].start)
    for para in paras:
        if "基本支出" not in para.top_title or "一般公共预算" not in para.top_title:
            continue
        for topic, label, pattern in (
            ("gpb_basic_spending", "一般公共预算财政拨款基本支出", _BASIC),
            ("gpb_personnel", "一般公共预算财政拨款基本支出中的人员经费", _PERSONNEL),
            ("gpb_public_costs", "一般公共预算财政拨款基本支出中的公用经费", _PUBLIC_COSTS),
        ):
            reader.money_fact(topic, label, para, pattern.search(para.text))


def read_three_public(reader: Reader, paras: list[Para]) -> None:
    for para in paras:
        # Under the 三公 section; where a page holds that section alone, a paragraph that begins with it.
        if "三公" not in para.titles and not para.text.lstrip('“"').startswith("三公"):
            continue
        for m in _THREE_PUBLIC.finditer(para.text):
            key = next(k for k, _, _ in _THREE_PUBLIC_ITEMS if m[k])
            label = _THREE_PUBLIC_LABELS[key]
            budget = para.money.get(m.start("budget")) if m["budget"] else None
            final = para.money.get(m.start("final"))
            if budget is not None:
                reader.fact(f"three_public_{key}_budget", f"{label}预算", budget.value, "万元", para, budget.start)
            if final is not None:
                reader.fact(f"three_public_{key}_final", f"{label}决算", final.value, "万元", para, final.start)
            rate = RATE.match(para.text, m.end() + 1) if m.end() < len(para.text) else None
            stated = para.percent.get(rate.start("num")) if rate else None
            if budget is not None and final is not None and stated is not None and budget.value:
                rate_checks(reader, label, para, budget, final, stated)
        _read_unchanged(reader, para)
        stock = _VEHICLE_STOCK.search(para.text)
        if stock is not None:
            value = reader.count(para, stock, "辆", "公务用车保有量")
            reader.fact("official_vehicles", "公务用车保有量", value, "辆", para, stock.start("num"))


def _read_unchanged(reader: Reader, para: Para) -> None:
    """ "“三公”经费财政拨款支出决算数与2023年度持平。其中：因公出国（境）费支出决算持平；…": last year's figure of
    each item so named is this year's."""
    if "持平" not in para.text:
        return
    for clause in re.split(r"[。；;]", para.text):
        if "持平" not in clause:
            continue
        m = _THREE_PUBLIC_NAME.search(clause)
        if m is None:
            continue
        key = next(k for k, _, _ in _THREE_PUBLIC_ITEMS if m[k])
        now = reader.topics.get(f"three_public_{key}_final")
        if now is not None and now.value is not None:
            pos = para.text.index(clause) + clause.index("持平")
            label = _THREE_PUBLIC_LABELS[key] + "决算（上年，报告写明与本年持平）"
            reader.fact(f"three_public_{key}_final" + PREVIOUS, label, now.value, "万元", para, pos)


def read_admin_costs(reader: Reader, paras: list[Para]) -> None:
    for para in paras:
        if "机关运行经费" not in para.text:
            continue
        amount = _ADMIN.search(para.text)
        if amount is not None and amount.start("num") in para.money:
            reader.money_fact("admin_costs", "机关运行经费", para, amount)
            return
        none = _ADMIN_NONE.search(para.text)
        if none is not None:
            reader.fact("admin_costs", "机关运行经费", Decimal(0), "万元", para, none.start())
            return


def read_assets(reader: Reader, paras: list[Para]) -> None:
    scope = [p for p in paras if "国有资产" in p.titles] or [p for p in paras if "三公" not in p.top_title]
    for para in scope:
        # Both patterns start with optional words, so a search tries them at every position:
        # look only in paragraphs that have the words every match has.
        vehicles = _VEHICLES.search(para.text) if "车辆" in para.text else None
        if vehicles is not None and "vehicles" not in reader.topics:
            value = reader.count(para, vehicles, "辆", "车辆")
            reader.fact("vehicles", "车辆", value, "辆", para, vehicles.start("num"))
        equipment = _EQUIPMENT.search(para.text) if "设备" in para.text else None
        if equipment is not None:
            threshold = equipment["threshold"]
            topic = {"100": "equipment_over_1m", "50": "equipment_over_500k"}.get(
                threshold, f"equipment_over_{threshold}wan"
            )
            if topic in reader.topics:
                continue
            label = f"单位价值 {threshold} 万元（含）以上设备（不含车辆）"
            value = reader.count(para, equipment, "台（套）", label)
            reader.fact(topic, label, value, "台（套）", para, equipment.start("num"))


def read_performance(reader: Reader, paras: list[Para]) -> None:
    for para in paras:
        if "绩效" not in para.titles and "绩效自评" not in para.text and "绩效评价" not in para.text:
            continue
        count = _PERF_COUNT.search(para.text)
        if count is None:
            continue
        value = reader.count(para, count, "个", "绩效自评项目数")
        reader.fact("perf_project_count", "开展绩效自评的项目数", value, "个", para, count.start("num"))
        amount = _PERF_AMOUNT.search(para.text, count.end())
        reader.money_fact("perf_total_amount", "绩效自评涉及资金", para, amount)
        rate = _PERF_RATE.search(para.text)
        if rate is not None:
            reader.percent_fact("perf_self_eval_rate", "绩效自评率", para, rate.start("num"))
        return


def read_previous(reader: Reader) -> None:
    """Last year's figure of every money fact whose sentence states its change on last year (基本支出 297.2 万元，
    比上年增加 43.08 万元 → 254.12 万元), so one report shows its year on year."""
    for topic, fact in list(reader.topics.items()):
        if fact.unit != "万元" or fact.value is None or topic.endswith(("_change", PREVIOUS)):
            continue
        para, pos = reader.places[topic]
        change = reader.changes.get((id(para), pos))
        if change is None or change[0].value is None:
            continue
        moved, sign = change
        reader.fact(
            topic + PREVIOUS, fact.label + PREVIOUS_LABEL, fact.value - sign * moved.value, "万元", para, moved.start
        )
