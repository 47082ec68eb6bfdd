"""Form pages: the list (with htmx partial updates and XLSX export of the selection), the
detail page drawn like the official table, editing with optimistic locking, the version
history with field-level diffs, and the review workflow buttons."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from jixiao.store.editing import EDITABLE, diff, save_form, versions
from jixiao.store.errors import (
    EditNotAllowed,
    InvalidTransition,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from jixiao.store.labels import status_label
from jixiao.store.queries import get_form, list_forms, summary_xlsx
from jixiao.store.tables import Form as FormRow
from jixiao.store.workflow import available_actions, history, transition
from jixiao.web.deps import DB, CurrentUser, UserScope
from jixiao.web.editform import NEW_ROWS, apply_edits, columns_for, fields_for, get_path, path_label
from jixiao.web.filters import Filter, query_string
from jixiao.web.formview import Anchors, enrich, indicator_rows
from jixiao.web.selection import selection_rows
from jixiao.web.templating import render

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SORTABLE = (
    ("name", "项目名称"),
    ("unit", "实施单位"),
    ("year", "年度"),
    ("total", "资金（万元）"),
    ("grade", "等级"),
    ("findings", "错误"),
    ("status", "状态"),
)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A one-time message shown on the next page (kept in the signed session cookie)."""
    request.session["flash"] = {"message": message, "kind": kind}


def take_flash(request: Request) -> dict[str, str] | None:
    value = request.session.pop("flash", None)
    return value if isinstance(value, dict) else None


def _load_for_page(db: DB, scope: UserScope, form_id: int) -> FormRow:
    """The form with its findings and source file; the page draws indicators from the form's
    JSON, so unlike :func:`get_form` their rows are not loaded (a third of the detail time)."""
    form = db.scalar(
        scope.apply(
            select(FormRow)
            .where(FormRow.id == form_id)
            .options(selectinload(FormRow.findings), joinedload(FormRow.import_file))
        )
    )
    if form is None:
        raise HTTPException(404)
    return form


def _load(db: DB, scope: UserScope, form_id: int) -> FormRow:
    form = get_form(db, scope, form_id)
    if form is None:
        raise HTTPException(404)
    return form


@router.get("/forms")
def forms_page(
    request: Request, db: DB, user: CurrentUser, scope: UserScope, flt: Filter
) -> Response:
    partial = request.headers.get("hx-target") == "results"
    page = list_forms(db, scope, flt, with_facets=False)
    context: dict[str, Any] = {
        "section": "forms",
        "page": page,
        "flt": flt,
        "qs": lambda **changes: query_string(flt, **changes),
        "sortable": SORTABLE,
    }
    if partial:
        query = query_string(flt)
        # A clean address in the history (htmx would push every empty field).
        headers = {"HX-Push-Url": "/forms" + (f"?{query}" if query else "")}
        return render(request, "_forms_results.html", context, headers=headers)
    cache = request.app.state.facets
    context["facets"] = cache.get(db, scope)
    context["units"] = cache.units(db, scope, flt.department)
    return render(request, "forms_list.html", context)


@router.get("/forms/units")
def unit_options(
    request: Request, db: DB, user: CurrentUser, scope: UserScope, department: str = ""
) -> Response:
    """The unit dropdown's options for a department (htmx swaps them in)."""
    units = request.app.state.facets.units(db, scope, department.strip() or None)
    return render(request, "_unit_options.html", {"units": units, "selected": None})


@router.get("/forms/export.xlsx")
def forms_export(db: DB, user: CurrentUser, scope: UserScope, flt: Filter) -> Response:
    """The current selection (all pages) as a 汇总表 workbook."""
    rows = selection_rows(db, scope, flt)
    return Response(
        summary_xlsx(rows),
        media_type=XLSX,
        headers={"Content-Disposition": "attachment; filename*=UTF-8''" + quote("项目列表.xlsx")},
    )


@router.get("/forms/{form_id}")
def form_detail(
    request: Request, form_id: int, db: DB, user: CurrentUser, scope: UserScope
) -> Response:
    form = _load_for_page(db, scope, form_id)
    data = form.data
    findings = enrich(form.findings)
    return render(
        request,
        "form_detail.html",
        {
            "section": "forms",
            "form": form,
            "data": data,
            "anchors": Anchors(findings),
            "findings": findings,
            "rows": indicator_rows(data.get("indicators") or []),
            "actions": available_actions(form.status, user.role),
            "can_edit": form.status in EDITABLE.get(user.role, frozenset()),
            "history": history(db, scope, form_id) or [],
            "flash": take_flash(request),
        },
    )


