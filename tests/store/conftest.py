"""Store test fixtures: a database with the bundled samples imported, and one user per role."""

from __future__ import annotations

import pytest
from conftest import SAMPLES
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.importer import import_paths
from jixiao.store.tables import User

from .helpers import add_user

DEPARTMENT = "上海市普陀区桃浦镇人民政府"
UNIT = "桃浦镇社会事业发展办公室"


@pytest.fixture
def imported(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    summary = import_paths(session_factory, [SAMPLES])
    assert summary.forms == 64
    return session_factory


@pytest.fixture
def users(imported: sessionmaker[Session]) -> dict[str, User]:
    return {
        "unit": add_user(imported, "unit1", "unit", DEPARTMENT, UNIT),
        "other_unit": add_user(imported, "unit2", "unit", DEPARTMENT, "别的单位"),
        "department": add_user(imported, "dept1", "department", DEPARTMENT),
        "other_department": add_user(imported, "dept2", "department", "另一个部门"),
        "finance": add_user(imported, "fin1", "finance"),
    }
