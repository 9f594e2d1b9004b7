"""A draft report checked in a process of its own, for the dashboard's 发布前自检 page.

An upload is a stranger's file: a PDF bomb, a 2,000-page scan, a zip bomb dressed as .xlsx or a file that
hangs a parser must not take the dashboard down for everyone else. So `check_draft` refuses by content what is
no report format at all, then hands the bytes to `python -m etl.draft` under a memory and CPU limit and a wall
clock, which parses and checks them exactly as `etl check` does and writes the store's rows for the one report
as parquet into a private temporary folder. The parent reads them into memory and the folder is removed
before `check_draft` returns, whatever happened: nothing is left on disk and nothing reaches the store.

Limits are settings (read at each check, so a test may lower them): OPENJUESUAN_DRAFT_SECONDS (60) and
OPENJUESUAN_DRAFT_MEMORY_MB (2,048) for the child, and the readers' MAX_BYTES for the file.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from etl.readers import MAX_BYTES, told_by_content

ROOT = Path(__file__).resolve().parent.parent
REFUSED = 2  # the child's exit status for a file that is not a report (its reason on stdout)


class DraftRefused(Exception):
    """Why a draft could not be checked, in Chinese and English, for the person who uploaded it."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


def seconds() -> int:
    return int(os.environ.get("OPENJUESUAN_DRAFT_SECONDS") or 60)


def memory_mb() -> int:
    return int(os.environ.get("OPENJUESUAN_DRAFT_MEMORY_MB") or 2048)


def check_draft(data: bytes, name: str, department: str | None = None, year: int | None = None) -> dict[str, pa.Table]:
    """The store's rows for the draft `data` (uploaded as `name`), table by table, `reports` among them; the
    findings are its `quality_checks`. `department` and `year` name a draft that states neither, as
    `etl check --department --year` do. DraftRefused when it cannot be checked."""
    if len(data) > MAX_BYTES:
        raise DraftRefused(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），上限为 {MAX_BYTES // 1024 // 1024} MB。",
            f"The file is too large ({len(data) / 1024 / 1024:.1f} MB); the limit is {MAX_BYTES // 1024 // 1024} MB.",
        )
    if told_by_content(data) is None:
        raise DraftRefused(
            "这不是 PDF、Excel 表格（.xlsx/.xls）、网页或文本文件（按文件内容判断，与文件名无关），无法检查。",
            "This is not a PDF, an Excel workbook (.xlsx/.xls), a web page or a text file (judged by its content, "
            "not its name), so it cannot be checked.",
        )
    with tempfile.TemporaryDirectory(prefix="openjuesuan-draft-") as folder:
        source = Path(folder) / _safe(name)
        source.write_bytes(data)
        rows = Path(folder) / "rows"
        rows.mkdir()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "etl.draft", str(source), str(rows), department or "", str(year or "")],
                cwd=ROOT,
                capture_output=True,
                timeout=seconds() + 5,  # the CPU limit stops a busy child; this one a child that waits
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as err:
            raise DraftRefused(
                f"检查超过 {seconds()} 秒仍未完成，已停止。文件可能过大或过于复杂；请检查后再试，或分成几个文件上传。",
                f"The check did not finish within {seconds()} seconds and was stopped. The file may be too large "
                "or complex; check it, or upload it in parts.",
            ) from err
        reason = _reason(done.stdout) if done.returncode == REFUSED else None
        if reason is not None:
            reason = reason.replace(f"{folder}/", "")
            raise DraftRefused(reason, reason)
        if done.returncode != 0:
            raise DraftRefused(
                f"检查未能完成：文件超出了检查可用的内存（{memory_mb():,} MB）或时间（{seconds()} 秒），"
                "或内容已损坏。其他页面不受影响。",
                f"The check could not finish: the file took more memory ({memory_mb():,} MB) or time "
                f"({seconds()} s) than a check may use, or it is damaged. The rest of the site is not affected.",
            )
        return {path.stem: pq.read_table(path) for path in rows.glob("*.parquet")}


def _reason(stdout: bytes) -> str | None:
    """The child's reason for refusing, from its last line of output; None if it wrote none."""
    try:
        return json.loads(stdout.decode("utf-8").strip().splitlines()[-1])["refused"]
    except (ValueError, IndexError, KeyError, TypeError):
        return None


def _safe(name: str) -> str:
    # The uploaded name is the report's source_file and the messages' file name; only its last part, and no
    # character a shell or a path would act on.
    kept = re.sub(r"[^\w.\-（）()]+", "_", Path(name).name).lstrip(".")
    return kept[:120] or "draft"


def _limit() -> None:
    megabytes = memory_mb() * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (megabytes, megabytes))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds(), seconds()))


def main(source: str, out: str, department: str = "", year: str = "") -> int:
    """The child: limits first, then the same parse and checks as `etl check`, the rows written to `out`."""
    _limit()
    # Imported under the limits: the parsers' own imports count against them as the parse does.
    from etl.document import NotAReport
    from etl.ingest import Given, parse_file
    from etl.load import rows_of
    from etl.schema import to_arrow

    try:
        parsed = parse_file(Path(source), Given(department or None, int(year) if year else None))
    except NotAReport as err:
        print(json.dumps({"refused": str(err)}, ensure_ascii=False))
        return REFUSED
    tables = rows_of([parsed]) | {"reports": to_arrow("reports", [parsed.report])}
    for table, rows in tables.items():
        pq.write_table(rows, Path(out) / f"{table}.parquet")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
