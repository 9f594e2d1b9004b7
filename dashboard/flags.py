"""What the flags page says of the stored flags (etl.flags): their values as the rule measures them, the
thresholds a link asks for, the page each flag's detail is on. Pure, so it is tested without a page run."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from dashboard.fmt import missing, pct, wan
from dashboard.i18n import tr
from etl.flags import PERCENT, RULES, WAN

PARAM = "t_"  # ?t_over_initial_budget=2 asks for 200 % instead of 150 %

# The page that shows what a flag rests on.
PAGE_OF = {
    "over_initial_budget": "pages/budget.py",
    "under_initial_budget": "pages/budget.py",
    "no_initial_budget": "pages/budget.py",
    "sme_below_national": "pages/procurement.py",
    "sme_below_reserved": "pages/procurement.py",
}


def page_of(code: str) -> str:
    return PAGE_OF.get(code, "pages/performance.py")


def shown(value, unit: str) -> str:
    """A measured value in its unit: "639.93%", "468.90 万元", "3 条"."""
    if missing(value):
        return "—"
    if unit == PERCENT:
        return pct(value)
    if unit == WAN:
        return wan(value)
    # a count of the report's statements ("3 条"): the bare number in English
    return tr(f"{float(value):,.0f} {unit}", f"{float(value):,.0f}")


def thresholds_from(params) -> dict[str, Decimal]:
    """The thresholds a link asks for, by rule: a fraction for a percentage rule ("2" → 200 %). Anything that
    is not a rule or a number is ignored, as a link may be mistyped."""
    asked = {}
    for key in params:
        code = key.removeprefix(PARAM)
        if not key.startswith(PARAM) or code not in RULES:
            continue
        try:
            value = Decimal(str(params[key]))
        except (InvalidOperation, ValueError):
            continue
        if value.is_finite():
            asked[code] = value
    return asked


def rule_name(code: str) -> str:
    rule = RULES.get(code)
    return tr(rule.name, rule.name_en) if rule else code
