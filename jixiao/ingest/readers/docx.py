"""Word (.docx) reader: paragraphs and tables in body order, as Lines of cells.

Forms filled in Word are tables with merged cells: ``gridSpan`` (merged across) and ``vMerge``
(merged down), often both on one cell. Each ``w:tr`` becomes one Line with one cell per grid
column: a merged cell's text stands in its first grid column and first row, the cells it
covers are empty (``docs/reading.md``). Text around the tables (title, year line) becomes
one-cell Lines; an explicit page break becomes a blank Line. Hidden text (``w:vanish``) is
not printed, so it is not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jixiao.errors import InputError
from jixiao.ingest.document import Line, RawDocument
from jixiao.ingest.readers.container import ZipListing
from jixiao.ingest.readers.grid import LineMaker, sha256_of

name = "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sniff(head: bytes, listing: ZipListing | None) -> bool:
    return listing is not None and listing.kind == "docx"


def _attr(element: Any, path: str) -> str | None:
    found = element.find(path)
    if found is None:
        return None
    value: str | None = found.get(f"{W}val")
    return value if value is not None else ""


def _paragraph_text(paragraph: Any) -> tuple[str, bool]:
    """The printed text of a paragraph and whether it ends a page."""
    parts: list[str] = []
    page_break = False
    for run in paragraph.iter(f"{W}r"):
        props = run.find(f"{W}rPr")
        if props is not None and props.find(f"{W}vanish") is not None:
            continue
        for child in run:
            if child.tag == f"{W}t":
                parts.append(child.text or "")
            elif child.tag == f"{W}tab":
                parts.append("\t")
            elif child.tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") == "page":
                    page_break = True
                else:
                    parts.append("\n")
    return "".join(parts), page_break


def _cell_text(cell: Any) -> str:
    """All paragraphs of a cell (nested tables included), one per line."""
    texts = [_paragraph_text(p)[0] for p in cell.iter(f"{W}p")]
    return "\n".join(t.replace("\t", " ") for t in texts)


def _table_rows(table: Any) -> Iterator[list[str | None]]:
    for row in table.findall(f"{W}tr"):
        cells: list[str | None] = []
        props = row.find(f"{W}trPr")
        if props is not None:
            before = _attr(props, f"{W}gridBefore")
            cells.extend([None] * int(before or 0))
            if props.find(f"{W}hidden") is not None:
                continue
        for cell in row.findall(f"{W}tc"):
            tc_props = cell.find(f"{W}tcPr")
            span = 1
            continued = False
            if tc_props is not None:
                span = int(_attr(tc_props, f"{W}gridSpan") or 1)
                merge = _attr(tc_props, f"{W}vMerge")
                continued = merge is not None and merge != "restart"
            text = None if continued else _cell_text(cell)
            cells.append(text or None)
            cells.extend([None] * (span - 1))
        yield cells


def _body_lines(body: Any, maker: LineMaker) -> Iterator[Line]:
    page = 1
    for element in body:
        if element.tag == f"{W}p":
            text, page_break = _paragraph_text(element)
            if text.strip():
                yield maker.row(text.split("\t"), page)
            if page_break:
                page += 1
                yield maker.blank(page)
        elif element.tag == f"{W}tbl":
            for cells in _table_rows(element):
                yield maker.row(cells, page)
        elif element.tag == f"{W}sdt":
            content = element.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_lines(content, maker)


def read(path: Path) -> RawDocument:
    """Open a document (already checked by ``container.check_zip``) as a RawDocument."""
    import docx

    try:
        with path.open("rb") as handle:
            document = docx.Document(handle)
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise InputError(path.name, f"Word 文件已损坏或格式不正确，无法读取（{type(exc).__name__}）") from exc
    lines = list(_body_lines(document.element.body, LineMaker()))
    return RawDocument(path.name, sha256_of(path), iter(lines), format=name)
