"""Killing ``jixiao import`` halfway leaves no partial file behind, and a re-import completes.

The import runs in a subprocess on a folder of synthetic files; once a couple of files have
been committed the process gets SIGKILL (no cleanup code runs). Every form that exists must
then be complete (indicators, findings, version 1) and belong to a finished import whose
counts match its rows; importing the folder again skips the finished files and completes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.importer import import_paths
from jixiao.store.tables import Finding, Form, FormVersion, ImportFile, Indicator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

FILES = 8
PER_FILE = 60


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synth_files import write_files

    out = tmp_path_factory.mktemp("synthetic")
    write_files(out, FILES * PER_FILE, per_file=PER_FILE, seed=7)
    return out


def _done(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return (
            session.scalar(
                select(func.count()).select_from(ImportFile).where(ImportFile.status == "done")
            )
            or 0
        )


def assert_consistent(factory: sessionmaker[Session]) -> int:
    """Every stored form complete, every import's counts equal to its rows; the form count."""
    with factory() as session:
        imports = list(session.scalars(select(ImportFile)))
        assert all(record.status == "done" for record in imports)
        for record in imports:
            forms = session.scalar(
                select(func.count()).select_from(Form).where(Form.import_id == record.id)
            )
            indicators = session.scalar(
                select(func.count())
                .select_from(Indicator)
                .join(Form)
                .where(Form.import_id == record.id)
            )
            findings = session.scalar(
                select(func.count())
                .select_from(Finding)
                .join(Form)
                .where(Form.import_id == record.id)
            )
            assert (forms, indicators, findings) == (
                record.forms,
                record.indicators,
                record.findings,
            ), record.filename
        incomplete = session.scalar(
            select(func.count())
            .select_from(Form)
            .where(
                (Form.import_id.is_(None))
                | (
                    Form.indicator_count
                    != select(func.count())
                    .where(Indicator.form_id == Form.id)
                    .correlate(Form)
                    .scalar_subquery()
                )
                | (
                    Form.error_count + Form.warning_count + Form.info_count
                    != select(func.count())
                    .where(Finding.form_id == Form.id)
                    .correlate(Form)
                    .scalar_subquery()
                )
                | ~select(FormVersion.id)
                .where(FormVersion.form_id == Form.id, FormVersion.version == 1)
                .correlate(Form)
                .exists()
            )
        )
        assert incomplete == 0
        return session.scalar(select(func.count()).select_from(Form)) or 0


def test_killed_import_leaves_no_partial_file(
    session_factory: sessionmaker[Session], db_url: str, folder: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "import", str(folder), "--url", db_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while _done(session_factory) < 2:
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline, "the import made no progress"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    finished = _done(session_factory)
    assert 2 <= finished < FILES, "the kill should land while files remain"
    assert assert_consistent(session_factory) == finished * PER_FILE

    summary = import_paths(session_factory, [folder])
    assert summary.failed == 0
    assert summary.duplicates == finished
    assert summary.imported == FILES - finished
    assert assert_consistent(session_factory) == FILES * PER_FILE
