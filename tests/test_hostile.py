"""Hostile input: a report whose names and texts carry HTML, script, Markdown links and SQL, and hostile URLs.

The report is the bundled one with its department name, two project names,
indicator texts, a reason sentence, a glossary entry, one table cell and the
file name replaced by attacks. It is loaded with the command line into a
temporary store, and every page of the dashboard is run over it (AppTest).

- The store keeps the SQL text verbatim (it only ever travels as a bound
  parameter), and every table is still there afterwards.
- No element that renders Markdown (st.markdown, captions, titles, alerts,
  toasts, expander and tab labels, metric labels and help, widget labels and
  help, radio options) shows a raw `<script`/`<img` tag, an active
  `[...](javascript:...)` link or live `**bold**` from the report: report text
  must reach Markdown escaped (dashboard.layout.md), or be shown in a
  dataframe, st.text, st.code or a selectbox, which render no Markdown.
- No Plotly chart carries a live `<a href>` or `<b>` from the report (Plotly
  draws unknown tags such as `<script>` as text, but makes those two a link
  and bold): report text in chart labels must be HTML-escaped.
- URL query parameters with SQL or unknown values fall back to defaults with a
  notice, never an error, and the notice itself does not render the URL's text;
  hostile text typed into the data page's search box is only searched for.

The ETL removes HTML tags from cells (they are conversion artefacts: "<p>"),
so a store built from the report holds no `<script>`. The page sweep runs on a
second store, loaded by the same command line with that tag stripping switched
off, so the dashboard is tested on raw tags as a future PDF/HTML reader might
deliver them: it must not depend on the ETL for its safety.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from google.protobuf.message import Message

import etl.text
from etl.cli import main
from etl.model import TABLES
from tests.conftest import BUNDLED, opener

DEPARTMENT = "吉林省政务服务和数字化建设服务中心"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[点我](javascript:alert(1))"
BOLD = "**bold**"
SQL = "'; DROP TABLE reports; --"
# Tags Plotly does interpret in chart labels (it shows <script> and <img> as text, but makes <a href> a link).
ANCHOR = '<a href="https://example.com">官方更正</a>'
BOLD_TAG = "<b>粗体</b>"
# The department name has no spaces: the cover line is read with its spaces removed (PDF converters split words).
HOSTILE_DEPARTMENT = f"示例局{SCRIPT}{BOLD_TAG}{LINK}{BOLD}';DROP/**/TABLE/**/reports;--"
PROJECT = f"外网项目{SCRIPT} {ANCHOR} {LINK} {BOLD} {SQL}"
PROJECT_2 = f"{IMG}宣传经费 {SQL}"
INDICATOR = f"工单派发准确率{SCRIPT}"
INDICATOR_TEXT = LINK  # as target and actual: word for word the same, so "met"
REASON = f"{BOLD} {IMG} '; DROP TABLE perf_indicators; --"
FILE_NAME = f"hostile-{IMG}{LINK}.md"
PAGES = [
    "pages/overview.py",
    "pages/spending.py",
    "pages/budget.py",
    "pages/performance.py",
    "pages/procurement.py",
    "pages/compare.py",
    "pages/flags.py",
    "pages/data.py",
]

# Report text, unescaped, in a string that Markdown renders. "(?<!\\)" means: not escaped with a backslash.
RAW_MARKUP = {
    "raw <script> tag": re.compile(r"(?<!\\)<\s*script", re.I),
    "raw <img> tag": re.compile(r"(?<!\\)<\s*img", re.I),
    "active link": re.compile(r"(?<!\\)\]\s*(?<!\\)\(\s*(javascript|https://example\.com)", re.I),
    "live **bold** from the report": re.compile(r"(?<!\\)\*(?<!\\)\*bold"),
}


def hostile_text() -> str:
    text = BUNDLED.read_text(encoding="utf-8")
    replacements = [
        (DEPARTMENT, HOSTILE_DEPARTMENT, 30),
        ("| 项目名称 | 吉林省电子政务外网服务项目 |", f"| 项目名称 | {PROJECT} |", 1),
        ("| 项目名称 | 政府网站网上宣传经费 |", f"| 项目名称 | {PROJECT_2} |", 1),
        (
            "| | | 质量指标 | 工单派发准确率 | >=95% | 100% | |",
            f"| | | 质量指标 | {INDICATOR} | {INDICATOR_TEXT} | {INDICATOR_TEXT} | {REASON} |",
            1,
        ),
        (
            "| | 质量指标 | 广域网链路带宽 | ≥10G | 11G | | |",
            f"| | 质量指标 | 广域网链路带宽 | {IMG} | {SCRIPT} | | |",
            1,
        ),
        ("含当年追加的住房公积金经费。", f"含当年追加的住房公积金经费{SCRIPT}{LINK}{BOLD}。", 1),
        ("五、**基本支出**：指单位", f"五、**基本支出**：指单位{SCRIPT}{LINK}{BOLD}", 1),
        (
            "| 2101102 | 事业单位医疗 | 8.18 | 8.18 | 8.18 | | |",
            f"| 2101102 | 事业单位医疗 | 8.18 | 8.18 | 8.18 | {LINK} | |",
            1,
        ),
    ]
    for old, new, count in replacements:
        assert text.count(old) == count, old
        text = text.replace(old, new)
    return text


def ingest(root: Path) -> tuple[Path, Path, int]:
    source = root / "raw" / FILE_NAME
    source.parent.mkdir(parents=True)
    source.write_text(hostile_text(), encoding="utf-8")
    db, parquet = root / "warehouse.duckdb", root / "parquet"
    code = main(["ingest", str(source), "--db", str(db), "--parquet", str(parquet)])
    return db, parquet, code


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """The hostile report loaded as the ETL loads it (HTML tags in cells removed)."""
    db, parquet, code = ingest(tmp_path_factory.mktemp("hostile"))
    assert code == 0
    return db, parquet


@pytest.fixture(scope="module")
def raw_store(tmp_path_factory):
    """The same report loaded with HTML tag stripping switched off: raw <script> and <img> reach the store."""
    clear = (etl.text.clean.cache_clear, etl.text.compact.cache_clear)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(etl.text, "_TAG", re.compile(r"(?!)"))
        for c in clear:
            c()
        try:
            db, parquet, code = ingest(tmp_path_factory.mktemp("hostile-raw"))
        finally:
            for c in clear:
                c()
    assert code == 0
    return db, parquet


def query(db: Path, sql: str, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


# --------------------------------------------------------------------------- the store


def test_sql_in_report_text_is_stored_verbatim_and_every_table_survives(hostile_store):
    db, parquet = hostile_store
    names = dict(query(db, "SELECT project_id, project_name FROM perf_projects"))
    assert names["02"] == f"外网项目alert(1)官方更正{LINK} {BOLD} {SQL}"  # the tags removed, the rest verbatim
    assert names["13"] == f"宣传经费{SQL}"  # a space next to Chinese is a conversion artefact; SQL kept as is
    (department,) = query(db, "SELECT department FROM reports")
    assert department == (f"示例局alert(1)粗体{LINK}{BOLD}';DROP/**/TABLE/**/reports;--",)
    (reason,) = query(db, "SELECT deviation_reason FROM perf_indicators WHERE name = ?", "工单派发准确率alert(1)")
    assert reason == ("**bold** '; DROP TABLE perf_indicators; --",)
    assert query(
        db, "SELECT target_text, actual_text, status FROM perf_indicators WHERE name = ?", INDICATOR[:7] + "alert(1)"
    ) == [(LINK, LINK, "met")]
    assert query(db, "SELECT source_file FROM reports") == [(FILE_NAME,)]
    tables = {row[0] for row in query(db, "SELECT table_name FROM information_schema.tables")}
    assert set(TABLES) <= tables
    for table in TABLES:
        assert (parquet / table / "year=2023" / "data.parquet").exists(), table
    # The figures are the bundled report's: the attack changed no number.
    assert query(db, "SELECT total::VARCHAR FROM spending_by_function WHERE code = '201'") == [("42557.120000",)]
    assert query(db, "SELECT count(*), sum(executed)::VARCHAR FROM perf_projects") == [(14, "6411.440000")]


def test_names_lose_their_html_tags_but_findings_quote_the_source_as_written(hostile_store):
    """So the store does hold raw tags — in findings' quotes — and the dashboard must escape what it shows."""
    db, _ = hostile_store
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR'"
        ).fetchall()
        leaks = {
            (table, column)
            for table, column in columns
            if table in TABLES
            and con.execute(f"SELECT count(*) FROM {table} WHERE \"{column}\" ILIKE '%<script%'").fetchone()[0]
        }
    finally:
        con.close()
    assert leaks == {("quality_checks", "message"), ("quality_checks", "message_en"), ("quality_checks", "actual")}


