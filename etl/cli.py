"""The contract's command line: `python -m etl ingest PATH… [--db …] [--parquet …] [--workers N]` and
`python -m etl check PATH… [--format text|json]`; and `synth`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from etl import check
from etl.ingest import Given, default_workers, ingest
from etl.parse import PARSER_VERSION
from etl.readers import SUFFIXES
from etl.synth import LAST_YEAR, write


def report_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The report files named by `paths` (folders are searched), and the paths that are not there."""
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
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
    cmd.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"并行解析的进程数（默认为全部 CPU 核心，本机 {default_workers()} 个）",
    )
    draft = commands.add_parser("check", help="检查报告（如发布前的草稿）并列出每一处问题，不载入、不改动任何数据库")
    draft.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或存放报告的文件夹")
    draft.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    draft.add_argument("--lang", choices=("zh", "en"), default="zh", help="text 输出的语言（默认 zh，中文）")
    for command in (cmd, draft):
        command.add_argument(
            "--department", help="报告本身和文件名都没有写明部门时使用的部门名称（对本次所有文件有效）"
        )
        command.add_argument(
            "--year", type=int, help="报告本身和文件名都没有写明年度时使用的决算年度（对本次所有文件有效）"
        )
    synth = commands.add_parser("synth", help="生成合成的示例报告（部门名称均带“（示例）”），供演示和性能测试")
    synth.add_argument("--departments", type=int, required=True, help="部门个数")
    synth.add_argument("--years", type=int, default=1, help="连续年度数（截至 --last-year）")
    synth.add_argument("--out", required=True, help="输出文件夹")
    synth.add_argument("--seed", type=int, default=0, help="随机种子：同一种子生成逐字节相同的文件")
    synth.add_argument("--last-year", type=int, default=LAST_YEAR, help=f"最后一个年度（默认 {LAST_YEAR}）")
    args = parser.parse_args(argv)
    if args.command == "synth":
        return _synth(args)

    files, missing = report_files(args.paths)
    for raw in missing:
        print(f"错误：{raw}: 文件或文件夹不存在", file=sys.stderr)
    if not files and not missing:
        print(f"错误：{' '.join(args.paths)} 中没有找到报告文件（{', '.join(SUFFIXES)}）", file=sys.stderr)
        return 2
    if args.command == "check":
        return _check(args, files, missing)
    try:
        given = Given(args.department, args.year)
        result = ingest(files, args.db, args.parquet, workers=args.workers, given=given)
    except duckdb.IOException as err:  # another process holds the file's lock (DuckDB has one writer)
        print(
            f"错误：无法打开数据库 {args.db}：它正被另一个程序使用（另一次载入，或打开着它的 duckdb 会话）。"
            f"请关闭后重试；已有数据没有改动。（{err}）",
            file=sys.stderr,
        )
        return 1
    for message in result.failures:
        print(f"错误：{message}", file=sys.stderr)
    print(
        f"载入 {len(result.summary.loaded)} 份，未改变跳过 {len(result.summary.unchanged)} 份，"
        f"失败 {len(result.failures) + len(missing)} 份。"
    )
    if result.summary.reparsed:
        print(
            f"其中 {len(result.summary.reparsed)} 份此前由旧版解析器载入，已按新版（第 {PARSER_VERSION} 版）重新解析。"
        )
    return 1 if result.failures or missing else 0


def _check(args: argparse.Namespace, files: list[Path], missing: list[str]) -> int:
    parsed, refused = check.check(files, Given(args.department, args.year))
    for message in refused:
        print(f"错误：{message}", file=sys.stderr)
    if args.format == "json":
        print(check.as_json(parsed, refused + [f"{raw}: 文件或文件夹不存在" for raw in missing]))
    elif parsed:
        print(check.as_text(parsed, english=args.lang == "en"))
    return check.UNREADABLE if missing else check.exit_code(parsed, refused)


def _synth(args: argparse.Namespace) -> int:
    if args.departments < 1 or args.years < 1:
        print("错误：--departments 和 --years 须为正整数", file=sys.stderr)
        return 2
    paths = write(args.out, args.departments, args.years, args.seed, args.last_year)
    print(f"已在 {args.out} 生成 {len(paths)} 份示例报告。")
    return 0
