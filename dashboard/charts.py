"""One family of charts: the same fonts, colours, title block, source line and PNG export.

An official pastes a chart into a slide with nothing else around it, so the
image itself must say what it shows, for whom, when, in which unit and from
which report table. `finish()` returns the figure with all of that in it; `show()`
renders it with Plotly's own PNG export at twice the screen resolution.
"""

from __future__ import annotations

import html
import itertools
import math
import re
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from dashboard.fmt import missing, unit
from dashboard.i18n import TRANSLATED_BY, source, tr
from dashboard.state import current
from dashboard.units import Unit

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"

# The same meaning has the same colour on every page.
BASIC = "#4C78A8"  # 基本支出
PROJECT = "#F58518"  # 项目支出
PERSONNEL = "#54A24B"  # 人员经费
PUBLIC_COSTS = "#B279A2"  # 公用经费
BUDGET = "#9D9DA1"  # 年初预算 / 预算数
FINAL = "#1F5F8B"  # 决算
DEPARTMENT = "#E45756"  # this department, beside a benchmark
BENCHMARK = "#9D9DA1"  # national or peer figure
STATUS_COLORS = {"met": "#2E8540", "missed": "#C0392B", "not_assessable": "#9D9DA1"}

_EXPORT_SCALE = 2

# The title block, in pixels from the top of the figure (title 16 px, subtitle and legend 12 px).
# It starts under a band for Plotly's toolbar, which touch screens show at all times over the top right.
_MODEBAR = 26
_SUBTITLE_BOTTOM = 59 + _MODEBAR  # under a one-line title
_TITLE_LINE, _SUBTITLE_LINE, _GAP = 21, 17, 8
_LEGEND_ROW = 43  # a legend's row; a legend wrapped to more (on a phone) grows the top margin itself
# The least margin at the sides.
_MARGIN = 10
# The source line sits this far below the plot, under the axis title; each of its lines takes 16 px.
_SOURCE_OFFSET, _SOURCE_LINE = 70, 16
# The margins of a one-line title over a two-line source: what a chart's `height` is given for.
_PLAIN_TOP, _PLAIN_BOTTOM = _SUBTITLE_BOTTOM + _GAP + _LEGEND_ROW, _SOURCE_OFFSET + 8 + 2 * _SOURCE_LINE


@dataclass(frozen=True)
class Chart:
    """A figure with what `finish` writes around it: what it shows ("支出按功能分类" / "Spending by function")
    in which unit, the report table it comes from, and the height its rows need."""

    fig: go.Figure
    zh: str
    en: str
    unit: Unit
    table: str
    height: int
    title: str | None = None  # instead of what it shows with the year and unit (units.title)
    subtitle: str | None = None  # instead of the department and year
    across: bool = False  # a chart of every department: the source is each one's report
    extra_source: str | None = None  # say, a national benchmark's


def source_line(department: str | None, year: int, table: str) -> str:
    """Which report and table a chart comes from; `department=None` for a chart across departments.

    Two lines, so the source fits a phone-width chart and is never cut off; in English a third says whose
    translation the table's name and the template's names on the chart are.
    """
    # Plotly renders <b>, <a href> and friends in text: report-provided names go in escaped.
    # A table's English name runs to 77 letters: broken between words to stay within a phone's width.
    table = "<br>".join(html.escape(line) for line in textwrap.wrap(source(table), 56) or [""])
    translated = f"<br>{TRANSLATED_BY}"
    if department is None:
        return tr(
            f"来源：各部门 {year} 年度部门决算<br>{table}",
            f"Source: each department's {year} final accounts,<br>{table}{translated}",
        )
    department = html.escape(department)
    return tr(
        f"来源：{department} {year} 年度部门决算<br>{table}",
        f"Source: {department}, {year} final accounts,<br>{table}{translated}",
    )


def subtitle(department: str, year: int) -> str:
    """The line under every chart title: whose figures, which year (the name escaped for Plotly)."""
    return f"{html.escape(department)} · {year}"


