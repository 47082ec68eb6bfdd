"""The XLSX 自评表 template: one sheet per form, generated from its targets, filled by the unit.

The reporter fills 全年执行数, the reasons, and per indicator row 实际完成值 (numbers, dates) or
完成程度 (a drop-down for qualitative rows). Cells are located by their labels on import (see
``importer.py``), so a reporter who widens a column or adds a note below the table does no harm.
The 表单标识 cell ties a sheet to its form; the 三级指标 column is checked on import so that a
template of another version of the form is refused instead of misapplied.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.evaluate.config import DEFAULT_CONFIG, ScoringConfig
from jixiao.evaluate.criteria import parse_criterion
from jixiao.evaluate.model import TIERS, form_key, form_name
from jixiao.evaluate.scoring import allocate
from jixiao.evaluate.timing import parse_time_target
from jixiao.model.forms import Indicator, ProjectForm, UnitForm, UnitIndicator

INSTRUCTIONS = "填写说明"
TITLE_SUFFIX = "绩效自评表"

# Header block: label in column A, value in column B.
KEY_LABEL = "表单标识"
NAME_LABEL = "项目名称"
DEPARTMENT_LABEL = "主管部门"
UNIT_LABEL = "实施单位"
YEAR_LABEL = "年度"
INITIAL_LABEL = "年初预算数（元）"
ANNUAL_LABEL = "全年预算数（元）"
EXECUTED_LABEL = "全年执行数（元）"
DEVIATION_LABEL = "偏差原因"
IMPROVEMENT_LABEL = "改进措施"

# Indicator table: the header row starts with 序号.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("一级指标", 12),
    ("二级指标", 14),
    ("三级指标", 30),
    ("年度指标值", 16),
    ("填写方式", 30),
    ("分值", 8),
    ("实际完成值", 22),
    ("完成程度", 12),
    ("部分达成比例", 12),
    ("偏差原因", 30),
    ("人工得分", 10),
    ("权重", 8),
)
INPUT_COLUMNS = frozenset({"实际完成值", "完成程度", "部分达成比例", "偏差原因", "人工得分", "权重"})

_HEAD = PatternFill("solid", fgColor="DDE7F3")
_INPUT = PatternFill("solid", fgColor="FFF9E6")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_BODY = "自评表正文"
_ENTRY = "自评表填写"


def _styles() -> list[NamedStyle]:
    """Named styles: one shared style per cell kind is much faster than styling every cell."""
    wrap = Alignment(vertical="center", wrap_text=True)
    body = NamedStyle(name=_BODY, border=_BOX, alignment=wrap)
    # Text format keeps '98%' and '2023-11-30' as typed instead of Excel's guesses.
    entry = NamedStyle(name=_ENTRY, border=_BOX, alignment=wrap, fill=_INPUT, number_format="@")
    return [body, entry]


def how_to_fill(indicator: Indicator, year: int | None, config: ScoringConfig) -> str:
    """The 填写方式 hint of a row; it mirrors how scoring.py will read the row."""
    target = indicator.target
    if target.kind == "missing":
        return "未设指标值，不计分"
    if isinstance(indicator, UnitIndicator):
        criterion = parse_criterion(indicator.scoring_rule)
        if criterion is not None and criterion.kind == "manual":
            return "评分标准需人工评分：填写人工得分"
    if target.kind == "quantitative":
        unit = f"（{target.unit}）" if target.unit else ""
        return f"定量：填写实际数值{unit}，可带单位，如 98% 或 480万元"
    timed = parse_time_target(indicator.value, year, config.deadline_end_of_period) if year else None
    if timed is not None and timed.deadline is not None:
        return f"时限：填写实际完成日期，期限 {timed.deadline.isoformat()}"
    if timed is not None:
        return "周期：填写各期完成日期（用；分隔）或完成期数"
    return "定性：选择完成程度，未达成或部分达成须写偏差原因"


def sheet_title(position: int, form: ProjectForm | UnitForm, used: set[str]) -> str:
    """Unique, Excel-legal sheet names (≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_BAD.sub("", f"{position:02d} {form_name(form) or '未命名'}")[:31]
    title, n = base, 2
    while title in used:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _labelled(sheet: Worksheet, label: str, value: object, editable: bool = False) -> None:
    sheet.append([label, value])
    row = sheet.max_row
    sheet.cell(row=row, column=1).font = Font(bold=True)
    if editable:
        sheet.cell(row=row, column=2).fill = _INPUT
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)


