"""One family of charts: the same fonts, colours, title block, source line and PNG export.

An official pastes a chart into a slide with nothing else around it, so the
image itself must say what it shows, for whom, when, in which unit and from
which report table. `finish()` puts all of that into the figure; `show()`
renders it with Plotly's own PNG export at twice the screen resolution.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
import streamlit as st

from dashboard.i18n import tr

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


def source_line(department: str, year: int, table: str) -> str:
    # Two lines, so the source fits a phone-width chart and is never cut off.
    return tr(
        f"来源：{department} {year} 年度部门决算<br>{table}", f"Source: {department}, {year} final accounts,<br>{table}"
    )


def finish(fig: go.Figure, title: str, subtitle: str, source: str, height: int = 420) -> go.Figure:
    """Title (with unit) and subtitle (department · year) on top, source underneath, no clutter."""
    fig.update_layout(
        title={
            "text": f"<b>{title}</b>",
            "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#5d6d7e"}},
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"l": 10, "t": 12},
            "font": {"size": 16},
        },
        font={"family": FONT, "size": 12, "color": "#1c2833"},
        height=height,
        margin={"l": 10, "r": 10, "t": 96, "b": 110},
        paper_bgcolor="white",
        plot_bgcolor="white",
        # Legend above the plot: the space below belongs to the axis title and the source line.
        legend={"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom", "title": None},
        separators=".,",
        hoverlabel={"font": {"family": FONT}},
    )
    fig.add_annotation(
        text=f"<span style='font-size:10px;color:#5d6d7e'>{source}</span>",
        xref="paper",
        yref="paper",
        x=1,
        y=0,
        yshift=-70,
        xanchor="right",
        yanchor="top",
        showarrow=False,
        align="right",
    )
    fig.update_xaxes(gridcolor="#eaeded", zerolinecolor="#aab7b8", automargin=True)
    fig.update_yaxes(gridcolor="#eaeded", zerolinecolor="#aab7b8", automargin=True)
    return fig


def _filename(title: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", title).strip("_")[:80] or "chart"


def show(fig: go.Figure, name: str, key: str | None = None) -> None:
    """Render with the PNG export button only (2× scale, file named after the chart)."""
    config = {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "scale": _EXPORT_SCALE, "filename": _filename(name)},
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
    st.plotly_chart(fig, config=config, key=key, theme=None)


def wan_axis(fig: go.Figure, axis: str = "x") -> None:
    """Money axis in 万元 with thousands separators."""
    title = tr("万元", "10k yuan")
    if axis == "x":
        fig.update_xaxes(title=title, tickformat=",.0f")
    else:
        fig.update_yaxes(title=title, tickformat=",.0f")
