"""Shared fixtures: the bundled report, parsed once, and a store built from it."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"
# The dashboard's pages by URL path, and Debian's Chromium as the browser tests and benches launch it
# (never `playwright install`).
# The pages that show a report, then the draft check, which shows the visitor's own upload.
REPORT_PAGES = ["overview", "spending", "budget", "performance", "procurement", "compare", "flags", "data"]
PAGES = [*REPORT_PAGES, "check"]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# The one console error in a browser test that is not the app's: Streamlit's front end, opened at
# /<page>, first probes /<page>/_stcore/health and …/host-config, which answer 404 (streamlit#7074).
STREAMLIT_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/\w+/_stcore/(health|host-config)$")


@pytest.fixture(autouse=True)
def _main_module_kept():
    """AppTest runs its script as `__main__` and leaves it there; a process a later test spawns would run that
    script first (one made from a function fails outright, and the test waits for its readers forever)."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def bundled_doc():
    from etl.readers import read_document

    return read_document(BUNDLED)


@pytest.fixture(scope="session")
def bundled():
    """The bundled report, parsed and checked."""
    from etl.ingest import parse_file

    return parse_file(BUNDLED)


# Where a row says it came from, and the sentence a narrative fact quotes (its bounds follow each format's
# lines): not what comparing another format's rows with the markdown's is about.
PLACE = frozenset(
    {"source_line", "source_page", "source_cell", "source_table", "source_file", "source_sha256", "source_format"}
    | {"loaded_at", "text"}
)


def table_parts() -> list[str]:
    """The store tables a workbook (or a PDF printed from one) holds: all but the narrative's and the findings."""
    from etl.model import TABLES

    narrative = {"budget_vs_final", "procurement", "narrative_facts", "glossary", "flags"}  # flags measure these
    return [t for t in TABLES if t not in {"reports", "quality_checks", *narrative}]


def contents(parsed, table: str) -> list[tuple]:
    """A store table's rows of one parsed report, places left out, in a fixed order: to compare formats."""
    import dataclasses

    rows = [{k: v for k, v in dataclasses.asdict(r).items() if k not in PLACE} for r in getattr(parsed, table)]
    return sorted((tuple(sorted(r.items())) for r in rows), key=repr)


def assert_refused_keeping_the_store(tmp_path: Path, capsys, path: Path, says: str, *args: str) -> None:
    """`etl ingest path` over a store holding the bundled report: exit 1, one line on stderr naming the file and
    saying `says`, no traceback, and the store holding the bundled report alone."""
    import duckdb

    from etl.cli import main

    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(BUNDLED), "--db", str(db), "--parquet", str(parquet)]) == 0
    capsys.readouterr()
    assert main(["ingest", str(path), "--db", str(db), "--parquet", str(parquet), *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"错误：{path}: ") and says in err, err
    assert "Traceback" not in err
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT source_file FROM reports").fetchall() == [(BUNDLED.name,)]
    finally:
        con.close()


@pytest.fixture(scope="session")
def store(tmp_path_factory):
    """A store (DuckDB + parquet) holding only the bundled report."""
    from etl.cli import main

    root = tmp_path_factory.mktemp("store")
    db, parquet = root / "warehouse.duckdb", root / "parquet"
    assert main(["ingest", str(BUNDLED), "--db", str(db), "--parquet", str(parquet)]) == 0
    return db, parquet


def opener(parquet: Path, monkeypatch, check: bool = True):
    """`open(page, **query_params)`: an AppTest of the dashboard over `parquet`, opened by a link with those
    params, then switched to `page`. With `check`, a page that raised, the first or `page`, fails the test."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("OPENJUESUAN_PARQUET", str(parquet))
    monkeypatch.chdir(ROOT)

    def open_page(page: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page:
            if check:
                assert not at.exception, [e.value for e in at.exception]
            at.switch_page(page)
            at.run()
        if check:
            assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


@pytest.fixture
def app(store, monkeypatch):
    """An AppTest of the dashboard over the bundled store; `app("pages/spending.py")` opens that page."""
    return opener(store[1], monkeypatch)


@pytest.fixture
def downloaded(monkeypatch):
    """Every st.download_button's file, by name: `downloaded[name]()` makes its bytes, as a click would.

    Files are built on the click (a callable), never during the page run: at ten thousand departments an
    XLSX takes seconds. Called after the run, as a click is, outside the script that offered them.
    """
    from streamlit.delta_generator import DeltaGenerator

    files: dict[str, Callable[[], bytes]] = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        assert callable(data), f"{file_name} was built during the page run"
        files[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    return files


def chart_specs(at) -> list[dict]:
    """Every Plotly figure an AppTest run drew, as the JSON Streamlit sends to the browser."""
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def plotly_values(data) -> list:
    """A Plotly array from that JSON: a plain list, or a typed array ({"dtype", "bdata"})."""
    import base64

    import numpy as np

    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).tolist()
    return list(data)


def queries_of(parquet: Path, page: str, **params: str) -> list[tuple[str, tuple]]:
    """Every query (SQL and parameters) one visit to `page` issues, in order, opened by a link with `params`
    over the store `parquet`, the caches cleared first as after a load. For the flat-cost test and the
    benches, which replay what the pages really ask rather than a list kept beside them."""
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import queries

    issued: list[tuple[str, tuple]] = []
    plain = queries._query

    def recording(sql: str, args: tuple, version, root):
        issued.append((sql, args))
        return plain(sql, args, version, root)

    before = os.environ.get("OPENJUESUAN_PARQUET")
    os.environ["OPENJUESUAN_PARQUET"] = str(parquet)
    st.cache_data.clear()
    st.cache_resource.clear()
    queries._query = recording
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(f"pages/{page}.py").run()  # before the first run AppTest finds a page by its file
        assert not at.exception, [e.value for e in at.exception]
    finally:
        queries._query = plain
        if before is None:
            os.environ.pop("OPENJUESUAN_PARQUET")
        else:
            os.environ["OPENJUESUAN_PARQUET"] = before
    return issued
