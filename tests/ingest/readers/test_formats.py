"""Readers of xlsx/docx/html/md/pdf: odd layouts read to the forms they print.

Fixtures are built by tests/fixtures/make_fixtures.py (committed); the expected values here
were written from what each fixture prints, not from reader output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from jixiao import read
from jixiao.export.form_docx import write_forms_docx
from jixiao.export.pdf import soffice
from jixiao.ingest import open_document

FIXTURES = ROOT / "tests" / "fixtures"


def test_xlsx_with_title_block_spacer_columns_two_forms_hidden_rows_and_columns() -> None:
    first, second = read(FIXTURES / "odd_layout.xlsx")
    assert (first.project_name, second.project_name) == ("困难老人供养", "福利院维修")
    assert first.funding_unit == "万元"
    # 120.5 stored as a number, "35.25" stored as text: both exact, in 元
    assert str(first.funding.total) == "1205000.00" and str(first.funding.fiscal) == "1205000.00"
    assert str(second.funding.total) == "352500.00"
    assert [r.value for r in first.indicators] == ["≥120人", "95%", "≥90%"]  # 0.95 in a 0% cell
    assert second.indicators[0].value == "3"  # an integer cell, no ".0"
    texts = [c for line in open_document(FIXTURES / "odd_layout.xlsx").lines for c in line.cells]
    assert not any("草稿" in (c or "") for c in texts)  # hidden row and hidden column


def test_docx_with_nested_merged_cells() -> None:
    [form] = read(FIXTURES / "nested_merge.docx")
    assert form.category == "经常性项目"
    assert form.start_date is not None and form.start_date.isoformat() == "2024-01-01"
    assert str(form.funding.total) == "1200000.00" and form.funding.carryover is None
    rows = [(r.level1, r.level2, r.name, r.value) for r in form.indicators]
    assert rows == [
        ("产出指标", "数量指标", "就餐老人人次", "≥50000人次"),
        ("产出指标", "质量指标", "补贴发放准确率", "=100%"),
        ("产出指标", "时效指标", "补贴按月发放", "及时"),
    ]
    lines = list(open_document(FIXTURES / "nested_merge.docx").lines)
    funding = next(line for line in lines if "项目资金（元）" in line.cells)
    below = lines[lines.index(funding) + 1]
    assert below.cells[:2] == (None, None)  # covered by the gridSpan+vMerge cell


def test_html_table_with_rowspan_and_colspan(tmp_path: Path) -> None:
    html = tmp_path / "form.htm"
    html.write_text(
        "<!DOCTYPE html><html><body><h2>财政项目支出绩效目标申报表</h2><p>（2024年度）</p>"
        "<table><tr><td colspan=2>项目名称</td><td>路灯维护</td><td>项目类别</td><td>专项资金</td></tr>"
        "<tr><td colspan=2>主管部门</td><td>某区绿化市容局</td><td>实施单位</td><td>某区路灯所</td></tr>"
        "<tr><td rowspan=3>绩效指标</td><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>年度指标值</td></tr>"
        "<tr><td rowspan=2>产出指标</td><td>数量指标</td><td>维护路灯数</td><td>≥3000盏</td></tr>"
        "<tr><td>时效指标</td><td>故障修复时间</td><td>24小时内</td></tr></table></body></html>",
        "utf-8",
    )
    [form] = read(html)
    assert (form.project_name, form.department, form.year) == ("路灯维护", "某区绿化市容局", 2024)
    assert [(r.level1, r.level2, r.value) for r in form.indicators] == [
        ("产出指标", "数量指标", "≥3000盏"),
        ("产出指标", "时效指标", "24小时内"),
    ]
    assert open_document(html).format == "html"


def test_markdown_table_reads_through_the_text_reader(tmp_path: Path) -> None:
    text = (SAMPLES / "002_462a37a58b7323b8.txt").read_text("utf-8")
    first = text[: text.index("财政项目支出绩效目标表", 10)]
    md = tmp_path / "form.md"
    md.write_text(
        "\n".join("| " + " | ".join(line.split("\t")) + " |" if "\t" in line else line
                  for line in first.splitlines()),
        "utf-8",
    )
    [expected] = read(SAMPLES / "002_462a37a58b7323b8.txt")[:1]
    [form] = read(md)
    assert form.model_dump(exclude={"source", "warnings", "lines"}) == expected.model_dump(
        exclude={"source", "warnings", "lines"}
    )


def test_format_is_sniffed_from_content_not_name(tmp_path: Path) -> None:
    disguised = tmp_path / "form.txt"
    disguised.write_bytes((FIXTURES / "odd_layout.xlsx").read_bytes())
    assert len(read(disguised)) == 2


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")
def test_pdf_indicator_table_continues_on_a_second_page(tmp_path: Path) -> None:
    [form] = read(SAMPLES / "002_462a37a58b7323b8.txt")[:1]
    rows = [form.indicators[i % len(form.indicators)] for i in range(60)]
    long_form = form.model_copy(update={"indicators": rows})
    from jixiao.export.pdf import convert_to_pdf

    pdf = convert_to_pdf(write_forms_docx([long_form], tmp_path / "long.docx"), tmp_path / "long.pdf")
    lines = list(open_document(pdf).lines)
    assert max(line.page or 1 for line in lines) >= 2
    header_rows = [line for line in lines if "一级指标" in line.cells]
    assert len(header_rows) >= 2  # the header row repeats on the second page
    [back] = read(pdf)
    assert [(r.level1, r.level2, r.name, r.value) for r in back.indicators] == [
        (r.level1, r.level2, r.name, r.value) for r in rows
    ]


def test_sign_off_lines_under_the_table_are_not_indicators(tmp_path: Path) -> None:
    """填报人/联系电话 printed under the table end the form (DOCX paragraph and text line)."""
    from docx import Document

    from jixiao.export.forms import export_forms

    [form] = read(FIXTURES / "nested_merge.docx")
    [written] = export_forms([form], "docx", tmp_path / "out")
    document = Document(str(written))
    document.add_paragraph("填报人：张三        联系电话：021-12345678        填报日期：2024年1月10日")
    document.add_paragraph("单位（盖章）")
    signed = tmp_path / "signed.docx"
    document.save(str(signed))
    [back] = read(signed)
    assert [r.name for r in back.indicators] == [r.name for r in form.indicators]
    codes = [w.code for w in back.warnings]
    assert codes.count("form-footer") == 1 and "name-missing" not in codes

    text = tmp_path / "form.txt"
    text.write_text(
        "财政项目支出绩效目标申报表\n项目名称\t社区联络\n主管部门\t某区民政局\n实施单位\t某街道\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
        "\t产出指标\t数量指标\t联系人次\t≥300人次\n"
        "\t\t\t审核人员培训\t≥2次\n"
        "联系人：李四\t联系电话：12345\n",
        encoding="utf-8",
    )
    [plain] = read(text)
    # Indicators that merely start like a sign-off label (no colon after it) are kept.
    assert [r.name for r in plain.indicators] == ["联系人次", "审核人员培训"]
    assert [w.line for w in plain.warnings if w.code == "form-footer"] == [8]
