from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from jixiao.model.forms import ProjectForm, UnitForm

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session")
def seed_forms() -> list[ProjectForm | UnitForm]:
    forms: list[ProjectForm | UnitForm] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        forms.extend(jixiao.read(path))
    return forms


@pytest.fixture(scope="session")
def project_forms(seed_forms: list[ProjectForm | UnitForm]) -> list[ProjectForm]:
    return [form for form in seed_forms if isinstance(form, ProjectForm)]


@pytest.fixture(scope="session")
def unit_form(seed_forms: list[ProjectForm | UnitForm]) -> UnitForm:
    (form,) = [form for form in seed_forms if isinstance(form, UnitForm)]
    return form
