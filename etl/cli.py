"""`python -m etl ingest PATH… [--db …] [--parquet …]` — the contract's command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.ingest import ingest

REPORT_SUFFIXES = (".md", ".markdown")


def report_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The report files named by `paths` (folders are searched), and the paths that are not there."""
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            missing.append(raw)
    return files, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="OpenJuesuan 部门决算数据处理")
    commands = parser.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser("ingest", help="把部门决算报告载入数据库和 parquet 数据集")
    cmd.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或存放报告的文件夹")
    cmd.add_argument("--db", default="data/warehouse.duckdb", help="DuckDB 文件（默认 data/warehouse.duckdb）")
    cmd.add_argument("--parquet", default="data/parquet", help="parquet 数据集目录（默认 data/parquet）")
    args = parser.parse_args(argv)

    files, missing = report_files(args.paths)
    for raw in missing:
        print(f"错误：{raw}: 文件或文件夹不存在", file=sys.stderr)
    if not files and not missing:
        print(f"错误：{' '.join(args.paths)} 中没有找到报告文件（{', '.join(REPORT_SUFFIXES)}）", file=sys.stderr)
        return 2
    result = ingest(files, args.db, args.parquet)
    for message in result.failures:
        print(f"错误：{message}", file=sys.stderr)
    print(
        f"载入 {len(result.summary.loaded)} 份，未改变跳过 {len(result.summary.unchanged)} 份，"
        f"失败 {len(result.failures) + len(missing)} 份。"
    )
    return 1 if result.failures or missing else 0