def _edit_context(form: FormRow, data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    kind = data.get("kind", "project")
    return {
        "section": "forms",
        "form": form,
        "data": data,
        "fields": fields_for(kind),
        "columns": columns_for(kind),
        "get_path": get_path,
        "new_rows": NEW_ROWS,
        **extra,
    }


@router.get("/forms/{form_id}/edit")
def edit_page(
    request: Request, form_id: int, db: DB, user: CurrentUser, scope: UserScope
) -> Response:
    form = _load(db, scope, form_id)
    blocked = None
    if form.status not in EDITABLE.get(user.role, frozenset()):
        blocked = (
            "当前状态下您不能修改此表（预算单位只能修改草稿和退回修改的表；审核通过的表不能修改）。"
        )
    return render(
        request,
        "form_edit.html",
        _edit_context(form, form.data, version=form.version, blocked=blocked),
    )


@router.post("/forms/{form_id}/edit")
async def edit_save(
    request: Request, form_id: int, db: DB, user: CurrentUser, scope: UserScope
) -> Response:
    submitted = await request.form()
    try:
        expected = int(str(submitted.get("version") or ""))
    except ValueError:
        expected = 0
    note = str(submitted.get("note") or "").strip() or None
    form = _load(db, scope, form_id)
    edited = apply_edits(form.data, submitted)
    try:
        saved = save_form(db, scope, form_id, edited, expected, user, note=note)
        db.commit()
    except NotFound as exc:
        raise HTTPException(404) from exc
    except StaleVersion as exc:
        db.rollback()
        current = _load(db, scope, form_id)
        return render(
            request,
            "form_edit.html",
            _edit_context(
                current,
                edited,
                version=expected,
                conflict=exc.message,
                current_version=current.version,
            ),
            status_code=409,
        )
    except ValidationFailed as exc:
        db.rollback()
        errors = [(path_label(e.path), e.message) for e in exc.errors]
        return render(
            request,
            "form_edit.html",
            _edit_context(form, edited, version=expected, errors=errors),
            status_code=422,
        )
    except EditNotAllowed as exc:
        db.rollback()
        return render(
            request,
            "form_edit.html",
            _edit_context(form, edited, version=expected, blocked=exc.message),
            status_code=409,
        )
    flash(request, f"已保存为第 {saved.version} 版，并已重新审核。")
    return RedirectResponse(f"/forms/{form_id}", status_code=303)


@router.get("/forms/{form_id}/history")
def history_page(
    request: Request, form_id: int, db: DB, user: CurrentUser, scope: UserScope
) -> Response:
    form = _load(db, scope, form_id)
    saved = versions(db, scope, form_id) or []
    entries = []
    for newer, older in zip(saved, [*saved[1:], None], strict=True):
        changes = diff(older.data, newer.data) if older is not None else []
        entries.append(
            {
                "version": newer,
                "changes": [(path_label(c.path), c.path, c.old, c.new) for c in changes],
                "first": older is None,
            }
        )
    return render(
        request,
        "form_history.html",
        {
            "section": "forms",
            "form": form,
            "entries": entries,
            "reviews": history(db, scope, form_id) or [],
        },
    )


@router.post("/forms/{form_id}/review")
def review_action(
    request: Request,
    form_id: int,
    db: DB,
    user: CurrentUser,
    scope: UserScope,
    action: Annotated[str, Form()],
    comment: Annotated[str, Form()] = "",
) -> Response:
    try:
        form = transition(db, scope, form_id, action, user, comment)
        db.commit()
    except NotFound as exc:
        raise HTTPException(404) from exc
    except InvalidTransition as exc:
        db.rollback()
        flash(request, exc.message, "error")
        return RedirectResponse(f"/forms/{form_id}#review", status_code=303)
    flash(request, f"操作成功：表单状态已变为“{status_label(form.status)}”。")
    return RedirectResponse(f"/forms/{form_id}#review", status_code=303)
