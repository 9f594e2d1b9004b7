"""Rankings across many departments: the charts draw both ends and the selected department, the tables all.

A store of the bundled report and 30 synthetic departments (one year) stands in for the ten thousand a
provincial bureau loads: past 21 departments a ranking chart stops drawing every bar.
"""

from __future__ import annotations

import io
import re
import shutil

import pandas as pd
import pytest

from dashboard.charts import BENCHMARK, DEPARTMENT, RANKING_ENDS
from dashboard.state import DEFAULT_DEPARTMENT as BUNDLED_DEPARTMENT
from etl.cli import main
from tests.conftest import BUNDLED, chart_specs, opener, plotly_values

SYNTHETIC = 30
DEPARTMENTS = SYNTHETIC + 1


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    raw = root / "raw"
    assert main(["synth", "--departments", str(SYNTHETIC), "--out", str(raw), "--seed", "3"]) == 0
    shutil.copy(BUNDLED, raw / BUNDLED.name)
    assert main(["ingest", str(raw), "--db", str(root / "w.duckdb"), "--parquet", str(root / "pq")]) == 0
    return root / "pq"


def _labels(bars: dict) -> list[str]:
    return [label.replace("<br>", "") for label in bars["y"]]


def _drawn(bars: dict) -> list[tuple[int, str, float | None, str]]:
    """(rank, department, value, colour) of each bar drawn, top first, read back from its "12. 部门" label."""
    drawn = []
    for label, value, colour in zip(_labels(bars), plotly_values(bars["x"]), bars["marker"]["color"], strict=True):
        if found := re.fullmatch(r"(\d+)\. (.+)", label):
            drawn.append((int(found[1]), found[2], value, colour))
    return drawn


def test_compare_draws_both_ends_and_the_selected_department_at_its_place(many, monkeypatch):
    table = opener(many, monkeypatch)("pages/compare.py").dataframe[0].value
    assert len(table) == DEPARTMENTS  # the table keeps every department
    by_total = table.sort_values("支出合计（万元）", ascending=False, kind="stable").reset_index(drop=True)
    assert by_total["支出合计（万元）"].is_unique  # so rank = position
    middle = by_total["部门"][15]  # the 16th: not among the first or last ten

    at = opener(many, monkeypatch)("pages/compare.py", dept=middle)
    (bars,) = chart_specs(at)[0]["data"]
    expected_ranks = [*range(1, RANKING_ENDS + 1), 16, *range(DEPARTMENTS - RANKING_ENDS + 1, DEPARTMENTS + 1)]
    drawn = _drawn(bars)
    assert [rank for rank, *_ in drawn] == expected_ranks
    for rank, department, value, colour in drawn:
        assert department == by_total["部门"][rank - 1]
        assert value == pytest.approx(by_total["支出合计（万元）"][rank - 1], abs=0.005)
        assert colour == (DEPARTMENT if department == middle else BENCHMARK)
    # A bare row names the ranks left out between, and how many they are.
    gaps = [label for label in _labels(bars) if "从略" in label]
    assert gaps == ["第 11–15 名（5 个，从略）", "第 17–21 名（5 个，从略）"]
    assert f"图中只显示这 {DEPARTMENTS} 个部门的前 10 名、后 10 名和所选部门" in " ".join(c.value for c in at.caption)


def test_procurement_ranking_chart_is_short_and_its_download_complete(many, monkeypatch, downloaded):
    at = opener(many, monkeypatch)("pages/procurement.py")
    ranking = next(d.value for d in at.dataframe if "名次" in d.value.columns)
    count = len(ranking)
    assert count > 2 * RANKING_ENDS + 1
    ours = ranking.index[ranking["部门"] == "吉林省政务服务和数字化建设服务中心"][0]

    spec = chart_specs(at)[-1]
    drawn = _drawn(spec["data"][0])
    shown = sorted({*range(RANKING_ENDS), *range(count - RANKING_ENDS, count), ours})
    # The chart's bars are the table's rows at both ends and ours, with the table's ranks.
    assert [(rank, department) for rank, department, *_ in drawn] == [
        (ranking["名次"][i], ranking["部门"][i]) for i in shown
    ]
    assert [colour for *_, colour in drawn].count(DEPARTMENT) == 1
    assert drawn[shown.index(ours)][3] == DEPARTMENT
    assert spec["layout"]["height"] < 1600  # was 150 + 52 px a department: 466,000 px at ten thousand

    # The download beside the table, built on the click, holds every department, ranks as shown.
    csv = pd.read_csv(io.BytesIO(downloaded["各部门中小企业份额_2023.csv"]()), encoding="utf-8-sig")
    assert csv["部门"].tolist() == ranking["部门"].tolist()
    assert csv["名次"].tolist() == ranking["名次"].tolist()
    assert csv["中小企业份额（%）"].tolist() == pytest.approx(ranking["中小企业份额（%）"].tolist())


