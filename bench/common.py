"""Shared by the bench scripts: the machine line, medians, and the stores they measure."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import (  # noqa: E402, F401 — one list for tests and benches
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    REPORT_PAGES,
    STREAMLIT_PROBE,
    queries_of,
)

PY = sys.executable
# What each page shows first, the element a visitor waits for: a Plotly chart drawn, or on flags and data (a
# table before any chart) the first table, on check (an upload until a draft is given) the file uploader.
CHART = '[data-testid="stPlotlyChart"] .main-svg'
TABLE = '[data-testid="stDataFrame"]'
UPLOADER = '[data-testid="stFileUploader"]'
MAIN = dict.fromkeys(PAGES, CHART) | {"flags": TABLE, "data": TABLE, "check": UPLOADER}
# SELECTOR matched by an element with a box, checked on every animation frame. Not Playwright's
# wait_for_selector: it polls with a backoff (… 100, 500, 500 ms), so a page drawn just after a poll was
# seen up to half a second late, and times fell into 0.5 s steps that were the bench's, not the page's.
SHOWN = """selector => [...document.querySelectorAll(selector)].some(e => e.getBoundingClientRect().height > 0)"""
# The page's script run is over: a measurement waits for it so none overlaps the next one's run.
RUN_OVER = """() => document.querySelector('[data-test-script-state]')?.getAttribute('data-test-script-state')
                    === 'notRunning'"""
# Stores the benches build once and reuse (never the repo's data/): OPENJUESUAN_BENCH_CACHE or /tmp.
CACHE = Path(os.environ.get("OPENJUESUAN_BENCH_CACHE") or Path(tempfile.gettempdir()) / "openjuesuan-bench")


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.machine()} {cpu}, {cores} cores, {platform.python_implementation()} {platform.python_version()}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), linear between the closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def bundled_store(store: Path) -> Path:
    """Ingest the bundled report(s) in data/raw into STORE/w.duckdb and STORE/pq; return STORE/pq."""
    from contextlib import redirect_stdout

    from etl.cli import main as etl

    with redirect_stdout(sys.stderr):  # keep stdout for the bench's table
        assert etl(["ingest", str(ROOT / "data/raw"), "--db", f"{store}/w.duckdb", "--parquet", f"{store}/pq"]) == 0
    return store / "pq"


def synth_store(departments: int, years: int = 1, seed: int = 0, workers: int = 2, rebuild: bool = False) -> Path:
    """A store of DEPARTMENTS × YEARS synthetic reports (`etl synth`, then `etl ingest`), built once under CACHE.

    Returns the store folder (w.duckdb and pq/, as `bench_ingest.py --keep` leaves it). A later
    call with the same arguments reuses it while etl/ is unchanged (its sources' hash names the
    folder; a store built by older code is deleted); `rebuild` builds it again regardless.
    """
    etl = hashlib.sha256(b"".join(p.read_bytes() for p in sorted((ROOT / "etl").rglob("*.py")))).hexdigest()[:12]
    name = f"synth-{departments}x{years}-seed{seed}"
    store = CACHE / f"{name}-etl{etl}"
    done = store / "built.json"
    if done.exists() and not rebuild:
        return store
    for stale in CACHE.glob(f"{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    raw = store / "raw"
    print(f"building {departments * years:,}-report store in {store} (minutes at 10,000)…", file=sys.stderr)
    # The cache path holds no spaces.
    synth = f"-m etl synth --departments {departments} --years {years} --out {raw} --seed {seed}"
    ingest = f"-m etl ingest {raw} --db {store}/w.duckdb --parquet {store}/pq --workers {workers}"
    for args in (synth, ingest):
        subprocess.run([PY, *args.split()], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(raw)
    done.write_text(json.dumps({"departments": departments, "years": years, "seed": seed}))
    return store


def heaviest_report(q) -> tuple[str, str, int]:
    """(report_id, department, year) of the report with the most indicators: the heaviest single-report page."""
    df = q.run(
        "SELECT r.report_id, r.department, r.year, count(i.report_id) AS n FROM reports r "
        "LEFT JOIN perf_indicators i USING (report_id) GROUP BY ALL ORDER BY n DESC, r.year DESC, r.report_id LIMIT 1"
    )
    return str(df.report_id[0]), str(df.department[0]), int(df.year[0])


def page_url(base: str, page: str, **params: str) -> str:
    from urllib.parse import urlencode

    return f"{base}/{'' if page == 'overview' else page}" + (f"?{urlencode(params)}" if params else "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(
    parquet: Path, log: Path, script: str = "app.py", warm: bool = False, port: int | None = None
) -> Iterator[tuple[str, int]]:
    """A real `streamlit run app.py` on loopback over the store PARQUET: yields (url, server pid).

    The server's output goes to LOG (read it for tracebacks); it is stopped on exit. SCRIPT, a path from the
    project folder, serves another script with the project's .streamlit/config.toml (a bench's floor). WARM:
    started as `make run` starts it, warmed by `python -m dashboard.warm` before it is yielded. PORT: a given
    one (servers started one after another on the same port share a browser's HTTP cache), else a free one.
    """
    port = port or free_port()
    env = {**os.environ, "OPENJUESUAN_PARQUET": str(parquet)}
    cmd = [PY, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address", "127.0.0.1"]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("streamlit did not start:\n" + log.read_text(errors="replace")[-2000:]) from None
                time.sleep(0.3)
        if warm:
            from dashboard.warm import warm as run_home_page

            if (answer := run_home_page(url)) != "ok":
                raise RuntimeError(f"warm-up: {answer}\n" + log.read_text(errors="replace")[-2000:])
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def proc_memory(pid: int) -> dict[str, float]:
    """VmRSS (resident now) and VmHWM (peak resident) of a process, in MB, from /proc/<pid>/status."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024  # kB
    return fields
