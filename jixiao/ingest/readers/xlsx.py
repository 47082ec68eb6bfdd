"""Excel (.xlsx) reader: every visible sheet, in order, as Lines of cells.

Budget units fill the forms in Excel, so sheets come laid out in every way: a title block
above the table, blank spacer columns, several forms stacked on one sheet, one form per
sheet. None of that matters to the extractors, which read by label; this reader only has to
give them the cells as printed. Hidden rows, columns and sheets are not printed, so they
are skipped. Numbers are rendered as the user sees them (percent formats as ``95%``, dates
as ISO), whether Excel stored them as numbers or as text.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.errors import InputError
from jixiao.ingest.document import Line, RawDocument
from jixiao.ingest.readers.container import ZipListing
from jixiao.ingest.readers.grid import LineMaker, sha256_of

name = "xlsx"
MAX_CELLS = 2_000_000
"""Cells scanned per workbook: a used range inflated by stray formatting is refused, not read."""


def sniff(head: bytes, listing: ZipListing | None) -> bool:
    return listing is not None and listing.kind == "xlsx"


def cell_text(value: Any, number_format: str = "General") -> str | None:
    """The text a cell shows: numbers without float noise, percents and dates as printed."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            return f"{_plain(number * 100)}%"
        return _plain(number)
    text = str(value)
    return text if text.strip() else None


def _plain(number: Decimal) -> str:
    """A Decimal without exponent and without a trailing '.0' (2.0 → '2', 0.355542 stays)."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _hidden_columns(sheet: Any) -> set[int]:
    hidden: set[int] = set()
    for dim in sheet.column_dimensions.values():
        if dim.hidden and dim.min is not None and dim.max is not None:
            hidden.update(range(dim.min, dim.max + 1))
    return hidden


def _sheet_lines(sheet: Any, page: int, maker: LineMaker) -> Iterator[Line]:
    hidden_cols = _hidden_columns(sheet)
    hidden_rows = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
    columns = [c for c in range(1, sheet.max_column + 1) if c not in hidden_cols]
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column):
        if not row or row[0].row in hidden_rows:
            continue
        by_col = {cell.column: cell for cell in row if hasattr(cell, "column")}
        cells: list[str | None] = []
        for col in columns:
            cell = by_col.get(col)
            cells.append(None if cell is None else cell_text(cell.value, cell.number_format))
        yield maker.row(cells, page)


def read(path: Path) -> RawDocument:
    """Open a workbook (already checked by ``container.check_zip``) as a RawDocument."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            with path.open("rb") as handle:  # a handle: openpyxl would judge a path by its suffix
                book = load_workbook(handle, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged package
        raise InputError(path.name, f"Excel 文件已损坏或格式不正确，无法读取（{type(exc).__name__}）") from exc
    sheets = [s for s in book.worksheets if s.sheet_state == "visible"]
    size = sum(s.max_row * s.max_column for s in sheets)
    if size > MAX_CELLS:
        raise InputError(path.name, f"工作表范围过大（{size} 个单元格，上限 {MAX_CELLS}），请删除多余的行列后重试")
    maker = LineMaker()
    lines: list[Line] = []
    for page, sheet in enumerate(sheets, start=1):
        if page > 1:
            lines.append(maker.blank(page))
        lines.extend(_sheet_lines(sheet, page, maker))
    book.close()
    doc = RawDocument(path.name, sha256_of(path), iter(lines), format=name)
    doc.notes.append(f"sheets={len(sheets)}")
    return doc
