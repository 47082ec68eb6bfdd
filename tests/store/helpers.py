"""Small helpers shared by the store tests."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.tables import Base, Form, User
from jixiao.store.users import create_user

PASSWORD = "geheim-123"


def count(session: Session, table: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def add_user(
    factory: sessionmaker[Session],
    username: str,
    role: str,
    department: str | None = None,
    unit: str | None = None,
) -> User:
    with factory() as session, session.begin():
        return create_user(session, username, PASSWORD, role, department, unit)


def first_form(factory: sessionmaker[Session]) -> Form:
    with factory() as session:
        form = session.scalar(select(Form).order_by(Form.id))
        assert form is not None
        return form
