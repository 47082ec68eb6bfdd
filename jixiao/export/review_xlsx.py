"""The review workbook: a summary sheet (one row per form) and a findings sheet (one per finding).

Built for a finance officer who sorts and filters: frozen header, auto-filter, sensible column
widths, Chinese headings.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.model.findings import DIMENSION_NAMES, SEVERITY_NAMES, Report

_HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")
_GRADE_FILL = {"优": "C6EFCE", "良": "FFF2CC", "中": "FCE4D6", "差": "F8CBAD"}


def _header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    sheet.append(titles)
    for column, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def write_review_xlsx(report: Report, path: Path) -> Path:
    """Write the workbook atomically (a temporary file renamed into place)."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "汇总"
    dimensions = list(DIMENSION_NAMES)
    _header(
        summary,
        [
            "文件",
            "序号",
            "项目/单位名称",
            "主管部门",
            "实施单位",
            "年度",
            "得分",
            "等级",
            "错误",
            "警告",
            "提示",
            *[DIMENSION_NAMES[d] for d in dimensions],
        ],
        [28, 6, 36, 28, 28, 7, 7, 7, 7, 7, 7, *[9] * len(dimensions)],
    )
    for form in report.forms:
        severities = form.counts("severity")
        by_dimension = form.counts("dimension")
        summary.append(
            [
                form.source.file,
                form.source.form_index,
                form.project_name or form.unit_name,
                form.department,
                form.implementing_unit,
                form.year,
                form.score,
                form.grade,
                severities.get("error", 0),
                severities.get("warning", 0),
                severities.get("info", 0),
                *[by_dimension.get(d, 0) for d in dimensions],
            ]
        )
        grade_cell = summary.cell(row=summary.max_row, column=8)
        grade_cell.fill = PatternFill("solid", fgColor=_GRADE_FILL[form.grade])
    summary.auto_filter.ref = summary.dimensions

    findings = book.create_sheet("问题清单")
    _header(
        findings,
        [
            "文件",
            "序号",
            "项目/单位名称",
            "行号",
            "规则",
            "规则名",
            "审核维度",
            "严重程度",
            "问题",
            "修改建议",
            "原文",
            "位置",
        ],
        [28, 6, 32, 7, 9, 28, 10, 9, 48, 48, 30, 22],
    )
    for form in report.forms:
        for finding in form.findings:
            findings.append(
                [
                    finding.source.file,
                    finding.source.form_index,
                    form.project_name or form.unit_name,
                    finding.source.line,
                    finding.code,
                    finding.slug,
                    DIMENSION_NAMES[finding.dimension],
                    SEVERITY_NAMES[finding.severity],
                    finding.message,
                    finding.suggestion,
                    finding.evidence,
                    "/".join(str(part) for part in finding.loc),
                ]
            )
    for row in findings.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    findings.auto_filter.ref = findings.dimensions
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)
    return path