def finish(
    fig: go.Figure,
    title: str,
    subtitle: str,
    source: str,
    height: int = 420,
    extra_source: str | None = None,
) -> go.Figure:
    """Title (with unit) and subtitle (department · year) on top, then the legend, source underneath, no clutter.

    The margins are measured from the text: each `<br>` in the title or subtitle moves the legend and
    the plot down a line; `extra_source` (say, a national benchmark's source) goes under the main source,
    and the bottom margin holds every line of both. `height` is for a one-line title and a two-line
    source: the figure grows by any line more, so the plot keeps its size in either language.
    """
    if extra_source:
        source = f"{source}<br>{extra_source}"
    title_breaks, subtitle_breaks, source_lines = title.count("<br>"), subtitle.count("<br>"), 1 + source.count("<br>")
    legend_top = _SUBTITLE_BOTTOM + _TITLE_LINE * title_breaks + _SUBTITLE_LINE * subtitle_breaks + _GAP
    # A legend's row is kept free even without a legend, so the plots of a page start at the same height
    # and a label drawn above the plot (a reference line's) stays clear of the subtitle. A legend that
    # needs more rows on a phone pushes the plot down itself (Plotly grows the margin to fit it).
    top = legend_top + _LEGEND_ROW
    bottom = _SOURCE_OFFSET + 8 + _SOURCE_LINE * source_lines
    height += top - _PLAIN_TOP + max(bottom - _PLAIN_BOTTOM, 0)
    # Assembled as plain data and validated once, as the figure is built anew: plotly's update_layout
    # parses and checks each nested key on every call, 25 ms a chart of a page's script for these few lines.
    figure = fig.to_dict()
    layout = figure["layout"]
    _merge(
        layout,
        {
            "title": {
                "text": f"<b>{title}</b>",
                "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#5d6d7e"}},
                "x": 0,
                "xanchor": "left",
                "xref": "container",
                "y": 1,
                "yanchor": "top",
                "yref": "container",
                # Plotly lifts a title of several lines by about half a line, out of the figure: put it back.
                "pad": {"l": 10, "t": 12 + _MODEBAR + (_TITLE_LINE // 2 + 1 if title_breaks else 0)},
                "font": {"size": 16},
            },
            "font": {"family": FONT, "size": 12, "color": "#1c2833"},
            "height": height,
            "margin": {
                "l": _left_margin(layout, fig.data),
                "r": _right_margin(layout, fig.data),
                "t": top,
                "b": bottom,
            },
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            # Legend under the subtitle, from the left edge like the title: the space below the plot belongs
            # to the axis title and the source line.
            "legend": {
                "orientation": "h",
                "xref": "container",
                "x": 0,
                "yref": "container",
                "y": 1 - legend_top / height,
                "yanchor": "top",
                "title": None,
            },
            "separators": ".,",
            "hoverlabel": {"font": {"family": FONT}},
        },
    )
    layout["annotations"] = [
        *layout.get("annotations", ()),
        {
            "text": f"<span style='font-size:10px;color:#5d6d7e'>{source}</span>",
            "xref": "paper",
            "yref": "paper",
            "x": 1,
            "y": 0,
            "yshift": -_SOURCE_OFFSET,
            "xanchor": "right",
            "yanchor": "top",
            "showarrow": False,
            "align": "right",
        },
    ]
    # The margins above hold the axes' labels (_left_margin): Plotly's automargin would measure each label in
    # the page to find the same, ≈ 0.3–0.45 s of the browser's time to a page's first chart.
    grid = {"gridcolor": "#eaeded", "zerolinecolor": "#aab7b8", "automargin": False}
    for axis in {"xaxis", "yaxis", *(key for key in layout if re.fullmatch(r"[xy]axis\d*", key))}:
        _merge(layout.setdefault(axis, {}), grid)
    return go.Figure(figure)


