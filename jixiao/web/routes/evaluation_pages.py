"""绩效自评 pages: the per-project form and score breakdown, XLSX downloads, template upload,
and the department ranking.

Saving goes through :func:`jixiao.store.evaluations.save_evaluation` (scope, validation, scoring
and audit), so a unit user reaches only its own unit's projects and the page shows exactly the
score the API and the CLI compute.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.evaluate import ScoreCard
from jixiao.evaluate.importer import TemplateImportError, import_workbook
from jixiao.evaluate.model import TIERS
from jixiao.evaluate.ranking import rank
from jixiao.evaluate.report_xlsx import build_report
from jixiao.evaluate.template import build_template
from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.store.errors import FieldError, NotFound, ValidationFailed
from jixiao.store.evaluations import (
    PERIOD_LABELS,
    PERIODS,
    StoredEvaluation,
    evaluated_years,
    get_evaluation,
    list_evaluations,
    save_evaluation,
)
from jixiao.store.queries import get_form, record
from jixiao.store.tables import Form as FormRow
from jixiao.web.charts import bar_chart
from jixiao.web.deps import DB, CurrentUser, Scoring, UserScope, scoring_config
from jixiao.web.evaluationform import BUDGET_FIELDS, field_label, record_from, rows_of, values_of
from jixiao.web.routes.evaluation_api import level_scores
from jixiao.web.routes.forms import flash, take_flash
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(value: str) -> str:
    if value not in PERIODS:
        raise HTTPException(404)
    return value


def _load(db: DB, scope: UserScope, form_id: int) -> tuple[FormRow, ProjectForm | UnitForm]:
    form = get_form(db, scope, form_id)
    if form is None:
        raise HTTPException(404)
    return form, record(form)


def _download(content: bytes, name: str) -> Response:
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": "attachment; filename*=UTF-8''" + quote(name)},
    )


def _xlsx(book: Any) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        book.save(path)
        return path.read_bytes()


def breakdown(card: ScoreCard) -> dict[str, Any]:
    """What the score section shows: per level points and score, and the bar chart."""
    earned = level_scores(card)
    levels = [(name, card.level_points[name], earned.get(name, Decimal(0))) for name in earned]
    items = [("预算执行率", card.budget_score)] + [(name, score) for name, _, score in levels]
    chart = bar_chart(
        [(f"{label}（满分 {_points(card, label)}）", value) for label, value in items],
        "各部分得分",
        unit="分",
        decimals=2,
    )
    return {"levels": levels, "chart": chart}


def _points(card: ScoreCard, label: str) -> str:
    if label == "预算执行率":
        return f"{card.budget_points:g}"
    value = card.level_points.get(label, Decimal(0))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _page(
    request: Request,
    form: FormRow,
    contract: ProjectForm | UnitForm,
    period: str,
    stored: StoredEvaluation | None,
    values: dict[str, str],
    errors: list[FieldError] | None = None,
    upload_errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    card = stored.card if stored is not None else None
    return render(
        request,
        "evaluation.html",
        {
            "section": "forms",
            "form": form,
            "period": period,
            "periods": PERIOD_LABELS,
            "stored": stored,
            "card": card,
            "parts": breakdown(card) if card is not None else None,
            "rows": rows_of(contract, scoring_config(request)),
            "budget_fields": BUDGET_FIELDS,
            "tiers": TIERS,
            "values": values,
            "errors": [(field_label(e.path, contract), e.message) for e in errors or []],
            "error_paths": {e.path for e in errors or []},
            "stored_problems": [
                (field_label(p.path, contract), p.message)
                for p in (stored.problems if stored else [])
            ],
            "upload_errors": upload_errors or [],
            "flash": take_flash(request),
        },
        status_code=status_code,
    )


@router.get("/forms/{form_id}/evaluation")
def evaluation_page(
    request: Request,
    form_id: int,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    config: Scoring,
    period: Annotated[str, Query()] = "annual",
) -> Response:
    period = _period(period)
    form, contract = _load(db, scope, form_id)
    stored = get_evaluation(db, scope, form_id, period, config)
    values = values_of(stored.evaluation if stored else None, contract)
    return _page(request, form, contract, period, stored, values)


@router.post("/forms/{form_id}/evaluation")
async def evaluation_save(
    request: Request,
    form_id: int,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    config: Scoring,
    period: Annotated[str, Query()] = "annual",
) -> Response:
    period = _period(period)
    form, contract = _load(db, scope, form_id)
    submitted = await request.form()
    fields = {name: str(value) for name, value in submitted.items() if isinstance(value, str)}
    data, problems = record_from(fields, contract, config)
    try:
        if problems:
            raise ValidationFailed(problems)
        save_evaluation(db, scope, form_id, data, user, period, config)
        db.commit()
    except NotFound as exc:
        raise HTTPException(404) from exc
    except ValidationFailed as exc:
        db.rollback()
        stored = get_evaluation(db, scope, form_id, period, config)
        return _page(
            request, form, contract, period, stored, fields, errors=exc.errors, status_code=422
        )
    flash(request, "绩效自评已保存，得分已重新计算。")
    return RedirectResponse(f"/forms/{form_id}/evaluation?period={period}#score", status_code=303)


@router.post("/forms/{form_id}/evaluation/upload")
async def evaluation_upload(
    request: Request,
    form_id: int,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    config: Scoring,
    file: UploadFile,
    period: Annotated[str, Query()] = "annual",
) -> Response:
    """Import a filled 自评表 template of this form (all or nothing, bad cells named)."""
    period = _period(period)
    form, contract = _load(db, scope, form_id)
    stored = get_evaluation(db, scope, form_id, period, config)
    values = values_of(stored.evaluation if stored else None, contract)
    limit = request.app.state.settings.max_upload_bytes
    content = await file.read(limit + 1)
    name = file.filename or "上传文件"
    problems: list[str] = []
    if len(content) > limit:
        problems.append(f"{name}：文件过大")
    elif not content:
        problems.append(f"{name}：文件为空")
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload.xlsx"
            path.write_bytes(content)
            try:
                result = import_workbook(path, [contract], config)
            except TemplateImportError as exc:
                problems.extend(str(p) if p.sheet else f"{name}：{p.message}" for p in exc.problems)
            else:
                if not result.evaluations:
                    problems.append(f"{name}：模板中没有本项目已填写的自评数据")
                else:
                    try:
                        save_evaluation(
                            db, scope, form_id, result.evaluations[0], user, period, config
                        )
                        db.commit()
                    except ValidationFailed as exc:
                        db.rollback()
                        problems.extend(
                            f"{field_label(e.path, contract)}：{e.message}" for e in exc.errors
                        )
    if problems:
        return _page(
            request, form, contract, period, stored, values, upload_errors=problems, status_code=422
        )
    flash(request, f"已导入 {name}，得分已重新计算。")
    return RedirectResponse(f"/forms/{form_id}/evaluation?period={period}#score", status_code=303)


@router.get("/forms/{form_id}/evaluation/template.xlsx")
def evaluation_template(
    form_id: int, db: DB, user: CurrentUser, scope: UserScope, config: Scoring
) -> Response:
    """The 自评表 template generated from this form's targets."""
    form, contract = _load(db, scope, form_id)
    book = build_template([contract], config)
    return _download(_xlsx(book), f"{form.name or '项目'}自评表模板.xlsx")


