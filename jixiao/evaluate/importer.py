"""Read a filled 自评表 template back into :class:`Evaluation` records — all or nothing.

Every sheet is read and every problem collected (bad numbers, unknown tiers, units that do not
convert, missing reasons — scoring itself is run as the final check), each naming the sheet and
cell in Chinese. If anything is wrong the import raises :class:`TemplateImportError` with the
whole list and returns nothing, so a workbook is never half imported. Sheets on which nothing
was filled in are skipped and reported, so a department may return a partly used template.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.errors import JixiaoError
from jixiao.evaluate import template as t
from jixiao.evaluate.config import DEFAULT_CONFIG, ScoringConfig
from jixiao.evaluate.model import (
    TIERS,
    BudgetExecution,
    Evaluation,
    IndicatorActual,
    Tier,
    form_key,
    form_name,
)
from jixiao.evaluate.scoring import ScoringError, score_form
from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.model.values import AmountError, key, parse_amount


@dataclass(frozen=True, slots=True)
class CellProblem:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = f"单元格 {self.cell}" if self.cell else ""
        return f"工作表“{self.sheet}”{where}：{self.message}"


class TemplateImportError(JixiaoError):
    """The workbook cannot be imported; ``problems`` lists every bad cell."""

    def __init__(self, file: str, problems: list[CellProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file}：" + "；".join(map(str, problems)))


@dataclass(slots=True)
class ImportResult:
    evaluations: list[Evaluation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class _SheetReader:
    """Finds labelled cells of one form sheet and converts their values, collecting problems."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.problems: list[CellProblem] = []
        self.labels: dict[str, int] = {}
        self.header_row: int | None = None
        self.columns: dict[str, int] = {}
        for row_number, (value,) in enumerate(
            sheet.iter_rows(min_col=1, max_col=1, values_only=True), start=1
        ):
            text = key(str(value)) if value is not None else ""
            if text == "序号" and self.header_row is None:
                self.header_row = row_number
                for head in sheet[row_number]:
                    if head.value is not None:
                        self.columns[key(str(head.value))] = head.column
            elif text and self.header_row is None:
                self.labels.setdefault(text, row_number)

    def bad(self, cell: str, message: str) -> None:
        self.problems.append(CellProblem(self.sheet.title, cell, message))

    def label_cell(self, label: str) -> Cell | None:
        row = self.labels.get(key(label))
        if row is None:
            self.bad("", f"找不到“{label}”一行，请勿删除模板中的行")
            return None
        cell = self.sheet.cell(row=row, column=2)
        assert isinstance(cell, Cell)
        return cell

    def text(self, cell: Cell | None) -> str | None:
        if cell is None or cell.value is None:
            return None
        value = cell.value
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
            number = _decimal(value)
            if "%" in (cell.number_format or ""):
                return f"{(number * 100).normalize():f}%"
            return f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}"
        stripped = str(value).strip()
        return stripped or None

    def amount(self, label: str) -> Decimal | None:
        cell = self.label_cell(label)
        text = self.text(cell)
        if cell is None or text is None:
            return None
        try:
            unit = "万元" if key(text).endswith("万元") else "元"
            value, _ = parse_amount(text, unit)
        except AmountError:
            self.bad(cell.coordinate, f"“{text}”不是金额，请填写数字（单位：元，或写明“万元”）")
            return None
        return value

    def number(self, cell: Cell, what: str) -> Decimal | None:
        text = self.text(cell)
        if text is None:
            return None
        cleaned = key(text).replace(",", "")
        percent = cleaned.endswith("%")
        try:
            value = Decimal(cleaned.removesuffix("%"))
        except InvalidOperation:
            self.bad(cell.coordinate, f"{what}“{text}”不是数字")
            return None
        return value / 100 if percent else value


def _decimal(value: float | int | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)


_FIELD_COLUMN = {
    "actual": "实际完成值",
    "tier": "完成程度",
    "partial_ratio": "部分达成比例",
    "reason": "偏差原因",
    "manual_score": "人工得分",
    "name": "三级指标",
    "index": "序号",
}
_FIELD_LABEL = {
    "budget.annual": t.ANNUAL_LABEL,
    "budget.executed": t.EXECUTED_LABEL,
    "form_key": t.KEY_LABEL,
}


