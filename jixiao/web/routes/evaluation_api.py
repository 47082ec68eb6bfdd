"""JSON API of self-evaluations: ``GET/PUT /api/forms/{id}/evaluation``.

The request body is the :class:`jixiao.evaluate.Evaluation` record (``form_key`` and ``year``
may be left out: they default to the form's). It is validated by the store rather than by
FastAPI so that a bad record gets the same Chinese, per-field 422 as the web form
(``{"error": {"code": "validation_failed", "message": ..., "details": [{path, message}]}}``);
the OpenAPI document still shows its schema (inlined, see :func:`inline_schema`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from jixiao.evaluate import Evaluation, ScoreCard
from jixiao.store.errors import FieldError, NotFound, ValidationFailed
from jixiao.store.evaluations import StoredEvaluation, get_evaluation, save_evaluation
from jixiao.web.deps import DB, CurrentUser, Scoring, UserScope
from jixiao.web.routes.api import ERRORS, ErrorEnvelope

router = APIRouter(prefix="/api", tags=["evaluation"])


def inline_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema with its ``$defs`` references replaced by the definitions.

    ``#/$defs/...`` would be resolved against the OpenAPI document's root, where they are not;
    inlining keeps the request schema self-contained (the record has no recursive types).
    """
    definitions = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    resolved = resolve(schema)
    assert isinstance(resolved, dict)
    return resolved


REQUEST_SCHEMA = inline_schema(Evaluation.model_json_schema())


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class IndicatorScoreOut(BaseModel):
    index: int = Field(description="指标在表中的位置（从 0 起）")
    level1: str | None
    level2: str | None
    name: str | None
    target: str | None = Field(description="年度指标值")
    actual: str | None = Field(description="实际完成值（定性指标为完成程度）")
    points: str = Field(description="分值")
    score: str = Field(description="得分")
    method: str
    note: str = Field(description="计算过程")
    status: str = Field(description="scored / manual_pending / not_scored")
    reason: str | None


class ScoreOut(BaseModel):
    total: str = Field(description="总得分")
    max_points: str
    grade: str = Field(description="优 / 良 / 中 / 差")
    complete: bool = Field(description="false：仍有指标待人工评分")
    execution_rate: str | None = Field(description="预算执行率（比值，1 = 100%）")
    budget_points: str
    budget_score: str = Field(description="预算执行率得分")
    level_points: dict[str, str] = Field(description="各一级指标分值")
    level_scores: dict[str, str] = Field(description="各一级指标得分")
    indicators: list[IndicatorScoreOut]


class EvaluationOut(BaseModel):
    form_id: int
    period: str
    record: dict[str, Any] = Field(description="自评数据（Evaluation 记录 JSON）")
    score: ScoreOut | None = Field(description="按当前评分口径重新计算的得分")
    problems: list[dict[str, str]] = Field(
        description="记录已不能计分时（如表单指标已修改）的原因"
    )
    updated_at: datetime
    user_id: int | None


def level_scores(card: ScoreCard) -> dict[str, Decimal]:
    """Points earned per level-1 label, in the order the levels have points."""
    scores = {level: Decimal(0) for level in card.level_points}
    for row in card.indicators:
        if row.status == "not_scored":
            continue
        label = row.level1 or "（未填写）"
        scores[label] = scores.get(label, Decimal(0)) + row.score
    return scores


def score_out(card: ScoreCard) -> ScoreOut:
    return ScoreOut(
        total=f"{card.total:.2f}",
        max_points=f"{card.max_points:.2f}",
        grade=card.grade,
        complete=card.complete,
        execution_rate=None if card.execution_rate is None else f"{card.execution_rate:f}",
        budget_points=f"{card.budget_points:.2f}",
        budget_score=f"{card.budget_score:.2f}",
        level_points={k: f"{v:.2f}" for k, v in card.level_points.items()},
        level_scores={k: f"{v:.2f}" for k, v in level_scores(card).items()},
        indicators=[
            IndicatorScoreOut(
                index=s.index,
                level1=s.level1,
                level2=s.level2,
                name=s.name,
                target=s.target,
                actual=s.actual,
                points=f"{s.points:.2f}",
                score=f"{s.score:.2f}",
                method=s.method,
                note=s.note,
                status=s.status,
                reason=s.reason,
            )
            for s in card.indicators
        ],
    )


def _out(stored: StoredEvaluation) -> EvaluationOut:
    return EvaluationOut(
        form_id=stored.form_id,
        period=stored.period,
        record=stored.evaluation.model_dump(mode="json"),
        score=score_out(stored.card) if stored.card is not None else None,
        problems=[{"path": p.path, "message": p.message} for p in stored.problems],
        updated_at=stored.updated_at,
        user_id=stored.user_id,
    )


def _invalid(exc: ValidationFailed) -> JSONResponse:
    return JSONResponse(
        {
            "error": {
                "code": "validation_failed",
                "message": exc.message,
                "details": [{"path": e.path, "message": e.message} for e in exc.errors],
            }
        },
        status_code=422,
    )


@router.get(
    "/forms/{form_id}/evaluation",
    responses={**ERRORS, 422: {"model": ErrorEnvelope, "description": "评价期间不正确"}},
)
def api_get_evaluation(
    form_id: int,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    config: Scoring,
    period: str = "annual",
) -> Any:
    """表单的绩效自评（period=annual 年度自评，midyear 年中监控）及按当前口径计算的得分。

    尚未填报时返回 404（error.code 为 no_evaluation）。
    """
    try:
        stored = get_evaluation(db, scope, form_id, period, config)
    except NotFound as exc:
        raise HTTPException(404) from exc
    except ValidationFailed as exc:
        return _invalid(exc)
    if stored is None:
        return JSONResponse(
            {"error": {"code": "no_evaluation", "message": "该表单尚未填报绩效自评"}},
            status_code=404,
        )
    return _out(stored)


@router.put(
    "/forms/{form_id}/evaluation",
    response_model=EvaluationOut,
    responses={
        **ERRORS,
        422: {"model": ErrorEnvelope, "description": "自评数据校验或计分未通过（逐项中文说明）"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": REQUEST_SCHEMA}},
        }
    },
)
async def api_put_evaluation(
    request: Request,
    form_id: int,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    config: Scoring,
    period: str = "annual",
) -> Any:
    """保存绩效自评：校验、按本系统设定的评分口径计分并记入操作日志；返回得分明细。"""
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _invalid(ValidationFailed([FieldError("请求体", "应为 JSON 对象（自评数据）")]))
    try:
        stored = save_evaluation(db, scope, form_id, body, user, period, config)
        db.commit()
    except NotFound as exc:
        raise HTTPException(404) from exc
    except ValidationFailed as exc:
        db.rollback()
        return _invalid(exc)
    return _out(stored)

