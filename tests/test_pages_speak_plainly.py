"""Visitors get plain words: no page tells them to run a command (those are in the README), whether the store
holds reports or none yet."""

from __future__ import annotations

import pytest

from tests.conftest import PAGES, opener

COMMANDS = ("python -m", "etl ingest", "make run", "make demo", "```", "$ ")


def _said(at) -> list[str]:
    return [
        str(e.value)
        for kind in ("title", "markdown", "caption", "info", "warning", "error", "code")
        for e in at.get(kind)
    ]


def _speaks_plainly(at, page: str) -> None:
    said = _said(at)
    assert said, page
    assert not [text for text in said if any(command in text for command in COMMANDS)], page
    # the data page's code blocks are the file's hash and a citation to copy, nothing to run
    assert page == "data" or not at.code, page


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_shell_command(app, page):
    _speaks_plainly(app(f"pages/{page}.py"), page)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_page_of_an_empty_store_shows_a_shell_command(tmp_path, monkeypatch, page, lang):
    at = opener(tmp_path / "parquet", monkeypatch)(f"pages/{page}.py", lang=lang)
    _speaks_plainly(at, page)
    assert not at.code
    (warning,) = at.warning
    assert ("还没有载入任何部门的决算报告" if lang == "zh" else "no department's final accounts") in warning.value
