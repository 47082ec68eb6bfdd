"""Turn the rows of a table-based format into Lines, the way the text reader prints them.

Conventions shared by the xlsx, docx, html and pdf readers (see docs/reading.md):
- one Line per table row, one cell per grid column; a merged cell's text stands in its
  top-left grid cell and every other cell it covers is empty, exactly as a PDF-to-text
  extraction prints a merged cell once;
- text around tables (headings, the year line) is a Line of one cell;
- a page, sheet or explicit page break is one blank Line, which the extractors read as the
  break of a table across pages;
- line numbers run through the whole document (1-based) so every line of a multi-sheet or
  multi-page file has its own number; ``Line.page`` says which sheet or page it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from jixiao.ingest.document import Line

CHUNK = 1 << 20


class LineMaker:
    """Numbers the Lines of one document in reading order."""

    __slots__ = ("number",)

    def __init__(self) -> None:
        self.number = 0

    def row(self, cells: Sequence[str | None], page: int | None = None) -> Line:
        """A table row (or a text line when ``cells`` has one item)."""
        self.number += 1
        trimmed = list(cells)
        while trimmed and not trimmed[-1]:
            trimmed.pop()
        texts = [c or "" for c in trimmed]
        return Line(self.number, texts, "\t".join(texts), page)

    def blank(self, page: int | None = None) -> Line:
        """A page/sheet break."""
        self.number += 1
        return Line(self.number, [], "", page)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def place(grid: dict[tuple[int, int], str | None], row: int, col: int) -> int:
    """The first grid column at or after ``col`` in ``row`` that no row-spanning cell holds."""
    while (row, col) in grid:
        col += 1
    return col
