"""Readers: one module per file format, each turning a file's bytes into lines and table rows.

A format is told by the file's content where it has a signature (`%PDF-`),
else by its suffix. Adding a format is one module with a `read(data, path)`
generator and one entry in FORMATS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from etl.document import Document, Line, NotAReport, Page, Row, sha256_of
from etl.readers import markdown, pdf
from etl.template import build_document

MAX_BYTES = 50 * 1024 * 1024


class Format:
    def __init__(self, name: str, suffixes: tuple[str, ...], read: Callable[[bytes, str], Iterator[Line | Row | Page]]):
        self.name, self.suffixes, self.read = name, suffixes, read


FORMATS: dict[str, Format] = {
    "md": Format("md", (".md", ".markdown"), markdown.read),
    "pdf": Format("pdf", (".pdf",), pdf.read),
}
SUFFIXES = tuple(s for f in FORMATS.values() for s in f.suffixes)


def format_of(data: bytes, path: str) -> Format:
    """The format by content first (a PDF named .md is still a PDF), then by suffix."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return FORMATS["pdf"]
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    return FORMATS["md"]  # text without a known suffix is read as the markdown form


def read_bytes(data: bytes, path: str) -> Document:
    """A Document from a file's bytes; NotAReport naming the file when they are not a report."""
    fmt = format_of(data, path)
    return build_document(fmt.read(data, path), path, sha256_of(data), fmt.name)


def read_document(path: str | Path) -> Document:
    """Read a report file of any format; raise NotAReport naming the file when it is not one."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise NotAReport(f"{path}: 文件过大（{size / 1024 / 1024:.0f} MB），不像一份部门决算报告")
    return read_bytes(path.read_bytes(), str(path))
