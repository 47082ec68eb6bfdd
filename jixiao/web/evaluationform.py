"""The 绩效自评 web form: which input each indicator row gets, and form fields ↔ Evaluation.

The page posts flat fields (``budget-executed``, ``ind-3-actual``, ``ind-3-tier``, ...). They are
turned into an Evaluation record here and validated and scored by the store, so the web form,
the JSON API and the XLSX import accept exactly the same records. Amounts are typed in yuan or
with a 万元 suffix, like the template; a 部分达成 ratio as ``70%`` or ``70``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from jixiao.evaluate import DEFAULT_CONFIG, Evaluation, ScoringConfig
from jixiao.evaluate.criteria import parse_criterion
from jixiao.evaluate.model import TIERS
from jixiao.evaluate.scoring import allocate
from jixiao.evaluate.template import how_to_fill
from jixiao.evaluate.timing import parse_time_target
from jixiao.model.forms import ProjectForm, UnitForm, UnitIndicator
from jixiao.model.values import AmountError, key, parse_amount
from jixiao.store.errors import FieldError

RowKind = Literal["actual", "tier", "manual", "none"]
BUDGET_FIELDS = (
    ("initial", "年初预算数（元）"),
    ("annual", "全年预算数（元）"),
    ("executed", "全年执行数（元）"),
)
TEXT_FIELDS = (("deviation_reason", "偏差原因"), ("improvement", "改进措施"))
ROW_FIELDS = {
    "actual": "实际完成值",
    "tier": "完成程度",
    "partial_ratio": "部分达成比例",
    "reason": "偏差原因",
    "manual_score": "人工得分",
    "name": "三级指标",
    "index": "序号",
}


@dataclass(frozen=True, slots=True)
class Row:
    """One indicator row of the form with the input it needs."""

    index: int
    level1: str | None
    level2: str | None
    name: str | None
    target: str | None
    kind: RowKind
    hint: str
    points: Decimal | None


def row_kind(indicator: Any, year: int | None, config: ScoringConfig = DEFAULT_CONFIG) -> RowKind:
    """The input a row needs; mirrors the dispatch of ``evaluate.scoring._score_one``."""
    if indicator.target.kind == "missing":
        return "none"
    if isinstance(indicator, UnitIndicator):
        criterion = parse_criterion(indicator.scoring_rule)
        if criterion is not None and (
            criterion.kind == "manual"
            or (criterion.kind == "step" and indicator.target.kind != "quantitative")
        ):
            return "manual"
    if indicator.target.kind == "quantitative":
        return "actual"
    if year is not None and parse_time_target(indicator.value, year) is not None:
        return "actual"
    return "tier"


def rows_of(form: ProjectForm | UnitForm, config: ScoringConfig = DEFAULT_CONFIG) -> list[Row]:
    points, _ = allocate(form, None, config)
    rows = []
    for index, indicator in enumerate(form.indicators):
        share = points.get(index)
        kind = row_kind(indicator, form.year, config) if share is not None else "none"
        rows.append(
            Row(
                index,
                indicator.level1,
                indicator.level2,
                indicator.name,
                indicator.value,
                kind,
                how_to_fill(indicator, form.year, config),
                share,
            )
        )
    return rows


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def values_of(evaluation: Evaluation | None, form: ProjectForm | UnitForm) -> dict[str, str]:
    """The form fields showing a stored evaluation (or the budget prefilled from the form)."""
    values: dict[str, str] = {}
    if evaluation is None:
        if isinstance(form, ProjectForm):
            budget = form.funding.annual_total or form.funding.total
        else:
            budget = form.budget.total
        if budget is not None:
            values["budget-initial"] = values["budget-annual"] = f"{budget:.2f}"
        return values
    for name, _ in BUDGET_FIELDS:
        amount = getattr(evaluation.budget, name)
        values[f"budget-{name}"] = "" if amount is None else f"{amount:.2f}"
    values["deviation_reason"] = _text(evaluation.deviation_reason)
    values["improvement"] = _text(evaluation.improvement)
    for entry in evaluation.indicators:
        prefix = f"ind-{entry.index}-"
        values[prefix + "actual"] = _text(entry.actual)
        values[prefix + "tier"] = _text(entry.tier)
        values[prefix + "reason"] = _text(entry.reason)
        if entry.partial_ratio is not None:
            values[prefix + "partial_ratio"] = f"{(entry.partial_ratio * 100).normalize():f}%"
        if entry.manual_score is not None:
            values[prefix + "manual_score"] = f"{entry.manual_score:f}"
    return values


def _ratio(text: str) -> Decimal:
    cleaned = key(text).removesuffix("%")
    number = Decimal(cleaned)
    if not number.is_finite():
        raise InvalidOperation(text)
    return number / 100 if number > 1 or key(text).endswith("%") else number


def record_from(
    fields: Mapping[str, str], form: ProjectForm | UnitForm, config: ScoringConfig = DEFAULT_CONFIG
) -> tuple[dict[str, Any], list[FieldError]]:
    """The Evaluation JSON of the submitted fields, and the fields that could not be read."""
    errors: list[FieldError] = []
    budget: dict[str, Any] = {}
    for name, _ in BUDGET_FIELDS:
        text = _text(fields.get(f"budget-{name}"))
        try:
            unit = "万元" if key(text).endswith("万元") else "元"
            amount, _ = parse_amount(text, unit)
        except AmountError:
            errors.append(FieldError(f"budget.{name}", f"“{text}”不是金额，请填写数字"))
            continue
        budget[name] = None if amount is None else f"{amount:.2f}"
    indicators: list[dict[str, Any]] = []
    for row in rows_of(form, config):
        if row.kind == "none":
            continue
        prefix = f"ind-{row.index}-"
        entry: dict[str, Any] = {"index": row.index, "name": row.name}
        reason = _text(fields.get(prefix + "reason"))
        entry["reason"] = reason or None
        if row.kind == "actual":
            entry["actual"] = _text(fields.get(prefix + "actual")) or None
        elif row.kind == "tier":
            tier = _text(fields.get(prefix + "tier"))
            entry["tier"] = tier if tier in TIERS else None
            ratio = _text(fields.get(prefix + "partial_ratio"))
            if ratio and tier == "部分达成":
                try:
                    entry["partial_ratio"] = f"{_ratio(ratio):f}"
                except (InvalidOperation, ValueError):
                    path = f"indicators[{row.index}].partial_ratio"
                    errors.append(FieldError(path, f"“{ratio}”不是比例，请填写如 70%"))
        else:
            score = _text(fields.get(prefix + "manual_score"))
            if score:
                try:
                    entry["manual_score"] = f"{Decimal(key(score)):f}"
                except InvalidOperation:
                    path = f"indicators[{row.index}].manual_score"
                    errors.append(FieldError(path, f"“{score}”不是数字"))
        indicators.append(entry)
    record = {
        "budget": budget,
        "indicators": indicators,
        "deviation_reason": _text(fields.get("deviation_reason")) or None,
        "improvement": _text(fields.get("improvement")) or None,
    }
    return record, errors


def field_label(path: str, form: ProjectForm | UnitForm) -> str:
    """``indicators[3].actual`` → ``第4行“培训人次”实际完成值``; budget paths by their labels."""
    labels = {f"budget.{name}": label for name, label in BUDGET_FIELDS} | dict(TEXT_FIELDS)
    if path in labels:
        return labels[path]
    if path.startswith("indicators["):
        head, _, field = path.partition("].")
        try:
            index = int(head.removeprefix("indicators["))
        except ValueError:
            return path
        name = form.indicators[index].name if 0 <= index < len(form.indicators) else None
        where = f"第{index + 1}行" + (f"“{name}”" if name else "")
        return where + ROW_FIELDS.get(field, field)
    return {"form_key": "表单标识", "period": "评价期间", "budget": "预算执行情况"}.get(path, path)