def test_equal_values_share_a_rank():
    from dashboard.charts import places

    # Several departments award everything to SMEs: all are first, and the next is fourth, not second.
    assert places([1.0, 1.0, 1.0, 0.5, 0.5, 0.0]) == [1, 1, 1, 4, 4, 6]


def test_a_gap_of_one_rank_draws_that_rank_instead():
    from dashboard.charts import ranking

    names = [f"{n}局" for n in range(22)]
    fig, rows = ranking(names, list(range(22, 0, -1)), [str(v) for v in range(22, 0, -1)], [n == 10 for n in range(22)])
    assert rows == 22  # the top ten, the selected 11th, the bottom ten, and the 12th between them
    assert not [label for label in fig.data[0].y if "从略" in label]


def test_a_zero_share_still_shows_its_figure():
    from dashboard.charts import ranking

    fig, rows = ranking(["甲局", "乙局"], [0.5, 0.0], ["50.00%", "0.00%"], [False, True])
    assert rows == 2
    (bars,) = fig.data
    assert bars.text == ("50.00%", "0.00%")
    assert bars.textposition == ("auto", "outside")  # Plotly draws no text on a zero bar placed "auto"


def _drawn_ranks(fig) -> list[str]:
    return [label.split(".")[0] if "名" not in label else label for label in fig.data[0].y]


def test_a_tie_the_gap_would_split_is_drawn_whole():
    from dashboard.charts import ranking

    # 40 departments; the 26th to the 33rd share one value, and the bottom ten begin among them.
    values = [100 - n if not 25 <= n <= 32 else 50 for n in range(40)]
    names = [f"{n}局" for n in range(40)]
    fig, rows = ranking(names, values, [str(v) for v in values], [False] * 40)
    drawn = _drawn_ranks(fig)
    assert drawn[:10] == [str(n) for n in range(1, 11)]
    assert drawn[10] == "第 11–25 名<br>（15 个，从略）"  # ends where the tie begins
    assert drawn[11:19] == ["26"] * 8  # all eight tied, not three of them under a gap that says "–26"
    assert rows == 10 + 1 + 8 + 7


def test_a_tie_too_large_to_draw_says_it_goes_on_past_the_gap():
    from dashboard.charts import ranking

    values = [100, 99, 98, 97, 96, *[50] * 50, 5, 4, 3, 2, 1]  # fifty departments tied sixth
    fig, _ = ranking([f"{n}局" for n in range(60)], values, [str(v) for v in values], [False] * 60)
    drawn = _drawn_ranks(fig)
    gap = next(label for label in drawn if "从略" in label)
    assert gap == "第 6 名<br>（40 个，从略）<br>与上一行并列<br>与下一行并列"
    assert drawn.index(gap) == 10 and drawn[9] == drawn[11] == "6"


def test_a_long_department_name_takes_two_lines_beside_its_bar_not_three():
    from dashboard.charts import ranking

    fig, _ = ranking(["吉林省政务服务和数字化建设服务中心", "乙局"], [2, 1], ["2", "1"], [True, False])
    assert fig.data[0].y[0] == "1. 吉林省政务服务<br>和数字化建设服务中心"


def test_past_a_few_hundred_departments_the_picker_is_a_search(many, monkeypatch):
    from dashboard import state

    monkeypatch.setattr(state, "LISTED", 10)  # 31 departments: past it
    at = opener(many, monkeypatch)(dept=BUNDLED_DEPARTMENT)  # the home page, as the link opens it
    (picker,) = [s for s in at.selectbox if s.key == state.DEPT_KEY]
    assert picker.options == [BUNDLED_DEPARTMENT]  # nothing typed: the chosen one alone, not all 31
    at.text_input(key=state.FIND_KEY).input("文化广电").run()
    (picker,) = [s for s in at.selectbox if s.key == state.DEPT_KEY]
    found = picker.options[1:]
    assert found and all("文化广电" in name for name in found) and len(found) <= state.FOUND
    picker.select(found[0]).run()
    assert not at.exception
    assert at.query_params["dept"] == found[0]
    assert found[0] in at.title[0].value or any(found[0] in m.value for m in at.markdown)


