"""Programmatic reporters: evaluations of a chosen shape for any form, and writing them into
a template sheet the way a person would type them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from openpyxl.worksheet.worksheet import Worksheet

from jixiao.evaluate.config import DEFAULT_CONFIG
from jixiao.evaluate.criteria import parse_criterion
from jixiao.evaluate.model import BudgetExecution, Evaluation, IndicatorActual, form_key, form_name
from jixiao.evaluate.scoring import allocate
from jixiao.evaluate.timing import PERIODS_PER_YEAR, parse_time_target
from jixiao.model.forms import Indicator, ProjectForm, UnitForm, UnitIndicator
from jixiao.model.values import key

Mode = Literal["met", "partial"]
FALLBACK_BUDGET = Decimal("1000000.00")


def budget_of(form: ProjectForm | UnitForm) -> Decimal:
    if isinstance(form, ProjectForm):
        amount = form.funding.annual_total if form.funding.annual_total is not None else form.funding.total
    else:
        amount = form.budget.total
    return amount if amount is not None else FALLBACK_BUDGET


def kind_of(indicator: Indicator, year: int) -> str:
    """quantitative / deadline / periodic / tier / manual / missing — how a reporter fills it."""
    if indicator.target.kind == "missing":
        return "missing"
    if isinstance(indicator, UnitIndicator):
        criterion = parse_criterion(indicator.scoring_rule)
        if criterion is not None and criterion.kind == "manual":
            return "manual"
    if indicator.target.kind == "quantitative":
        return "quantitative"
    timed = parse_time_target(indicator.value, year)
    if timed is None:
        return "tier"
    return "deadline" if timed.deadline else "periodic"


def met_actual(indicator: Indicator, year: int) -> str:
    """An actual value exactly on target, typed the way people type (units varied on purpose)."""
    target = indicator.target
    kind = kind_of(indicator, year)
    if kind == "deadline":
        timed = parse_time_target(indicator.value, year)
        assert timed is not None and timed.deadline is not None
        return timed.deadline.isoformat()
    if kind == "periodic":
        timed = parse_time_target(indicator.value, year)
        assert timed is not None and timed.period is not None
        count = PERIODS_PER_YEAR[timed.period]
        months = [12 * (i + 1) // count for i in range(count)]
        return "；".join(date(year, m, 25).isoformat() for m in months)
    assert target.number is not None
    unit = target.unit or ""
    if key(unit) == "万元":
        return f"{target.number * 10000:f}元"  # converted back on scoring
    if key(unit) == "百分比":
        return f"{target.number:f}%"
    return f"{target.number:f}{unit}"


def evaluation_for(form: ProjectForm | UnitForm, mode: Mode = "met", executed_share: Decimal = Decimal(1)) -> Evaluation:
    """``met``: every indicator on target; ``partial``: qualitative rows 部分达成 (default ratio)."""
    year = form.year or 2023
    points, _ = allocate(form, None, DEFAULT_CONFIG)
    entries: list[IndicatorActual] = []
    for index, indicator in enumerate(form.indicators):
        kind = kind_of(indicator, year)
        entry = IndicatorActual(index=index, name=indicator.name)
        if kind in {"quantitative", "deadline", "periodic"}:
            entry.actual = met_actual(indicator, year)
        elif kind == "tier":
            entry.tier = "达成" if mode == "met" else "部分达成"
            if mode == "partial":
                entry.reason = "部分工作顺延至次年"
        elif kind == "manual":
            entry.manual_score = points[index]
        entries.append(entry)
    annual = budget_of(form)
    return Evaluation(
        form_key=form_key(form),
        name=form_name(form),
        year=form.year,
        budget=BudgetExecution(initial=annual, annual=annual, executed=(annual * executed_share).quantize(Decimal("0.01"))),
        indicators=entries,
        deviation_reason=None if executed_share == 1 else "部分采购合同延后支付",
        improvement=None if executed_share == 1 else "加快支付进度",
    )


def write_into(sheet: Worksheet, evaluation: Evaluation) -> None:
    """Type an evaluation into a template sheet, locating cells by their labels."""
    labels: dict[str, int] = {}
    header = 0
    for row in range(1, sheet.max_row + 1):
        value = sheet.cell(row=row, column=1).value
        if value == "序号":
            header = row
            break
        if value:
            labels[str(value)] = row
    budget = evaluation.budget
    sheet.cell(row=labels["全年执行数（元）"], column=2).value = f"{budget.executed:f}" if budget.executed is not None else None
    sheet.cell(row=labels["偏差原因"], column=2).value = evaluation.deviation_reason
    sheet.cell(row=labels["改进措施"], column=2).value = evaluation.improvement
    columns = {sheet.cell(row=header, column=c).value: c for c in range(1, sheet.max_column + 1)}
    rows = {int(sheet.cell(row=r, column=1).value) - 1: r for r in range(header + 1, sheet.max_row + 1)}
    for entry in evaluation.indicators:
        row = rows[entry.index]
        values = {
            "实际完成值": entry.actual,
            "完成程度": entry.tier,
            "部分达成比例": None if entry.partial_ratio is None else f"{entry.partial_ratio * 100:f}%",
            "偏差原因": entry.reason,
            "人工得分": None if entry.manual_score is None else float(entry.manual_score),
            "权重": None if entry.weight is None else float(entry.weight),
        }
        for title, value in values.items():
            sheet.cell(row=row, column=columns[title]).value = value
