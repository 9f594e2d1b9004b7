"""read → parse → validate → load, for a batch of files.

A file that cannot be parsed is reported and skipped; the others still load.
Files whose bytes the store already holds are skipped before parsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.load import LoadSummary, connect, export_parquet, known_hashes, parquet_version, replace_report, store_version
from etl.model import ParsedReport
from etl.parse import parse_report
from etl.read import NotAReport, read_document, sha256_of
from etl.validate import validate


@dataclass
class IngestResult:
    summary: LoadSummary = field(default_factory=LoadSummary)
    failures: list[str] = field(default_factory=list)


def parse_file(path: Path) -> ParsedReport:
    """Read, parse and check one file; NotAReport names the file when it can't be read."""
    doc = read_document(path)
    parsed = parse_report(doc)
    parsed.quality_checks += validate(parsed)
    return parsed


def ingest(files: list[Path], db_path: str | Path, parquet_dir: str | Path) -> IngestResult:
    result = IngestResult()
    con = connect(db_path)
    try:
        seen = known_hashes(con)
        # Parquet lags DuckDB only if an earlier run died between the two: then rewrite every year.
        in_sync = parquet_version(parquet_dir) == store_version(con)
        touched: set[int] = set()
        for path in files:
            try:
                digest = sha256_of(path.read_bytes())
            except OSError as err:
                result.failures.append(f"{path}: 无法读取（{err.strerror}）")
                continue
            if digest in seen:
                result.summary.unchanged.append(str(path))
                continue
            try:
                parsed = parse_file(path)
            except NotAReport as err:
                result.failures.append(str(err))
                continue
            except Exception as err:  # a parser gap must not stop the other files, nor print a traceback
                result.failures.append(
                    f"{path}: 解析时出现意外错误（{type(err).__name__}: {err}），此文件未载入，已有数据不受影响"
                )
                continue
            replaced_year = replace_report(con, parsed)
            seen.add(digest)
            touched.add(parsed.report.year)
            if replaced_year is not None:
                touched.add(replaced_year)
            result.summary.loaded.append(str(path))
        if touched or not in_sync:
            export_parquet(con, parquet_dir, touched if in_sync else None)
    finally:
        con.close()
    return result
