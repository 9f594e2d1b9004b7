"""`python -m etl check FILE…`: a draft report parsed and checked exactly as `ingest` would, every finding printed,
and no store opened — for the official who would rather find the slip before the public does.

Exit 0 when no finding is an error, 1 when one is, 2 when a file cannot be read at all (the contract).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from etl.checks import CATALOGUE, SEVERITIES
from etl.document import NotAReport
from etl.ingest import Given, parse_file
from etl.model import ParsedReport

UNREADABLE = 2


def check(files: Iterable[Path], given: Given) -> tuple[list[tuple[Path, ParsedReport]], list[str]]:
    """Each readable file parsed and checked, and the refusal of each file that could not be read."""
    parsed, refused = [], []
    for path in files:
        try:
            parsed.append((path, parse_file(path, given)))
        except NotAReport as err:
            refused.append(str(err))
    return parsed, refused


def exit_code(parsed: list[tuple[Path, ParsedReport]], refused: list[str]) -> int:
    if refused:
        return UNREADABLE
    return 1 if any(q.severity == "error" for _, p in parsed for q in p.quality_checks) else 0


def as_text(parsed: list[tuple[Path, ParsedReport]], english: bool = False) -> str:
    """Each file's findings, errors first, with where each stands and what it expected against what it found."""
    out = []
    for path, report in parsed:
        r = report.report
        kind = ("partial report", "部分报告") if r.partial else ("report", "完整报告")
        out.append(
            f"{path}: {r.department}, {r.year} ({kind[0]})"
            if english
            else f"{path}：{r.department} {r.year} 年度（{kind[1]}）"
        )
        findings = sorted(report.quality_checks, key=lambda q: (list(SEVERITIES).index(q.severity), q.source_line or 0))
        for q in findings:
            entry = CATALOGUE[q.check]
            severity = SEVERITIES[q.severity][1 if english else 0]
            out.append(f"  [{severity}] {entry.name_en if english else entry.name} · {_place(q, english)}")
            out.append(f"    {(q.message_en or q.message) if english else q.message}")
            if q.expected or q.actual:
                if english:
                    out.append(f"    expected: {q.expected or '—'}; the report says: {q.actual or '—'}")
                else:
                    out.append(f"    应为：{q.expected or '—'}；报告所写：{q.actual or '—'}")
        counts = {s: sum(q.severity == s for q in findings) for s in SEVERITIES}
        if english:
            out.append(f"  {len(findings)} findings: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
        else:
            out.append(
                f"  共 {len(findings)} 条：" + "、".join(f"{SEVERITIES[s][0]} {n} 条" for s, n in counts.items())
            )
    return "\n".join(out)


def _place(q, english: bool) -> str:
    table = q.source_table or ("the report" if english else "报告")
    if q.source_cell:
        return f"{table} · {q.source_cell}"
    if q.source_page:
        return f"{table}, page {q.source_page}" if english else f"{table} · 第 {q.source_page} 页"
    if q.source_line:
        return f"{table}, line {q.source_line}" if english else f"{table} 第 {q.source_line} 行"
    return table


def as_json(parsed: list[tuple[Path, ParsedReport]], refused: list[str]) -> str:
    reports = [
        {
            "file": str(path),
            "report_id": report.report.report_id,
            "department": report.report.department,
            "year": report.report.year,
            "partial": report.report.partial,
            "findings": [
                {**{k: v for k, v in asdict(q).items() if k != "report_id"}, "name": CATALOGUE[q.check].name}
                for q in report.quality_checks
            ],
        }
        for path, report in parsed
    ]
    return json.dumps({"reports": reports, "unreadable": refused}, ensure_ascii=False, indent=2)
