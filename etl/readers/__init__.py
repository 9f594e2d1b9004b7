"""Readers: one module per file format, each turning a file's bytes into lines and table rows.

A format is told by the file's content where it has a signature (`%PDF-`, a
zip holding `xl/`, an OLE compound file), else by its suffix. Adding a format
is one module with a `read(data, path)` generator and one entry in FORMATS.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from etl.document import Document, Line, NotAReport, Page, Row, Sheet, sha256_of
from etl.readers import html, markdown, pdf, txt, xls, xlsx
from etl.template import build_document

# A report runs to a few MB; the scanned ones to tens. A setting, OPENJUESUAN_MAX_FILE_MB (read once, at import),
# matched by .streamlit/config.toml's maxUploadSize for the draft check.
MAX_BYTES = int(os.environ.get("OPENJUESUAN_MAX_FILE_MB") or 50) * 1024 * 1024


@dataclass(frozen=True)
class Format:
    name: str  # as stored in reports.source_format
    suffixes: tuple[str, ...]
    read: Callable[[bytes, str], Iterator[Line | Row | Page | Sheet]]
    # Content that tells this format whatever the file is called; None: told by suffix alone.
    signature: Callable[[bytes], bool] | None = None


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]  # the header may follow a few bytes of junk, as readers allow


def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:  # the central directory names the parts: a .docx or .zip holds no xl/
        return any(name.startswith("xl/") for name in zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):  # a truncated workbook is told by its suffix, then refused
        return False


def _is_xls(data: bytes) -> bool:
    return data.startswith(xls.OLE_SIGNATURE)


FORMATS: dict[str, Format] = {
    "pdf": Format("pdf", (".pdf",), pdf.read, _is_pdf),
    "xlsx": Format("xlsx", (".xlsx",), xlsx.read, _is_xlsx),
    "xls": Format("xls", (".xls",), xls.read, _is_xls),
    "md": Format("md", (".md", ".markdown"), markdown.read),
    "html": Format("html", (".html", ".htm"), html.read),
    "txt": Format("txt", (".txt",), txt.read),
}
# Text formats whose suffix is trusted over their content: markdown may hold HTML, and a web page is HTML
# however it begins. Any other name (.txt, none, or a binary format's suffix on a page) yields to a page's content.
_TRUSTED_SUFFIXES = frozenset({"md", "html"})
SUFFIXES = tuple(s for f in FORMATS.values() for s in f.suffixes)


def _signed(data: bytes) -> Format | None:
    """The binary format whose signature `data` carries."""
    return next((fmt for fmt in FORMATS.values() if fmt.signature is not None and fmt.signature(data)), None)


def format_of(data: bytes, path: str) -> Format:
    """The format by content first (a PDF named .md is still a PDF), then by suffix (but a web page saved as
    .txt is HTML); else markdown."""
    if signed := _signed(data):
        return signed
    suffix = Path(path).suffix.lower()
    named = next((fmt for fmt in FORMATS.values() if suffix in fmt.suffixes), None)
    if (named is None or named.name not in _TRUSTED_SUFFIXES) and html.is_html(data):
        return FORMATS["html"]
    return named or FORMATS["md"]


def told_by_content(data: bytes) -> Format | None:
    """The format the bytes themselves show, whatever the file is called: a PDF or workbook by its signature, a
    web page or text by holding no binary bytes (a UTF-16 text by its byte-order mark). None for anything else:
    an image, an archive, a Word file."""
    if signed := _signed(data):
        return signed
    if data.startswith(txt.UTF16_BOMS) or b"\x00" not in data[:8192]:
        return FORMATS["html"] if html.is_html(data) else FORMATS["txt"]
    return None


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