def _left_margin(layout: dict, traces: tuple) -> int:
    """Room at the left for the y axes' tick labels and titles, what Plotly's automargin makes of them or a little
    more, estimated from their text: a label wider than this would be cut at the figure's edge."""
    room = _MARGIN
    for name, axis, labels, numeric in _axes(layout, traces):
        size = axis.get("tickfont", {}).get("size", 12)
        if name.startswith("x") and numeric:
            # the x axis's first tick, "0" at the plot's left edge, half of it out in the margin
            zero = "0%" if axis.get("tickformat", "").endswith("%") else "0"
            room = max(room, _MARGIN + math.ceil(_text_width(zero, size) / 2) + 4)
        elif name.startswith("y") and axis.get("side") != "right":
            width = max((_text_width(label, size) for label in labels), default=0)
            title = (axis.get("title") or {}).get("text")
            room = max(room, math.ceil(width + 13 + (24 if title else 0)))
    return room


def _right_margin(layout: dict, traces: tuple) -> int:
    """Room at the right for half of a numeric x axis's last tick label, which may sit at the plot's edge."""
    room = _MARGIN + 10
    for name, axis, labels, numeric in _axes(layout, traces):
        if name.startswith("x") and numeric and labels:
            widest = max(_text_width(label, axis.get("tickfont", {}).get("size", 12)) for label in labels)
            room = max(room, _MARGIN + math.ceil(widest / 2))
    return room


def _axes(layout: dict, traces: tuple):
    """Each axis of a figure's `layout` that shows its tick labels: its name, its layout, its labels (for
    numbers, one as wide as the widest) and whether they are numbers. The values are read from the `traces`
    themselves: a figure's dict holds a numpy array as Plotly's base64 encoding of it."""
    names = {"xaxis", "yaxis", *(key for key in layout if re.fullmatch(r"[xy]axis\d*", key))}
    for name in sorted(names):
        axis = layout.get(name, {})
        if axis.get("showticklabels") is False:
            continue
        if "ticktext" in axis:
            yield name, axis, [str(text) for text in axis["ticktext"]], False
            continue
        letter, ref = name[0], name[0] + name[5:]  # yaxis2: y, y2
        values = [
            v
            for trace in traces
            if (getattr(trace, f"{letter}axis", None) or letter) == ref
            for v in ([] if getattr(trace, letter, None) is None else getattr(trace, letter))
            if v is not None
        ]
        if not values and not axis.get("range"):  # an axis no trace draws on
            continue
        if axis.get("type") == "category" or any(isinstance(v, str) for v in values):
            yield name, axis, [str(v) for v in values], False
            continue
        numbers = [abs(float(v)) for v in (axis.get("range") or values) if v is not None]
        # Plotly's top tick may pass the data's top to a round number: a digit more, at most
        top = max(numbers, default=0) * 1.25
        yield name, axis, [f"{top:.0%}" if axis.get("tickformat", "").endswith("%") else f"{top:,.0f}"], True


def _text_width(text: str, size: float) -> float:
    """The pixel width of a label's longest line: a Chinese character a font size wide, anything else at most
    0.6 of it (Noto Sans' widest digits and capitals are 0.55–0.6)."""
    lines = (html.unescape(re.sub(r"<[^>]+>", "", line)) for line in re.split(r"<br\s*/?>", text))
    return max(sum(size if _WIDE.match(ch) else 0.6 * size for ch in line) for line in lines)