def test_the_raw_store_really_holds_raw_tags(raw_store):
    db, _ = raw_store
    (department,) = query(db, "SELECT department FROM reports")
    assert SCRIPT in department[0] and LINK in department[0]
    names = {row[0] for row in query(db, "SELECT project_name FROM perf_projects")}
    assert PROJECT in names and f"{IMG}宣传经费{SQL}" in names


# --------------------------------------------------------------------------- the pages


def _strings(message: Message, path: str = ""):
    """(field path, text) for every string in a protobuf message, however deep."""
    for field, value in message.ListFields():
        repeated = not isinstance(value, str | bytes | Message | int | float | bool)
        for i, item in enumerate(value if repeated else [value]):
            where = f"{path}.{field.name}" + (f"[{i}]" if repeated else "")
            if isinstance(item, Message):
                yield from _strings(item, where)
            elif isinstance(item, str):
                yield where, item


# Elements and fields whose text is not rendered as Markdown: tables, code, plain text, data, the option lists
# of selectbox and multiselect (radio options and pills/segmented-control options do render Markdown).
_PLAIN_ELEMENTS = {
    "arrow_data_frame",
    "dataframe",
    "code",
    "text",
    "json",
    "download_button",
    "plotly_chart",
    "vega_lite_chart",
}
_PLAIN_FIELDS = re.compile(
    r"\.(options|default|default_value|value|raw_value|raw_values|form_id|id|data|spec|url|page|page_script_hash|"
    r"query_string|theme|selections|placeholder|file_name|mime|icon|type|args|kwargs|key|"
    r"query_params.*|column_config.*|format|dtype|bdata)(\[\d+\])?$"
)
_MARKDOWN_OPTIONS = {"radio"}


