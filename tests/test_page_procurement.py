"""pages/procurement.py: the bundled report against the national benchmark, a ranking, and the empty states."""

from __future__ import annotations

from functools import partial

import pytest

from dashboard.benchmarks import NATIONAL_SME
from dashboard.charts import BENCHMARK, DEPARTMENT
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
    assert "本部门授予中小企业的合同金额占 **3.02%**，全国为 **74.4%**。" in text
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
    assert "只有 1 个部门" in info and "python -m etl ingest 路径/报告.md" in info


def test_english(app):
    at = app(PAGE, lang="en")
    text = _markdown(at)
    assert (
        "This department awarded **3.02%** of its contract value to small and medium firms; "
        "nationally it was **74.4%**." in text
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
