"""bench_browser.py's floor: two empty pages behind a sidebar menu, as the dashboard's are, one line of text each.

What any Streamlit page costs a browser on this machine (the front end's scripts, the websocket, one script
run), so what the dashboard adds is its figure minus this one's, measured in the same run.
"""

import streamlit as st

st.set_page_config(page_title="floor", layout="wide")


def one() -> None:
    with st.container(key="floor-one"):  # .st-key-floor-one: the element bench_browser.py waits for
        st.markdown("floor-one")


def two() -> None:
    with st.container(key="floor-two"):
        st.markdown("floor-two")


st.navigation(
    [st.Page(one, title="one", default=True), st.Page(two, title="two", url_path="two")],
    position="sidebar",
).run()
