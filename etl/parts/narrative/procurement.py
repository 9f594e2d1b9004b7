"""政府采购: the total, its goods/works/services split and the shares awarded to SMEs, as one `Procurement` row."""

from __future__ import annotations

import re
from decimal import Decimal

from etl.model import Procurement
from etl.parts.narrative.paragraphs import Figure, M, Para, pct_text, share_ok
from etl.parts.narrative.reader import Reader
from etl.parts.narrative.shares import share_after
from etl.text import fmt_amount, ratio

_SUM_TOLERANCE = Decimal("0.01")  # 万元

# "政府采购支出总额为…", and Shanghai's "政府采购金额（以合同签订为准）为…".
_PROC_TOTAL = re.compile(rf"政府采购(?:支出)?(?:总额|金额)(?:[（(][^）)]{{0,20}}[）)])?(?:为|共计|合计)?{M}")
_PROC_NONE = re.compile(r"(?:无|未发生|没有)政府采购")
_PROC_KINDS = {
    "goods": re.compile(rf"(?:政府采购)?货物(?:采购)?(?:支出|合同)?(?:金额)?(?:为)?{M}"),
    "works": re.compile(rf"(?:政府采购)?工程(?:采购)?(?:支出|合同)?(?:金额)?(?:为)?{M}"),
    "services": re.compile(rf"(?:政府采购)?服务(?:采购)?(?:支出|合同)?(?:金额)?(?:为)?{M}"),
}
_OF_TOTAL = re.compile(r"政府采购|总额")
_PROC_SME = re.compile(rf"授予中小企业(?:合同)?金额(?:为|共计)?{M}")
_PROC_SMALL = re.compile(rf"授予小微企业(?:合同)?金额(?:为|共计)?{M}")
# Shanghai states SME awards by route: in projects reserved for SMEs (or for small and micro firms) and in the
# other projects, besides the budgets reserved; the SME amount is then the sum of the two routes.
_AWARDED = rf"[^。；]{{0,20}}?由(?:中小|小微)企业供应商中标或成交的?[，,]?(?:采购金额|金额)(?:为)?{M}"
_ROUTES = {
    "sme_reserved": re.compile(rf"面向中小企业预留的?政府采购项目中{_AWARDED}"),
    "sme_other": re.compile(rf"其他政府采购项目中{_AWARDED}"),
    "small_reserved": re.compile(rf"面向小微企业预留的?政府采购项目中{_AWARDED}"),
    "sme_reserved_budget": re.compile(rf"面向中小企业预留政府采购项目预算金额(?:为)?{M}"),
    "small_reserved_budget": re.compile(rf"面向小微企业预留政府采购项目预算金额(?:为)?{M}"),
}


