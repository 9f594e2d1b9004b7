"""`python -m dashboard.warm`: a freshly started dashboard runs its home page once before its first reader."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from dashboard.warm import main, warm
from tests.conftest import ROOT


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(parquet: Path) -> tuple[subprocess.Popen, str]:
    port = _port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    env = {**os.environ, "OPENJUESUAN_PARQUET": str(parquet)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    out, _ = proc.communicate(timeout=20)
    return out.decode(errors="replace")


def test_warm_runs_the_home_page_of_a_fresh_server(store, tmp_path):
    """The config enables the run (a fresh `streamlit run app.py` as deployed answers it), and the home page runs
    through without an error, over the bundled store and over no store at all."""
    for parquet in (store[1], tmp_path / "no-store"):
        proc, url = _server(parquet)
        try:
            assert warm(url) == "ok"
            assert main([url]) == 0  # again: what a readiness check that keeps asking gets
        finally:
            log = _stop(proc)
        assert "Traceback" not in log, log


def test_warm_says_why_when_no_server_answers():
    url = f"http://127.0.0.1:{_port()}"
    assert warm(url, timeout=1).startswith("no answer from")