def _merge(into: dict, update: dict) -> None:
    """`update` written into `into` as plotly's update_layout would: nested dicts merged, None unsets."""
    for key, value in update.items():
        if value is None:
            into.pop(key, None)
        elif isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _filename(title: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", title).strip("_")[:80] or "chart"


# Plotly's own words on the chart in Chinese: a locale given inline in the config (Plotly registers it from
# there), so nothing is fetched from a CDN. Only the buttons this dashboard keeps, and the hover's words. The
# "Fullscreen" button beside it is Streamlit's own, with an English title no API reaches.
ZH_CN = {
    "locale": "zh-CN",
    "locales": {
        "zh-CN": {
            "dictionary": {
                "Download plot as a png": "下载图片（PNG）",  # plotly.js before 3
                "Download plot as a PNG": "下载图片（PNG）",
                "Download plot": "下载图片",
                "Produced with Plotly.js": "由 Plotly.js 绘制",
                "Double-click to zoom back out": "双击恢复原大小",
                "Click to enter Colorscale title": "点击输入色标标题",
            },
            "format": {"decimal": ".", "thousands": ","},
        }
    },
}


def show(fig: go.Figure, name: str, key: str | None = None) -> None:
    """Render with the PNG export button only (2× scale, file named after department, year and chart)."""
    sel = current()
    filename = _filename(f"{sel.department}-{sel.year}-{name}")
    config = {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "scale": _EXPORT_SCALE, "filename": filename},
        "modeBarButtonsToRemove": [
            "zoom2d",
            "pan2d",
            "select2d",
            "lasso2d",
            "zoomIn2d",
            "zoomOut2d",
            "autoScale2d",
            "resetScale2d",
            "hoverClosestCartesian",
            "hoverCompareCartesian",
            "toggleSpikelines",
        ],
    }
    if sel.lang == "zh":
        config |= ZH_CN
    st.plotly_chart(fig, config=config, key=key, theme=None)


def side_by_side(labels: list[str], series: list[tuple[str, str, list]], customdata: list, hover: str) -> go.Figure:
    """Money series side by side on each row, say budget and final: horizontal, first row on top, figures printed.

    `series` holds (name, colour, values in 万元); a missing value has no bar and reads "—". `hover` opens
    each bar's hover, e.g. "<b>%{customdata[0]}</b> %{customdata[1]}" for a full name and its code.
    """
    return bars([money_trace(name, colour, labels, values, customdata, hover) for name, colour, values in series])


def money_trace(
    name: str,
    colour: str | list[str],
    labels: list[str],
    values: list,
    customdata: list | None = None,
    hover: str = "%{y}",
) -> go.Bar:
    """One series of horizontal bars in 万元, its figures printed beside the bars (a missing one as "—"), in one
    colour or one a bar.

    `hover` opens each bar's hover, e.g. "<b>%{customdata[0]}</b> %{customdata[1]}" for a full name and its
    code; the series' name (if any) and the figure with its unit follow.
    """
    values = [None if missing(v) else float(v) for v in values]
    return go.Bar(
        x=values,
        y=labels,
        orientation="h",
        name=name,
        marker_color=colour,
        customdata=customdata,
        text=["—" if v is None else f"{v:,.2f}" for v in values],
        textposition="outside",
        # Plotly shrinks a label to the bar's thickness by default: 6 px beside a thin bar on a phone.
        constraintext="none",
        textfont={"size": 12},
        cliponaxis=False,
        hovertemplate=f"{hover}<br>{name + ' ' if name else ''}%{{x:,.2f}} {unit()}<extra></extra>",
    )


def bars(traces: list[go.Bar], stack: bool = False) -> go.Figure:
    """`money_trace`s as one chart on a 万元 axis, rows in the order given, the first on top.

    Side by side on each row, or stacked (`stack`): then a row's total is printed at the end of its stack
    instead of each part's figure, and a series may hold rows of its own (say, 人员经费 items above 公用经费
    items). The axis leaves room for the figure beside the longest bar.
    """
    fig = go.Figure(traces)
    rows: dict[str, float] = {}
    for trace in traces:
        for label, value in zip(trace.y, trace.x, strict=True):
            value = value or 0.0
            rows[label] = rows.get(label, 0.0) + value if stack else max(rows.get(label, 0.0), value)
    if stack:
        fig.update_traces(text=None)
        annotate(
            fig,
            [
                {"x": total, "y": label, "text": f"{total:,.2f}", "showarrow": False, "xanchor": "left", "xshift": 4}
                | {"font": {"size": 11}}
                for label, total in rows.items()
            ],
        )
    fig.update_layout(barmode="stack" if stack else "group", bargap=0.25, legend_traceorder="normal")
    wan_axis(fig, "x")
    fig.update_xaxes(range=[0, (max(rows.values(), default=0.0) or 1.0) * 1.35])
    fig.update_yaxes(autorange="reversed")
    return fig


