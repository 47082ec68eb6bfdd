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
"""Cells stored per workbook: a sheet inflated by stray formatting is refused, not read."""


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


def _hidden(attrs: dict[str, str]) -> bool:
    return attrs.get("hidden") in ("1", "true")


def _hidden_columns(dimensions: dict[str, dict[str, str]]) -> set[int]:
    hidden: set[int] = set()
    for attrs in dimensions.values():
        if _hidden(attrs) and "min" in attrs:
            hidden.update(range(int(attrs["min"]), int(attrs.get("max", attrs["min"])) + 1))
    return hidden


Row = tuple[int, list[dict[str, Any]], bool, dict[str, dict[str, str]]]


def _sheet_rows(sheet: Any) -> Iterator[Row]:
    """(row number, cells, hidden, column attributes) of a read-only sheet, from its XML.

    openpyxl's own read-only rows hide the ``hidden`` flags of rows and columns, and its full
    mode spends ~85% of the read styling merged cells we never look at (a covered cell is
    blank either way). So this drives openpyxl's sheet parser the way its read-only worksheet
    does, keeping the row and column attributes. ``_cols`` is parsed before ``sheetData``.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            attrs = parser.row_dimensions.get(str(number), {})
            yield number, cells, _hidden(attrs), parser.column_dimensions


def _sheet_lines(sheet: Any, page: int, maker: LineMaker, budget: list[int]) -> Iterator[Line]:
    from openpyxl.cell.read_only import ReadOnlyCell

    rows: list[tuple[int, dict[int, str | None] | None]] = []  # None: a hidden row
    columns: dict[str, dict[str, str]] = {}  # the parser's <col> attributes, read before rows
    width = 0
    for number, cells, hidden, dimensions in _sheet_rows(sheet):
        budget[0] -= len(cells)
        if budget[0] < 0:
            raise _TooLarge()
        if hidden:
            rows.append((number, None))
            continue
        columns = dimensions
        texts: dict[int, str | None] = {}
        for cell in cells:
            if cell["value"] is None:
                continue
            shown = ReadOnlyCell(sheet, **cell)
            texts[cell["column"]] = cell_text(shown.value, shown.number_format)
        if texts:
            width = max(width, max(texts))
        rows.append((number, texts))
    hidden_cols = _hidden_columns(columns)
    shown_cols = [c for c in range(1, width + 1) if c not in hidden_cols]
    previous = 0
    for number, row in rows:
        for _ in range(previous + 1, number):  # rows the file leaves out are blank lines
            yield maker.row([None] * len(shown_cols), page)
        previous = number
        if row is not None:
            yield maker.row([row.get(col) for col in shown_cols], page)


class _TooLarge(Exception):
    """More cells than MAX_CELLS: a used range inflated by stray formatting."""


def read(path: Path) -> RawDocument:
    """Open a workbook (already checked by ``container.check_zip``) as a RawDocument."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            with path.open("rb") as handle:  # a handle: openpyxl would judge a path by its suffix
                book = load_workbook(handle, read_only=True, data_only=True)
                sheets = [s for s in book.worksheets if s.sheet_state == "visible"]
                maker = LineMaker()
                lines: list[Line] = []
                budget = [MAX_CELLS]
                for page, sheet in enumerate(sheets, start=1):
                    if page > 1:
                        lines.append(maker.blank(page))
                    lines.extend(_sheet_lines(sheet, page, maker, budget))
                book.close()
    except _TooLarge:
        raise InputError(
            path.name, f"工作表单元格过多（上限 {MAX_CELLS} 个），请删除多余的行列后重试"
        ) from None
    except Exception as exc:  # openpyxl raises many types for a damaged package
        raise InputError(path.name, f"Excel 文件已损坏或格式不正确，无法读取（{type(exc).__name__}）") from exc
    doc = RawDocument(path.name, sha256_of(path), iter(lines), format=name)
    doc.notes.append(f"sheets={len(sheets)}")
    return doc
