"""Editing a stored form: validate with the contract models, re-review, version, audit.

Optimistic locking: the editor sends the version it opened; the UPDATE carries
``WHERE version = :expected`` (SQLAlchemy ``version_id_col``), so of two editors saving the
same version exactly one succeeds and the other gets :class:`StaleVersion` — nobody's edit is
silently overwritten. Each save appends a :class:`FormVersion` with the full contract JSON,
so any two versions can be compared field by field with :func:`diff`.

The re-review covers the edited form alone: cross-form (``COR``) findings stored at import
are replaced by the single-form review's, which has none. That is the honest choice for an
edit of one form; a batch re-review restores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.model.targets import parse_target
from jixiao.review import review
from jixiao.store.access import Scope
from jixiao.store.errors import (
    EditNotAllowed,
    FieldError,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from jixiao.store.queries import _RECORD, invalidate_facets
from jixiao.store.rows import finding_rows, form_columns, indicator_rows
from jixiao.store.tables import AuditLog, Finding, Form, FormVersion, Indicator, User

__all__ = [
    "EditNotAllowed",
    "FieldChange",
    "StaleVersion",
    "ValidationFailed",
    "diff",
    "save_form",
    "versions",
]

# Who may edit in which status: units their drafts and returned forms; reviewers anything not
# yet approved. An approved form is frozen (return it first... which needs it submitted).
EDITABLE: dict[str, frozenset[str]] = {
    "unit": frozenset({"draft", "returned"}),
    "department": frozenset({"draft", "submitted", "returned"}),
    "finance": frozenset({"draft", "submitted", "returned"}),
}
# Provenance is not the editor's to change.
FIXED_FIELDS = ("schema_version", "kind", "source", "warnings", "lines")

_MESSAGES = {
    "missing": "必填",
    "extra_forbidden": "不允许的字段",
    "decimal_parsing": "应为金额（数字，最多两位小数）",
    "decimal_max_places": "金额最多两位小数",
    "decimal_type": "应为金额（数字）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "literal_error": "取值不在允许范围内",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "格式不正确",
    "model_type": "格式不正确",
    "greater_than_equal": "数值过小",
    "union_tag_invalid": "表单类型不正确",
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed leaf: ``path`` like ``indicators[3].value`` (list indexes from 0)."""

    path: str
    old: Any
    new: Any


def dotted(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """``("indicators", 3, "value")`` → ``indicators[3].value``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _validation_errors(exc: ValidationError) -> list[FieldError]:
    errors = []
    for error in exc.errors():
        loc = [p for p in error["loc"] if p not in ("project", "unit")]
        message = _MESSAGES.get(error["type"], "取值无效")
        errors.append(FieldError(dotted(loc) or "表单", message))
    return errors


def validate(data: dict[str, Any], stored: dict[str, Any]) -> ProjectForm | UnitForm:
    """The edited record: provenance from ``stored``, targets re-parsed from the values."""
    if not isinstance(data, dict):
        raise ValidationFailed([FieldError("表单", "格式不正确")])
    merged = {**data, **{name: stored[name] for name in FIXED_FIELDS if name in stored}}
    indicators = merged.get("indicators")
    if isinstance(indicators, list):
        merged["indicators"] = [
            {**row, "target": parse_target(row.get("value")).model_dump(mode="json")}
            if isinstance(row, dict)
            else row
            for row in indicators
        ]
    try:
        return _RECORD.validate_python(merged)
    except ValidationError as exc:
        raise ValidationFailed(_validation_errors(exc)) from exc


def _stay_in_scope(scope: Scope, edited: ProjectForm | UnitForm, columns: dict[str, Any]) -> None:
    """A unit (department) may not move a form to another unit (department) by editing it:
    the form would vanish from its own view and appear in someone else's."""
    field = "implementing_unit" if isinstance(edited, ProjectForm) else "unit_name"
    if scope.role == "unit" and columns["unit"] != scope.unit:
        raise ValidationFailed([FieldError(field, f"只能填写本单位名称（{scope.unit}）")])
    if scope.role == "department" and columns["department"] != scope.department:
        message = f"只能填写本部门名称（{scope.department}）"
        raise ValidationFailed([FieldError("department", message)])


def _load(session: Session, scope: Scope, form_id: int) -> Form:
    form = session.scalar(scope.apply(select(Form).where(Form.id == form_id)))
    if form is None:
        raise NotFound(form_id)
    return form


def save_form(
    session: Session,
    scope: Scope,
    form_id: int,
    data: dict[str, Any],
    expected_version: int,
    user: User | None,
    note: str | None = None,
) -> Form:
    """Validate, re-review and store ``data`` as the next version (flushed, not committed)."""
    form = _load(session, scope, form_id)
    if form.version != expected_version:
        raise StaleVersion(expected_version, form.version)
    if form.status not in EDITABLE.get(scope.role, frozenset()):
        from jixiao.store.labels import status_label

        raise EditNotAllowed(f"表单状态为“{status_label(form.status)}”，当前不能修改")
    old_data = form.data
    edited = validate(data, old_data)
    report = review([edited]).forms[0]
    columns = form_columns(edited, report)
    _stay_in_scope(scope, edited, columns)
    changes = diff(old_data, columns["data"])
    for name, value in columns.items():
        if name != "form_index":
            setattr(form, name, value)
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        current = session.scalar(select(Form.version).where(Form.id == form_id)) or 0
        raise StaleVersion(expected_version, current) from exc
    session.execute(delete(Indicator).where(Indicator.form_id == form_id))
    session.execute(delete(Finding).where(Finding.form_id == form_id))
    rows = indicator_rows(edited)
    if rows:
        session.execute(insert(Indicator), [{**row, "form_id": form_id} for row in rows])
    rows = finding_rows(report.findings)
    if rows:
        session.execute(insert(Finding), [{**row, "form_id": form_id} for row in rows])
    user_id = user.id if user else None
    session.add(
        FormVersion(
            form_id=form_id, version=form.version, data=columns["data"], user_id=user_id, note=note
        )
    )
    session.add(
        AuditLog(
            user_id=user_id,
            action="edit",
            object_type="form",
            object_id=form_id,
            detail={
                "version": form.version,
                "changes": [c.path for c in changes][:200],
                "note": note,
            },
        )
    )
    session.flush()
    session.expire(form, ["indicators", "findings"])
    invalidate_facets()
    return form


def versions(session: Session, scope: Scope, form_id: int) -> list[FormVersion] | None:
    """The form's saved versions, newest first; None when out of scope."""
    if session.scalar(scope.apply(select(Form.id).where(Form.id == form_id))) is None:
        return None
    return list(
        session.scalars(
            select(FormVersion)
            .where(FormVersion.form_id == form_id)
            .order_by(FormVersion.version.desc())
        )
    )


def diff(
    old: Any, new: Any, ignore: tuple[str, ...] = ("target", "lines"), path: str = ""
) -> list[FieldChange]:
    """Field-level differences between two contract JSONs (derived ``target`` skipped)."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for name in list(old) + [k for k in new if k not in old]:
            if name in ignore:
                continue
            sub = f"{path}.{name}" if path else str(name)
            changes.extend(diff(old.get(name), new.get(name), ignore, sub))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        changes = []
        for index in range(max(len(old), len(new))):
            sub = f"{path}[{index}]"
            if index >= len(old):
                changes.append(FieldChange(sub, None, new[index]))
            elif index >= len(new):
                changes.append(FieldChange(sub, old[index], None))
            else:
                changes.extend(diff(old[index], new[index], ignore, sub))
        return changes
    return [] if old == new else [FieldChange(path, old, new)]
