"""read → parse → validate → load, for a batch of files.

A file that cannot be parsed is reported and skipped; the others still load.
Files whose bytes the store already holds are skipped before parsing.

Parsing is CPU-bound Python, so it runs in a pool of processes; DuckDB has a
single writer, so the main process alone loads, in file order, whatever the
pool hands back. Each pool task parses a chunk of files and converts their
rows to Arrow there, so the main process only inserts. With one worker the
same chunk function runs in-process: both paths load exactly the same rows.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

from etl import flags
from etl.audit import audit
from etl.document import NotAReport, sha256_of
from etl.drafting import check_drafting
from etl.load import (
    LoadSummary,
    connect,
    current_snapshot,
    derived_current,
    export_parquet,
    known_hashes,
    load_reports,
    parquet_version,
    rows_of,
    store_version,
)
from etl.model import ParsedReport, Report
from etl.parse import PARSER_VERSION, cite_places, parse_report
from etl.readers import MAX_BYTES, read_document
from etl.validate import validate

# Reports per DuckDB transaction: large enough that per-statement overhead
# vanishes, small enough that a batch's rows stay a few tens of MB.
LOAD_BATCH = 500
# Files per pool task: amortises pickling, yet keeps every worker busy to the end.
MAX_CHUNK = 32
# Below this many files a progress bar is noise.
PROGRESS_MIN = 200
# Below this many files to parse, starting workers (each with cold caches) costs more
# than it saves: 100 reports took 2.0 s in-process and 2.7 s with two workers.
POOL_MIN = 200


@dataclass
class IngestResult:
    summary: LoadSummary = field(default_factory=LoadSummary)
    failures: list[str] = field(default_factory=list)


@dataclass
class ParsedChunk:
    """What one pool task hands back: reports ready to insert, and the files that failed."""

    reports: list[Report] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the file each parsed report came from (all of them)
    rows: dict[str, pa.Table] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Given:
    """What the command line says of every file: the department and year for a file that states neither."""

    department: str | None = None
    year: int | None = None


def parse_file(path: Path, given: Given = Given()) -> ParsedReport:
    """Read, parse and check one file; NotAReport names the file when it can't be read."""
    doc = read_document(path)
    parsed = parse_report(doc, given.department, given.year)
    parsed.quality_checks += validate(parsed) + check_drafting(parsed, doc)
    parsed.flags = flags.measure(parsed)
    cells = audit(parsed, doc)
    parsed.quality_checks += cells.findings
    parsed.report = replace(
        parsed.report, numeric_cells=cells.cells, numeric_stored=cells.stored, numeric_flagged=cells.flagged
    )
    cite_places(parsed, doc)
    return parsed


def parse_chunk(paths: list[str], given: Given = Given()) -> ParsedChunk:
    """Parse files and convert their rows for loading; a file that fails is named, never raised."""
    chunk = ParsedChunk()
    parsed: dict[str, tuple[str, ParsedReport]] = {}
    for path in paths:
        try:
            report = parse_file(Path(path), given)
        except NotAReport as err:
            chunk.failures.append((path, str(err)))
            continue
        except Exception as err:  # a parser gap must not stop the other files, nor print a traceback
            chunk.failures.append(
                (path, f"{path}: 解析时出现意外错误（{type(err).__name__}: {err}），此文件未载入，已有数据不受影响")
            )
            continue
        chunk.paths.append(path)
        # A later file for the same department and year replaces an earlier one, as loading them in turn would.
        parsed.pop(report.report.report_id, None)
        parsed[report.report.report_id] = (path, report)
    reports = [report for _, report in parsed.values()]
    try:
        chunk.rows = rows_of(reports)
    except Exception:  # a figure the store can't hold (say, beyond DECIMAL(18,6)): find whose, keep the rest
        good = []
        for path, report in parsed.values():
            try:
                rows_of([report])
                good.append(report)
            except Exception as err:
                chunk.paths.remove(path)
                chunk.failures.append((path, f"{path}: 无法写入数据库（{type(err).__name__}: {err}），此文件未载入"))
        reports = good
        chunk.rows = rows_of(reports)
    chunk.reports = [report.report for report in reports]
    return chunk


