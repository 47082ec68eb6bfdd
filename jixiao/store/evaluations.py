"""Stored self-evaluations (绩效自评, 运行监控): validate, score, save, audit; read and rescore.

The record a unit enters (:class:`jixiao.evaluate.Evaluation`) is what is stored; the score card
is recomputed on every read, so a change of the scoring configuration applies to every stored
evaluation at once. ``total`` and ``grade`` columns keep the score at save time for cheap lists.

Scope rules are the forms': a form outside the user's scope is :class:`NotFound`, so a unit can
evaluate its own unit's projects only. Saving is all or nothing: an evaluation that does not
score (a missing 全年执行数, an actual value in a unit that does not convert, ...) is refused
with one Chinese message per field, never stored half-valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.evaluate import (
    DEFAULT_CONFIG,
    Evaluation,
    ScoreCard,
    ScoringConfig,
    ScoringError,
    score_form,
)
from jixiao.evaluate import form_key as key_of
from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.store.access import Scope
from jixiao.store.editing import _MESSAGES, dotted
from jixiao.store.errors import FieldError, NotFound, ValidationFailed
from jixiao.store.queries import record
from jixiao.store.tables import AuditLog, Form, SelfEvaluation, User

Period = Literal["annual", "midyear"]
PERIODS: tuple[Period, ...] = ("annual", "midyear")
PERIOD_LABELS: dict[str, str] = {"annual": "年度绩效自评", "midyear": "年中绩效运行监控"}
_STAGE = {"annual": "self-evaluation", "midyear": "monitoring"}
_EXTRA_MESSAGES = {
    "greater_than": "应大于 0",
    "decimal_max_digits": "数字位数过多",
    "float_parsing": "应为数字",
    "model_attributes_type": "格式不正确",
}

__all__ = [
    "PERIODS",
    "PERIOD_LABELS",
    "Period",
    "StoredEvaluation",
    "evaluated_years",
    "get_evaluation",
    "list_evaluations",
    "save_evaluation",
]


@dataclass(slots=True)
class StoredEvaluation:
    """An evaluation as stored, with its score card under the given configuration.

    ``card`` is None (and ``problems`` says why) when the stored record no longer scores, e.g.
    after the form's indicators were edited; the record is still shown so it can be corrected.
    """

    form_id: int
    period: str
    evaluation: Evaluation
    card: ScoreCard | None
    problems: list[FieldError]
    updated_at: datetime
    user_id: int | None


def _load(session: Session, scope: Scope, form_id: int) -> Form:
    form = session.scalar(scope.apply(select(Form).where(Form.id == form_id)))
    if form is None:
        raise NotFound(form_id)
    return form


def _check_period(period: str) -> Period:
    if period not in PERIODS:
        message = "评价期间应为 annual（年度）或 midyear（年中）"
        raise ValidationFailed([FieldError("period", message)])
    return period


def _field_errors(exc: ValidationError) -> list[FieldError]:
    errors = []
    for error in exc.errors():
        message = _MESSAGES.get(error["type"]) or _EXTRA_MESSAGES.get(error["type"], "取值无效")
        errors.append(FieldError(dotted(list(error["loc"])) or "自评数据", message))
    return errors


def problem_path(index: int | None, field: str) -> str:
    """Where a scoring problem sits in the Evaluation JSON (``indicators[3].actual``)."""
    if index is None:
        return field
    return f"indicators[{index}].{field}"


def _scoring_errors(exc: ScoringError, form: ProjectForm | UnitForm) -> list[FieldError]:
    errors = []
    for problem in exc.problems:
        message = problem.message
        if problem.index is not None and problem.index < len(form.indicators):
            name = form.indicators[problem.index].name or f"第 {problem.index + 1} 个指标"
            if name not in message:
                message = f"指标“{name}”：{message}"
        errors.append(FieldError(problem_path(problem.index, problem.field), message))
    return errors


def validate_evaluation(
    data: Mapping[str, Any] | Evaluation,
    form: ProjectForm | UnitForm,
    period: Period,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> tuple[Evaluation, ScoreCard]:
    """The evaluation of ``form`` from ``data`` and its score; ValidationFailed otherwise.

    ``form_key`` and ``year`` default to the form's, so API clients need not know the key; a
    key that names another form is refused by scoring. The stage follows the period.
    """
    if not isinstance(data, Evaluation | Mapping):
        raise ValidationFailed([FieldError("自评数据", "格式不正确")])
    raw = data.model_dump() if isinstance(data, Evaluation) else dict(data)
    if raw.get("form_key") is None:
        raw["form_key"] = key_of(form)
    if raw.get("year") is None:
        raw["year"] = form.year
    raw["stage"] = _STAGE[period]
    try:
        evaluation = Evaluation.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(_field_errors(exc)) from exc
    try:
        card = score_form(form, evaluation, config)
    except ScoringError as exc:
        raise ValidationFailed(_scoring_errors(exc, form)) from exc
    return evaluation, card


def save_evaluation(
    session: Session,
    scope: Scope,
    form_id: int,
    data: Mapping[str, Any] | Evaluation,
    user: User | None,
    period: str = "annual",
    config: ScoringConfig = DEFAULT_CONFIG,
) -> StoredEvaluation:
    """Validate, score and store the form's evaluation for ``period`` (flushed, not committed)."""
    checked = _check_period(period)
    form = _load(session, scope, form_id)
    contract = record(form)
    evaluation, card = validate_evaluation(data, contract, checked, config)
    row = session.scalar(
        select(SelfEvaluation).where(
            SelfEvaluation.form_id == form_id, SelfEvaluation.period == checked
        )
    )
    user_id = user.id if user else None
    stored = evaluation.model_dump(mode="json")
    if row is None:
        row = SelfEvaluation(form_id=form_id, period=checked)
        session.add(row)
    row.data = stored
    row.total = card.total
    row.grade = card.grade
    row.user_id = user_id
    session.add(
        AuditLog(
            user_id=user_id,
            action="evaluate",
            object_type="form",
            object_id=form_id,
            detail={"period": checked, "total": f"{card.total:f}", "grade": card.grade},
        )
    )
    session.flush()
    return StoredEvaluation(
        form_id, checked, evaluation, card, [], row.updated_at, row.user_id
    )


