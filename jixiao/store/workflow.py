"""The review workflow: 草稿 → 已提交 → 审核通过 / 退回修改 (→ 已提交 again).

Units submit their forms; departments (and finance) approve or return them, a return always
with a comment saying what to fix. Every step writes a ReviewAction and an AuditLog row in the
caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from jixiao.store.access import Scope
from jixiao.store.errors import InvalidTransition, NotFound, StaleVersion
from jixiao.store.labels import ACTION_LABELS, ROLE_LABELS, STATUS_LABELS
from jixiao.store.tables import AuditLog, Form, ReviewAction, User


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_comment: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit", frozenset({"draft", "returned"}), "submitted", frozenset({"unit", "finance"})
        ),
        Transition(
            "approve", frozenset({"submitted"}), "approved", frozenset({"department", "finance"})
        ),
        Transition(
            "return",
            frozenset({"submitted"}),
            "returned",
            frozenset({"department", "finance"}),
            needs_comment=True,
        ),
    )
}


def available_actions(status: str, role: str) -> list[str]:
    """The actions a user of ``role`` can take on a form in ``status`` (for buttons)."""
    return [t.action for t in TRANSITIONS.values() if status in t.sources and role in t.roles]


def transition(
    session: Session,
    scope: Scope,
    form_id: int,
    action: str,
    user: User,
    comment: str | None = None,
    expected_version: int | None = None,
) -> Form:
    """Apply ``action`` to the form (flushed, not committed); raises InvalidTransition."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise InvalidTransition(f"未知操作“{action}”")
    form = session.scalar(scope.apply(select(Form).where(Form.id == form_id)))
    if form is None:
        raise NotFound(form_id)
    if expected_version is not None and form.version != expected_version:
        raise StaleVersion(expected_version, form.version)
    label = ACTION_LABELS[action]
    if user.role not in rule.roles:
        raise InvalidTransition(f"{ROLE_LABELS.get(user.role, user.role)}账号不能执行“{label}”")
    if form.status not in rule.sources:
        raise InvalidTransition(
            f"表单当前状态为“{STATUS_LABELS.get(form.status, form.status)}”，不能执行“{label}”"
        )
    comment = (comment or "").strip() or None
    if rule.needs_comment and not comment:
        raise InvalidTransition(f"“{label}”必须填写审核意见，说明需要修改的内容")
    before = form.status
    form.status = rule.target
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        current = session.scalar(select(Form.version).where(Form.id == form_id)) or 0
        raise StaleVersion(expected_version or 0, current) from exc
    session.add(
        ReviewAction(
            form_id=form_id,
            action=action,
            from_status=before,
            to_status=rule.target,
            comment=comment,
            user_id=user.id,
        )
    )
    session.add(
        AuditLog(
            user_id=user.id,
            action=action,
            object_type="form",
            object_id=form_id,
            detail={"from": before, "to": rule.target, "comment": comment},
        )
    )
    session.flush()
    return form


def history(session: Session, scope: Scope, form_id: int) -> list[ReviewAction] | None:
    """The form's workflow steps, oldest first; None when out of scope."""
    if session.scalar(scope.apply(select(Form.id).where(Form.id == form_id))) is None:
        return None
    return list(
        session.scalars(
            select(ReviewAction)
            .where(ReviewAction.form_id == form_id)
            .order_by(ReviewAction.created_at, ReviewAction.id)
        )
    )
