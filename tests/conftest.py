"""Shared fixtures: where the bundled samples and golden files live."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
