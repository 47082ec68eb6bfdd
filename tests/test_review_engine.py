"""The review engine's speed devices must not leak state: the cyclic collector it pauses comes
back as it was, and a review leaves no cyclic garbage behind (which is why pausing is safe)."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rules.base import build_form, load_cases

from jixiao.ingest import read_forms
from jixiao.model.findings import Report
from jixiao.model.forms import Indicator, ProjectForm, UnitForm, UnitIndicator
from jixiao.model.targets import parse_target
from jixiao.review import review
from jixiao.rules.context import ProfileError
from jixiao.rules.registry import all_rules
from jixiao.rules.view import FormView

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def seeds() -> list[ProjectForm | UnitForm]:
    forms: list[ProjectForm | UnitForm] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        forms.extend(read_forms(path))
    assert forms
    return forms


@pytest.fixture()
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_collector_enabled_again_after_review(
    seeds: list[ProjectForm | UnitForm], collector: None
) -> None:
    gc.enable()
    review(seeds)
    assert gc.isenabled()


def test_collector_left_disabled_if_it_was(
    seeds: list[ProjectForm | UnitForm], collector: None
) -> None:
    gc.disable()
    review(seeds)
    assert not gc.isenabled()


def test_collector_restored_when_the_review_fails(
    seeds: list[ProjectForm | UnitForm], collector: None
) -> None:
    gc.enable()
    with pytest.raises(ProfileError):  # raised inside the pause
        review(seeds, profile="no-such-profile")
    assert gc.isenabled()


def test_concurrent_reviews_restore_the_collector(
    seeds: list[ProjectForm | UnitForm], collector: None
) -> None:
    gc.enable()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                review(seeds)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert gc.isenabled()


_NO_CYCLES = """
import gc, sys
from pathlib import Path
from jixiao.ingest import read_forms
from jixiao.review import review
forms = [f for p in sorted(Path(sys.argv[1]).glob("*.txt")) for f in read_forms(p)]
review(forms)  # warm up: imports and module-level caches
gc.collect()
gc.disable()
for profile in ("national-88", "shanghai-2025"):
    report = review(forms, profile=profile)
    assert report.forms
    del report
print(gc.collect())
"""


def test_review_leaves_no_cyclic_garbage() -> None:
    """In a fresh interpreter, so that no other test's threads or leftovers are counted."""
    done = subprocess.run(
        [sys.executable, "-c", _NO_CYCLES, str(SAMPLES)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert done.stdout.strip() == "0"


# ---------------------------------------------------------------------------------------------
# Row cells (FormView.shared): rule modules keep per-row results by Row.cell for one review, so
# a cell must be shared exactly by rows whose checks cannot differ.


def _project(rows: list[Indicator]) -> ProjectForm:
    form = build_form(None)
    assert isinstance(form, ProjectForm)
    return form.model_copy(update={"indicators": rows})


def _ind(value: str, line: int, **fields: Any) -> Indicator:
    base: dict[str, Any] = {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "活动场次",
        "value": value,
        "target": parse_target(value),
        "line": line,
    }
    base.update(fields)
    return Indicator.model_validate(base)


def test_equal_rows_share_a_cell_whatever_their_line() -> None:
    shared: dict[object, Any] = {}
    first = FormView.of(_project([_ind("≥10(场)", 100), _ind("≥20(场)", 101)]), 1, shared)
    second = FormView.of(_project([_ind("≥10(场)", 300), _ind("≥20(场)", 301)]), 2, shared)
    assert [r.cell for r in first.rows] == [r.cell for r in second.rows]
    assert first.rows[0].cell != first.rows[1].cell


def test_cells_differ_by_position_content_target_and_kind() -> None:
    shared: dict[object, Any] = {}
    base = FormView.of(_project([_ind("≥10(场)", 100)]), 1, shared).rows[0].cell
    moved = FormView.of(_project([_ind("≥20(场)", 100), _ind("≥10(场)", 101)]), 2, shared)
    assert moved.rows[1].cell != base  # same content at another position
    renamed = FormView.of(_project([_ind("≥10(场)", 100, name="活动次数")]), 3, shared)
    assert renamed.rows[0].cell != base
    other_target = _ind("≥10(场)", 100, target=parse_target("≥10(次)"))
    assert FormView.of(_project([other_target]), 4, shared).rows[0].cell != base
    unit = build_form(None, "unit")
    assert isinstance(unit, UnitForm)
    row = UnitIndicator.model_validate(_ind("≥10(场)", 100).model_dump())
    cells = {
        FormView.of(unit.model_copy(update={"indicators": [row]}), 5, shared).rows[0].cell,
        FormView.of(
            unit.model_copy(update={"indicators": [row.model_copy(update={"unit": "次"})]}),
            6,
            shared,
        )
        .rows[0]
        .cell,
    }
    assert len(cells) == 2 and base not in cells


def test_views_without_a_shared_dict_do_not_share() -> None:
    form = _project([_ind("≥10(场)", 100)])
    first, second = FormView.of(form), FormView.of(form)
    assert first.shared is not second.shared


def test_reviewing_forms_together_finds_what_reviewing_each_alone_finds() -> None:
    """Every single-form rule case, all in one review per profile: the per-review row memos
    must give each form exactly the findings it gets when reviewed alone."""
    form_rules = {r.code for r in all_rules() if r.scope == "form"}
    by_profile: dict[str, list[ProjectForm | UnitForm]] = {}
    for data in load_cases().values():
        for case in data["cases"]:
            if "forms" not in case:
                form = build_form(case.get("form"), case.get("kind", "project"))
                by_profile.setdefault(case.get("profile", "national-88"), []).append(form)
    assert sum(len(forms) for forms in by_profile.values()) > 100

    def seen(report: Report) -> list[tuple[Any, ...]]:
        return [
            (f.code, f.severity, f.message, tuple(f.loc), f.evidence, f.source.line)
            for f in report.forms[0].findings
            if f.code in form_rules
        ]

    for profile, forms in by_profile.items():
        together = review(forms, profile=profile, strict=True)
        for form, report in zip(forms, together.forms, strict=True):
            alone = review([form], profile=profile, strict=True)
            both = Report(profile=profile, forms=[report])
            assert seen(both) == seen(alone), form.project_name if form.kind == "project" else ""
