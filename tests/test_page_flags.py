"""值得关注: the stored flags of every department of the year, filtered and thresholded by the link."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from dashboard import flags

PAGE = "pages/flags.py"


def table(at):
    (found,) = [d.value for d in at.dataframe if "测量值" in d.value.columns]
    return found


def test_every_tripped_flag_of_the_year_with_what_it_was_measured_against(app):
    at = app(PAGE)
    assert at.title[0].value == "值得关注"
    rows = table(at)
    assert len(rows) == 33  # 3 + 1 budget, 2 SME, 17 soft targets, 7 admissions, 1 + 1 execution, 1 coverage
    sme = rows[rows["问题"] == "中小企业份额低于全国"].iloc[0]
    assert (sme["测量值"], sme["比较的标准"]) == ("3.02%", "74.40%")
    assert "财政部《2023年全国政府采购简要情况》" in sme["详情"] and int(sme["来源行"]) == 760
    total = rows[rows["所量的项"] == "一般公共预算财政拨款支出"].iloc[0]
    assert (total["测量值"], total["比较的标准"]) == ("639.93%", "150.00%")
    assert set(rows["源文件"]) == {"jilin-zwfw-szhjs-2023.md"}
    assert [b.proto.label for b in at.get("download_button")] == ["下载 CSV", "下载 XLSX"]


def test_a_link_asks_for_another_threshold_and_one_question(app):
    rows = table(app(PAGE, t_over_initial_budget="7", flag="over_initial_budget"))
    # 639.93 % and 634.61 % are under 700 %; 事业运行's 458,400 % is not
    assert list(rows["所量的项"]) == ["事业运行"] and list(rows["比较的标准"]) == ["700.00%"]


def test_nothing_chosen_says_so(app):
    at = app(PAGE, depts="没有这个部门")
    assert len(table(at)) == 33  # an unknown department in the link is ignored
    at = app(PAGE, t_sme_below_reserved="0.01", flag="sme_below_reserved")
    assert not at.dataframe and any("没有符合所选条件的数字" in i.value for i in at.info)


def test_thresholds_in_a_link_that_are_not_numbers_or_rules_are_ignored():
    asked = flags.thresholds_from({"t_over_initial_budget": "2", "t_nope": "1", "t_low_execution": "x", "dept": "y"})
    assert asked == {"over_initial_budget": Decimal("2")}
    assert flags.thresholds_from({"t_low_execution": "nan"}) == {}
    assert (flags.shown(Decimal("6.399263"), "%"), flags.shown(Decimal("468.9"), "万元"), flags.shown(3, "条")) == (
        "639.93%",
        "468.90 万元",
        "3 条",
    )


def test_the_filters_and_the_cap_are_the_querys_so_a_provinces_year_is_never_fetched_whole(app):
    app(PAGE)
    from dashboard import queries

    every = queries.flags_across(2023)
    assert queries.flags_counted(2023) == (33, 1) == (len(every), every["department"].nunique())
    first = queries.flags_across(2023, limit=5)
    assert first.equals(every.head(5))  # the first five by department and line, not any five
    assert queries.flags_counted(2023, {"over_initial_budget": 7}, ("over_initial_budget",)) == (1, 1)
    assert queries.flags_counted(2023, departments=("上海市普陀区财政局",)) == (0, 0)  # none of its flags are 2023's


def test_the_rows_the_load_wrote_out_are_the_flags_judged_again_at_the_default_thresholds(app):
    """The page reads the tripped flags the load wrote out (etl.derived: tripped_flags) unless a link asks for
    other thresholds; asked for the defaults themselves, it judges every flag again: the same rows."""
    app(PAGE)
    from dashboard import queries
    from etl.flags import RULES

    written = queries.flags_across(2023)
    # sme_below_national's threshold is each year's national share, stored with each row, not the rule's
    defaults = {code: rule.threshold for code, rule in RULES.items() if code != "sme_below_national"}
    judged = queries.flags_across(2023, defaults)
    assert len(written) == 33
    pd.testing.assert_frame_equal(written, judged)
