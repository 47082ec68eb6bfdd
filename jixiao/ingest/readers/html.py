"""HTML reader: ``<table>`` rows (colspan/rowspan) and the text around them, as Lines.

Forms are pasted into web pages and e-mails, and saved from Word/WPS as .html. A ``<tr>`` is
one Line; a cell spanning columns or rows puts its text in its first grid cell and leaves the
covered ones empty (``docs/reading.md``). Headings and paragraphs outside tables are one-cell
Lines; scripts and styles are not text. Text files that merely contain tag fragments in their
cells (the seeds) stay with the text reader: this one only takes documents that start as HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from jixiao.errors import InputError
from jixiao.ingest.document import Line, RawDocument
from jixiao.ingest.encoding import detect_encoding
from jixiao.ingest.readers.container import ZipListing
from jixiao.ingest.readers.grid import LineMaker, place, sha256_of

name = "html"
_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|table|body|head)\b", re.I | re.S)
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "title", "caption"})
_SKIP = frozenset({"script", "style", "head"})
_CHECKBOX = re.compile(r"checkbox", re.I)
MAX_BYTES = 50 * 1024 * 1024


def sniff(head: bytes, listing: ZipListing | None) -> bool:
    if listing is not None:
        return False
    for bom in (b"\xef\xbb\xbf",):
        head = head.removeprefix(bom)
    return bool(_START.match(head[:4096]))


class _Parser(HTMLParser):
    def __init__(self, maker: LineMaker) -> None:
        super().__init__(convert_charrefs=True)
        self.maker = maker
        self.lines: list[Line] = []
        self.text: list[str] = []
        self.skip = 0
        # table state (a stack: tables nest; a nested table's text joins its outer cell)
        self.tables: list[dict[tuple[int, int], str | None]] = []
        self.row = -1
        self.col = 0
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.rows_of: list[int] = []

    # -- text outside tables -------------------------------------------------------------
    def flush(self) -> None:
        text = "".join(self.text).strip()
        self.text = []
        if text:
            self.lines.append(self.maker.row([text]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "input" and any(_CHECKBOX.search(v or "") for _, v in attrs):
            mark = " ☑ " if any(k == "checked" for k, _ in attrs) else " ☐ "
            self.data(mark)
        elif tag == "br":
            self.data("\n")
        elif tag == "table":
            if self.tables:  # nested: keep its text inside the outer cell
                self.tables.append({})
                return
            self.flush()
            self.tables.append({})
            self.row = -1
        elif len(self.tables) == 1 and tag == "tr":
            self.row += 1
            self.col = 0
        elif len(self.tables) == 1 and tag in ("td", "th"):
            values = dict(attrs)
            self.span = (_int(values.get("rowspan")), _int(values.get("colspan")))
            self.cell = []
        elif not self.tables and tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table" and self.tables:
            if len(self.tables) > 1:
                self.tables.pop()
                return
            self.end_table(self.tables.pop())
        elif len(self.tables) == 1 and tag in ("td", "th") and self.cell is not None:
            grid = self.tables[0]
            row = max(self.row, 0)
            col = place(grid, row, self.col)
            rows, cols = self.span
            text = "".join(self.cell).strip() or None
            for r in range(row, row + rows):
                for c in range(col, col + cols):
                    grid[(r, c)] = text if (r, c) == (row, col) else None
            self.col = col + cols
            self.cell = None
        elif not self.tables and tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.data(data)

    def data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif not self.tables:
            self.text.append(data)

    def end_table(self, grid: dict[tuple[int, int], str | None]) -> None:
        if not grid:
            return
        height = max(r for r, _ in grid) + 1
        width = max(c for _, c in grid) + 1
        for r in range(height):
            self.lines.append(self.maker.row([grid.get((r, c)) for c in range(width)]))


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def read(path: Path) -> RawDocument:
    """Parse an HTML document into Lines (whole file: HTML has no streaming row boundary)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(path.name, f"HTML 文件过大（{size // (1024 * 1024)} MB），请拆分后再读取")
    data = path.read_bytes()
    encoding, skip = detect_encoding(data[: 1 << 16], path.name)
    parser = _Parser(LineMaker())
    parser.feed(data[skip:].decode(encoding, errors="replace"))
    parser.close()
    parser.flush()
    return RawDocument(path.name, sha256_of(path), iter(parser.lines), format=name)
