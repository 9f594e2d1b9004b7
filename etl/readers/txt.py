"""Plain text (.txt), as a browser saves a page's text: narrative lines, and tables as a browser copies them, a
row a line with its cells between tabs (pipe tables too, where a tool wrote them).

Chinese pages are saved in UTF-8 or in GBK/GB2312 (whose superset GB18030 reads
them all), seldom with a byte-order mark: `decode` tries them in that order.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from etl.document import Line, NotAReport, Row
from etl.readers import markdown

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# The charsets a page declares that GB18030 reads exactly (it is their superset), and Big5's superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030"}
_SUPERSETS |= {"big5": "big5hkscs", "cp950": "big5hkscs"}
# A Western single-byte charset declared on a Chinese page is a server's default, not the page's: it reads any
# bytes at all, as mojibake.
_MISDECLARED = frozenset({"iso8859-1", "cp1252", "ascii"})


def decode(data: bytes, declared: str | None = None) -> str:
    """The text of `data`: by its byte-order mark, else UTF-8 (a few damaged bytes replaced), else the charset the
    page declares, else GB18030; bytes none of them reads are decoded by whichever leaves fewer of them unread.
    Never raises."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        lenient = data.decode("utf-8", errors="replace")
    # GB18030 reads most UTF-8 byte pairs as other characters: a UTF-8 page with a byte or two damaged (a cut
    # download) must not turn into mojibake. A GBK page read as UTF-8 has nearly every character replaced.
    if lenient.count("\ufffd") * 100 <= len(lenient) - len(lenient.encode("ascii", "ignore")):
        return lenient
    tried = []
    if declared:
        name = declared.strip().lower()
        try:
            codec = codecs.lookup(_SUPERSETS.get(name, name)).name
        except LookupError:  # a page may declare anything
            codec = None
        if codec and codec not in _MISDECLARED:
            tried.append(codec)
    tried.append("gb18030")
    for codec in dict.fromkeys(tried):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return min((lenient, data.decode("gb18030", errors="replace")), key=lambda text: text.count("\ufffd"))


def read(data: bytes, path: str) -> Iterator[Line | Row]:
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotAReport(f"{path}: 不是文本文件（含二进制内容），无法作为部门决算报告读取")
    return items(decode(data))


def items(text: str) -> Iterator[Line | Row]:
    """The markdown reader's lines and rows, and a row for each line holding a tab between two cells."""
    for number, raw in enumerate(markdown.source_lines(text), start=1):
        cells = raw.rstrip("\r\n ").split("\t")
        filled = [i for i, cell in enumerate(cells) if cell.strip()]
        # An empty cell before the first tab is a blank column (a 合计 row's merged 科目编码), kept in place. A
        # line of tabs with one cell or none filled is a row too ("合计" alone; a 三公 table with nothing spent),
        # unless the tabs only indent its text.
        if len(filled) >= 2 or (len(cells) >= 3 and filled != [len(cells) - 1]):
            yield Row(number, tuple(cell.strip() for cell in cells))
        elif (read := markdown.item(number, raw)) is not None:
            yield read
