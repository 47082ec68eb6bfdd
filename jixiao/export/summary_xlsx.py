"""汇总表: one row per project form, for the finance officer who sorts, filters and totals.

Department, unit, nature, category, dates, the seven funding columns (元, exact decimals as
numbers), indicator counts by level 1, the review's score, grade and finding counts; a totals
row (values, not formulas, so every reader sees them); frozen header; auto-filter; A4 landscape.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from jixiao.export.atomic import atomic_path
from jixiao.model.findings import FormReport
from jixiao.model.forms import Funding, ProjectForm

LEVELS = ("产出指标", "效益指标", "满意度指标", "成本指标")
FUNDING = (
    ("total", "项目资金总额"),
    ("fiscal", "财政资金"),
    ("other", "其他资金"),
    ("annual_total", "年度资金申请总额"),
    ("annual_appropriation", "当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("annual_other", "其他资金（年度）"),
)
HEADERS = (
    ["序号", "主管部门", "实施单位", "项目名称", "年度", "项目性质", "项目类别", "计划开始日期", "计划完成日期"]
    + [f"{title}（元）" for _, title in FUNDING]
    + [*LEVELS, "其他指标", "指标合计", "得分", "等级", "错误", "警告", "提示", "来源文件"]
)
WIDTHS = [6, 26, 26, 32, 7, 12, 12, 12, 12, *[16] * len(FUNDING), *[9] * 6, 7, 7, 7, 7, 7, 28]
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
MONEY = "#,##0.00"
FIRST_MONEY = 10


def level_counts(form: ProjectForm) -> list[int]:
    """Indicators per level 1 (产出/效益/满意度/成本), then the rest, then all."""
    counts = [sum(1 for row in form.indicators if row.level1 == level) for level in LEVELS]
    return [*counts, len(form.indicators) - sum(counts), len(form.indicators)]


def _money(funding: Funding) -> list[Decimal | None]:
    return [getattr(funding, name) for name, _ in FUNDING]


def write_summary_xlsx(
    forms: Sequence[ProjectForm], reports: Sequence[FormReport | None], path: Path
) -> Path:
    """Write the 汇总表 (``reports`` aligned with ``forms``; None where a form was not reviewed)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总表"
    sheet.append(HEADERS)
    for column, width in enumerate(WIDTHS, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    totals: list[Decimal] = [Decimal(0)] * len(FUNDING)
    count_totals = [0] * (len(LEVELS) + 2)
    finding_totals = [0, 0, 0]
    for number, (form, report) in enumerate(zip(forms, reports, strict=True), start=1):
        money = _money(form.funding)
        totals = [t + (m or 0) for t, m in zip(totals, money, strict=True)]
        counts = level_counts(form)
        count_totals = [a + b for a, b in zip(count_totals, counts, strict=True)]
        severities = report.counts("severity") if report else {}
        findings = [severities.get(s, 0) for s in ("error", "warning", "info")]
        finding_totals = [a + b for a, b in zip(finding_totals, findings, strict=True)]
        sheet.append(
            [
                number,
                form.department,
                form.implementing_unit,
                form.project_name,
                form.year,
                form.nature,
                form.category,
                form.start_date,
                form.end_date,
                *money,
                *counts,
                report.score if report else None,
                report.grade if report else None,
                *findings,
                form.source.file,
            ]
        )
    sheet.append(["合计", None, None, f"{len(forms)} 个项目", None, None, None, None, None,
                  *totals, *count_totals, None, None, *finding_totals, None])
    last = sheet.max_row
    for row in sheet.iter_rows(min_row=2, max_row=last):
        for cell in row:
            cell.border = _BORDER
            column = cell.column or 0
            if FIRST_MONEY <= column < FIRST_MONEY + len(FUNDING):
                cell.number_format = MONEY
            elif column in (8, 9):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    for cell in sheet[last]:
        cell.font = Font(bold=True)
        cell.fill = _TOTAL_FILL
    sheet.freeze_panes = "E2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{last - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path