@router.get("/forms/{form_id}/evaluation/report.xlsx")
def evaluation_report(
    form_id: int,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    config: Scoring,
    period: Annotated[str, Query()] = "annual",
) -> Response:
    """The 绩效自评表 in the official layout (needs a saved evaluation that scores)."""
    period = _period(period)
    form, contract = _load(db, scope, form_id)
    stored = get_evaluation(db, scope, form_id, period, config)
    if stored is None or stored.card is None:
        raise HTTPException(404, "该项目尚无可计分的绩效自评，请先填写并保存")
    book = build_report([(contract, stored.card)])
    return _download(_xlsx(book), f"{form.name or '项目'}绩效自评表.xlsx")


def _by_total(card: ScoreCard) -> Decimal:
    return -card.total


@router.get("/evaluations")
def ranking_page(
    request: Request,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    config: Scoring,
    period: Annotated[str, Query()] = "annual",
    year: Annotated[str | None, Query()] = None,
) -> Response:
    """Departments by average score; projects ranked with the indicators that lost most.

    Rankings compare one budget year: the page opens on the latest year that has evaluations
    and offers the others, because scores of different years answer different targets.
    """
    period = _period(period)
    years = evaluated_years(db, scope, period)
    chosen = _year(year, years)
    pairs = list_evaluations(db, scope, period, config, year=chosen)
    cards = [stored.card for _, stored in pairs if stored.card is not None]
    ids = {id(stored.card): form.id for form, stored in pairs if stored.card is not None}
    unscored = [(form, stored) for form, stored in pairs if stored.card is None]
    return render(
        request,
        "evaluation_ranking.html",
        {
            "section": "evaluations",
            "period": period,
            "periods": PERIOD_LABELS,
            "years": years,
            "year": chosen,
            "departments": rank(cards),
            "form_id_of": lambda card: ids[id(card)],
            "unscored": unscored,
            "chart": bar_chart(
                [(c.name or "（未命名）", c.total) for c in sorted(cards, key=_by_total)[:15]],
                "得分前十五的项目",
                unit="分",
                decimals=2,
            ),
        },
    )


def _year(value: str | None, years: list[int]) -> int | None:
    """The year asked for (404 when it is not a number), else the latest evaluated year."""
    if value:
        try:
            return int(value)
        except ValueError as exc:
            raise HTTPException(404) from exc
    return years[0] if years else None
