"""Shared fixtures: where the bundled samples and golden files live."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Speed belongs in bench/, not in tests: a per-example deadline only makes property tests flaky
# on a loaded 2-core machine (CI runs everything there).
settings.register_profile("jixiao", deadline=None)
settings.load_profile("jixiao")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = sorted(p.stem for p in GOLDEN.glob("*.json") if (SAMPLES / f"{p.stem}.txt").exists())

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


# Database fixtures (SQLite and PostgreSQL), shared by the store and web tests.
from dbfixtures import *  # noqa: E402,F403
