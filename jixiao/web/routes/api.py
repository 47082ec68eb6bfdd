"""The JSON API (``/api/...``): forms, indicators, findings, versions, reviews and imports.

It uses the same login session as the pages (state-changing calls also send the CSRF token in
``X-CSRF-Token``; ``GET /api/me`` returns it). Response schemas are separate from the ORM
tables so the tables can change without breaking clients; errors share one envelope:
``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from jixiao.store.editing import diff, save_form, versions
from jixiao.store.errors import (
    EditNotAllowed,
    InvalidTransition,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from jixiao.store.queries import dashboard, get_form, list_forms, list_imports
from jixiao.store.tables import Form as FormRow
from jixiao.store.workflow import available_actions, history, transition
from jixiao.web.deps import DB, CurrentUser, UserScope
from jixiao.web.filters import Filter
from jixiao.web.routes.uploads import form_files, save_uploads
from jixiao.web.security import csrf_token
from jixiao.web.uploads import UploadJob

router = APIRouter(prefix="/api", tags=["api"])


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorEnvelope(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorEnvelope, "description": "未登录"},
    404: {"model": ErrorEnvelope, "description": "不存在或不在权限范围内"},
}


class Me(BaseModel):
    id: int
    username: str
    display_name: str | None
    role: str
    department: str | None
    unit: str | None
    csrf_token: str = Field(description="修改类请求放在 X-CSRF-Token 请求头中")


class FormSummary(BaseModel):
    id: int
    kind: str
    name: str | None
    year: int | None
    department: str | None
    unit: str | None
    nature: str | None
    total: str | None = Field(description="项目资金总额（元，两位小数）")
    score: int | None
    grade: str | None
    status: str
    version: int
    errors: int
    warnings: int
    infos: int


class FormPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[FormSummary]


class FindingOut(BaseModel):
    code: str
    slug: str
    dimension: str
    severity: str
    message: str
    suggestion: str | None
    loc: list[Any]
    evidence: str | None
    line: int | None


class IndicatorOut(BaseModel):
    position: int
    level1: str | None
    level2: str | None
    name: str | None
    value: str | None
    target_kind: str | None
    target_op: str | None
    target_number: str | None
    target_unit: str | None
    line: int | None


class FormDetail(FormSummary):
    data: dict[str, Any] = Field(description="表单契约 JSON（与 jixiao parse 输出相同）")
    findings: list[FindingOut]
    actions: list[str] = Field(description="当前用户可执行的审核操作")


class SaveRequest(BaseModel):
    data: dict[str, Any] = Field(description="修改后的表单契约 JSON")
    expected_version: int = Field(description="打开时的版本号（乐观锁）")
    note: str | None = None


class Change(BaseModel):
    path: str
    old: Any
    new: Any


class VersionOut(BaseModel):
    version: int
    created_at: datetime
    user: str | None
    note: str | None
    changes: list[Change] = Field(description="与上一版相比的字段级差异")


class ReviewOut(BaseModel):
    action: str
    from_status: str
    to_status: str
    comment: str | None
    user: str | None
    created_at: datetime


class ReviewRequest(BaseModel):
    action: Literal["submit", "approve", "return"]
    comment: str | None = None
    expected_version: int | None = None


class ImportOut(BaseModel):
    id: int
    filename: str
    sha256: str
    status: str
    message: str | None
    forms: int
    indicators: int
    warnings: int
    findings: int
    created_at: datetime


class JobFile(BaseModel):
    name: str
    size: int
    state: str
    message: str
    forms: int
    findings: int
    form_ids: list[int]


class JobOut(BaseModel):
    id: str
    done: bool
    percent: int
    files: list[JobFile]


def _summary(form: FormRow) -> dict[str, Any]:
    return {
        "id": form.id,
        "kind": form.kind,
        "name": form.name,
        "year": form.year,
        "department": form.department,
        "unit": form.unit,
        "nature": form.nature,
        "total": f"{form.total:.2f}" if form.total is not None else None,
        "score": form.score,
        "grade": form.grade,
        "status": form.status,
        "version": form.version,
        "errors": form.error_count,
        "warnings": form.warning_count,
        "infos": form.info_count,
    }


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status)


def _form(db: DB, scope: UserScope, form_id: int) -> FormRow:
    form = get_form(db, scope, form_id)
    if form is None:
        raise HTTPException(404)
    return form


def _detail(form: FormRow, role: str) -> FormDetail:
    return FormDetail(
        **_summary(form),
        data=form.data,
        findings=[FindingOut.model_validate(f, from_attributes=True) for f in form.findings],
        actions=available_actions(form.status, role),
    )


def _job(job: UploadJob) -> JobOut:
    return JobOut(
        id=job.id,
        done=job.done,
        percent=job.percent,
        files=[
            JobFile(
                name=f.name,
                size=f.size,
                state=f.state,
                message=f.message,
                forms=f.forms,
                findings=f.findings,
                form_ids=f.form_ids,
            )
            for f in job.files
        ],
    )


@router.get("/me", responses=ERRORS)
def me(request: Request, user: CurrentUser) -> Me:
    """当前登录用户及 CSRF 令牌。"""
    return Me(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        department=user.department,
        unit=user.unit,
        csrf_token=csrf_token(request),
    )


@router.get("/forms", responses=ERRORS)
def api_forms(db: DB, user: CurrentUser, scope: UserScope, flt: Filter) -> FormPage:
    """表单列表：与项目列表页相同的筛选、检索、排序和分页。"""
    page = list_forms(db, scope, flt, with_facets=False)
    return FormPage(
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        items=[FormSummary(**_summary(f)) for f in page.items],
    )


@router.get("/forms/{form_id}", responses=ERRORS)
def api_form(form_id: int, db: DB, user: CurrentUser, scope: UserScope) -> FormDetail:
    """一张表单：契约 JSON、审核问题和可执行的审核操作。"""
    return _detail(_form(db, scope, form_id), user.role)


@router.get("/forms/{form_id}/indicators", responses=ERRORS)
def api_indicators(form_id: int, db: DB, user: CurrentUser, scope: UserScope) -> list[IndicatorOut]:
    """表单的绩效指标（按表中顺序，position 从 1 起）。"""
    form = _form(db, scope, form_id)
    return [
        IndicatorOut(
            position=i.position,
            level1=i.level1,
            level2=i.level2,
            name=i.name,
            value=i.value,
            target_kind=i.target_kind,
            target_op=i.target_op,
            target_number=str(i.target_number) if i.target_number is not None else None,
            target_unit=i.target_unit,
            line=i.line,
        )
        for i in form.indicators
    ]


@router.get("/forms/{form_id}/findings", responses=ERRORS)
def api_findings(form_id: int, db: DB, user: CurrentUser, scope: UserScope) -> list[FindingOut]:
    """表单的审核问题（loc 指向契约 JSON 中的位置）。"""
    form = _form(db, scope, form_id)
    return [FindingOut.model_validate(f, from_attributes=True) for f in form.findings]


@router.put(
    "/forms/{form_id}",
    responses={
        **ERRORS,
        409: {"model": ErrorEnvelope, "description": "版本冲突或状态不允许修改"},
        422: {"model": ErrorEnvelope, "description": "数据校验未通过"},
    },
)
def api_save(form_id: int, body: SaveRequest, db: DB, user: CurrentUser, scope: UserScope) -> Any:
    """保存修改：校验、重新审核并生成新版本；expected_version 过期时返回 409。"""
    try:
        form = save_form(db, scope, form_id, body.data, body.expected_version, user, body.note)
        db.commit()
    except NotFound as exc:
        raise HTTPException(404) from exc
    except StaleVersion as exc:
        db.rollback()
        return _error(409, "stale_version", exc.message, current_version=exc.current)
    except EditNotAllowed as exc:
        db.rollback()
        return _error(409, "edit_not_allowed", exc.message)
    except ValidationFailed as exc:
        db.rollback()
        return _error(
            422,
            "validation_failed",
            exc.message,
            details=[{"path": e.path, "message": e.message} for e in exc.errors],
        )
    return _detail(_form(db, scope, form.id), user.role)


@router.get("/forms/{form_id}/versions", responses=ERRORS)
def api_versions(form_id: int, db: DB, user: CurrentUser, scope: UserScope) -> list[VersionOut]:
    """版本历史（新的在前），每版附与上一版相比的字段级差异。"""
    saved = versions(db, scope, form_id)
    if saved is None:
        raise HTTPException(404)
    out = []
    for newer, older in zip(saved, [*saved[1:], None], strict=True):
        changes = diff(older.data, newer.data) if older is not None else []
        out.append(
            VersionOut(
                version=newer.version,
                created_at=newer.created_at,
                note=newer.note,
                user=newer.user.username if newer.user else None,
                changes=[Change(path=c.path, old=c.old, new=c.new) for c in changes],
            )
        )
    return out


def _reviews(db: DB, scope: UserScope, form_id: int) -> list[ReviewOut]:
    steps = history(db, scope, form_id)
    if steps is None:
        raise HTTPException(404)
    return [
        ReviewOut(
            action=s.action,
            from_status=s.from_status,
            to_status=s.to_status,
            comment=s.comment,
            user=s.user.username if s.user else None,
            created_at=s.created_at,
        )
        for s in steps
    ]


@router.get("/forms/{form_id}/reviews", responses=ERRORS)
def api_reviews(form_id: int, db: DB, user: CurrentUser, scope: UserScope) -> list[ReviewOut]:
    """审核记录（旧的在前）。"""
    return _reviews(db, scope, form_id)


@router.post(
    "/forms/{form_id}/reviews",
    responses={**ERRORS, 409: {"model": ErrorEnvelope, "description": "当前状态或角色不允许"}},
)
def api_review(
    form_id: int, body: ReviewRequest, db: DB, user: CurrentUser, scope: UserScope
) -> Any:
    """审核操作：submit 提交、approve 审核通过、return 退回修改（须填写意见）。"""
    try:
        transition(db, scope, form_id, body.action, user, body.comment, body.expected_version)
        db.commit()
    except NotFound as exc:
        raise HTTPException(404) from exc
    except (InvalidTransition, StaleVersion) as exc:
        db.rollback()
        return _error(409, "invalid_transition", exc.message)
    return _reviews(db, scope, form_id)


@router.get("/imports", responses=ERRORS)
def api_imports(db: DB, user: CurrentUser, scope: UserScope) -> list[ImportOut]:
    """最近导入的文件（财政账号看全部，其他账号看自己上传的）。"""
    return [ImportOut.model_validate(i, from_attributes=True) for i in list_imports(db, scope)]


@router.post("/imports", status_code=202, responses=ERRORS)
async def api_upload(request: Request, user: CurrentUser) -> JobOut:
    """上传文件（multipart 字段 files，可多个），后台导入；用返回的 id 查询进度。"""
    from starlette.concurrency import run_in_threadpool

    files = await form_files(request)
    if not files:
        raise HTTPException(400, "请选择要上传的文件。")
    job = await run_in_threadpool(
        save_uploads,
        request.app.state.uploads,
        user.id,
        files,
        request.app.state.settings.max_upload_bytes,
    )
    return _job(job)


@router.get("/imports/jobs/{job_id}", responses=ERRORS)
def api_job(request: Request, job_id: str, user: CurrentUser) -> JobOut:
    """上传任务的进度（每个文件的状态和结果）。"""
    job = request.app.state.uploads.get(job_id, user.id)
    if job is None:
        raise HTTPException(404)
    return _job(job)


@router.get("/dashboard", responses=ERRORS)
def api_dashboard(db: DB, user: CurrentUser, scope: UserScope) -> dict[str, Any]:
    """总览数字：按主管部门、单位、年度的表单数、资金、等级，以及最常见的审核问题。"""
    from dataclasses import asdict

    result: dict[str, Any] = _money_as_text(asdict(dashboard(db, scope)))
    return result


def _money_as_text(value: Any) -> Any:
    """Decimals as strings ("12.50"): FastAPI's encoder would turn them into floats."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {str(k): _money_as_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_money_as_text(v) for v in value]
    return value
