"""Forms as an Excel workbook in the official layout, one sheet per form.

Cells spanning columns are merged. Cells spanning rows (一级/二级指标 over their indicators, the
block labels on the left) are drawn as one merged box -- text at the top, no inner rules -- but
kept as separate cells: LibreOffice prints the text of a *merged* cell that crosses a page
break on the following page, away from its rows, so a printed PDF would be misread (by people
and by our PDF reader). Read back, both give the same Lines (text in the top cell, blanks below).

What a finance officer prints and files: merged cells, thin borders on every table cell,
wrapped text, fixed column widths, row heights sized to their text (Excel does not grow a
merged cell), A4 fitted to the page width, the indicator header repeated on every page.
Money cells are numbers (exact decimals, shown with thousands separators), dates are dates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.export.atomic import atomic_path
from jixiao.export.layout import Cell, FormLayout, Style, form_layout
from jixiao.model.forms import ProjectForm, UnitForm

FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_FONTS: dict[Style, Font] = {
    "title": Font(name=FONT, size=16, bold=True),
    "subtitle": Font(name=FONT, size=11),
    "label": Font(name=FONT, size=10.5, bold=True),
    "header": Font(name=FONT, size=10.5, bold=True),
}
_BODY = Font(name=FONT, size=10.5)
_LEFT = {"text"}
LINE_HEIGHT = 14.0
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _alignment(style: Style, rows: int) -> Alignment:
    """Centred in its row; a cell merged down is top-aligned, so that a printed page break
    inside it never leaves its text on the wrong page (LibreOffice centres over the whole span)."""
    horizontal = "left" if style in _LEFT else "right" if style == "money" else "center"
    return Alignment(horizontal=horizontal, vertical="top" if rows > 1 else "center", wrap_text=True)


def text_width(text: str) -> float:
    """Printed width in Excel column units: a CJK character is two, others one."""
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def _lines_needed(cell: Cell, widths: list[float]) -> int:
    if not isinstance(cell.value, str):
        return 1
    width = sum(widths[cell.col : cell.col + cell.cols]) - 1
    return sum(max(1, math.ceil(text_width(part) / max(width, 1))) for part in cell.value.split("\n"))


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "表"
    base = base[:28]
    candidate = base
    number = 2
    while candidate.lower() in used:
        candidate = f"{base[:25]}({number})"
        number += 1
    used.add(candidate.lower())
    return candidate


def _write(sheet: Worksheet, layout: FormLayout) -> None:
    width = len(layout.widths)
    for index, column_width in enumerate(layout.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    row = 1
    for text, style in layout.headings:
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = _FONTS[style]
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.row_dimensions[row].height = 28 if style == "title" else 18
        row += 1
    money_format = "#,##0." + "0" * 2 + "#" * (layout.money_decimals - 2)
    repeat: list[int] = []
    for table in layout.tables:
        heights = [1] * table.height
        for item in table.cells:
            r, c = row + item.row, item.col + 1
            cell = sheet.cell(row=r, column=c, value=item.value)
            cell.font = _FONTS.get(item.style, _BODY)
            cell.alignment = _alignment(item.style, item.rows)
            if item.style == "money":
                cell.number_format = money_format
            elif item.style == "date":
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(item.value, str):
                cell.number_format = "@"
                cell.data_type = "s"  # "=100(%)" is a target value, never a formula
            last = r + item.rows - 1
            for rr in range(r, last + 1):
                for cc in range(c, c + item.cols):
                    sheet.cell(row=rr, column=cc).border = Border(
                        left=_THIN, right=_THIN,
                        top=_THIN if rr == r else None, bottom=_THIN if rr == last else None,
                    )
            if item.cols > 1:
                sheet.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + item.cols - 1)
            if item.rows == 1:
                heights[item.row] = max(heights[item.row], _lines_needed(item, layout.widths))
        for offset, lines in enumerate(heights):
            sheet.row_dimensions[row + offset].height = max(20.0, lines * LINE_HEIGHT + 6)
        repeat.extend(row + r for r in table.header_rows)
        row += table.height
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if layout.landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if repeat:
        sheet.print_title_rows = f"{min(repeat)}:{max(repeat)}"


def write_forms_xlsx(forms: Iterable[ProjectForm | UnitForm], path: Path) -> Path:
    """Write one sheet per form, in order; the file appears only once complete."""
    book = Workbook()
    default = book.active
    used: set[str] = set()
    for form in forms:
        layout = form_layout(form)
        sheet = book.create_sheet(_sheet_name(layout.sheet_name, used))
        _write(sheet, layout)
    if default is not None and len(book.worksheets) > 1:
        book.remove(default)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path
