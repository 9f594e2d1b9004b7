"""Web pages (.html/.htm): a department's CMS page, or a report Word saved as a web page.

lxml parses the page as a browser would. Scripts, styles, navigation, page
headers and footers, form controls and whatever the page's own styles hide
are dropped (spam is injected hidden). What is left is read in document
order: each block (p, div, h1–h6, li, the page's title…) and each line a <br>
ends is a `Line`; each row of a table is a `Row`, rowspan and colspan
expanded into the grid with the text in the first cell covered and the
others blank, as the markdown and PDF readers have it; a table ends with a
blank `Line`, as a blank line ends one in markdown. A table that holds
tables, or has a single column, lays out the page rather than holding
figures: its cells are read as blocks. Word's markup (mso classes, <o:p>,
a span for every run) is markup like any other. A CMS that flattens a table
into one paragraph per cell or per row gives narrative lines, never figures.

Lines are numbered by the page source's own lines, so a citation points at the
line of the file.

Not pandas.read_html: it copies a merged cell's text into every cell it covers
and reads "0.00" as 0.0.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator

import lxml.etree
import lxml.html

from etl.document import Line, NotAReport, Row
from etl.readers.txt import decode

# A table far beyond a report's (a few thousand cells) is refused: spans could make its grid any size.
MAX_TABLE_CELLS = 200_000
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534  # what browsers honour of a span (HTML caps them there)

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "nav", "aside", "select", "option", "button", "input", "textarea"}
    | {"iframe", "object", "embed", "svg", "canvas", "audio", "video", "map", "meta", "link", "base"}
)
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"}
    | {"section", "article", "main", "center", "address", "figure", "figcaption", "hr", "title", "caption"}
    | {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "header", "footer", "body", "html", "form", "fieldset"}
)
# Containers a CMS names for what they are: menus, breadcrumbs, share bars…
_FURNITURE_NAMES = frozenset(
    {"nav", "navbar", "menu", "breadcrumb", "crumb", "crumbs", "sidebar", "toolbar", "share", "copyright", "topbar"}
    | {"header", "footer"}
)
_FURNITURE_TAGS = frozenset({"div", "ul", "ol", "section"})
_NAME_SPLIT = re.compile(r"[\s_-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_MHTML = re.compile(
    rb"^\s*(?:from|subject|date|mime-version|content-type|snapshot-content-location)\s*:", re.IGNORECASE
)


def is_html(data: bytes) -> bool:
    """Whether a text file holds a web page, whatever it is called: it starts like one, or has a table early."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"mime-version:", b"from: <saved by")) or b"<table" in head


def read(data: bytes, path: str) -> Iterator[Line | Row]:
    """The page's lines and table rows; NotAReport for a page with nothing to read."""
    declared = None
    if _MHTML.match(data[:256]) and b"multipart/" in data[:4096].lower():
        data, declared = _html_part(data, path)
    match = _META_CHARSET.search(data[:4096])
    text = decode(data, declared or (match[1].decode("ascii") if match else None))
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as err:
        raise NotAReport(f"{path}: 网页是空的或无法解析（{err}），无法读取") from None
    return _items(root, path)


def _html_part(data: bytes, path: str) -> tuple[bytes, str | None]:
    """The page an MHTML archive (a browser's "save as single file") holds, decoded from its transfer encoding."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise NotAReport(f"{path}: 这是 MHTML 网页存档，但其中没有 HTML 页面，无法读取")


def _items(root, path: str) -> Iterator[Line | Row]:
    pieces: list[str] = []  # the text of the line being read
    at = 1  # the source line it starts on
    line = 1  # the source line last seen

    def flush() -> Iterator[Line]:
        text = " ".join("".join(pieces).split())
        pieces.clear()
        if text:
            yield Line(at, text)

    def add(text: str | None) -> None:
        nonlocal at
        if text:
            if not pieces:
                at = line + text[: len(text) - len(text.lstrip())].count("\n")
            pieces.append(text)

    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            line = el.sourceline or line
            if _dropped(el, tag):
                walker.skip_subtree()
                continue
            if tag in _BLOCKS or tag == "br":
                yield from flush()
            if tag == "table" and _holds_figures(el):
                yield from _table(el, path)
                line = max((tr.sourceline or line for tr in el.iter("tr")), default=line)
                walker.skip_subtree()
                continue
            add(el.text)
        else:
            if tag in _BLOCKS and not _dropped(el, tag):
                yield from flush()
            if tag == "table" and not _dropped(el, tag):
                yield Line(line, "")
            add(el.tail)
    yield from flush()


def _dropped(el, tag: str) -> bool:
    if tag in _SKIPPED or el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if tag in ("header", "footer"):  # the page's own, not an article's header holding its title
        return not any(a.tag in ("article", "main", "section") for a in el.iterancestors())
    if tag in _FURNITURE_TAGS:
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        return bool(names.strip()) and not _FURNITURE_NAMES.isdisjoint(_NAME_SPLIT.split(names))
    return False


def _rows(table) -> list:
    """The table's own rows, in order (a table holding figures holds no table)."""
    return list(table.iter("tr"))


def _cells(tr) -> list:
    return [c for c in tr if c.tag in ("td", "th") and not _dropped(c, c.tag)]


def _holds_figures(table) -> bool:
    """A table of figures: no table inside it, and more than one column."""
    if next(table.iterdescendants("table"), None) is not None:
        return False
    return any(len(_cells(tr)) > 1 for tr in _rows(table))


def _span(cell, name: str, most: int) -> int:
    try:
        return max(1, min(most, int((cell.get(name) or "1").strip() or 1)))
    except ValueError:
        return 1


def _table(table, path: str) -> Iterator[Line | Row]:
    caption = next((c for c in table if c.tag == "caption"), None)
    if caption is not None:
        text = _text(caption)
        if text:
            yield Line(caption.sourceline or table.sourceline or 1, text)
    rows = _rows(table)
    grid: dict[tuple[int, int], str] = {}
    covered: set[tuple[int, int]] = set()
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in _cells(tr):
            while (r, c) in covered:
                c += 1
            across = _span(cell, "colspan", MAX_COLSPAN)
            # rowspan="0" runs to the end of the table; no span runs past it
            down = len(rows) - r if (cell.get("rowspan") or "").strip() == "0" else _span(cell, "rowspan", MAX_ROWSPAN)
            down = min(down, len(rows) - r)
            if len(covered) + down * across > MAX_TABLE_CELLS:
                raise NotAReport(
                    f"{path}: 第 {tr.sourceline} 行的表格超过 {MAX_TABLE_CELLS} 个单元格，不像一份部门决算报告，未读取"
                )
            covered.update((r + i, c + j) for i in range(down) for j in range(across))
            grid[(r, c)] = _text(cell)
            c += across
            width = max(width, c)
    for r, tr in enumerate(rows):
        yield Row(tr.sourceline or table.sourceline or 1, tuple(grid.get((r, c), "") for c in range(width)))


def _text(el) -> str:
    """A cell's text as the page shows it: its blocks and lines joined by spaces, hidden parts left out."""
    pieces: list[str] = []
    walker = lxml.etree.iterwalk(el, events=("start", "end"))
    for event, node in walker:
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if node is not el and _dropped(node, tag):
                walker.skip_subtree()
                continue
            if tag in _BLOCKS or tag == "br":
                pieces.append(" ")
            pieces.append(node.text or "")
        elif node is not el:
            if tag in _BLOCKS:
                pieces.append(" ")
            pieces.append(node.tail or "")
    return " ".join("".join(pieces).split())
