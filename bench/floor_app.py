"""bench_browser.py's floor: two empty pages behind a sidebar menu, as the dashboard's are, one line of text each,
and a third with one small Plotly chart.

What any Streamlit page costs a browser on this machine (the front end's scripts, the websocket, one script
run), so what the dashboard adds is its figure minus this one's, measured in the same run. The chart page is what
a page with any Plotly chart at all costs (Plotly's 4.7 MB bundle evaluated, one chart drawn): the part of a
chart page's time that no layout of the dashboard's can remove.
"""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")


def one() -> None:
    with st.container(key="floor-one"):  # .st-key-floor-one: the element bench_browser.py waits for
        st.markdown("floor-one")


def two() -> None:
    with st.container(key="floor-two"):
        st.markdown("floor-two")


def chart() -> None:
    with st.container(key="floor-chart"):
        st.markdown("floor-chart")
        st.plotly_chart(go.Figure(go.Bar(x=[3, 2, 1], y=["a", "b", "c"], orientation="h")))


st.navigation(
    [
        st.Page(one, title="one", default=True),
        st.Page(two, title="two", url_path="two"),
        st.Page(chart, title="chart", url_path="chart"),
    ],
    position="sidebar",
).run()
