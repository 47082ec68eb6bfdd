"""The review engine's speed devices must not leak state: the cyclic collector it pauses comes
back as it was, and a review leaves no cyclic garbage behind (which is why pausing is safe)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.ingest import read_forms
from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.review import review
from jixiao.rules.context import ProfileError

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


def test_review_leaves_no_cyclic_garbage(
    seeds: list[ProjectForm | UnitForm], collector: None
) -> None:
    review(seeds)  # warm up: imports and module-level caches
    gc.collect()
    gc.disable()
    for profile in ("national-88", "shanghai-2025"):
        report = review(seeds, profile=profile)
        assert report.forms
        del report
    assert gc.collect() == 0