def test_a_few_departments_are_listed_whole(many, monkeypatch):
    from dashboard import state

    at = opener(many, monkeypatch)()
    (picker,) = [s for s in at.selectbox if s.key == state.DEPT_KEY]
    assert len(picker.options) == DEPARTMENTS and not [t for t in at.text_input if t.key == state.FIND_KEY]


def test_the_departments_and_reports_are_counted_from_the_manifest_not_by_reading_every_name(many, monkeypatch):
    import json

    from dashboard import queries
    from etl.load import MANIFEST

    manifest = json.loads((many / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["departments"] == DEPARTMENTS
    assert manifest["shown"] == {"2023": DEPARTMENTS}  # the synthetic reports are of the bundled one's year
    monkeypatch.setenv("OPENJUESUAN_PARQUET", str(many))  # outside a run: the store's current version

    def no_query(*args):
        raise AssertionError("queried")

    monkeypatch.setattr(queries, "run", no_query)
    assert queries.department_count() == DEPARTMENTS
    assert (queries.report_count(), queries.report_count(2023), queries.report_count(2019)) == (DEPARTMENTS,) * 2 + (0,)


@pytest.mark.parametrize("typed, found", [("%", []), ("' OR 1=1 --", []), ("_", []), ("文化广电", "文化广电")])
def test_the_department_search_matches_what_was_typed_literally(many, monkeypatch, typed, found):
    from dashboard import state

    monkeypatch.setattr(state, "LISTED", 10)
    at = opener(many, monkeypatch)(dept=BUNDLED_DEPARTMENT)
    at.text_input(key=state.FIND_KEY).input(typed).run()
    (picker,) = [s for s in at.selectbox if s.key == state.DEPT_KEY]
    assert picker.options[0] == BUNDLED_DEPARTMENT
    if found:
        assert picker.options[1:] and all(found in name for name in picker.options[1:])
    else:
        assert picker.options == [BUNDLED_DEPARTMENT]


def test_without_the_usual_department_a_plain_link_opens_the_first_by_name(many, monkeypatch):
    from dashboard import state

    monkeypatch.setattr(state, "DEFAULT_DEPARTMENT", "不在库中的部门")
    at = opener(many, monkeypatch)()
    names = sorted(pd.read_parquet(many / "reports", columns=["department"])["department"])
    assert at.session_state["selection"].department == names[0]


def test_past_a_few_hundred_the_flags_department_filter_is_a_search_too(many, monkeypatch):
    from dashboard import state

    monkeypatch.setattr(state, "LISTED", 10)
    names = sorted(set(pd.read_parquet(many / "reports", columns=["department"])["department"]))
    linked = next(name for name in names if name != BUNDLED_DEPARTMENT)
    at = opener(many, monkeypatch)("pages/flags.py", dept=BUNDLED_DEPARTMENT, depts=f"{linked},没有这个部门")
    (chooser,) = [m for m in at.multiselect if m.key == "flags-depts"]
    # the link's department and the visitor's own, not all 31 (the unknown name is dropped)
    assert chooser.options == [linked, BUNDLED_DEPARTMENT] and chooser.value == [linked]
    at.text_input(key="flags-find").input("文化广电").run()
    (chooser,) = [m for m in at.multiselect if m.key == "flags-depts"]
    assert chooser.value == [linked] and all("文化广电" in name for name in chooser.options[2:]) and chooser.options[2:]


def test_the_ranking_is_read_highest_share_first_in_the_order_the_load_wrote_it(many, monkeypatch):
    from dashboard import queries

    monkeypatch.setenv("OPENJUESUAN_PARQUET", str(many))
    queries._query.clear()
    ranked = queries.procurement_ranking(2023)  # its SQL has no ORDER BY: the file's order is the page's
    shares = ranked["sme_share"].tolist()
    assert len(shares) > 10 and shares == sorted(shares, reverse=True)
    tied = ranked.groupby("sme_share", sort=False)["department"].apply(list)
    assert all(names == sorted(names) for names in tied)  # equal shares by name