def _rescore(
    row: SelfEvaluation, contract: ProjectForm | UnitForm, config: ScoringConfig
) -> StoredEvaluation:
    evaluation = Evaluation.model_validate(row.data)
    card: ScoreCard | None = None
    problems: list[FieldError] = []
    try:
        card = score_form(contract, evaluation, config)
    except ScoringError as exc:
        problems = _scoring_errors(exc, contract)
    return StoredEvaluation(
        row.form_id, row.period, evaluation, card, problems, row.updated_at, row.user_id
    )


def get_evaluation(
    session: Session,
    scope: Scope,
    form_id: int,
    period: str = "annual",
    config: ScoringConfig = DEFAULT_CONFIG,
) -> StoredEvaluation | None:
    """The form's stored evaluation, rescored; None if there is none, NotFound out of scope."""
    checked = _check_period(period)
    form = _load(session, scope, form_id)
    row = session.scalar(
        select(SelfEvaluation).where(
            SelfEvaluation.form_id == form_id, SelfEvaluation.period == checked
        )
    )
    if row is None:
        return None
    return _rescore(row, record(form), config)


def list_evaluations(
    session: Session,
    scope: Scope,
    period: str = "annual",
    config: ScoringConfig = DEFAULT_CONFIG,
    year: int | None = None,
) -> list[tuple[Form, StoredEvaluation]]:
    """Every evaluated form in scope for ``period``, rescored (for rankings), in form order."""
    checked = _check_period(period)
    statement = scope.apply(
        select(Form, SelfEvaluation)
        .join(SelfEvaluation, SelfEvaluation.form_id == Form.id)
        .where(SelfEvaluation.period == checked)
        .order_by(Form.id)
    )
    if year is not None:
        statement = statement.where(Form.year == year)
    return [
        (form, _rescore(row, record(form), config)) for form, row in session.execute(statement)
    ]


def evaluated_years(session: Session, scope: Scope, period: str = "annual") -> list[int]:
    """The budget years that have evaluations in scope for ``period``, latest first."""
    checked = _check_period(period)
    statement = scope.apply(
        select(Form.year)
        .join(SelfEvaluation, SelfEvaluation.form_id == Form.id)
        .where(SelfEvaluation.period == checked, Form.year.is_not(None))
        .distinct()
    )
    return sorted((year for year in session.scalars(statement) if year is not None), reverse=True)
