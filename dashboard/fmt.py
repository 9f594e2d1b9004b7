"""Numbers as a reader wants them: thousands separators, the unit always said."""

from __future__ import annotations

import math

from dashboard.i18n import tr


def unit() -> str:
    """The store's money unit, as the reader's language says it."""
    return tr("万元", "10k yuan")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def wan(value, digits: int = 2) -> str:
    """42590.81 → "42,590.81 万元"."""
    if _missing(value):
        return "—"
    return f"{float(value):,.{digits}f} {unit()}"


def yi(value) -> str:
    """42590.81 万元 → "约 4.26 亿元" (about 426 million yuan)."""
    if _missing(value):
        return "—"
    return tr(f"约 {float(value) / 10000:,.2f} 亿元", f"≈ {float(value) / 100:,.1f} million yuan")


def money(value) -> str:
    """万元 below one 亿, 亿元 above, for headlines."""
    if _missing(value):
        return "—"
    if abs(float(value)) >= 10000:
        return f"{wan(value)}（{yi(value)}）" if tr("zh", "en") == "zh" else f"{wan(value)} ({yi(value)})"
    return wan(value)


def pct(value, digits: int = 2) -> str:
    """0.9931 → "99.31%"."""
    if _missing(value):
        return "—"
    return f"{float(value) * 100:,.{digits}f}%"


def count(value) -> str:
    return "—" if _missing(value) else f"{int(value):,}"
