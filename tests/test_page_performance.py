"""pages/performance.py over the bundled report: figures, charts, the URL-kept filter, downloads, English."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from dashboard import charts, layout, performance
from dashboard.charts import STATUS_COLORS
from tests.conftest import BUNDLED, chart_specs, plotly_values

PAGE = "pages/performance.py"
DEPARTMENT = "吉林省政务服务和数字化建设服务中心"
NOT_ASSESSABLE_LINES = [424, 502, 503, 523]


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _frame(at, column: str) -> pd.DataFrame:
    """The st.dataframe that has `column`."""
    (found,) = [d.value for d in at.dataframe if column in d.value.columns]
    return found


def test_page_states_what_was_self_evaluated(app):
    at = app(PAGE)
    text = _markdown(at)
    assert "**14 个项目**" in text
    assert "**6,411.44 万元**" in text
    assert "42,293.61 万元" in text and "**15.2%**" in text
    assert "**86 项**" in text and "**82 项达标**" in text
    assert "**0 项未达标**" in text and "**4 项无法判断**" in text
    assert "达标率 **95.3%**" in text
    assert any("情况说明 十 第 750 行" in c.value for c in at.caption)


def test_projects_table_has_budget_executed_and_rate(app):
    at = app(PAGE)
    projects = _frame(at, "全年执行数（万元）")
    assert len(projects) == 14
    row = projects[projects["项目"] == "吉林省电子政务外网服务项目"].iloc[0]
    assert row["全年预算（万元）"] == pytest.approx(1436.23)
    assert row["全年执行数（万元）"] == pytest.approx(1432.94)
    assert row["执行率（%）"] == pytest.approx(99.77)
    assert projects["全年执行数（万元）"].sum() == pytest.approx(6411.44)
    assert projects[["指标数（项）", "达标（项）", "未达标（项）", "无法判断（项）"]].sum().tolist() == [86, 82, 0, 4]
    assert projects.loc[projects["编号"] == "14", "执行率（%）"].iloc[0] == pytest.approx(57.06)
    assert any("项目支出绩效自评表 第 347–625 行" in c.value for c in at.caption)


def test_every_chart_has_title_unit_subtitle_and_source(app):
    charts = chart_specs(app(PAGE))
    assert len(charts) == 3
    for spec in charts:
        title = spec["layout"]["title"]
        assert "2023" in title["text"] and ("（%）" in title["text"] or "（项）" in title["text"])
        assert title["subtitle"]["text"] == f"{DEPARTMENT} · 2023"
        assert any("项目支出绩效自评表" in a["text"] and "来源" in a["text"] for a in spec["layout"]["annotations"])


def test_status_charts_use_the_shared_status_colours(app):
    by_project, by_level = chart_specs(app(PAGE))[1:]
    for spec in (by_project, by_level):
        bars = [t for t in spec["data"] if t["type"] == "bar"]
        assert [(t["name"], t["marker"]["color"]) for t in bars] == [
            ("达标", STATUS_COLORS["met"]),
            ("未达标", STATUS_COLORS["missed"]),
            ("无法判断", STATUS_COLORS["not_assessable"]),
        ]
    met, missed, unknown = (plotly_values(t["x"]) for t in by_project["data"][:3])
    assert (sum(met), sum(missed), sum(unknown)) == (82, 0, 4)
    assert len(met) == 14
    # by level, as the report's 项目支出绩效自评表 counts them: 28 数量, 14 时效 (one not assessable), 14 质量, 6 经济成本,
    # 18 社会效益 (three not assessable), 6 服务对象满意度
    level_met, _, level_unknown = (plotly_values(t["x"]) for t in by_level["data"][:3])
    assert sorted(zip(level_met, level_unknown, strict=True)) == sorted(
        [(28, 0), (13, 1), (14, 0), (6, 0), (15, 3), (6, 0)]
    )


def test_every_labelled_bar_chart_gives_each_row_room_for_its_label_and_counts_in_whole_numbers(app):
    for spec in chart_specs(app(PAGE)):
        layout = spec["layout"]
        rows = len(spec["data"][0]["y"])
        low, high = layout["yaxis"]["range"]  # charts.label_rows: the first row on top
        per_row = (layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]) / (low - high)
        assert per_row >= 45, (layout["title"]["text"], per_row)  # the by-level chart had 32 px: labels on bars
        assert per_row * (1 - performance.BAR) >= 22  # a 12 px label, one line, and space above it
        assert rows in (6, 14)
    by_project, by_level = chart_specs(app(PAGE))[1:]
    for spec in (by_project, by_level):
        axis = spec["layout"]["xaxis"]
        assert axis["tickformat"] == ",d" and axis["tick0"] == 0 and float(axis["dtick"]).is_integer()


def test_a_few_indicators_are_counted_one_by_one():
    frame = pd.DataFrame(
        {"met": [1, 2], "missed": [0, 0], "not_assessable": [1, 0], "indicators": [2, 2], "hit_rate": [0.5, 1.0]}
    )
    chart = performance.status_chart(frame, ["01 甲", "02 乙"], ("各项目指标达标情况", "By project"), "自评表")
    axis = chart.fig.layout.xaxis
    assert (axis.dtick, axis.tick0, list(axis.range)) == (1, 0, [0, 3.0])  # 0 1 2 3, not 0 0.5 1 …
    assert chart.height == charts.rows_height(3, performance.ROW)  # one row short of three still gets three


def test_explains_how_status_is_decided(app):
    at = app(PAGE)
    (expander,) = [e for e in at.expander if "怎样判定" in e.label]
    text = "\n".join(m.value for m in expander.markdown)
    for words in ("≥ ≤ = > <", "一字不差", "无法判断", "绝不猜测", "期限"):
        assert words in text


def test_indicator_table_lists_all_86_without_a_filter(app):
    at = app(PAGE)
    table = _frame(at, "判定")
    assert len(table) == 86
    assert table["判定"].value_counts().to_dict() == {"达标": 82, "无法判断": 4}
    assert "status" not in at.query_params


def test_status_filter_from_the_url_shows_exactly_the_not_assessable(app, downloaded):
    at = app(PAGE, status="not_assessable")
    assert at.pills[0].value == ["not_assessable"]
    table = _frame(at, "判定")
    assert len(table) == 4
    assert set(table["判定"]) == {"无法判断"}
    assert table["来源行"].tolist() == NOT_ASSESSABLE_LINES
    first = table.iloc[0]
    assert first["指标（三级指标）"] == "城市信用监测排名"
    assert first["年度指标值（原文，含单位）"] == "提升城市信用监测排名"
    assert first["实际完成值（原文，含单位）"] == "提升"
    assert set(table["偏差原因及改进措施（报告原文）"]) == {"（报告未填写）"}
    assert "7*24小时" in table["年度指标值（原文，含单位）"].tolist()
    assert at.query_params["status"] == "not_assessable"
    assert any("显示 4 / 86 项指标" in c.value for c in at.caption)
    assert any("项目支出绩效自评表 第 424–523 行" in c.value for c in at.caption)

    # The download is exactly the filtered table: CSV with a BOM for Excel/WPS, and XLSX.
    csv = downloaded["绩效指标_吉林省政务服务和数字化建设服务中心_2023_not_assessable.csv"]()
    assert csv.startswith(b"\xef\xbb\xbf")
    from_csv = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str)
    assert list(from_csv.columns) == ["部门", "年度", "源文件", "源文件 SHA-256", *table.columns]
    assert set(from_csv["部门"]) == {"吉林省政务服务和数字化建设服务中心"} and set(from_csv["年度"]) == {"2023"}
    assert set(from_csv["源文件"]) == {"jilin-zwfw-szhjs-2023.md"} and len(from_csv["源文件 SHA-256"][0]) == 64
    assert from_csv["年度指标值（原文，含单位）"].tolist() == table["年度指标值（原文，含单位）"].tolist()
    xlsx = downloaded["绩效指标_吉林省政务服务和数字化建设服务中心_2023_not_assessable.xlsx"]()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["data"]
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width == 36  # 17 CJK characters, and room
    from_xlsx = pd.read_excel(io.BytesIO(xlsx))
    assert len(from_xlsx) == 4 and from_xlsx["来源行"].tolist() == NOT_ASSESSABLE_LINES
    # Money columns of the projects table carry their unit.
    projects_csv = downloaded["绩效自评项目_吉林省政务服务和数字化建设服务中心_2023.csv"]().decode("utf-8-sig")
    assert "全年执行数（万元）" in projects_csv.splitlines()[0] and "1432.94" in projects_csv


def test_status_filter_keeps_known_values_and_ignores_the_rest(app):
    at = app(PAGE, status="missed,not_assessable,bogus")
    assert at.pills[0].value == ["missed", "not_assessable"]
    assert len(_frame(at, "判定")) == 4
    assert at.query_params["status"] == "missed,not_assessable"

    at = app(PAGE, status="'; DROP TABLE perf_indicators; --")
    assert len(_frame(at, "判定")) == 86
    assert "status" not in at.query_params


def test_choosing_a_status_writes_it_to_the_url(app):
    at = app(PAGE)
    at.pills[0].set_value(["missed"]).run()
    assert not at.exception
    assert at.query_params["status"] == "missed"
    assert not [d for d in at.dataframe if "判定" in d.value.columns]  # no missed indicator in this report
    assert any("没有符合这些筛选条件的指标" in i.value for i in at.info)
    at.pills[0].set_value([]).run()
    assert "status" not in at.query_params
    assert len(_frame(at, "判定")) == 86


def test_project_filter_from_the_url(app):
    at = app(PAGE, project="02", status="met")
    table = _frame(at, "判定")
    assert len(table) == 7
    assert set(table["项目"]) == {"02 吉林省电子政务外网服务项目"}
    assert at.query_params["project"] == "02"


def test_english_labels(app):
    at = app(PAGE, lang="en", status="not_assessable")
    text = _markdown(at)
    assert "**14 projects**" in text and "**86 indicators**" in text and "**4 not assessable**" in text
    table = _frame(at, "Result")
    assert set(table["Result"]) == {"Not assessable"}
    assert "Reason for deviation (report's own words)" in table.columns
    assert at.pills[0].options == ["Met 82", "Missed 0", "Not assessable 4"]
    assert at.title[0].value == "Project performance"
    names = [t["name"] for t in chart_specs(at)[1]["data"] if t["type"] == "bar"]
    assert names == ["Met", "Missed", "Not assessable"]


def test_report_without_performance_tables_explains_itself(tmp_path_factory, monkeypatch):
    from etl.cli import main
    from tests.conftest import opener

    root = tmp_path_factory.mktemp("noperf")
    lines = BUNDLED.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(lines[:342] + lines[640:]).replace(DEPARTMENT, "吉林省无绩效局")
    (root / "raw").mkdir()
    (root / "raw" / "noperf.md").write_text(text, encoding="utf-8")
    assert main(["ingest", str(root / "raw"), "--db", str(root / "w.duckdb"), "--parquet", str(root / "pq")]) == 0

    at = opener(root / "pq", monkeypatch)(PAGE)
    assert any("没有读出“项目支出绩效自评表”" in i.value for i in at.info)
    assert not at.get("plotly_chart")


# --- the page's sentences and figures, without the page ---------------------------------------------------------

PROJECTS = pd.DataFrame(
    {
        "project_id": ["01", "02"],
        "project_name": ["外网服务", "热线"],
        "full_year_budget": [100.0, 50.0],
        "executed": [90.0, 50.0],
        "execution_rate": [0.9, 1.0],
        "indicators": [3, 1],
        "met": [2, 1],
        "missed": [1, 0],
        "not_assessable": [0, 0],
        "hit_rate": [2 / 3, 1.0],
        "source_table": "项目支出绩效自评表",
    }
)
FACTS = pd.DataFrame(
    {
        "topic": ["perf_project_count", "perf_total_amount"],
        "value": [14.0, 6411.44],
        "source_table": "情况说明 十",
        "source_line": [750, 750],
        "source_page": [None, None],
        "source_cell": [None, None],
    }
)


def test_what_was_self_evaluated_is_the_reports_statement_else_the_projects_sum():
    sentence, where = performance.evaluated(FACTS, PROJECTS, 42293.61)
    assert "**14 个项目**" in sentence and "**6,411.44 万元**" in sentence and "**15.2%**" in sentence
    assert where == "项目数与金额出自报告 情况说明 十 第 750 行；项目支出合计出自支出决算表。"
    sentence, where = performance.evaluated(FACTS.iloc[0:0], PROJECTS, None)
    assert sentence == "本部门对 **2 个项目**做了绩效自评，涉及资金 **140.00 万元**。"  # no share without a total
    assert where.startswith("报告没有写明自评项目的总金额")


def test_results_count_each_status_and_say_nothing_of_no_indicators():
    indicators = pd.DataFrame({"status": ["met", "met", "missed", "not_assessable"]})
    assert performance.counts(indicators) == {"met": 2, "missed": 1, "not_assessable": 1}
    assert performance.results(indicators).endswith("**1 项无法判断**，达标率 **50.0%**。")
    assert performance.results(indicators.iloc[0:0]) == ""


@pytest.mark.parametrize(
    "comparator, status, says",
    [
        (None, "met", "一字不差"),
        (None, "not_assessable", "不作猜测"),
        ("deadline", "met", "按完成期限比较日期"),
        ("deadline", "not_assessable", "读不出日期"),
        (">=", "met", "按“≥”比较数值"),
        ("<=", "not_assessable", "目标为“≤”一个数"),
    ],
)
def test_the_basis_of_each_result_in_plain_words(comparator, status, says):
    assert says in performance.basis(comparator, status)


def test_choosing_results_and_projects_and_naming_the_download():
    indicators = pd.DataFrame({"status": ["met", "missed", "met"], "project_id": ["01", "01", "02"]})
    assert len(performance.chosen(indicators, [], [])) == 3
    assert performance.chosen(indicators, ["met"], ["02"]).index.tolist() == [2]
    assert layout.file_name("绩效指标", "某某局", 2023) == "绩效指标_某某局_2023"
    assert layout.file_name("部门比较", None, 2023) == "部门比较_2023"  # every department's
    assert layout.file_name("报告清单", "某某局", None) == "报告清单_某某局"  # every year's
    assert (
        layout.file_name("绩效指标", "某某局", 2023, "missed", "not_assessable")
        == "绩效指标_某某局_2023_missed_not_assessable"
    )


def test_level_labels_name_a_level_the_report_leaves_unnamed():
    levels = pd.DataFrame({"level1": ["产出指标", "未标明"], "level2": ["数量指标", "未标明"]})
    assert performance.level_labels(levels) == ["产出指标 · 数量指标", "未标明 · 未标明"]


def test_the_charts_draw_one_labelled_row_a_project():
    labels = performance.project_labels(PROJECTS)
    assert labels == ["01 外网服务", "02 热线"]
    execution = performance.execution_chart(PROJECTS, labels)
    assert list(execution.fig.data[0].x) == [0.9, 1.0] and execution.unit.zh == "%"
    status = performance.status_chart(PROJECTS, labels, ("各项目指标达标情况", "Indicators by project"), "表")
    met, missed, unknown, rates = status.fig.data
    assert list(met.x) == [2, 1] and list(missed.text) == ["1", ""] and list(unknown.x) == [0, 0]
    assert list(rates.text) == [" 达标率 66.7%", " 达标率 100%"]
    assert status.height == charts.rows_height(3, performance.ROW) and status.table == "表"
