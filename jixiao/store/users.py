"""Accounts: creation with role checks, and argon2 password verification."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jixiao.model.values import normalize_text
from jixiao.store.labels import ROLE_LABELS
from jixiao.store.tables import ROLES, AuditLog, User

_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the timing of a failed login the
# same whether or not the username exists.
_DUMMY_HASH = _hasher.hash("jixiao-no-such-user")

MIN_PASSWORD = 8


class UserError(ValueError):
    """An account that cannot be created as asked; the message is Chinese."""


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher's cost parameters (tests use a cheap one; hashes stay verifiable)."""
    global _hasher
    _hasher = hasher


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    department: str | None = None,
    unit: str | None = None,
    display_name: str | None = None,
    actor: User | None = None,
) -> User:
    """Create an account (flushed, not committed): units need a unit, departments a department."""
    username = (username or "").strip()
    department = normalize_text(department)
    unit = normalize_text(unit)
    if not username:
        raise UserError("用户名不能为空")
    if role not in ROLES:
        known = "、".join(f"{r}（{ROLE_LABELS[r]}）" for r in ROLES)
        raise UserError(f"未知角色“{role}”，可选：{known}")
    if role == "unit" and not unit:
        raise UserError("预算单位账号必须填写所属单位（--unit）")
    if role == "department" and not department:
        raise UserError("主管部门账号必须填写所属部门（--department）")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少 {MIN_PASSWORD} 位")
    exists = session.scalar(select(func.count()).select_from(User).where(User.username == username))
    if exists:
        raise UserError(f"用户名“{username}”已存在")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        department=department,
        unit=unit,
        display_name=normalize_text(display_name) or username,
    )
    session.add(user)
    session.flush()
    session.add(
        AuditLog(
            user_id=actor.id if actor else None,
            action="create_user",
            object_type="user",
            object_id=user.id,
            detail={"username": username, "role": role, "department": department, "unit": unit},
        )
    )
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None (same cost either way)."""
    user = session.scalar(select(User).where(User.username == (username or "").strip()))
    if user is None or not user.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)
