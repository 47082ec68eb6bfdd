"""审核意见书: one review opinion per form, in the style a finance bureau sends back to a unit.

Sections: 项目基本情况, 审核结论 (grade and its consequence under 财预〔2015〕88号 第二十五条),
问题清单 grouped by review dimension, 修改建议.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from jixiao.model.findings import DIMENSION_NAMES, SEVERITY_NAMES, FormReport, Report

CONSEQUENCE = {
    "优": "审核结果为“优”，直接进入下一步预算安排流程。",
    "良": "审核结果为“良”，请与主管部门（财政部门）协商，对绩效目标进行完善后进入下一步预算安排流程。",
    "中": "审核结果为“中”，请对绩效目标进行修改完善，按程序重新报送审核。",
    "差": "审核结果为“差”，不得进入下一步预算安排流程，请重新设置绩效目标后报送。",
}


def _wan(value: Decimal | None) -> str:
    return "—" if value is None else f"{value / Decimal(10000):,.2f} 万元"


def _style(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def _opinion(document: DocxDocument, form: FormReport, amount: Decimal | None) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("预算绩效目标审核意见书")
    run.bold = True
    run.font.size = Pt(18)
    name = form.project_name or form.unit_name or "（未填写名称）"
    document.add_paragraph(f"{form.implementing_unit or form.unit_name or ''}：")
    document.add_paragraph(f"经审核，你单位报送的“{name}”绩效目标审核意见如下。")
    document.add_heading("一、项目基本情况", level=2)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("项目/单位名称", name),
        ("主管部门", form.department or "—"),
        ("实施单位", form.implementing_unit or form.unit_name or "—"),
        ("申报年度", str(form.year) if form.year else "—"),
        ("资金规模", _wan(amount)),
        (
            "来源",
            f"{form.source.file} 第{form.source.form_index}张表（第{form.source.line_start}行起）",
        ),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_heading("二、审核结论", level=2)
    severities = form.counts("severity")
    document.add_paragraph(
        f"审核等级：{form.grade}（{form.score} 分）。发现问题 {len(form.findings)} 项，"
        f"其中错误 {severities.get('error', 0)} 项、警告 {severities.get('warning', 0)} 项、"
        f"提示 {severities.get('info', 0)} 项。{CONSEQUENCE[form.grade]}"
    )
    document.add_heading("三、问题清单", level=2)
    if not form.findings:
        document.add_paragraph("未发现问题。")
    for dimension, label in DIMENSION_NAMES.items():
        items = [f for f in form.findings if f.dimension == dimension]
        if not items:
            continue
        document.add_paragraph(f"（{label}）").runs[0].bold = True
        for number, finding in enumerate(items, start=1):
            where = f"第{finding.source.line}行" if finding.source.line else ""
            document.add_paragraph(
                f"{number}. [{SEVERITY_NAMES[finding.severity]}] {finding.message}"
                f"{'（' + where + '，' + finding.code + '）' if where else '（' + finding.code + '）'}"
            )
    document.add_heading("四、修改建议", level=2)
    suggestions = []
    for finding in form.findings:
        if (
            finding.severity != "info"
            and finding.suggestion
            and finding.suggestion not in suggestions
        ):
            suggestions.append(finding.suggestion)
    if not suggestions:
        document.add_paragraph("无。")
    for number, text in enumerate(suggestions, start=1):
        document.add_paragraph(f"{number}. {text}")
    closing = document.add_paragraph(f"\n审核单位（盖章）\n{date.today():%Y年%m月%d日}")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def write_review_docx(report: Report, amounts: list[Decimal | None], path: Path) -> Path:
    """One opinion per form, a page break between them; written atomically."""
    document = Document()
    _style(document)
    for index, (form, amount) in enumerate(zip(report.forms, amounts, strict=True)):
        if index:
            document.add_page_break()  # type: ignore[no-untyped-call]
        _opinion(document, form, amount)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    document.save(str(partial))
    partial.replace(path)
    return path
