"""Warm a freshly started dashboard before its first reader: `python -m dashboard.warm [URL]`.

A new `streamlit run app.py` has imported Streamlit and nothing else: the first page run pays for importing
DuckDB, pandas, Plotly and the pages' modules, opening the store's DuckDB connection, the home page's
queries and Plotly's first figure (11 s on a loaded 2-core machine, issue 14). Streamlit runs no code of the
app's at start, but with `server.scriptHealthCheckEnabled` (.streamlit/config.toml)
GET /_stcore/script-health-check runs app.py once, as a session with no browser: the home page for the
default report, every query of it cached for the readers who follow. `make run` calls this right after the
server starts; a deployment calls it (or points its readiness check at that URL) before sending readers.

Waits for the server to answer /_stcore/health, then asks for the run; exit status 0 when the home page ran
without an error, 1 otherwise (the reason on stderr).
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8501"


def warm(url: str = DEFAULT_URL, timeout: float = 120.0) -> str:
    """Run the home page once on the server at URL; return its answer: "ok", or why not ("error", "timeout",
    or the server not answering within TIMEOUT seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            return f"no answer from {url} in {timeout:.0f} s"
        time.sleep(0.2)
    try:
        with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=timeout) as response:
            return response.read().decode()
    except urllib.error.HTTPError as e:  # 503: the run raised, or did not finish; 404: the check is off
        return e.read().decode(errors="replace") or f"HTTP {e.code}"
    except OSError as e:
        return str(e)


def main(argv: list[str] | None = None) -> int:
    url = (argv if argv is not None else sys.argv[1:] or [DEFAULT_URL])[0].rstrip("/")
    start = time.monotonic()
    answer = warm(url)
    if answer != "ok":
        print(f"dashboard.warm: the home page at {url} did not run: {answer}", file=sys.stderr)
        return 1
    print(f"dashboard.warm: home page run once at {url} in {time.monotonic() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
