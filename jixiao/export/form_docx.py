"""Forms as a Word document in the official layout: one section per form, tables as printed.

The same layout as the workbook (``layout.py``): title and year above, a ruled table with the
same merged cells (gridSpan/vMerge), the indicator table's header row repeated on every page
(``w:tblHeader``), rows never split across pages (``w:cantSplit``), A4 with the unit form in
landscape. Money is printed in the form's funding unit with thousands separators.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from jixiao.export.atomic import atomic_path
from jixiao.export.layout import FormLayout, Style, Value, form_layout
from jixiao.model.forms import ProjectForm, UnitForm

FONT = "宋体"
_SIZES: dict[Style, float] = {"title": 16, "subtitle": 11}
_BOLD: frozenset[Style] = frozenset({"title", "label", "header"})


def money_text(value: Decimal, decimals: int) -> str:
    """'6,745,000.00'; a 万元 amount keeps the places it needs to stay exact ('0.355542')."""
    text = f"{value:,.{decimals}f}"
    if decimals > 2:
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0").ljust(2, "0")
        text = f"{whole}.{frac}"
    return text


def cell_text(value: Value, style: Style, decimals: int) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return money_text(value, decimals)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _set_font(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)


def _flag(row: Any, tag: str) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement(tag))


def _spacer(document: Any) -> None:
    """A 1-pt paragraph between two tables: without it Word/LibreOffice join them into one
    table, and the indicator header row would no longer be the first row that repeats."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.add_run("").font.size = Pt(1)


def _page(section: Any, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = section.bottom_margin = Cm(2)


def _write(document: Any, layout: FormLayout) -> None:
    for text, style in layout.headings:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = style == "title"
        run.font.size = Pt(_SIZES.get(style, 10.5))
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(layout.widths)
    widths = [int(usable * w / total) for w in layout.widths]
    for number, spec in enumerate(layout.tables):
        if number:
            _spacer(document)
        table = document.add_table(rows=spec.height, cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        grid = [row.cells for row in table.rows]
        for row in grid:
            for index, cell in enumerate(row):
                cell.width = widths[index]
        for item in spec.cells:
            cell = grid[item.row][item.col]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(cell_text(item.value, item.style, layout.money_decimals))
            run.bold = item.style in _BOLD
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT
                if item.style == "text"
                else WD_ALIGN_PARAGRAPH.RIGHT
                if item.style == "money"
                else WD_ALIGN_PARAGRAPH.CENTER
            )
            cell.vertical_alignment = (
                WD_CELL_VERTICAL_ALIGNMENT.TOP if item.rows > 1 else WD_CELL_VERTICAL_ALIGNMENT.CENTER
            )
            if item.rows > 1 or item.cols > 1:
                cell.merge(grid[item.row + item.rows - 1][item.col + item.cols - 1])
        for index, row in enumerate(table.rows):
            _flag(row, "w:cantSplit")
            if index in spec.header_rows:
                _flag(row, "w:tblHeader")


def write_forms_docx(forms: Iterable[ProjectForm | UnitForm], path: Path) -> Path:
    """Write every form, each in its own section (new page); the file appears only when done."""
    document = docx.Document()
    _set_font(document)
    for number, form in enumerate(forms):
        layout = form_layout(form)
        section = document.sections[0] if number == 0 else document.add_section(WD_SECTION.NEW_PAGE)
        _page(section, layout.landscape)
        _write(document, layout)
    with atomic_path(path) as tmp:
        document.save(str(tmp))
    return path
