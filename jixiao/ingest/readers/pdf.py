"""PDF reader (pdfplumber): ruled tables row by row, the text around them line by line.

Finance bureaus publish the forms as digitally produced PDFs with ruled tables. Each table
row found by pdfplumber's line strategy is one Line (a merged cell's text in its first grid
cell, as ``extract()`` gives it); words outside the tables are grouped into printed lines,
split into cells where a wide gap separates them. Pages are read in order with a blank Line
between them, so an indicator table that continues on the next page (often repeating its
header row) reads like the seeds' text extractions. A PDF without a text layer is a scan:
the user is told to OCR it first; an oversized PDF is refused before any page is parsed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jixiao.errors import InputError
from jixiao.ingest.document import Line, RawDocument
from jixiao.ingest.readers.container import PDF_MAGIC, ZipListing
from jixiao.ingest.readers.grid import LineMaker, sha256_of

name = "pdf"
MAX_PAGES = 500
"""A district's whole budget book is a few hundred pages; beyond this, split the file."""
TEXT_PROBE_PAGES = 3
"""Pages looked at to tell a scan from a digital PDF."""
LINE_TOLERANCE = 3.0
CELL_GAP = 2.0
"""Words further apart than this many character heights are separate cells."""


def sniff(head: bytes, listing: ZipListing | None) -> bool:
    return head.lstrip(b"\x00\t\r\n ")[:4] == PDF_MAGIC or PDF_MAGIC in head[:1024]


def page_count(path: Path) -> int:
    """Pages of the PDF from its page tree (pdfium: fast, parses no page content)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower():
            raise InputError(path.name, "PDF 设有打开密码（已加密），请取消密码后再读取") from exc
        raise InputError(path.name, "PDF 文件已损坏，无法打开，请重新导出后重试") from exc
    try:
        return len(document)
    finally:
        document.close()


_PUNCT = ",;:!?"
_SPACED_PUNCT = re.compile(r"[,;:!?] ")
_TIGHT_PUNCT = re.compile(r"[,;:!?](?! )")


def unwrap(text: str | None) -> str | None:
    """A cell's text with the line wraps of the print removed.

    A wrap is layout, not text: between CJK characters (and after a comma) it is dropped, as
    the text reader would; only between two Latin letters/digits does it stand for a space.
    """
    if text is None or "\n" not in text:
        return text
    parts = text.split("\n")
    flat = "".join(parts)
    spaced = len(_SPACED_PUNCT.findall(text))
    tight = len(_TIGHT_PUNCT.findall(flat)) - (len(parts) - 1)
    joined = parts[0]
    for part in parts[1:]:
        if joined and part:
            before, after = joined[-1], part[0]
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                joined += " "
            elif before in _PUNCT and spaced > tight:
                joined += " "  # the writer's own habit decides: "100%, 得满分" vs "活动,增强"
        joined += part
    return joined


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _text_lines(words: list[dict[str, Any]]) -> list[tuple[float, list[str]]]:
    """Group words into printed lines (by their top), cells split at wide gaps."""
    lines: list[tuple[float, list[dict[str, Any]]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0] - word["top"]) <= LINE_TOLERANCE:
            lines[-1][1].append(word)
        else:
            lines.append((word["top"], [word]))
    result: list[tuple[float, list[str]]] = []
    for top, group in lines:
        group.sort(key=lambda w: w["x0"])
        cells: list[str] = [group[0]["text"]]
        for before, word in itertools.pairwise(group):
            height = max(1.0, word["bottom"] - word["top"])
            if word["x0"] - before["x1"] > CELL_GAP * height:
                cells.append(word["text"])
            else:
                cells[-1] += " " + word["text"]
        result.append((top, cells))
    return result


def _claim_unclosed(page: Any, table: Any, grid: list[list[str | None]]) -> None:
    """Text in a grid slot that no cell holds: a box left open by a page break.

    A cell merged down (or drawn without inner rules) that continues on the next page has no
    bottom rule on this one, so pdfplumber finds no cell there and drops its text. Each empty
    slot not covered by a real cell is read directly and given to its row and column.
    """
    cells = [c for c in table.cells if c is not None]
    xs = [*sorted({round(c[0], 1) for c in cells}), table.bbox[2]]
    for i, row in enumerate(table.rows):
        top, bottom = row.bbox[1], row.bbox[3]
        for j, cell in enumerate(row.cells[: len(xs) - 1]):
            if cell is not None or grid[i][j] is not None:
                continue
            x0, x1 = xs[j], xs[j + 1]
            cx, cy = (x0 + x1) / 2, (top + bottom) / 2
            if any(c[0] <= cx <= c[2] and c[1] <= cy <= c[3] for c in cells):
                continue  # covered by a merged cell: empty by design
            text = page.crop((x0, top, x1, bottom), strict=False).extract_text()
            if text and text.strip():
                grid[i][j] = text


def _page_rows(page: Any) -> list[tuple[float, list[str | None]]]:
    tables = page.find_tables()
    items: list[tuple[float, list[str | None]]] = []
    boxes = []
    for table in tables:
        boxes.append(table.bbox)
        grid = table.extract()
        _claim_unclosed(page, table, grid)
        for row, cells in zip(table.rows, grid, strict=False):
            items.append((row.bbox[1], [unwrap(c) for c in cells]))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for top, cells in _text_lines(outside.extract_words(keep_blank_chars=False)):
        items.append((top, list(cells)))
    items.sort(key=lambda item: item[0])
    return items


def _lines(pdf: Any, maker: LineMaker, name_: str) -> Iterator[Line]:
    try:
        for number, page in enumerate(pdf.pages, start=1):
            if number > 1:
                yield maker.blank(number)
            for _, cells in _page_rows(page):
                yield maker.row(cells, number)
            page.close()
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many types on a damaged page
        raise InputError(name_, f"PDF 第 {maker.number} 行附近内容损坏，无法继续读取（{type(exc).__name__}）") from exc
    finally:
        pdf.close()


def read(path: Path) -> RawDocument:
    """Open a PDF; refuse scans and oversized files at once, read pages lazily."""
    import pdfplumber

    pages = page_count(path)
    if pages == 0:
        raise InputError(path.name, "PDF 没有任何页面")
    if pages > MAX_PAGES:
        raise InputError(path.name, f"PDF 共 {pages} 页，超过单个文件上限 {MAX_PAGES} 页，请拆分后再读取")
    try:
        pdf = pdfplumber.open(str(path))
        probe = pdf.pages[: min(pages, TEXT_PROBE_PAGES)]
        has_text = any(page.chars for page in probe)
    except Exception as exc:
        raise InputError(path.name, "PDF 文件已损坏，无法打开，请重新导出后重试") from exc
    if not has_text:
        pdf.close()
        raise InputError(
            path.name, "PDF 没有文字层（可能是扫描件或图片），请先用 OCR 文字识别软件转成可复制文字的 PDF 再读取"
        )
    doc = RawDocument(path.name, sha256_of(path), _lines(pdf, LineMaker(), path.name), format=name)
    doc.notes.append(f"pages={pages}")
    return doc
