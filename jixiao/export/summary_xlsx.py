"""汇总表: one row per form, for the finance officer who sorts, filters and totals.

Sheet 汇总表 holds the project forms: department, unit, nature, category, dates, the seven
funding columns (元, exact decimals as numbers), indicator counts by level 1, the review's score,
grade and finding counts. Sheet 单位整体汇总 (only when there are unit forms) holds the
单位整体支出 forms: the budget split, key tasks, staff, indicator counts and the review. Each
sheet has a totals row (values, not formulas, so every reader sees them), a frozen header, an
auto-filter and A4 landscape printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.export.atomic import atomic_path
from jixiao.model.findings import FormReport
from jixiao.model.forms import ProjectForm, UnitForm

LEVELS = ("产出指标", "效益指标", "满意度指标", "成本指标")
UNIT_LEVELS = ("产出指标", "效益指标", "满意度指标", "投入管理指标")
FUNDING = (
    ("total", "项目资金总额"),
    ("fiscal", "财政资金"),
    ("other", "其他资金"),
    ("annual_total", "年度资金申请总额"),
    ("annual_appropriation", "当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("annual_other", "其他资金（年度）"),
)
BUDGET = (
    ("total", "预算总额"),
    ("fiscal", "财政拨款"),
    ("other", "其他资金"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
)
REVIEW = ["得分", "等级", "错误", "警告", "提示", "来源文件"]
HEADERS = (
    ["序号", "主管部门", "实施单位", "项目名称", "年度", "项目性质", "项目类别", "计划开始日期", "计划完成日期"]
    + [f"{title}（元）" for _, title in FUNDING]
    + [*LEVELS, "其他指标", "指标合计", *REVIEW]
)
UNIT_HEADERS = (
    ["序号", "单位名称", "年度", "财政拨款方式"]
    + [f"{title}（元）" for _, title in BUDGET]
    + ["重点任务数", "年末在职人数", "内设机构数", *UNIT_LEVELS, "其他指标", "指标合计", *REVIEW]
)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
MONEY = "#,##0.00"


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where a sheet's money and date columns are (1-based), and how wide each column is."""

    title: str
    headers: list[str]
    widths: list[int]
    money: range
    dates: tuple[int, ...]
    freeze: str
    name_column: int
    """Where the totals row says how many forms it adds up (the project or unit name)."""


PROJECT_LAYOUT = _Layout(
    "汇总表", HEADERS, [6, 26, 26, 32, 7, 12, 12, 12, 12, *[16] * 7, *[9] * 6, *[7] * 5, 28],
    range(10, 17), (8, 9), "E2", 4,
)
UNIT_LAYOUT = _Layout(
    "单位整体汇总", UNIT_HEADERS, [6, 30, 7, 14, *[16] * 5, 9, 9, 9, *[9] * 6, *[7] * 5, 28],
    range(5, 10), (), "C2", 2,
)


def level_counts(form: ProjectForm | UnitForm, levels: Sequence[str] = LEVELS) -> list[int]:
    """Indicators per level 1 (in ``levels`` order), then the rest, then all."""
    counts = [sum(1 for row in form.indicators if row.level1 == level) for level in levels]
    return [*counts, len(form.indicators) - sum(counts), len(form.indicators)]


def _review(report: FormReport | None) -> list[Any]:
    severities = report.counts("severity") if report else {}
    return [
        report.score if report else None,
        report.grade if report else None,
        *(severities.get(s, 0) for s in ("error", "warning", "info")),
    ]


def _project_row(number: int, form: ProjectForm, report: FormReport | None) -> list[Any]:
    return [
        number, form.department, form.implementing_unit, form.project_name, form.year,
        form.nature, form.category, form.start_date, form.end_date,
        *(getattr(form.funding, name) for name, _ in FUNDING),
        *level_counts(form), *_review(report), form.source.file,
    ]


def _unit_row(number: int, form: UnitForm, report: FormReport | None) -> list[Any]:
    return [
        number, form.unit_name, form.year, form.appropriation_method,
        *(getattr(form.budget, name) for name, _ in BUDGET),
        len(form.key_tasks), form.staff_count, form.internal_orgs,
        *level_counts(form, UNIT_LEVELS), *_review(report), form.source.file,
    ]


def _totals(rows: list[list[Any]], layout: _Layout, label: str) -> list[Any]:
    """合计: money and counts summed; text, dates, scores and grades left blank."""
    summed = set(layout.money) | {
        i + 1 for i, h in enumerate(layout.headers)
        if h.endswith("指标") or h in {"指标合计", "其他指标", "错误", "警告", "提示", "重点任务数",
                                       "年末在职人数", "内设机构数"}
    }
    total: list[Any] = [None] * len(layout.headers)
    total[0] = "合计"
    total[layout.name_column - 1] = label
    for column in summed:
        values = [row[column - 1] for row in rows if row[column - 1] is not None]
        start = Decimal(0) if column in layout.money else 0
        total[column - 1] = sum(values, start)
    return total


def _write_sheet(sheet: Worksheet, layout: _Layout, rows: list[list[Any]], label: str) -> None:
    sheet.title = layout.title
    sheet.append(layout.headers)
    for column, width in enumerate(layout.widths, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in rows:
        sheet.append(row)
    sheet.append(_totals(rows, layout, label))
    last = sheet.max_row
    for line in sheet.iter_rows(min_row=2, max_row=last):
        for cell in line:
            cell.border = _BORDER
            column = cell.column or 0
            if column in layout.money:
                cell.number_format = MONEY
            elif column in layout.dates:
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    for cell in sheet[last]:
        cell.font = Font(bold=True)
        cell.fill = _TOTAL_FILL
    sheet.freeze_panes = layout.freeze
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(layout.headers))}{last - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"


def write_summary_xlsx(
    forms: Sequence[ProjectForm | UnitForm], reports: Sequence[FormReport | None], path: Path
) -> Path:
    """Write the 汇总表 (``reports`` aligned with ``forms``; None where a form was not reviewed).

    Project forms go to sheet 汇总表 (always present, so a reader of the file finds it even
    for a department without projects), unit forms to sheet 单位整体汇总.
    """
    pairs = list(zip(forms, reports, strict=True))
    projects = [(f, r) for f, r in pairs if isinstance(f, ProjectForm)]
    units = [(f, r) for f, r in pairs if isinstance(f, UnitForm)]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    rows = [_project_row(n, f, r) for n, (f, r) in enumerate(projects, start=1)]
    _write_sheet(sheet, PROJECT_LAYOUT, rows, f"{len(rows)} 个项目")
    if units:
        unit_rows = [_unit_row(n, f, r) for n, (f, r) in enumerate(units, start=1)]
        _write_sheet(book.create_sheet(), UNIT_LAYOUT, unit_rows, f"{len(unit_rows)} 个单位")
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path