def _chunks(paths: list[str], workers: int) -> list[list[str]]:
    size = max(1, min(MAX_CHUNK, len(paths) // (workers * 4) or 1))
    return [paths[i : i + size] for i in range(0, len(paths), size)]


def _parsed_in_order(
    pool: Executor | None, chunks: list[list[str]], workers: int, given: Given
) -> Iterator[ParsedChunk]:
    """Chunks parsed, in file order; at most a few per worker in flight, so memory stays flat however many files."""
    if pool is None:
        yield from (parse_chunk(chunk, given) for chunk in chunks)
        return
    pending = iter(chunks)
    in_flight: deque = deque()
    for chunk in pending:
        in_flight.append(pool.submit(parse_chunk, chunk, given))
        if len(in_flight) >= workers * 3:
            break
    while in_flight:
        done = in_flight.popleft().result()
        following = next(pending, None)
        if following is not None:
            in_flight.append(pool.submit(parse_chunk, following, given))
        yield done


def _start_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes, all started now (with fork, the first task starts every worker)."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): the platform's default
        context = multiprocessing.get_context()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    pool.submit(int).result()
    return pool


def ingest(
    files: list[Path],
    db_path: str | Path,
    parquet_dir: str | Path,
    workers: int | None = None,
    progress: bool | None = None,
    given: Given = Given(),
) -> IngestResult:
    """Load `files`; `workers` processes parse (default: every core); `progress` None shows a bar on a terminal."""
    workers = max(1, workers or default_workers())
    if progress is None:
        progress = sys.stderr.isatty() and len(files) >= PROGRESS_MIN
    result = IngestResult()
    bar = tqdm(total=len(files), unit="份", disable=not progress, desc="载入", dynamic_ncols=True)
    try:
        con = connect(db_path)
        try:
            seen, outdated = known_hashes(con, PARSER_VERSION)
            # Parquet lags DuckDB only if an earlier run died between the two, and a store from before
            # snapshots has none, or its derived tables were made by other SQL (etl.derived): then rewrite
            # every year.
            in_sync = (
                parquet_version(parquet_dir) == store_version(con)
                and current_snapshot(parquet_dir) is not None
                and derived_current(parquet_dir)
            )
        finally:
            con.close()
        todo, copies = _changed(files, seen, outdated, result, bar)
        # Workers start while DuckDB is closed: a fork then copies no database threads or locks.
        pool = _start_pool(workers) if workers > 1 and len(todo) >= POOL_MIN else None
        try:
            con = connect(db_path)
            try:
                touched = _load(
                    con, _parsed_in_order(pool, _chunks(todo, workers), workers, given), copies, result, bar
                )
                if touched or not in_sync:
                    export_parquet(con, parquet_dir, touched if in_sync else None)
            finally:
                con.close()
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
    finally:
        bar.close()
    return result


def _changed(
    files: list[Path], seen: set[str], outdated: set[str], result: IngestResult, bar: tqdm
) -> tuple[list[str], dict[str, list[str]]]:
    """The files to parse (bytes not in the store, or stored by an older parser), and for each the later
    files with the same bytes."""
    todo: list[str] = []
    copies: dict[str, list[str]] = {}
    first_of: dict[str, str] = {}
    for path in files:
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:  # known from the file system: never read a huge file just to hash it
                result.failures.append(f"{path}: 文件过大（{size / 1024 / 1024:.0f} MB），不像一份部门决算报告")
                bar.update()
                continue
            digest = sha256_of(path.read_bytes())
        except OSError as err:
            result.failures.append(f"{path}: 无法读取（{err.strerror}）")
            bar.update()
            continue
        if digest in seen:
            result.summary.unchanged.append(str(path))
            bar.update()
        elif digest in first_of:
            copies[first_of[digest]].append(str(path))
        else:
            if digest in outdated:
                result.summary.reparsed.append(str(path))
            first_of[digest] = str(path)
            copies[str(path)] = []
            todo.append(str(path))
    return todo, copies


def _load(
    con, chunks: Iterator[ParsedChunk], copies: dict[str, list[str]], result: IngestResult, bar: tqdm
) -> set[int]:
    """Load parsed chunks in batches, in file order; return the years whose parquet must be rewritten."""
    touched: set[int] = set()
    batch: list[ParsedChunk] = []
    batch_ids: set[str] = set()

    def flush() -> None:
        if not batch:
            return
        reports = [r for c in batch for r in c.reports]
        tables = {t for c in batch for t in c.rows}
        rows = {t: pa.concat_tables([c.rows[t] for c in batch if t in c.rows]) for t in tables}
        touched.update(load_reports(con, reports, rows))
        touched.update(r.year for r in reports)
        for c in batch:
            result.summary.loaded += c.paths
            for path in c.paths:
                result.summary.unchanged += copies[path]
        batch.clear()
        batch_ids.clear()

    for chunk in chunks:
        for path, message in chunk.failures:
            result.failures.append(message)
            result.failures += [f"{copy}: 与 {path} 内容相同，同样未能载入" for copy in copies[path]]
        ids = {r.report_id for r in chunk.reports}
        # A report already waiting in this batch must be written before its replacement is.
        if ids & batch_ids or sum(len(c.reports) for c in batch) >= LOAD_BATCH:
            flush()
        batch.append(chunk)
        batch_ids |= ids
        done = chunk.paths + [path for path, _ in chunk.failures]
        bar.update(len(done) + sum(len(copies[path]) for path in done))
    flush()
    return touched