def _read_sheet(
    reader: _SheetReader, form: ProjectForm | UnitForm
) -> tuple[Evaluation | None, dict[int, int], bool]:
    """(evaluation, row of each indicator index, anything filled in)."""
    sheet = reader.sheet
    budget = BudgetExecution(
        initial=reader.amount(t.INITIAL_LABEL),
        annual=reader.amount(t.ANNUAL_LABEL),
        executed=reader.amount(t.EXECUTED_LABEL),
    )
    deviation = reader.text(reader.label_cell(t.DEVIATION_LABEL))
    improvement = reader.text(reader.label_cell(t.IMPROVEMENT_LABEL))
    filled = budget.executed is not None or bool(deviation or improvement)
    if reader.header_row is None:
        reader.bad("", "找不到指标表（以“序号”开头的表头行），请勿删除模板中的行")
        return None, {}, filled
    missing = [title for title, _ in t.COLUMNS if key(title) not in reader.columns]
    if missing:
        reader.bad(f"{reader.header_row}", f"指标表缺少列：{'、'.join(missing)}")
        return None, {}, filled
    col = {title: reader.columns[key(title)] for title, _ in t.COLUMNS}
    rows: dict[int, int] = {}
    entries: list[IndicatorActual] = []
    for row in range(reader.header_row + 1, sheet.max_row + 1):
        def cell(title: str, row: int = row) -> Cell:
            found = sheet.cell(row=row, column=col[title])
            assert isinstance(found, Cell)
            return found

        serial = cell("序号")
        if serial.value is None or str(serial.value).strip() == "":
            continue
        try:
            index = int(str(serial.value).strip()) - 1
        except ValueError:
            reader.bad(serial.coordinate, f"序号“{serial.value}”不是整数")
            continue
        if not 0 <= index < len(form.indicators) or index in rows:
            reader.bad(serial.coordinate, f"序号 {index + 1} 与申报表的指标不对应")
            continue
        rows[index] = row
        name = reader.text(cell("三级指标"))
        tier_text = reader.text(cell("完成程度"))
        tier: Tier | None = None
        if tier_text is not None:
            matched = [option for option in TIERS if key(tier_text) == option]
            if not matched:
                reader.bad(cell("完成程度").coordinate, f"完成程度“{tier_text}”应为 达成、部分达成 或 未达成")
            else:
                tier = matched[0]
        partial = reader.number(cell("部分达成比例"), "部分达成比例")
        if partial is not None and partial > 1:
            partial = partial / 100  # '70' meant 70%
        manual = reader.number(cell("人工得分"), "人工得分")
        weight = reader.number(cell("权重"), "权重")
        if weight is not None and weight <= 0:
            reader.bad(cell("权重").coordinate, "权重应大于 0")
            weight = None
        if manual is not None and manual < 0:
            reader.bad(cell("人工得分").coordinate, "人工得分不能为负数")
            manual = None
        actual = reader.text(cell("实际完成值"))
        reason = reader.text(cell("偏差原因"))
        filled = filled or any(v is not None for v in (actual, tier, partial, manual, reason))
        entries.append(
            IndicatorActual(
                index=index,
                name=name,
                actual=actual,
                tier=tier,
                partial_ratio=partial,
                reason=reason,
                weight=weight,
                manual_score=manual,
            )
        )
    evaluation = Evaluation(
        form_key=form_key(form),
        name=form_name(form),
        year=form.year,
        budget=budget,
        indicators=entries,
        deviation_reason=deviation,
        improvement=improvement,
    )
    return evaluation, rows, filled


def _locate(reader: _SheetReader, rows: dict[int, int], index: int | None, field_name: str) -> str:
    if index is None:
        label = _FIELD_LABEL.get(field_name)
        row = reader.labels.get(key(label)) if label else None
        return f"B{row}" if row else ""
    row = rows.get(index)
    column = reader.columns.get(key(_FIELD_COLUMN.get(field_name, "实际完成值")))
    if row is None or column is None:
        return ""
    return f"{get_column_letter(column)}{row}"


def import_workbook(
    path: Path,
    forms: Sequence[ProjectForm | UnitForm],
    config: ScoringConfig = DEFAULT_CONFIG,
) -> ImportResult:
    """Evaluations of every filled sheet, validated by scoring them. All or nothing."""
    try:
        book = load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateImportError(str(path), [CellProblem("", "", f"无法打开工作簿：{exc}")]) from exc
    by_key = {form_key(form): form for form in forms}
    problems: list[CellProblem] = []
    result = ImportResult()
    seen: dict[str, str] = {}
    for sheet in book.worksheets:
        if sheet.title == t.INSTRUCTIONS:
            continue
        reader = _SheetReader(sheet)
        if key(t.KEY_LABEL) not in reader.labels and reader.header_row is None:
            # A sheet the reporter added (notes, a pivot): neither label nor table of ours.
            result.skipped.append(f"{sheet.title}（不是自评表）")
            continue
        key_cell = reader.label_cell(t.KEY_LABEL)
        identifier = reader.text(key_cell)
        if key_cell is None or identifier is None:
            problems.extend(reader.problems)
            continue
        form = by_key.get(identifier)
        if form is None:
            reader.bad(key_cell.coordinate, f"表单标识“{identifier}”不对应所给的任何申报表")
            problems.extend(reader.problems)
            continue
        if identifier in seen:
            reader.bad(key_cell.coordinate, f"与工作表“{seen[identifier]}”是同一张申报表")
            problems.extend(reader.problems)
            continue
        seen[identifier] = sheet.title
        evaluation, rows, filled = _read_sheet(reader, form)
        if not filled and not reader.problems:
            result.skipped.append(sheet.title)
            continue
        if evaluation is not None:
            # Scoring is the final check; a cell already reported is not reported twice.
            reported = {problem.cell for problem in reader.problems}
            try:
                score_form(form, evaluation, config)
            except ScoringError as exc:
                for problem in exc.problems:
                    cell = _locate(reader, rows, problem.index, problem.field)
                    if cell not in reported:
                        reader.bad(cell, _label(form, problem.index, problem.message))
            else:
                if not reader.problems:
                    result.evaluations.append(evaluation)
        problems.extend(reader.problems)
    if problems:
        raise TemplateImportError(str(path), problems)
    return result


def _label(form: ProjectForm | UnitForm, index: int | None, message: str) -> str:
    if index is None or index >= len(form.indicators):
        return message
    return f"指标“{form.indicators[index].name or index + 1}”{message}"