def annotate(fig: go.Figure, annotations: list[dict]) -> None:
    """Add ANNOTATIONS to the figure at once: `fig.add_annotation` validates every annotation the figure already
    holds again on each call, so a row's label apiece made a chart's labels cost the square of their number."""
    fig.layout.annotations = (*fig.layout.annotations, *annotations)


def wan_axis(fig: go.Figure, axis: str = "x") -> None:
    """Money axis in 万元 with thousands separators."""
    title = unit()
    if axis == "x":
        fig.update_xaxes(title=title, tickformat=",.0f")
    else:
        fig.update_yaxes(title=title, tickformat=",.0f")


_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")  # characters as wide as two Latin ones


def wrap(text: str, width: int = 8, lines: int | None = 2) -> str:
    """A label over at most `lines` even lines (cut with … past that; `None`: no limit), escaped for Plotly.

    `width` counts Chinese characters: 8 fit beside a bar on a 375 px screen. Latin text (an English
    label) is broken between words, twice as many letters a line. Give the full text in the hover.
    """
    text = str(text)
    if not _WIDE.search(text):  # "Output indicators · Quantity" too: Latin text with a middle dot or a dash
        rows = textwrap.wrap(text, width * 2, max_lines=lines, placeholder="…") or [text]
    else:
        if lines is not None and len(text) > width * lines:
            text = text[: width * lines - 1] + "…"
        per = -(-len(text) // -(-len(text) // width)) if text else width  # even lines: 9 + 8, not 16 + 1
        rows = [text[i : i + per] for i in range(0, len(text), per)] or [text]
    return "<br>".join(html.escape(row, quote=False) for row in rows)


def unique(labels: list[str]) -> list[str]:
    """Plotly merges equal category labels: number the repeats, "事业运行 (2)", to keep their bars apart."""
    seen: dict[str, int] = {}
    out = []
    for text in labels:
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def rows_height(rows: int, row: int) -> int:
    """The `height` of a chart whose plot gives each of `rows` rows `row` pixels, under a one-line title and over
    a two-line source (what `finish` takes `height` for)."""
    return _PLAIN_TOP + _PLAIN_BOTTOM + row * rows


def count_axis(fig: go.Figure, title: str, top: float) -> None:
    """An x axis of counts from 0 to `top`, ticked at whole numbers only (1, 2, 5, 10, 20… apart): Plotly's own
    ticks at 0.5 would print "0 1 1 2 2" once rounded to integers."""
    steps = (first * 10**power for power in itertools.count() for first in (1, 2, 5))
    step = next(step for step in steps if top / step <= 6)
    fig.update_xaxes(title=title, tickformat=",d", tick0=0, dtick=step, range=[0, top])


def label_rows(fig: go.Figure, labels: list[str], bar: float) -> None:
    """Write each row's label above its bar (`bar` thick, in rows), across the full width of a phone.

    For long names, such as a project's: the y axis gives up its tick labels, and the bars sit at 0, 1, 2…
    """
    annotate(
        fig,
        [
            {"text": text, "x": 0, "y": row - bar / 2, "xref": "x", "yref": "y", "xanchor": "left"}
            | {"yanchor": "bottom", "showarrow": False, "align": "left", "yshift": 1}
            for row, text in enumerate(labels)
        ],
    )
    fig.update_yaxes(
        range=[len(labels) - 1 + bar / 2 + 0.1, -0.95], showticklabels=False, showgrid=False, zeroline=False
    )


# A ranking longer than twice this (plus the selected department) is drawn as its two ends.
RANKING_ENDS = 10


def places(values: list) -> list[int]:
    """Ranks of values sorted highest first, equal values sharing the higher rank (1, 2, 2, 4): a department
    tied for first is first, not ninth because of its name."""
    out: list[int] = []
    for i, value in enumerate(values):
        out.append(out[-1] if i and value == values[i - 1] else i + 1)
    return out


def ranking(departments: list[str], values: list, texts: list[str], selected: list[bool]) -> tuple[go.Figure, int]:
    """Departments as horizontal bars in the order given (highest first), on top the first, each with its rank.

    Ten thousand bars make a chart nobody can read, nor a browser draw: past 2 × RANKING_ENDS + 1
    departments only the top and bottom RANKING_ENDS and the selected one are drawn, and a bare row names
    the ranks between. Returns the figure and the number of rows drawn, which its height follows.
    """
    count = len(departments)
    keep = set(range(count))
    rank = places(values)
    if count > 2 * RANKING_ENDS + 1:
        keep = {*range(RANKING_ENDS), *range(count - RANKING_ENDS, count), *(i for i in keep if selected[i])}
        keep |= _tied_with(keep, rank)
        # A row naming one skipped rank takes the room of that rank's own bar: draw the bar instead.
        keep |= {i + 1 for i in keep if i + 2 in keep}
    labels, xs, bar_texts, colours, names = [], [], [], [], []
    previous = -1
    for i in sorted(keep):
        if i - previous > 1:
            first, last, skipped = rank[previous + 1], rank[i - 1], i - previous - 1
            ranks = f"{first:,}" if first == last else f"{first:,}–{last:,}"
            label = tr(f"第 {ranks} 名<br>（{skipped:,} 个，从略）", f"rank {ranks}<br>({skipped:,} not shown)")
            # a tie too large to draw whole: the rows beside the gap hold the same rank as its end
            if previous >= 0 and rank[previous] == first:
                label += tr("<br>与上一行并列", "<br>tied with the row above")
            if rank[i] == last:
                label += tr("<br>与下一行并列", "<br>tied with the row below")
            labels.append(label)
            xs.append(None)
            bar_texts.append("")
            colours.append(BENCHMARK)
            names.append("")
        # 13 characters a line: a province's department name in two, not three lines in a narrow column
        labels.append(wrap(f"{rank[i]:,}. {departments[i]}", 13, lines=None))
        xs.append(None if missing(values[i]) else float(values[i]))
        bar_texts.append(texts[i])
        colours.append(DEPARTMENT if selected[i] else BENCHMARK)
        names.append(html.escape(f"{rank[i]:,}. {departments[i]}"))
        previous = i
    fig = go.Figure(
        go.Bar(
            x=xs,
            y=unique(labels),  # tied ranks with equal names would merge
            orientation="h",
            marker_color=colours,
            text=bar_texts,
            # "auto" drops the figure of a zero-length bar: a 0 % share would read as no figure at all.
            textposition=["outside" if x == 0 else "auto" for x in xs],
            cliponaxis=False,
            customdata=names,
            hovertemplate="%{customdata}<br>%{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return fig, len(labels)


def _tied_with(keep: set[int], rank: list[int]) -> set[int]:
    """The rows tied with a drawn row that a gap would hide, for ties of up to RANKING_ENDS such rows: a gap
    naming "第 11–29 名" above three rows ranked 29 reads as if they were not tied with the ones it hides."""
    last = {}  # a rank's last row; its first is rank - 1, as `places` numbers them
    for i, value in enumerate(rank):
        last[value] = i
    more: set[int] = set()
    for i in keep:
        hidden = set(range(rank[i] - 1, last[rank[i]] + 1)) - keep
        if len(hidden) <= RANKING_ENDS:
            more |= hidden
    return more


def ranking_note(count: int, selected_shown: bool) -> str:
    """Says, under a ranking chart of many departments, which of them it draws and where the rest are."""
    if count <= 2 * RANKING_ENDS + 1:
        return ""
    return tr(
        f"图中只显示这 {count:,} 个部门的前 {RANKING_ENDS} 名、后 {RANKING_ENDS} 名"
        + ("和所选部门" if selected_shown else "")
        + "；全部部门见表格，也可下载。",
        f"The chart shows the top and bottom {RANKING_ENDS} of these {count:,} departments"
        + (" and the one selected" if selected_shown else "")
        + "; the table and its downloads hold them all.",
    )