def _form_sheet(sheet: Worksheet, form: ProjectForm | UnitForm, config: ScoringConfig) -> None:
    year = form.year
    sheet.append([f"{form_name(form) or ''}{TITLE_SUFFIX}（{year or ''}年度）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    if isinstance(form, ProjectForm):
        budget = form.funding.annual_total if form.funding.annual_total is not None else form.funding.total
        department, unit = form.department, form.implementing_unit
    else:
        budget, department, unit = form.budget.total, form.unit_name, form.unit_name
    _labelled(sheet, KEY_LABEL, form_key(form))
    _labelled(sheet, NAME_LABEL, form_name(form))
    _labelled(sheet, DEPARTMENT_LABEL, department)
    _labelled(sheet, UNIT_LABEL, unit)
    _labelled(sheet, YEAR_LABEL, year)
    _labelled(sheet, INITIAL_LABEL, budget, editable=True)
    _labelled(sheet, ANNUAL_LABEL, budget, editable=True)
    _labelled(sheet, EXECUTED_LABEL, None, editable=True)
    _labelled(sheet, DEVIATION_LABEL, None, editable=True)
    _labelled(sheet, IMPROVEMENT_LABEL, None, editable=True)
    for row in range(sheet.max_row - 4, sheet.max_row - 1):
        sheet.cell(row=row, column=2).number_format = "#,##0.00"
    sheet.append([])
    sheet.append([title for title, _ in COLUMNS])
    head = sheet.max_row
    for column, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=head, column=column)
        cell.font = Font(bold=True)
        cell.fill = _HEAD
        cell.border = _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
        if title in INPUT_COLUMNS:
            cell.fill = _INPUT
    points, _ = allocate(form, None, config)
    tiers = DataValidation(type="list", formula1='"' + ",".join(TIERS) + '"', allow_blank=True)
    tiers.error = "请选择：达成、部分达成或未达成"
    tiers.errorTitle = "完成程度"
    sheet.add_data_validation(tiers)
    for index, indicator in enumerate(form.indicators):
        share = points.get(index)
        sheet.append(
            [
                index + 1,
                indicator.level1,
                indicator.level2,
                indicator.name,
                indicator.value,
                how_to_fill(indicator, year, config),
                float(share) if share is not None else None,
                None, None, None, None, None, None,
            ]
        )
        row = sheet.max_row
        for column, (title, _) in enumerate(COLUMNS, start=1):
            sheet.cell(row=row, column=column).style = _ENTRY if title in INPUT_COLUMNS else _BODY
        tiers.add(f"I{row}")
    sheet.freeze_panes = f"E{head + 1}"


def _instructions(sheet: Worksheet, titles: Sequence[tuple[str, ProjectForm | UnitForm]]) -> None:
    lines = [
        "绩效自评表填写说明",
        "1. 每张工作表对应一张绩效目标表；请勿修改“表单标识”“序号”“三级指标”。",
        "2. 预算执行：核对年初预算数、全年预算数，填写全年执行数（单位：元；也可写“480万元”）。",
        "3. 定量指标：在“实际完成值”填写数值，可带单位；单位与指标值不同时按可换算单位折算（如万元与元），无法换算的将被拒绝。",
        "4. 时效指标：填写实际完成日期（如 2023-11-30）；“每月/每季度”类填写各期完成日期（用；分隔）或完成期数。",
        "5. 定性指标：在“完成程度”选择 达成/部分达成/未达成；部分达成可在“部分达成比例”填写 60%–80%。",
        "6. 未得满分的指标须填写“偏差原因”。评分标准无法自动识别的指标请在“人工得分”填写得分。",
        "7. 分值按当前评分口径预先计算，仅供参考；导入时按口径重新计算。",
        "",
        "工作表与表单：",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    for title, form in titles:
        sheet.append([title, form_name(form), form.source.file, form.source.form_index])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 40


def build_template(forms: Sequence[ProjectForm | UnitForm], config: ScoringConfig = DEFAULT_CONFIG) -> Workbook:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = INSTRUCTIONS
    for style in _styles():
        book.add_named_style(style)
    used = {INSTRUCTIONS}
    titles: list[tuple[str, ProjectForm | UnitForm]] = []
    for position, form in enumerate(forms, start=1):
        title = sheet_title(position, form, used)
        _form_sheet(book.create_sheet(title), form, config)
        titles.append((title, form))
    _instructions(first, titles)
    return book


def write_template(
    forms: Sequence[ProjectForm | UnitForm], path: Path, config: ScoringConfig = DEFAULT_CONFIG
) -> Path:
    """Write the template atomically (temporary file renamed into place)."""
    return save_atomically(build_template(forms, config), path)


def save_atomically(book: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
