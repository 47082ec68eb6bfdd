"""A ready-to-try database: schema, the bundled samples, and one account per role.

Used by ``jixiao demo`` (and so ``make demo``) and by the browser tests. Passwords are
generated on every run and the demo accounts are reset to them, so what is printed always
works — demo accounts are not meant to survive into real use.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from jixiao.store.db import make_engine, make_sessionmaker, upgrade
from jixiao.store.importer import ImportSummary, import_paths
from jixiao.store.tables import Form, User
from jixiao.store.users import create_user, hash_password

# Where the bundled sample forms are: inside the package in an installed wheel (pyproject's
# force-include copies samples/ there), at the top of the checkout in a development install.
SAMPLE_DIRS = (
    Path(__file__).resolve().parent / "samples",
    Path(__file__).resolve().parents[2] / "samples",
)


class DemoError(Exception):
    """The demo cannot be prepared; the message is Chinese and meant for the user."""


def find_samples(explicit: Path | None = None) -> Path:
    """The folder of sample forms: ``explicit`` if given, else the bundled samples."""
    if explicit is not None:
        if not explicit.is_dir():
            raise DemoError(f"样例文件夹不存在：{explicit}")
        return explicit
    for folder in SAMPLE_DIRS:
        if folder.is_dir() and any(folder.iterdir()):
            return folder
    raise DemoError(
        "找不到随程序提供的样例表单（samples/ 文件夹）；请用 --samples 指定一个存放表单文件的文件夹"
    )


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str
    role: str
    department: str | None
    unit: str | None
    display_name: str


def bootstrap_demo(
    url: str, samples: Path | None = None, passwords: dict[str, str] | None = None
) -> tuple[list[DemoAccount], ImportSummary]:
    """Upgrade ``url``, import ``samples`` (default: the bundled samples, see
    :func:`find_samples`), and create or reset the accounts ``caizheng`` (财政), ``bumen``
    (主管部门 of the most forms) and ``danwei`` (the unit with the most forms in that
    department). Raises :class:`DemoError` when there are no samples to import."""
    folder = find_samples(samples)
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    try:
        summary = import_paths(sessions, [folder])
        with sessions() as session:
            department = session.scalar(
                select(Form.department)
                .where(Form.department.is_not(None), Form.kind == "project")
                .group_by(Form.department)
                .order_by(func.count().desc(), Form.department)
                .limit(1)
            )
            unit = session.scalar(
                select(Form.unit)
                .where(Form.department == department, Form.unit.is_not(None))
                .group_by(Form.unit)
                .order_by(func.count().desc(), Form.unit)
                .limit(1)
            )
        wanted = [
            ("caizheng", "finance", None, None, "财政局审核员"),
            ("bumen", "department", department, None, "主管部门审核员"),
            ("danwei", "unit", department, unit, "预算单位填报员"),
        ]
        accounts = []
        with sessions() as session, session.begin():
            for username, role, dept, unit_name, display in wanted:
                password = (passwords or {}).get(username) or secrets.token_urlsafe(9)
                user = session.scalar(select(User).where(User.username == username))
                if user is None:
                    create_user(session, username, password, role, dept, unit_name, display)
                else:
                    user.password_hash = hash_password(password)
                    user.role, user.department, user.unit = role, dept, unit_name
                    user.active = True
                accounts.append(DemoAccount(username, password, role, dept, unit_name, display))
        return accounts, summary
    finally:
        engine.dispose()
