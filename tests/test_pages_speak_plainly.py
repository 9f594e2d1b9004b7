"""Visitors get plain words: no page tells them to run a command (those are in the README)."""

from __future__ import annotations

import pytest

from tests.conftest import PAGES


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_shell_command(app, page):
    at = app(f"pages/{page}.py")
    said = [e.value for kind in ("markdown", "caption", "info", "warning", "code") for e in at.get(kind)]
    assert not [text for text in said if "python -m" in text or "make run" in text], page
    # the data page's code blocks are the file's hash and a citation to copy, nothing to run
    assert all(page == "data" for _ in at.code), page
