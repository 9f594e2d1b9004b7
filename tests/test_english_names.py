"""English mode, completely: the template's own vocabulary (classes, levels, table names) in English on every page
that shows it, and no Chinese in chart titles, axes, legends and notes, nor in table columns, outside the fields
that stay as published (department, project and indicator names, the report's own words)."""

from __future__ import annotations

import json
import re

import pytest

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
DEPARTMENT = "吉林省政务服务和数字化建设服务中心"
# Columns that hold what stays as published: names, the report's words, its findings' figures and quotations.
PUBLISHED_COLUMNS = {
    *("Subject (as published)", "Level 1 (as published)", "Level 2 (as published)", "Source table (as published)"),
    *("Department", "Project", "Indicator", "Item measured", "Source file", "Figure stated", "The report's words"),
    *("The report's note on the subject", "Reason for deviation (report's own words)", "The report's explanation"),
    *("Target (as published, with unit)", "Actual (as published, with unit)", "Final as written in the report"),
    # findings and flags in English, quoting the report's names and words as published
    *("Finding", "Expected", "Report says", "Data check", "What stands out", "Detail"),
}
# (page, where a translated name of the template must appear)
PAGES = {
    "overview": "General public services",
    "spending": "General public services",
    "budget": "Housing provident fund",
    "performance": "Output indicators",
    "procurement": "Narrative, section 11 (2)",
    "compare": "",
    "flags": "",
    "data": "Narrative, section 5 (3)",
}


def chart_texts(spec: dict) -> list[str]:
    """Every text a chart draws: title and subtitle, axis titles and category labels, legend, annotations."""
    layout = spec["layout"]
    out = [layout["title"]["text"], layout["title"].get("subtitle", {}).get("text", "")]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis.get("title"), dict):
            out.append(axis["title"].get("text", ""))
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    for trace in spec["data"]:
        out.append(str(trace.get("name") or ""))
        for key in ("y", "labels"):
            if isinstance(trace.get(key), list):
                out += [str(v) for v in trace[key]]
    return out


def published_names(at) -> list[str]:
    """The names that stay as published on the page: the department's, and its projects' and indicators'."""
    from dashboard import queries

    sel = at.session_state["selection"]
    projects = queries.perf_projects(sel.report_id)
    names = [DEPARTMENT, *projects["project_name"], *queries.perf_indicators(sel.report_id)["name"]]
    return sorted({n for n in names if isinstance(n, str) and n}, key=len, reverse=True)  # the longest first


def without(text: str, names: list[str]) -> str:
    """`text` without the published names in it (a chart's label may break one over lines)."""
    text = text.replace("<br>", "")
    for name in names:
        text = text.replace(name, "").replace(name.replace("<", "&lt;").replace(">", "&gt;"), "")
    return text


@pytest.mark.parametrize("page", list(PAGES))
def test_an_english_page_draws_and_tabulates_no_chinese_outside_published_names(app, page):
    at = app(f"pages/{page}.py", lang="en")
    names = published_names(at)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    drawn = [text for spec in specs for text in chart_texts(spec)]
    left = [text for text in drawn if CJK.search(without(text, names))]
    assert not left, left
    for spec in specs:  # whose translation the template's names and the table's name are
        assert "OpenJuesuan's translation; no official English exists." in " ".join(chart_texts(spec))
    shown = []
    for table in at.dataframe:
        df = table.value
        if "report_id" in df.columns:  # the data page's store table as stored, under the contract's names
            assert "name_en" in df.columns and not df["name_en"].map(str).str.contains(CJK).any()
            continue
        for column in df.columns:
            assert not CJK.search(str(column)), column
            if column not in PUBLISHED_COLUMNS:
                cells = [v for v in df[column].map(str) if CJK.search(without(v, names))]
                assert not cells, (column, cells[:3])
        shown.append(df)
    if PAGES[page]:
        everything = " ".join([*drawn, *(df.to_string() for df in shown), *(c.value for c in at.caption)])
        assert PAGES[page] in everything


def test_the_spending_page_names_classes_and_economic_items_in_english(app):
    at = app("pages/spending.py", lang="en")
    specs = {
        json.loads(c.proto.spec)["layout"]["title"]["text"]: json.loads(c.proto.spec) for c in at.get("plotly_chart")
    }
    split = next(spec for title, spec in specs.items() if "Basic and project spending by class" in title)
    assert "General public<br>services" in split["data"][0]["y"]  # broken between words
    economic = next(spec for title, spec in specs.items() if "economic use" in title)
    assert "Basic salaries" in economic["data"][0]["y"] and "Office expenses" in economic["data"][1]["y"]
    table = next(t.value for t in at.dataframe if "Subject" in t.value.columns)
    row = table[table["Code"] == "2210201"].iloc[0]
    assert (row["Subject"], row["Subject (as published)"]) == ("Housing provident fund", "住房公积金")
    assert row["Source table"] == "Expenditure table (No. 03)"
    assert any("(names: OpenJuesuan's translation; no official English exists)" in c.value for c in at.caption)


def test_the_performance_page_names_indicator_levels_in_english(app):
    at = app("pages/performance.py", lang="en")
    levels = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if "by level" in json.loads(c.proto.spec)["layout"]["title"]["text"]
    )
    labels = [a["text"] for a in levels["layout"]["annotations"]]
    assert "Output indicators · Quantity" in labels and "Satisfaction indicators · Beneficiary satisfaction" in labels
    table = next(t.value for t in at.dataframe if "Level 1" in t.value.columns)
    assert set(table["Level 1"]) == {
        "Output indicators",
        "Outcome indicators",
        "Satisfaction indicators",
        "Cost indicators",
    }
    assert "产出指标" in set(table["Level 1 (as published)"])


def test_downloads_keep_the_published_names_and_add_the_english(app, downloaded):
    import io

    import pandas as pd

    app("pages/spending.py", lang="en")
    name = next(n for n in downloaded if n.startswith("spending_by_function") and n.endswith(".csv"))
    table = pd.read_csv(io.BytesIO(downloaded[name]()), encoding="utf-8-sig", dtype={"Code": str})
    row = table[table["Code"] == "201"].iloc[0]
    assert (row["Subject"], row["Subject (as published)"]) == ("General public services", "一般公共服务支出")


def test_chinese_pages_are_unchanged(app):
    at = app("pages/spending.py")
    table = next(t.value for t in at.dataframe if "科目名称" in t.value.columns)
    assert "科目名称（原文）" not in table.columns and "一般公共服务支出" in set(table["科目名称"])
    assert "公开03表 支出决算表" in set(table["来源表"])