def rendered_markdown(at) -> list[tuple[str, str, str]]:
    """(element type, field, text) of every string on the page that Streamlit renders as Markdown."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", type(node).__name__)
        if isinstance(proto, Message) and kind not in _PLAIN_ELEMENTS:
            for where, text in _strings(proto):
                if not _PLAIN_FIELDS.search(where) or (kind in _MARKDOWN_OPTIONS and ".options[" in where):
                    out.append((kind, where, text))
        children = getattr(node, "children", {})
        for child in children.values() if isinstance(children, dict) else children:
            walk(child)

    walk(at._tree)
    return out


def chart_texts(at) -> list[tuple[str, str]]:
    """(path, text) of every string in every Plotly figure on the page (its JSON spec)."""
    out: list[tuple[str, str]] = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, str):
            out.append((path, value))

    for chart in at.get("plotly_chart"):
        walk(json.loads(chart.proto.spec), "")
    return out


def unescaped(at) -> list[str]:
    problems = []
    for kind, where, text in rendered_markdown(at):
        for what, pattern in RAW_MARKUP.items():
            if pattern.search(text):
                problems.append(f"{kind}{where}: {what}: {text[:160]!r}")
    for where, text in chart_texts(at):
        for tag in (ANCHOR[:30], BOLD_TAG):  # as the raw store holds them: a live link, live bold in the chart
            if tag in text:
                problems.append(f"plotly_chart{where}: raw {tag[:2]}…> tag from the report: {text[:160]!r}")
    return problems


@pytest.fixture
def open_bundled(store, monkeypatch):
    """Pages over the bundled report only: whatever markup shows up came from the URL."""
    return opener(store[1], monkeypatch, check=False)


@pytest.mark.parametrize(
    "which, lang",
    [("hostile_store", "zh"), ("raw_store", "zh"), ("raw_store", "en")],
    ids=["as-loaded", "raw-tags", "raw-tags-en"],
)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_report_text_as_plain_text(request, monkeypatch, page, which, lang):
    db, parquet = request.getfixturevalue(which)
    department = query(db, "SELECT department FROM reports")[0][0]
    at = opener(parquet, monkeypatch, check=False)(page, dept=department, year="2023", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["selection"].department == department  # the link opened the hostile report
    assert unescaped(at) == []
    # The department is on the page — escaped, not dropped.
    texts = [text for _, _, text in rendered_markdown(at)]
    assert any("示例局" in t and r"\[点我\]" in t for t in texts), "the department name is not shown escaped"


def notices(at) -> list[str]:
    """What the page says about unusable values in the link (st.info or st.toast)."""
    return [e.value for e in [*at.info, *at.toast] if "链接中" in e.value or "in the link" in e.value]


@pytest.mark.parametrize(
    "params, noticed",
    [
        ({"dept": "' OR 1=1 --", "year": "abc", "lang": "xx", "status": SCRIPT}, 2),
        ({"dept": "x' UNION SELECT source_sha256 FROM reports --", "year": "2023 OR 1=1"}, 2),
        ({"dept": SCRIPT, "year": "2023; DROP TABLE reports"}, 2),
        ({"dept": LINK, "year": "-1"}, 2),
        ({"dept": f"[官方更正](https://example.com){BOLD}{IMG}", "year": "99999999999999999999"}, 2),
        ({"year": "²"}, 1),  # "²".isdigit() is true, int("²") fails
        ({"lang": "en", "year": "1900"}, 1),
    ],
    ids=["sql-or", "sql-union", "script-dept", "link-dept", "img-dept", "superscript-year", "unknown-year"],
)
def test_hostile_url_parameters_fall_back_to_defaults_with_a_notice(open_bundled, params, noticed):
    at = open_bundled(None, **params)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    selection = at.session_state["selection"]
    assert (selection.department, selection.year) == (DEPARTMENT, 2023)  # the default: the only report loaded
    assert selection.lang == params.get("lang", "zh").replace("xx", "zh")
    assert at.query_params["dept"] == DEPARTMENT and at.query_params["year"] == "2023"
    assert len(notices(at)) == noticed, notices(at)
    assert unescaped(at) == []


@pytest.mark.parametrize("page", [*PAGES, "pages/check.py"])
def test_hostile_url_parameters_on_every_page(open_bundled, page):
    at = open_bundled(page, dept="' OR 1=1 --", year="abc", lang="xx", status=SCRIPT, project=SQL)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["selection"].department == DEPARTMENT
    assert unescaped(at) == []


@pytest.mark.parametrize(
    "text",
    [SQL, "%", "_", ".*", "nan", "-inf", "1e309", "９９.９９％", SCRIPT, LINK, "\\", "'", '"', "\u202e42"],
)
def test_hostile_text_in_the_find_a_figure_box_is_only_searched_for(open_bundled, text):
    at = open_bundled("pages/data.py")
    at.text_input(key="data-find").input(text).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert unescaped(at) == []
