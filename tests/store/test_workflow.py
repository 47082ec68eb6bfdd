"""The workflow: 草稿 → 已提交 → 审核通过 / 退回修改 → 已提交, by role, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.access import Scope
from jixiao.store.errors import InvalidTransition
from jixiao.store.tables import AuditLog, Form, User
from jixiao.store.workflow import available_actions, history, transition

from .conftest import UNIT


def _form_id(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        form_id = session.scalar(select(Form.id).where(Form.unit == UNIT).order_by(Form.id))
        assert form_id is not None
        return form_id


def test_full_cycle(imported: sessionmaker[Session], users: dict[str, User]) -> None:
    form_id = _form_id(imported)
    unit, department = users["unit"], users["department"]

    def act(user: User, action: str, comment: str | None = None) -> str:
        with imported() as session, session.begin():
            return transition(session, Scope.of(user), form_id, action, user, comment).status

    assert act(unit, "submit") == "submitted"
    assert act(department, "return", "满意度指标值偏低，请调整") == "returned"
    assert act(unit, "submit") == "submitted"
    assert act(department, "approve") == "approved"
    with imported() as session:
        steps = history(session, Scope.of(unit), form_id)
        assert steps is not None
        assert [(s.action, s.from_status, s.to_status) for s in steps] == [
            ("submit", "draft", "submitted"),
            ("return", "submitted", "returned"),
            ("submit", "returned", "submitted"),
            ("approve", "submitted", "approved"),
        ]
        assert steps[1].comment == "满意度指标值偏低，请调整"
        assert steps[1].user_id == department.id
        audit = session.scalars(
            select(AuditLog.action).where(AuditLog.object_type == "form").order_by(AuditLog.id)
        ).all()
        assert audit == ["submit", "return", "submit", "approve"]
        form = session.get(Form, form_id)
        assert form is not None and form.version == 5  # every change bumps the lock version
        assert history(session, Scope.of(users["other_unit"]), form_id) is None


@pytest.mark.parametrize(
    ("role", "action", "comment", "message"),
    [
        ("unit", "approve", None, "预算单位账号不能执行“审核通过”"),
        ("department", "submit", None, "主管部门账号不能执行“提交”"),
        ("department", "approve", None, "当前状态为“草稿”"),
        ("finance", "return", None, "当前状态为“草稿”"),
        ("unit", "publish", None, "未知操作"),
    ],
)
def test_refused_transitions(
    imported: sessionmaker[Session],
    users: dict[str, User],
    role: str,
    action: str,
    comment: str | None,
    message: str,
) -> None:
    form_id = _form_id(imported)
    user = users[role]
    with imported() as session, pytest.raises(InvalidTransition, match=message):
        transition(session, Scope.of(user), form_id, action, user, comment)


def test_return_needs_a_comment(imported: sessionmaker[Session], users: dict[str, User]) -> None:
    form_id = _form_id(imported)
    with imported() as session, session.begin():
        transition(session, Scope.of(users["unit"]), form_id, "submit", users["unit"])
    for comment in (None, "   "):
        with imported() as session, pytest.raises(InvalidTransition, match="必须填写审核意见"):
            transition(
                session,
                Scope.of(users["department"]),
                form_id,
                "return",
                users["department"],
                comment,
            )
    with imported() as session:
        form = session.get(Form, form_id)
        assert form is not None and form.status == "submitted"


def test_available_actions() -> None:
    assert available_actions("draft", "unit") == ["submit"]
    assert available_actions("submitted", "department") == ["approve", "return"]
    assert available_actions("returned", "finance") == ["submit"]
    assert available_actions("approved", "finance") == []
