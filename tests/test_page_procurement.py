"""pages/procurement.py: the bundled report against the national benchmark, a ranking, and the empty states."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from dashboard import i18n, procurement
from dashboard.charts import BENCHMARK, DEPARTMENT
from dashboard.columns import frame
from dashboard.units import PERCENT, WAN
from etl.benchmarks import NATIONAL_SME
from tests.conftest import BUNDLED, chart_specs, opener, plotly_values

PAGE = "pages/procurement.py"
OURS = "吉林省政务服务和数字化建设服务中心"
PEER = "吉林省示例厅"
EMPTY = "吉林省无采购局"
SME_SENTENCE = "授予中小企业合同金额 1274.36 万元，占政府采购支出总额的 3.02%"
PROCUREMENT_LINE = "2023 年度政府采购支出总额 42198.47 万元"


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _frame(at, column: str):
    (found,) = [d.value for d in at.dataframe if column in d.value.columns]
    return found


def test_totals_and_kinds(app):
    at = app(PAGE)
    text = _markdown(at)
    assert "**42,198.47 万元（约 4.22 亿元）**" in text
    # Goods and works are both 0: a sentence, not a chart of two empty bars.
    assert "全部是**服务**采购（42,198.47 万元）；货物和工程采购都是 0。" in text


def test_sme_share_against_the_national_benchmark(app):
    at = app(PAGE)
    text = _markdown(at)
    assert (
        "本部门授予中小企业的合同金额占 **3.02%**，全国为 **74.4%**。"
        "也就是说，本部门每 100 元的采购合同，约 3 元给了中小企业；全国平均是约 74 元。" in text
    )
    assert "**13.47%**（报告写作 13%），全国为 **62.5%**" in text
    national = NATIONAL_SME[2023]
    assert any(national.source_zh in c.value and "红色是本部门" in c.value for c in at.caption)

    (spec,) = chart_specs(at)
    ours, theirs = spec["data"]
    assert (ours["name"], ours["marker"]["color"]) == ("本部门", DEPARTMENT)
    assert (theirs["name"], theirs["marker"]["color"]) == ("全国 2023 年", BENCHMARK)
    assert plotly_values(ours["y"]) == pytest.approx([1274.36 / 42198.47, 171.6 / 1274.36], abs=1e-6)
    assert plotly_values(theirs["y"]) == pytest.approx([0.744, 0.625])
    assert ours["text"] == ["本部门<br>3.02%", "本部门<br>13.47%"]
    assert theirs["text"] == ["全国<br>74.4%", "全国<br>62.5%"]
    title = spec["layout"]["title"]
    assert "2023" in title["text"] and "（%）" in title["text"]
    assert title["subtitle"]["text"] == f"{OURS} · 2023"
    (source,) = [a["text"] for a in spec["layout"]["annotations"] if "来源" in a["text"]]
    assert "情况说明 十一（二）" in source and national.source_zh in source


def test_stated_and_recomputed_shares_with_their_source_line(app):
    at = app(PAGE)
    table = _frame(at, "金额（万元）")
    amounts = dict(zip(table["项目"], table["金额（万元）"], strict=True))
    assert amounts["政府采购支出总额"] == pytest.approx(42198.47)
    assert amounts["其中：服务"] == pytest.approx(42198.47)
    assert amounts["其中：货物"] == 0 and amounts["其中：工程"] == 0
    assert amounts["授予中小企业的合同"] == pytest.approx(1274.36)
    assert amounts["其中：授予小微企业的合同"] == pytest.approx(171.6)
    sme = table[table["项目"] == "授予中小企业的合同"].iloc[0]
    assert (sme["报告所写占比（%）"], sme["按金额重算的占比（%）"]) == (pytest.approx(3.02), pytest.approx(3.02))
    small = table[table["项目"] == "其中：授予小微企业的合同"].iloc[0]
    assert (small["报告所写占比（%）"], small["按金额重算的占比（%）"]) == (pytest.approx(13), pytest.approx(13.47))
    assert set(table["来源行"]) == {760}
    assert any("情况说明 十一（二） 第 760 行" in c.value for c in at.caption)
    text = _markdown(at)
    assert "小微企业份额：报告写 13%，按金额算是 13.47%，差别在报告取整的范围内。" in text


def test_one_department_says_how_to_add_more(app):
    at = app(PAGE)
    (info,) = [i.value for i in at.info]
    assert "只有 1 个部门" in info and "看板载入更多部门的报告后" in info


def test_english(app):
    at = app(PAGE, lang="en")
    text = _markdown(at)
    assert (
        "This department awarded **3.02%** of its contract value to small and medium firms; "
        "nationally it was **74.4%**. In other words, of every 100 yuan of its contracts about 3 went to SMEs; "
        "nationally, about 74." in text
    )
    assert at.title[0].value == "Government procurement"
    (spec,) = chart_specs(at)
    assert [t["name"] for t in spec["data"]] == ["This department", "National, 2023"]
    assert spec["data"][0]["text"] == ["Dept.<br>3.02%", "Dept.<br>13.47%"]
    assert "Amount (10k yuan)" in _frame(at, "Amount (10k yuan)").columns


# --- several departments --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def several(tmp_path_factory):
    """A store with the bundled report, a peer with a higher SME share, and a report with no procurement."""
    from etl.cli import main

    root = tmp_path_factory.mktemp("several")
    raw = root / "raw"
    raw.mkdir()
    text = BUNDLED.read_text(encoding="utf-8")
    assert SME_SENTENCE in text and PROCUREMENT_LINE in text
    (raw / "ours.md").write_text(text, encoding="utf-8")
    peer_sme = "授予中小企业合同金额 30000 万元，占政府采购支出总额的 71.09%"
    peer = text.replace(OURS, PEER).replace(SME_SENTENCE, peer_sme)
    (raw / "peer.md").write_text(peer, encoding="utf-8")
    lines = [line for line in text.replace(OURS, EMPTY).splitlines(keepends=True) if PROCUREMENT_LINE not in line]
    (raw / "empty.md").write_text("".join(lines), encoding="utf-8")
    assert main(["ingest", str(raw), "--db", str(root / "w.duckdb"), "--parquet", str(root / "pq")]) == 0
    return root / "pq"


@pytest.fixture
def open_several(several, monkeypatch):
    return partial(opener(several, monkeypatch), PAGE)


def test_departments_ranked_by_sme_share(open_several):
    at = open_several(dept=OURS)
    ranking = _frame(at, "名次")
    assert ranking["部门"].tolist() == [PEER, OURS]
    assert ranking["中小企业份额（%）"].tolist() == pytest.approx([71.09, 3.02], abs=0.01)
    assert ranking["来源行"].tolist() == [760, 760]
    spec = chart_specs(at)[-1]
    assert "各部门" in spec["layout"]["title"]["text"]
    (bars,) = spec["data"]
    assert bars["marker"]["color"] == [BENCHMARK, DEPARTMENT]  # this department in its colour, peers grey
    assert any("另有 1 个部门没有可排名的份额" in c.value for c in at.caption)
    assert not [i for i in at.info if "python -m etl ingest" in i.value]


def test_peer_is_highlighted_when_chosen(open_several):
    at = open_several(dept=PEER)
    (bars,) = chart_specs(at)[-1]["data"]
    assert bars["marker"]["color"] == [DEPARTMENT, BENCHMARK]


def test_report_without_procurement_explains_itself(open_several):
    at = open_several(dept=EMPTY)
    assert any("没有读出政府采购支出的说明" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    assert not at.dataframe


def test_a_share_the_report_misstates_shows_the_etls_finding_not_the_pages_own(tmp_path, monkeypatch):
    from etl.cli import main

    slip = BUNDLED.read_text(encoding="utf-8").replace(SME_SENTENCE, SME_SENTENCE.replace("3.02%", "5.02%"))
    (report := tmp_path / "slip.md").write_text(slip, encoding="utf-8")
    assert main(["ingest", str(report), "--db", str(tmp_path / "w.duckdb"), "--parquet", str(tmp_path / "pq")]) == 0
    text = _markdown(opener(tmp_path / "pq", monkeypatch)(PAGE))
    assert "授予中小企业合同金额 1274.36 万元 占政府采购支出总额的比例按原数计算为 3.02%，报告写 5.02%。" in text
    assert "差别在报告取整的范围内" not in text


# --- the page's sentences and figures, without the page ---------------------------------------------------------

PROC = {
    "report_id": "r",
    "total": 200.0,
    "goods": 50.0,
    "works": None,  # the report names no amount for works
    "services": 150.0,
    "sme_amount": 100.0,
    "sme_share": 0.5,
    "stated_sme_share": 0.5,
    "stated_sme_share_places": 0,
    "small_micro_amount": 13.47,
    "small_micro_share_of_sme": 0.1347,
    "stated_small_micro_share": 0.13,
    "stated_small_micro_share_places": 0,
    "source_table": "情况说明 十一（二）",
    "source_line": 12,
}


def test_a_kind_the_report_leaves_out_is_said_and_two_kinds_of_zero_are_a_sentence():
    known = procurement.kinds(PROC)
    assert known == {"goods": 50.0, "services": 150.0}
    assert procurement.all_services(known) == ""
    assert procurement.unstated(known) == "报告没有写明工程采购的金额。"
    chart = procurement.kinds_chart(known, PROC["source_table"])
    (bars,) = chart.fig.data
    assert list(bars.x) == ["货物", "服务"] and list(bars.text) == ["50.00", "150.00"]
    assert (chart.unit, chart.table, chart.height) == (WAN, "情况说明 十一（二）", 380)
    services = procurement.kinds({**PROC, "goods": 0.0, "works": 0.0})
    assert procurement.all_services(services) == "全部是**服务**采购（150.00 万元）；货物和工程采购都是 0。"
    assert procurement.unstated(services) == ""


def test_a_share_is_recomputed_from_the_amounts_else_taken_as_stated():
    assert procurement.shares(PROC) == (0.5, 0.1347)
    assert procurement.shares({**PROC, "sme_share": None, "small_micro_share_of_sme": None}) == (0.5, 0.13)


def test_a_share_is_said_as_the_report_writes_it_where_that_reads_otherwise(monkeypatch):
    national = NATIONAL_SME[2023]
    assert procurement.small_said(PROC, 0.1347, national) == (
        "其中给小型、微型企业的占中小企业合同金额的 **13.47%**（报告写作 13%），全国为 **62.5%**。"
    )
    same = {**PROC, "stated_small_micro_share": 0.1347, "stated_small_micro_share_places": 2}
    assert procurement.small_said(same, 0.1347, None) == "其中给小型、微型企业的占中小企业合同金额的 **13.47%**。"
    assert procurement.small_said(PROC, None, national) == ""
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert procurement.small_said(PROC, 0.1347, None) == (
        "Of the SME amount, **13.47%** (the report says 13%) went to small and micro firms."
    )


def test_without_the_years_national_figure_the_department_stands_alone():
    chart = procurement.sme_chart(0.5, None, None, 2022, PROC["source_table"])
    (ours,) = chart.fig.data
    assert list(ours.text) == ["本部门<br>50.00%"] and chart.unit == PERCENT and chart.extra_source is None
    assert procurement.sme_said(0.5, None, 2022) == (
        "本部门授予中小企业的合同金额占 **50.00%**，也就是每 100 元的采购合同，约 50 元给了中小企业。"
        "本站还没有收录全国 2022 年的数字。"
    )
    assert "不到 1 元给了中小企业" in procurement.sme_said(0.004, None, 2022)
    assert "几乎全部给了中小企业" in procurement.sme_said(0.996, None, 2022)
    assert procurement.colours(None) == ""
    with_nation = procurement.sme_chart(0.5, 0.1347, NATIONAL_SME[2023], 2023, PROC["source_table"])
    assert [t.name for t in with_nation.fig.data] == ["本部门", "全国 2023 年"]
    assert with_nation.extra_source == f"全国：{NATIONAL_SME[2023].source_zh}"


def test_the_statements_table_puts_each_share_as_stated_beside_what_its_amounts_give():
    shown = frame(procurement.stated_cols(PROC), pd.DataFrame([PROC]))
    assert list(shown.columns) == [
        "项目",
        "金额（万元）",
        "报告所写占比（%）",
        "按金额重算的占比（%）",
        "占比的基数",
        "来源表",
        "来源行",
    ]
    rows = shown.set_index("项目")
    assert (
        rows.loc["其中：货物", "按金额重算的占比（%）"] == 25.0
        and rows.loc["其中：服务", "占比的基数"] == "政府采购支出总额"
    )
    assert pd.isna(rows.loc["其中：工程", "金额（万元）"]) and pd.isna(rows.loc["其中：工程", "按金额重算的占比（%）"])
    small = rows.loc["其中：授予小微企业的合同"]
    assert (small["报告所写占比（%）"], small["按金额重算的占比（%）"]) == (13.0, 13.47)
    assert set(shown["来源行"]) == {12}


def test_the_shares_agree_only_where_the_etl_stored_no_finding_of_them():
    def stored(check: str, message: str, table: str = PROC["source_table"]) -> pd.DataFrame:
        return pd.DataFrame([{"check": check, "message": message, "message_en": None, "source_table": table}])

    agree = [
        "中小企业份额：报告写 50%，按金额算是 50.00%，差别在报告取整的范围内。",
        "小微企业份额：报告写 13%，按金额算是 13.47%，差别在报告取整的范围内。",
    ]
    assert procurement.checked(PROC, stored("unit_slip", "别处").iloc[0:0]) == agree
    assert procurement.checked(PROC, stored("procurement_share", "占比不符")) == ["占比不符"]
    assert procurement.checked(PROC, stored("procurement_share", "别的表", "公开03表")) == agree
    assert procurement.checked(PROC, stored("procurement_sum", "分类之和不符")) == ["分类之和不符", *agree]
    assert procurement.checked(PROC, stored("unit_slip", "别的检查")) == agree
    assert procurement.checked({**PROC, "stated_sme_share": None}, stored("x", "").iloc[0:0]) == agree[1:]


RANKED = pd.DataFrame(
    {
        "report_id": ["a", "b", "c"],
        "department": ["甲厅", "乙厅", "丙厅"],
        "total": [100.0, 50.0, 10.0],
        "sme_amount": [80.0, 40.0, 1.0],
        "sme_share": [0.8, 0.8, 0.1],
        "small_micro_amount": [8.0, 4.0, None],
        "small_micro_share_of_sme": [0.1, 0.1, None],
        "source_table": "情况说明",
        "source_line": [3, 40, 500],
        "source_page": None,
        "source_cell": None,
    }
)


def test_the_ranking_gives_equal_shares_equal_rank_and_says_what_it_leaves_out():
    shown = frame(procurement.ranking_cols(RANKED), RANKED)
    assert shown["名次"].tolist() == [1, 1, 3] and shown["中小企业份额（%）"].tolist() == [80.0, 80.0, 10.0]
    assert shown["来源行"].tolist() == [3, 40, 500]
    colours, drawn, unranked = procurement.ranking_notes(RANKED, "b", loaded=5)
    assert "虚线是全国水平" in colours and drawn == ""  # three departments: every one drawn
    assert unranked.startswith("另有 2 个部门没有可排名的份额")
    assert procurement.ranking_notes(RANKED, "b", loaded=3)[2] == ""
    assert procurement.ranking_source(RANKED).endswith("（见“来源表”“来源行”两栏）。")
    cells = RANKED.assign(source_cell=["公开01表!A1", None, None])
    assert "“来源单元格”" in procurement.ranking_source(cells)


def test_the_ranking_chart_marks_the_department_shown_and_the_nation():
    chart = procurement.ranking_chart(RANKED, "b", NATIONAL_SME[2023], 2023)
    (bars,) = chart.fig.data
    assert list(bars.marker.color) == [BENCHMARK, DEPARTMENT, BENCHMARK]
    assert chart.across and chart.subtitle == "3 个部门 · 2023" and chart.unit == PERCENT
    assert [shape.x0 for shape in chart.fig.layout.shapes] == [NATIONAL_SME[2023].sme_share]
    assert not procurement.ranking_chart(RANKED, "b", None, 2022).fig.layout.shapes
    message, hint = procurement.too_few(1, 2023)
    assert "只有 1 个部门" in message and "python" not in hint


def test_the_stored_sme_flags_say_what_the_share_means_and_what_smes_are(app):
    at = app(PAGE)
    text = _markdown(at)
    assert "**中小企业份额低于全国**：授予中小企业的合同占政府采购的份额低于同年全国水平。" in text
    assert "**中小企业份额低于 30%**：授予中小企业的份额低于 30%：自 2021 年起（财库〔2020〕46号）" in text
    assert any("《中小企业划型标准规定》" in c.value for c in at.caption)
