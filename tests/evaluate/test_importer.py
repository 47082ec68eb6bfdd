"""Import of a filled template: every bad cell named by sheet and cell, nothing half imported."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from evaluate.fill import evaluation_for, write_into
from jixiao.evaluate.importer import TemplateImportError, import_workbook
from jixiao.evaluate.scoring import score_form
from jixiao.evaluate.template import write_template
from jixiao.model.forms import ProjectForm


@pytest.fixture(scope="module")
def forms(project_forms: list[ProjectForm]) -> list[ProjectForm]:
    # the first two seed forms: quantitative rows with units, percentages and 及时 rows
    return [project_forms[0], project_forms[1]]


@pytest.fixture
def filled(forms: list[ProjectForm], tmp_path: Path) -> tuple[Path, list[Worksheet], object]:
    template = write_template(list(forms), tmp_path / "t.xlsx")
    book = load_workbook(template)
    for sheet, form in zip(book.worksheets[1:], forms, strict=True):
        write_into(sheet, evaluation_for(form))
    return tmp_path / "filled.xlsx", book.worksheets[1:], book


def _row(sheet: Worksheet, name: str) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row=row, column=4).value == name:
            return row
    raise AssertionError(name)


def _import(path: Path, book: object, forms: list[ProjectForm]) -> TemplateImportError:
    book.save(path)  # type: ignore[attr-defined]
    with pytest.raises(TemplateImportError) as caught:
        import_workbook(path, forms)
    return caught.value


def test_bad_cells_are_all_reported_with_sheet_and_cell(filled, forms: list[ProjectForm]) -> None:  # type: ignore[no-untyped-def]
    path, sheets, book = filled
    sheet = sheets[0]
    sheet[f"H{_row(sheet, '活动完成次数')}"] = "约五百场"
    sheet[f"H{_row(sheet, '物业工作人员计划数')}"] = "50人次"
    sheet[f"I{_row(sheet, '活动完成及时性')}"] = "基本达成"
    sheet[f"B{9}"] = "六百万"
    error = _import(path, book, forms)
    texts = [str(p) for p in error.problems]
    row = _row(sheet, "活动完成次数")
    assert any(t.startswith(f"工作表“{sheet.title}”单元格 H{row}：") and "不是数值" in t for t in texts)
    row = _row(sheet, "物业工作人员计划数")
    assert any(f"单元格 H{row}：" in t and "“人次”" in t and "无法换算" in t for t in texts)
    row = _row(sheet, "活动完成及时性")
    assert any(f"单元格 I{row}：" in t and "基本达成" in t for t in texts)
    assert any("单元格 B9：" in t and "不是金额" in t for t in texts)


def test_one_bad_sheet_imports_nothing(filled, forms: list[ProjectForm]) -> None:  # type: ignore[no-untyped-def]
    path, sheets, book = filled
    sheets[1][f"H{_row(sheets[1], sheets[1]['D15'].value)}"] = "2023-13-45"
    error = _import(path, book, forms)
    assert len(error.problems) >= 1
    assert all(p.sheet == sheets[1].title for p in error.problems)


def test_lost_points_need_a_reason(filled, forms: list[ProjectForm]) -> None:  # type: ignore[no-untyped-def]
    path, sheets, book = filled
    sheet = sheets[0]
    row = _row(sheet, "活动完成次数")
    sheet[f"H{row}"] = "450"
    error = _import(path, book, forms)
    (problem,) = error.problems
    assert problem.cell == f"K{row}" and "偏差原因" in problem.message


def test_renamed_indicator_refused(filled, forms: list[ProjectForm]) -> None:  # type: ignore[no-untyped-def]
    path, sheets, book = filled
    sheet = sheets[0]
    row = _row(sheet, "活动完成次数")
    sheet[f"D{row}"] = "活动次数"
    error = _import(path, book, forms)
    assert [(p.cell, "不一致" in p.message) for p in error.problems] == [(f"D{row}", True)]


def test_unknown_form_key_refused(filled, forms: list[ProjectForm]) -> None:  # type: ignore[no-untyped-def]
    path, sheets, book = filled
    sheets[0]["B2"] = "ffffffffffffffff#9"
    error = _import(path, book, forms)
    assert [(p.cell, "不对应" in p.message) for p in error.problems] == [("B2", True)]


def test_excel_typed_values_are_understood(filled, forms: list[ProjectForm]) -> None:  # type: ignore[no-untyped-def]
    path, sheets, book = filled
    sheet = sheets[0]
    row = _row(sheet, "活动计划达标率")  # =100.00(%)
    sheet[f"H{row}"] = 0.95  # Excel turns a typed 95% into 0.95 with a percent format
    sheet[f"H{row}"].number_format = "0%"
    sheet[f"K{row}"] = "个别活动因天气取消"
    sheet["B9"] = "674.5万元"  # 全年执行数 in 万元
    book.save(path)  # type: ignore[attr-defined]
    result = import_workbook(path, forms)
    evaluation = result.evaluations[0]
    assert evaluation.indicators[row - 14].actual == "95%"
    assert evaluation.budget.executed == Decimal("6745000.00")
    card = score_form(forms[0], evaluation)
    assert card.indicators[row - 14].score == (card.indicators[row - 14].points * Decimal("0.95")).quantize(Decimal("0.01"))


def test_dates_typed_as_excel_dates(project_forms: list[ProjectForm], tmp_path: Path) -> None:
    form = next(f for f in project_forms if any(i.value == "2023年12月底前" for i in f.indicators))
    book = load_workbook(write_template([form], tmp_path / "t.xlsx"))
    sheet = book.worksheets[1]
    write_into(sheet, evaluation_for(form))
    row = _row(sheet, next(i.name for i in form.indicators if i.value == "2023年12月底前"))
    sheet[f"H{row}"] = datetime(2024, 1, 10)
    sheet[f"K{row}"] = "验收延期"
    book.save(tmp_path / "f.xlsx")
    evaluation = import_workbook(tmp_path / "f.xlsx", [form]).evaluations[0]
    card = score_form(form, evaluation)
    scored = card.indicators[row - 14]
    assert scored.actual == "2024-01-10" and scored.score == 0


def test_not_a_workbook(tmp_path: Path, forms: list[ProjectForm]) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    with pytest.raises(TemplateImportError, match="无法打开工作簿"):
        import_workbook(bad, forms)


def test_sheets_added_by_the_reporter_are_skipped(filled, forms: list[ProjectForm]) -> None:  # type: ignore[no-untyped-def]
    path, _, book = filled
    notes = book.create_sheet("备注")
    notes["A1"] = "本表由财务科填写"
    book.save(path)
    result = import_workbook(path, forms)
    assert len(result.evaluations) == 2 and result.skipped == ["备注（不是自评表）"]
