"""Accounts: argon2 hashes, authentication, role validation with Chinese messages."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.users import UserError, authenticate, create_user

from .helpers import PASSWORD, add_user


def test_create_and_authenticate(session_factory: sessionmaker[Session]) -> None:
    created = add_user(session_factory, "alice", "department", "某某区财政局")
    with session_factory() as session:
        user = authenticate(session, "alice", PASSWORD)
        assert user is not None and user.id == created.id and user.role == "department"
        assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash
        assert authenticate(session, "alice", "wrong-password") is None
        assert authenticate(session, "nobody", PASSWORD) is None


@pytest.mark.parametrize(
    ("role", "department", "unit", "password", "message"),
    [
        ("admin", None, None, PASSWORD, "未知角色"),
        ("unit", "部门", None, PASSWORD, "必须填写所属单位"),
        ("department", None, None, PASSWORD, "必须填写所属部门"),
        ("finance", None, None, "short", "密码至少"),
    ],
)
def test_invalid_accounts_are_refused(
    session_factory: sessionmaker[Session],
    role: str,
    department: str | None,
    unit: str | None,
    password: str,
    message: str,
) -> None:
    with session_factory() as session, pytest.raises(UserError, match=message):
        create_user(session, "bob", password, role, department, unit)


def test_duplicate_username(session_factory: sessionmaker[Session]) -> None:
    add_user(session_factory, "carol", "finance")
    with session_factory() as session, pytest.raises(UserError, match="已存在"):
        create_user(session, "carol", PASSWORD, "finance")
