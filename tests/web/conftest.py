"""Web test fixtures: the app on each database backend, the samples imported, one user per
role, and a logged-in TestClient helper."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import SAMPLES
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.importer import import_paths
from jixiao.store.tables import Form
from jixiao.store.users import create_user
from jixiao.web.app import create_app
from jixiao.web.settings import WebSettings

PASSWORD = "web-test-pw-1"
DEPARTMENT = "上海市普陀区桃浦镇人民政府"
UNIT = "桃浦镇规划和生态环境办公室"
OTHER_UNIT = "桃浦镇社会事业发展办公室"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Web:
    """The app under test, its session factory and a way to make logged-in clients."""

    app: object
    sessions: sessionmaker[Session]

    def client(self, username: str | None = None) -> TestClient:
        client = TestClient(self.app, follow_redirects=False)  # type: ignore[arg-type]
        if username:
            response = login(client, username, PASSWORD)
            assert response.status_code == 303, response.text
        return client

    def form_id(self, unit: str = UNIT, index: int = 0) -> int:
        with self.sessions() as session:
            ids = list(session.scalars(select(Form.id).where(Form.unit == unit).order_by(Form.id)))
        return ids[index]


def csrf_of(client: TestClient, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, f"no csrf token on {path}"
    return match.group(1)


def login(client: TestClient, username: str, password: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
    )


@pytest.fixture
def web(session_factory: sessionmaker[Session], db_url: str) -> Iterator[Web]:
    summary = import_paths(session_factory, [SAMPLES])
    assert summary.forms == 64
    with session_factory() as session, session.begin():
        create_user(session, "fin", PASSWORD, "finance")
        create_user(session, "dept", PASSWORD, "department", DEPARTMENT)
        create_user(session, "unit", PASSWORD, "unit", DEPARTMENT, UNIT)
        create_user(session, "other", PASSWORD, "unit", DEPARTMENT, OTHER_UNIT)
    settings = WebSettings(database_url=db_url, secret_key="test-secret", login_max_failures=3)
    app = create_app(db_url, settings=settings)
    with TestClient(app):  # runs the lifespan: upload worker stopped, engine disposed at exit
        yield Web(app, session_factory)
