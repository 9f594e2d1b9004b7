"""etl.indicators.assess: targets and actuals as the 绩效自评表 writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from etl.indicators import Assessment, assess

MET, MISSED, NA = "met", "missed", "not_assessable"


# (target, actual, status) — the first block is copied from the real report.
CASES = [
    (">=88%", "98.78%", MET),
    ("≥85%", "100%", MET),
    ("≤1436.23 万元", "1432.94 万元", MET),
    ("<=2180. 66 万元", "965.5 万 元", MET),
    ("<=1533.22万元", "1533.22万元", MET),
    ("≤5 次", "1 次", MET),
    ("≥10G", "11G", MET),
    ("<=72 小 时", "72 小时", MET),
    (">=1800 条", "1921 条", MET),
    ("<=3‰", "0.18‰", MET),
    (">7 亿条", "7.8 亿条", MET),
    (">=80 次/年", "88 次/年", MET),
    ("=0 次", "0 次", MET),
    ("<=3%", "3%", MET),
    ("≤5000 元", "4800 元", MET),
    ("话务坐席40个，工单坐席20个", "话务坐席40个，工单坐席20个", MET),
    ("稳定运行无故障", "稳定运行无故障", MET),
    ("有所提升", "有所提升", MET),
    ("24 小时不间断", "24 小时不间断", MET),
    ("提升城市信用监测排名", "提升", NA),
    ("7*24小时", "严格执行7*24小时全天候服务", NA),
    ("据实完成。", "资讯类问题在线解决率92.55%", NA),
    ("提供英、日、朝、 俄等 4 个语种 的信息和服务, 外文版网站点 击率逐年提升", "逐年提升", NA),
    # Hand-written variants.
    (">=95%", "90%", MISSED),
    (">95%", "95%", MISSED),
    ("<=24小时", "25小时", MISSED),
    ("=0次", "1次", MISSED),
    ("<3‰", "3‰", MISSED),
    (">=95%", "95%", MET),
    ("> = 9 5 %", "9 5 . 5 %", MET),
    ("≥95%", "≥96%", MET),  # every value the actual allows meets the target
    ("≥95%", "≤96%", NA),  # some do, some do not
    ("≥95%", "≤90%", MISSED),
    ("95%以上", "96%", MET),
    ("24小时以内", "30小时", MISSED),
    ("不低于90%", "89.9%", MISSED),
    ("不超过5次", "5次", MET),
    ("≥1,800条", "1,921条", MET),
    ("＞＝９５％", "９６％", MET),
    ("100%", "100%", MET),  # bare target: the same words
    ("100%", "100.0%", NA),  # bare target: not the same words, no guess
    ("≥95%", "约96%", NA),
    ("≥95%", "96", NA),  # no unit: not comparable
    ("≥3名", "3人", NA),  # different, non-convertible units
    ("≥80次/年", "88次", NA),
    ("≥95%", "", NA),
    ("", "96%", NA),
    ("≥95%", "已完成", NA),
]


@pytest.mark.parametrize(("target", "actual", "status"), CASES)
def test_status(target: str, actual: str, status: str) -> None:
    assert assess(target, actual).status == status


def test_split_number_and_unit() -> None:
    result = assess("<=2180. 66 万元", "965.5 万 元")
    assert result == Assessment("<=", Decimal("2180.66"), Decimal("965.5"), "万元", None, None, MET)


def test_percent_values_are_fractions() -> None:
    result = assess(">=88%", "98.78%")
    assert (result.comparator, result.target_value, result.actual_value, result.unit) == (
        ">=",
        Decimal("0.88"),
        Decimal("0.9878"),
        "%",
    )


def test_permille_values_are_fractions() -> None:
    result = assess("<=3‰", "0.18‰")
    assert (result.target_value, result.actual_value, result.unit, result.status) == (
        Decimal("0.003"),
        Decimal("0.00018"),
        "‰",
        MET,
    )


def test_percent_against_permille() -> None:
    assert assess("<=0.3%", "0.18‰").status == MET
    assert assess("<=3‰", "0.5%").status == MISSED


def test_values_are_decimal() -> None:
    result = assess(">=1800 条", "1921 条")
    assert isinstance(result.target_value, Decimal)
    assert isinstance(result.actual_value, Decimal)


@pytest.mark.parametrize(
    ("target", "actual", "value", "status"),
    [
        ("≤5000 元", "0.48 万元", Decimal("4800"), MET),
        ("≤0.5 万元", "4800 元", Decimal("0.48"), MET),
        ("≤0.5 万元", "5200 元", Decimal("0.52"), MISSED),
        (">=800万条", "0.07亿条", Decimal("700"), MISSED),
        (">7 亿条", "78000 万条", Decimal("7.8"), MET),
        ("<=24小时", "1天", Decimal("24"), MET),
        ("<=24小时", "1.5天", Decimal("36"), MISSED),
        ("<=2天", "36小时", Decimal("1.5"), MET),
    ],
)
def test_convertible_units(target: str, actual: str, value: Decimal, status: str) -> None:
    result = assess(target, actual)
    assert result.actual_value == value
    assert result.status == status
    assert result.unit == assess(target, target).unit  # the target's unit is kept


def test_bare_qualitative_target() -> None:
    result = assess("有所提升", "有所提升")
    assert result == Assessment(None, None, None, None, None, None, MET)
    assert assess("有所提升", "有所提升。").status == NA


def test_date_target_is_a_deadline() -> None:
    result = assess("2023 年 12 月 31 日", "2023 年 12 月 31 日")
    assert result.comparator == "deadline"
    assert result.target_date == dt.date(2023, 12, 31)
    assert result.actual_date == dt.date(2023, 12, 31)
    assert result.status == MET
    assert assess("2023 年 12 月 31 日", "2023年11月20日").status == MET
    assert assess("2023 年 12 月 31 日", "2024年1月5日").status == MISSED


def test_end_of_month_deadline() -> None:
    result = assess("2023 年 12 月底前", "2023 年 12 月底前")
    assert (result.comparator, result.target_date, result.actual_date, result.status) == (
        "deadline",
        dt.date(2023, 12, 31),
        dt.date(2023, 12, 31),
        MET,
    )
    assert assess("2023年6月底前", "2023年6月30日").status == MET
    assert assess("2023年6月底前", "2023年7月1日").status == MISSED
    assert assess("2023年6月底前", "2023年7月底前").status == MISSED  # counts as 7 月 31 日
    assert assess("2024年2月底前", "2024年2月29日").status == MET


def test_year_less_deadline_takes_the_actual_year() -> None:
    result = assess("12 月底前", "2023年11月5日")
    assert result.target_date == dt.date(2023, 12, 31)
    assert result.status == MET
    assert assess("12月底前", "12月底前").status == MET
    assert assess("6月底前", "7月15日").status == MISSED
    assert assess("12月底前", "12月底前", year=2023).target_date == dt.date(2023, 12, 31)
    assert assess("12月底前", "12月底前").target_date is None  # no year anywhere: none stored


def test_actual_month_must_lie_wholly_before_the_deadline() -> None:
    assert assess("2023年12月31日", "2023年12月").status == MET
    assert assess("2023年11月30日", "2023年12月").status == MISSED
    assert assess("2023年12月15日", "2023年12月").status == NA


def test_date_target_with_unreadable_actual() -> None:
    result = assess("2023年12月31日", "按时完成")
    assert result.status == NA
    assert result.target_date == dt.date(2023, 12, 31)
    assert result.actual_date is None


def test_impossible_date_is_not_a_date() -> None:
    assert assess("2023年2月30日", "2023年2月28日").status == NA


def test_comparator_without_readable_actual_keeps_the_target() -> None:
    result = assess(">=95%", "较好")
    assert (result.comparator, result.target_value, result.actual_value, result.status) == (
        ">=",
        Decimal("0.95"),
        None,
        NA,
    )


def test_conflicting_comparators_are_unreadable() -> None:
    assert assess("≥95%以下", "96%").status == NA