def read_procurement(reader: Reader, paras: list[Para]) -> None:
    found: dict[str, Figure] = {}
    first: tuple[Para, int] | None = None
    shares: dict[str, Figure] = {}
    of: dict[str, str] = {}  # what each stated share is of, in the sentence's words
    patterns = {"total": _PROC_TOTAL, **_PROC_KINDS, "sme": _PROC_SME, "small": _PROC_SMALL, **_ROUTES}
    for para in paras:
        for key, pattern in patterns.items():
            m = pattern.search(para.text)
            if key in found or m is None or m.start("num") not in para.money:
                continue
            fig = para.money[m.start("num")]
            found[key] = fig
            first = first or (para, fig.line)
            share = share_after(para, fig)
            if key in ("sme", "small") and share is not None:
                shares[key] = share[1]
                of[key] = share[0]["of"]
    none = next(((p, m) for p in paras if (m := _PROC_NONE.search(p.text))), None)
    if not found and none is None:
        return
    if not found:
        para, m = none
        zero = Decimal(0)
        reader.out.procurement.append(
            Procurement(
                reader.report_id,
                zero,
                zero,
                zero,
                zero,
                zero,
                None,
                None,
                zero,
                None,
                None,
                para.source,
                para.line_at(m.start()),
            )
        )
        return
    para, line = first

    def value(key: str) -> Decimal | None:
        return found[key].value if key in found else None

    total, sme, small = value("total"), value("sme"), value("small")
    routes = [value("sme_reserved"), value("sme_other")]
    if sme is None and all(r is not None for r in routes):
        sme = routes[0] + routes[1]
    sme_share, small_share = ratio(sme, total), ratio(small, sme)
    # Some pages state the small and micro share of the whole procurement, not of the SME amount.
    small_base = ("total" if _OF_TOTAL.search(of["small"]) else "sme") if "small" in of else None
    reader.out.procurement.append(
        Procurement(
            report_id=reader.report_id,
            total=total,
            goods=value("goods"),
            works=value("works"),
            services=value("services"),
            sme_amount=sme,
            sme_share=sme_share,
            stated_sme_share=shares["sme"].value if "sme" in shares else None,
            small_micro_amount=small,
            small_micro_share_of_sme=small_share,
            stated_small_micro_share=shares["small"].value if "small" in shares else None,
            stated_small_micro_share_of=small_base,
            stated_sme_share_places=shares["sme"].decimals if "sme" in shares else None,
            stated_small_micro_share_places=shares["small"].decimals if "small" in shares else None,
            sme_reserved_amount=routes[0],
            sme_other_amount=routes[1],
            sme_reserved_budget=value("sme_reserved_budget"),
            small_micro_reserved_budget=value("small_reserved_budget"),
            small_micro_reserved_amount=value("small_reserved"),
            source_table=para.source,
            source_line=found["total"].line if "total" in found else line,
        )
    )
    parts = [value(k) for k in ("goods", "works", "services")]
    if total is not None and all(p is not None for p in parts):
        added = sum(parts, Decimal(0))
        if abs(added - total) > _SUM_TOLERANCE:
            reader.findings.add(
                "procurement_sum",
                "error",
                f"第 {found['total'].line} 行政府采购：货物 {fmt_amount(parts[0])} + 工程 {fmt_amount(parts[1])}"
                f" + 服务 {fmt_amount(parts[2])} = {fmt_amount(added)}，与所写总额 {found['total'].words} 不符。",
                f"government procurement: goods {fmt_amount(parts[0])} + works {fmt_amount(parts[1])} + services "
                f"{fmt_amount(parts[2])} = {fmt_amount(added)}, not the total written, {found['total'].words}.",
                fmt_amount(added),
                found["total"].words,
                para.source,
                found["total"].line,
            )
    sme_en = "the contracts awarded to small and medium enterprises"
    for key, computed, (label, label_en), (of, of_en) in (
        ("sme", sme_share, ("授予中小企业合同金额", sme_en), ("政府采购支出总额", "total government procurement")),
        (
            "small",
            ratio(small, total) if small_base == "total" else small_share,
            ("授予小微企业合同金额", "the contracts awarded to small and micro enterprises"),
            ("政府采购支出总额", "total government procurement")
            if small_base == "total"
            else ("授予中小企业合同金额", sme_en),
        ),
    ):
        stated = shares.get(key)
        if stated is None or computed is None or stated.value is None or share_ok(stated, computed):
            continue
        expected = pct_text(computed, max(stated.decimals, 2))
        reader.findings.add(
            "procurement_share",
            "warning",
            f"第 {stated.line} 行{label} {found[key].words} 占{of}的比例按原数计算为 {expected}，"
            f"报告写 {stated.words}。",
            f"{label_en} ({found[key].words}) come to {expected} of {of_en} by the report's own figures; the "
            f"report writes {stated.words}.",
            expected,
            stated.words,
            para.source,
            stated.line,
        )


def procurement_paras(paras: list[Para]) -> list[Para]:
    """The paragraphs `read_procurement` reads; the general share check leaves them to it."""
    return [p for p in paras if "政府采购" in p.titles or _PROC_TOTAL.search(p.text)]
