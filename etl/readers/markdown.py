"""The markdown a PDF converter makes of a report: pipe tables between lines of text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from etl.document import Document, Line, NotAReport, Row
from etl.template import build_document

_SEPARATOR_ROW = re.compile(r"^[\s:|]*-[\s:|-]*$")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def split_cells(line: str) -> tuple[str, ...]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return tuple(map(str.strip, body.split("|")))


def source_lines(text: str) -> list[str]:
    """The file's lines as an editor numbers them: split on \\n, \\r\\n or \\r (universal newlines).

    Not str.splitlines(): it also breaks on form feeds (a PDF converter's page ends), U+2028 and
    other separators, and every line number cited after one would point at the wrong line.
    """
    if "\r" not in text:  # the usual case, and str.split is ten times faster than the pattern
        return text.split("\n")
    return _LINE_BREAK.split(text)


def decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:8192]:
        raise NotAReport(f"{path}: 不是文本文件（含二进制内容），无法作为部门决算报告读取")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise NotAReport(f"{path}: 不是 UTF-8 文本（第 {err.start} 字节），无法读取") from err


def items(text: str) -> Iterator[Line | Row]:
    """Each line as a `Line`, or as a `Row` of cells when it is a table line; separator rows dropped."""
    for number, raw in enumerate(source_lines(text), start=1):
        if (read := item(number, raw)) is not None:
            yield read


def item(number: int, raw: str) -> Line | Row | None:
    """Line `number` as a `Line` or a table `Row`; None for a table's separator row."""
    stripped = raw.strip()
    if not stripped.startswith("|"):
        return Line(number, stripped)
    if "-" in stripped and _SEPARATOR_ROW.match(stripped):
        return None
    return Row(number, split_cells(stripped))


def read(data: bytes, path: str) -> Iterator[Line | Row]:
    return items(decode(data, path))


def parse_document(text: str, path: str = "<text>", sha256: str = "") -> Document:
    """A Document from markdown text already in memory (tests, the synthetic reports' benchmarks)."""
    return build_document(items(text), path, sha256, "md")
