"""The 绩效自评表 workbook in the official layout of 财预〔2020〕10号 (附件: 项目支出绩效自评表).

One sheet per form — 项目资金 block (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分),
年度总体目标 (预期目标 / 实际完成情况), the indicator table (一级/二级/三级指标, 年度指标值,
实际完成值, 分值, 得分, 偏差原因分析及改进措施) and 总分 — preceded by a 汇总排名 sheet. Money is
shown in 万元 as the official table prints it, with six decimals so no cent is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.evaluate.model import ScoreCard
from jixiao.evaluate.ranking import rank
from jixiao.evaluate.template import save_atomically, sheet_title
from jixiao.model.forms import ProjectForm, UnitForm

SUMMARY = "汇总排名"
WIDTHS = (14, 14, 16, 30, 16, 16, 9, 9, 36)
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="DDE7F3")
_CELL = "自评表单元格"
_WAN = "#,##0.00####"
Value = str | float | int | None


def _wan(value: Decimal | None) -> float | None:
    return None if value is None else float(value / 10000)


def _put(sheet: Worksheet, row: int, column: int, value: Value, *, span: int = 1, head: bool = False) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.style = _CELL
    if head:
        cell.font = Font(bold=True)
        cell.fill = _HEAD
    if span > 1:
        for extra in range(column + 1, column + span):
            sheet.cell(row=row, column=extra).style = _CELL
        sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span - 1)


def _achievement(card: ScoreCard) -> str:
    scored = [s for s in card.indicators if s.status == "scored"]
    full = sum(1 for s in scored if s.score == s.points)
    lost = sum((s.lost for s in scored), Decimal(0))
    text = f"共 {len(scored)} 项计分指标，{full} 项达到目标"
    if full < len(scored):
        text += f"，{len(scored) - full} 项未完全达到（指标失分 {lost:f} 分）"
    pending = sum(1 for s in card.indicators if s.status == "manual_pending")
    if pending:
        text += f"；{pending} 项待人工评分"
    return text + "。"


def _form_sheet(sheet: Worksheet, form: ProjectForm | UnitForm, card: ScoreCard) -> None:
    is_project = isinstance(form, ProjectForm)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.cell(row=1, column=1, value="项目支出绩效自评表" if is_project else "单位整体支出绩效自评表")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells("A1:I1")
    sheet.cell(row=2, column=1, value=f"（{card.year or ''}年度）").alignment = Alignment(horizontal="center")
    sheet.merge_cells("A2:I2")
    _put(sheet, 3, 1, "项目名称" if is_project else "单位名称", head=True)
    _put(sheet, 3, 2, card.name, span=8)
    _put(sheet, 4, 1, "主管部门", head=True)
    _put(sheet, 4, 2, card.department, span=3)
    _put(sheet, 4, 5, "实施单位", head=True)
    _put(sheet, 4, 6, form.implementing_unit if isinstance(form, ProjectForm) else form.unit_name, span=4)
    # 项目资金 block
    _put(sheet, 5, 1, "项目资金（万元）", head=True)
    for column, title in enumerate(("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), start=2):
        _put(sheet, 5, column, title, head=True)
    _put(sheet, 5, 9, "", head=True)
    budget = card.budget
    rows: list[tuple[str, Decimal | None, Decimal | None, Decimal | None]] = [
        ("年度资金总额", budget.initial, budget.annual, budget.executed)
    ]
    if isinstance(form, ProjectForm):
        rows += [
            ("其中：当年财政拨款", form.funding.annual_appropriation, None, None),
            ("上年结转资金", form.funding.carryover, None, None),
            ("其他资金", form.funding.annual_other, None, None),
        ]
    for offset, (label, initial, annual, executed) in enumerate(rows):
        row = 6 + offset
        _put(sheet, row, 1, "")
        _put(sheet, row, 2, label)
        for column, amount in ((3, initial), (4, annual), (5, executed)):
            _put(sheet, row, column, _wan(amount))
            sheet.cell(row=row, column=column).number_format = _WAN
        if offset == 0:
            _put(sheet, row, 6, float(card.budget_points))
            _put(sheet, row, 7, None if card.execution_rate is None else float(card.execution_rate))
            sheet.cell(row=row, column=7).number_format = "0.00%"
            _put(sheet, row, 8, float(card.budget_score))
        else:
            for column in (6, 7, 8):
                _put(sheet, row, column, "—")
        _put(sheet, row, 9, "")
    sheet.merge_cells(start_row=5, start_column=1, end_row=5 + len(rows), end_column=1)
    row = 6 + len(rows)
    # 年度总体目标
    _put(sheet, row, 1, "年度总体目标", head=True)
    _put(sheet, row, 2, "预期目标", span=4, head=True)
    _put(sheet, row, 6, "实际完成情况", span=4, head=True)
    _put(sheet, row + 1, 1, "")
    _put(sheet, row + 1, 2, form.annual_goal, span=4)
    _put(sheet, row + 1, 6, _achievement(card), span=4)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    sheet.row_dimensions[row + 1].height = 90
    row += 2
    # indicator table
    header = ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    for column, title in enumerate(header, start=1):
        _put(sheet, row, column, title, head=True)
    first = row + 1
    for score in card.indicators:
        row += 1
        values: tuple[Value, ...] = (
            "",
            score.level1,
            score.level2,
            score.name,
            score.target,
            score.actual,
            float(score.points),
            float(score.score) if score.status != "manual_pending" else "待人工评分",
            score.reason if score.status != "not_scored" else score.note,
        )
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
    if row >= first:
        sheet.merge_cells(start_row=first - 1, start_column=1, end_row=row, end_column=1)
        _merge_runs(sheet, first, row, 2)
    row += 1
    _put(sheet, row, 1, "总分", head=True, span=6)
    _put(sheet, row, 7, float(card.max_points), head=True)
    _put(sheet, row, 8, float(card.total), head=True)
    _put(sheet, row, 9, f"自评等级：{card.grade}" + ("" if card.complete else "（有指标待人工评分）"), head=True)
    row += 1
    _put(sheet, row, 1, "偏差原因", head=True)
    _put(sheet, row, 2, card.deviation_reason, span=8)
    _put(sheet, row + 1, 1, "改进措施", head=True)
    _put(sheet, row + 1, 2, card.improvement, span=8)
    sheet.print_title_rows = "1:2"


def _merge_runs(sheet: Worksheet, first: int, last: int, column: int) -> None:
    """Merge runs of equal 一级指标 cells, as the printed table does."""
    start = first
    for row in range(first + 1, last + 2):
        if row > last or sheet.cell(row=row, column=column).value != sheet.cell(row=start, column=column).value:
            if row - 1 > start:
                sheet.merge_cells(start_row=start, start_column=column, end_row=row - 1, end_column=column)
            start = row


def _summary(sheet: Worksheet, cards: Sequence[ScoreCard]) -> None:
    titles = ("主管部门", "部门平均分", "排名", "项目/单位", "得分", "等级", "预算执行率", "失分最多的指标")
    widths = (30, 10, 6, 36, 8, 6, 10, 60)
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        _put(sheet, 1, column, title, head=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    row = 1
    for department in rank(cards):
        for project in department.projects:
            row += 1
            card = project.card
            values: tuple[Value, ...] = (
                department.department,
                float(department.average),
                project.rank,
                card.name,
                float(card.total),
                card.grade,
                None if card.execution_rate is None else float(card.execution_rate),
                project.losses_text(),
            )
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value)
            sheet.cell(row=row, column=7).number_format = "0.00%"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{max(row, 1)}"


def build_report(pairs: Sequence[tuple[ProjectForm | UnitForm, ScoreCard]]) -> Workbook:
    book = Workbook()
    book.add_named_style(
        NamedStyle(name=_CELL, border=_BOX, alignment=Alignment(vertical="center", wrap_text=True))
    )
    summary = book.active
    assert summary is not None
    summary.title = SUMMARY
    _summary(summary, [card for _, card in pairs])
    used = {SUMMARY}
    for position, (form, card) in enumerate(pairs, start=1):
        _form_sheet(book.create_sheet(sheet_title(position, form, used)), form, card)
    return book


def write_report(pairs: Sequence[tuple[ProjectForm | UnitForm, ScoreCard]], path: Path) -> Path:
    """Write the 绩效自评表 workbook atomically."""
    return save_atomically(build_report(pairs), path)


def write_ranking(cards: Sequence[ScoreCard], path: Path) -> Path:
    """Only the 汇总排名 sheet."""
    book = Workbook()
    book.add_named_style(
        NamedStyle(name=_CELL, border=_BOX, alignment=Alignment(vertical="center", wrap_text=True))
    )
    sheet = book.active
    assert sheet is not None
    sheet.title = SUMMARY
    _summary(sheet, cards)
    return save_atomically(book, path)
