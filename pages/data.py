"""Placeholder while the page is written."""

import streamlit as st

from dashboard.state import current

sel = current()
st.title("data")
