"""Judge one performance indicator: does the actual value meet the target?

A 绩效自评表 states each indicator as two texts, a target ("≥88%",
"<=2180. 66 万元", "2023 年 12 月底前", "有所提升") and an actual ("98.78%",
"965.5 万 元", "据实完成。"). `assess` reads both and says `met`, `missed`
or `not_assessable`. It never guesses: an indicator it cannot read for sure
is `not_assessable`, never `met`.

- Quantities: a comparator (≥ ≤ >= <= > < =, or 不低于 / 不超过 …, or a
  trailing 以上 / 以下 / 以内), a number and a unit as written (%, ‰, 万元,
  次, 小时, 次/年, G …). Percentages are fractions ("98.78%" → 0.9878).
  An actual in another but convertible unit (元 vs 万元, 万条 vs 亿条,
  小时 vs 天) is converted to the target's unit (compared exactly, stored to
  six places: 5 小时 is 0.208333 天); any other unit mismatch is not
  assessable. A number the store cannot hold as written (over twelve digits,
  or finer than six places as a fraction) is no quantity: not assessable.
- Dates: a target date ("2023 年 12 月 31 日", "2023 年 12 月底前",
  "12 月底前") is a deadline, met when the actual date is on or before it.
  An actual "2023 年 12 月底前" counts as the last day of that month; an
  actual month alone ("2023 年 12 月") is met only if the whole month is.
- Anything else (no comparator: "100%", "稳定运行无故障", "有所提升") is
  met only when the actual is word for word the same, else not assessable.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from etl.text import STORE_LIMIT, STORE_PLACES, compact, storable

MET = "met"
MISSED = "missed"
NOT_ASSESSABLE = "not_assessable"
DEADLINE = "deadline"


@dataclass(frozen=True)
class Assessment:
    comparator: str | None  # ">=", "<=", ">", "<", "=", "deadline", or None for a bare target
    target_value: Decimal | None  # in `unit`; fractions for % and ‰
    actual_value: Decimal | None  # converted to the target's unit
    unit: str | None  # the target's unit as written
    target_date: dt.date | None
    actual_date: dt.date | None
    status: str  # met / missed / not_assessable


# --- reading a text -----------------------------------------------------------

# Longest first: "不低于" before "低于", ">=" before ">".
_COMPARATOR_WORDS: dict[str, str] = {
    "大于等于": ">=", "小于等于": "<=", "大于或等于": ">=", "小于或等于": "<=",
    "不低于": ">=", "不少于": ">=", "不小于": ">=",
    "不高于": "<=", "不超过": "<=", "不多于": "<=", "不大于": "<=",
    ">=": ">=", "=>": ">=", "≥": ">=", "≧": ">=",
    "<=": "<=", "=<": "<=", "≤": "<=", "≦": "<=",
    "==": "=", "=": "=", ">": ">", "<": "<",
    "大于": ">", "高于": ">", "超过": ">", "多于": ">",
    "小于": "<", "低于": "<", "少于": "<",
}  # fmt: skip
_COMPARATOR = re.compile("^(" + "|".join(re.escape(w) for w in sorted(_COMPARATOR_WORDS, key=len, reverse=True)) + ")")
# "95%以上" is "≥95%", "24小时以内" is "≤24小时".
_SUFFIX = re.compile(r"(?:及以上|以上|及以下|以下|以内)$")
_SUFFIX_COMPARATOR = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<="}
_QUANTITY = re.compile(
    r"(?P<number>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?P<unit>%|‰|[A-Za-z\u4e00-\u9fff]{1,4}(?:/[A-Za-z\u4e00-\u9fff]{1,3})?)?"
)
_TRAILING_PUNCT = re.compile(r"[。．.，,；;、]+$")

_DATE_TAIL = r"(?:之前|以前|前|止)?(?:完成)?"
_DATE_CN = re.compile(
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月"
    r"(?:(?P<day>\d{1,2})[日号]|(?P<end>底|末)|(?P<within>内))?" + _DATE_TAIL
)
_DATE_ISO = re.compile(r"(?P<year>\d{4})(?P<sep>[-./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _DATE_TAIL)
_YEAR_END = re.compile(r"(?:(?P<year>\d{4})年)?年?(?:底|末)" + _DATE_TAIL)


@dataclass(frozen=True)
class _Quantity:
    comparator: str | None
    value: Decimal  # fraction for % and ‰
    unit: str  # "" when none is written


@dataclass(frozen=True)
class _Date:
    comparator: str | None
    year: int | None
    month: int
    day: int | None  # None: the whole month
    end_of_month: bool  # "12 月底" / "12 月底前": the last day


def _split_comparator(text: str) -> tuple[str | None, str] | None:
    """(comparator, rest); None when a prefix and a suffix comparator disagree."""
    comparator = None
    match = _COMPARATOR.match(text)
    if match:
        comparator = _COMPARATOR_WORDS[match.group(1)]
        text = text[match.end() :]
    suffix = _SUFFIX.search(text)
    if suffix:
        implied = _SUFFIX_COMPARATOR[suffix.group(0)]
        if comparator is None:
            comparator = implied
        elif comparator[0] != implied[0]:
            return None
        text = text[: suffix.start()]
    return comparator, text


def _read_quantity(text: str) -> _Quantity | None:
    split = _split_comparator(text)
    if split is None:
        return None
    comparator, rest = split
    match = _QUANTITY.fullmatch(rest)
    if not match:
        return None
    value = Decimal(match.group("number").replace(",", ""))
    unit = match.group("unit") or ""
    if unit == "%":
        value = value / 100
    elif unit == "‰":
        value = value / 1000
    if not storable(value):  # "≥99999999999999%" or "≤0.1234567%": no number the store could hold as written
        return None
    return _Quantity(comparator, value, unit)


def _read_date(text: str) -> _Date | None:
    split = _split_comparator(text)
    if split is None:
        return None
    comparator, rest = split
    match = _DATE_CN.fullmatch(rest)
    if match:
        year = int(match.group("year")) if match.group("year") else None
        day = int(match.group("day")) if match.group("day") else None
        end = bool(match.group("end"))
        date = _Date(comparator, year, int(match.group("month")), day, end or bool(match.group("within")))
    else:
        match = _DATE_ISO.fullmatch(rest)
        if match:
            date = _Date(
                comparator, int(match.group("year")), int(match.group("month")), int(match.group("day")), False
            )
        else:
            match = _YEAR_END.fullmatch(rest)
            if not match:
                return None
            year = int(match.group("year")) if match.group("year") else None
            date = _Date(comparator, year, 12, None, True)
    if not 1 <= date.month <= 12:
        return None
    if date.day is not None and date.day > calendar.monthrange(date.year or 2000, date.month)[1]:
        return None
    return date


def _normal(text: str) -> str:
    return _TRAILING_PUNCT.sub("", compact(text))


# --- units --------------------------------------------------------------------

_MINUTES = {"分钟": 1, "小时": 60, "天": 1440}
_MULTIPLIERS = {"亿": 100_000_000, "万": 10_000, "千": 1_000}


def _scale(unit: str) -> tuple[str, int]:
    """(base unit, factor): 万元 is (元, 10000), 天 is (minutes, 1440), 次/年 is (次/年, 1)."""
    if unit in ("%", "‰"):
        return "fraction", 1  # values are already fractions
    if unit in _MINUTES:
        return "minutes", _MINUTES[unit]
    if unit and unit[0] in _MULTIPLIERS:
        return unit[1:], _MULTIPLIERS[unit[0]]
    return unit, 1


def _convert(value: Decimal, unit: str, target_unit: str) -> Decimal | None:
    """`value` in `unit` expressed in `target_unit`, or None when they do not convert.

    Exact, for the comparison: 5 小时 is 5/24 天. What is stored is `_stored()` of it.
    """
    if unit == target_unit:
        return value
    (source, source_factor), (target, target_factor) = _scale(unit), _scale(target_unit)
    if source != target:
        return None
    return value * source_factor / target_factor


def _stored(value: Decimal | None) -> Decimal | None:
    """A converted actual as the store keeps it: to six places (5/24 天 is 0.208333), None past its range."""
    if value is None or storable(value):
        return value
    rounded = value.quantize(STORE_PLACES, ROUND_HALF_UP) if abs(value) < STORE_LIMIT else None
    return rounded if storable(rounded) else None


# --- comparing ----------------------------------------------------------------

# The set of values a text allows: (low, low_open, high, high_open), None unbounded.
Bounds = tuple[object, bool, object, bool]


def _bounds(comparator: str | None, low, high=None) -> Bounds:
    """Values allowed by `comparator` applied to the range low..high (high defaults to low)."""
    high = low if high is None else high
    if comparator == ">=":
        return (low, False, None, False)
    if comparator == ">":
        return (high, True, None, False)
    if comparator in ("<=", DEADLINE):
        return (None, False, high, False)
    if comparator == "<":
        return (None, False, low, True)
    return (low, False, high, False)  # "=" or a plain actual


def _compare(actual: Bounds, target: Bounds) -> str:
    """met when every value the actual allows meets the target; missed when none does."""
    a_low, a_low_open, a_high, a_high_open = actual
    t_low, t_low_open, t_high, t_high_open = target
    low_ok = t_low is None or (
        a_low is not None and (a_low > t_low or (a_low == t_low and (a_low_open or not t_low_open)))
    )
    high_ok = t_high is None or (
        a_high is not None and (a_high < t_high or (a_high == t_high and (a_high_open or not t_high_open)))
    )
    if low_ok and high_ok:
        return MET
    below = (
        t_low is not None
        and a_high is not None
        and (a_high < t_low or (a_high == t_low and (a_high_open or t_low_open)))
    )
    above = (
        t_high is not None
        and a_low is not None
        and (a_low > t_high or (a_low == t_high and (a_low_open or t_high_open)))
    )
    return MISSED if below or above else NOT_ASSESSABLE


def _day_range(date: _Date, year: int) -> tuple[dt.date, dt.date]:
    """First and last day a date text can mean: one day, or a whole month."""
    last = calendar.monthrange(year, date.month)[1]
    if date.day is not None:
        day = dt.date(year, date.month, date.day)
        return day, day
    if date.end_of_month:
        day = dt.date(year, date.month, last)
        return day, day
    return dt.date(year, date.month, 1), dt.date(year, date.month, last)


def _assess_dates(target: _Date, actual: _Date | None, year: int | None) -> Assessment:
    comparator = DEADLINE if target.comparator in (None, "<=") else target.comparator
    # A year-less "12 月底前" belongs to the year the other side names, else to `year`.
    actual_year = actual.year if actual else None
    known_year = target.year or actual_year or year
    # Without any year both sides are the same unnamed year: compare them in a
    # leap year, and store no date.
    target_first, target_last = _day_range(target, target.year or known_year or 2000)
    target_day = target_first if comparator in (">=", ">") else target_last
    if actual is None or actual.comparator is not None:
        status, actual_day = NOT_ASSESSABLE, None
    else:
        first, last = _day_range(actual, actual_year or known_year or 2000)
        actual_day = last if first == last else None
        status = _compare(_bounds(None, first, last), _bounds(comparator, target_first, target_last))
    stored = known_year is not None
    return Assessment(
        comparator=comparator,
        target_value=None,
        actual_value=None,
        unit=None,
        target_date=target_day if stored else None,
        actual_date=actual_day if stored else None,
        status=status,
    )


# Targets and actuals repeat across projects and reports ("100%", "有所提升"); the answer is immutable.
@lru_cache(maxsize=1 << 12)
def assess(target_text: str, actual_text: str, year: int | None = None) -> Assessment:
    """Read a target and an actual and say whether the target was met.

    `year` dates a year-less target or actual ("12 月底前") when the other
    side does not name a year either.
    """
    target_raw, actual_raw = compact(target_text), compact(actual_text)
    target, actual = _normal(target_text), _normal(actual_text)
    if not target or not actual:
        return Assessment(None, None, None, None, None, None, NOT_ASSESSABLE)
    same_words = target_raw == actual_raw

    target_date = _read_date(target)
    if target_date is not None:
        result = _assess_dates(target_date, _read_date(actual), year)
        if same_words and result.status != MET:
            return Assessment(result.comparator, None, None, None, result.target_date, result.actual_date, MET)
        return result

    quantity = _read_quantity(target)
    actual_quantity = _read_quantity(actual)
    if quantity is None:
        return Assessment(None, None, None, None, None, None, MET if same_words else NOT_ASSESSABLE)

    unit = quantity.unit or None
    actual_value = None
    if actual_quantity is not None:
        actual_value = _convert(actual_quantity.value, actual_quantity.unit, quantity.unit)
    if quantity.comparator is None:  # a bare "100%": only the very same words meet it
        status = MET if same_words else NOT_ASSESSABLE
        return Assessment(None, quantity.value, _stored(actual_value), unit, None, None, status)
    if actual_value is None:
        return Assessment(quantity.comparator, quantity.value, None, unit, None, None, NOT_ASSESSABLE)
    status = _compare(_bounds(actual_quantity.comparator, actual_value), _bounds(quantity.comparator, quantity.value))
    return Assessment(quantity.comparator, quantity.value, _stored(actual_value), unit, None, None, status)
