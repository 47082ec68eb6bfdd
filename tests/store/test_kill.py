"""Killing ``jixiao import`` halfway leaves no partial file behind, and a re-import completes.

The import runs in a subprocess on a folder of synthetic files, with one process and with
reading in worker processes (``-j 2``); once a couple of files have been committed the process
gets SIGKILL (no cleanup code runs) or Ctrl-C (SIGINT to its whole process group, as a
terminal sends it). Every form that exists must then be complete (indicators, findings,
version 1) and belong to a finished import whose counts match its rows; no worker process may
outlive the import; importing the folder again skips the finished files and completes.
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


def _start(db_url: str, folder: Path, workers: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "jixiao", "import", str(folder), "--url", db_url]
    return subprocess.Popen(
        [*command, "--workers", workers],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group, like a job in a terminal
    )


def _wait_for_files(
    process: subprocess.Popen[bytes], factory: sessionmaker[Session], files: int
) -> None:
    deadline = time.monotonic() + 120
    while _done(factory) < files:
        assert process.poll() is None, "the import ended before it could be stopped"
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.02)


def _processes_like(cmdline: bytes) -> list[int]:
    """Pids running exactly this command line (forked workers inherit the parent's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "cmdline").read_bytes() == cmdline:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _assert_no_process_left(cmdline: bytes) -> None:
    deadline = time.monotonic() + 10
    while (left := _processes_like(cmdline)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"worker processes outlived the import: {left}"


def _assert_resumable(factory: sessionmaker[Session], folder: Path, finished: int) -> None:
    assert 2 <= finished < FILES, "the stop should land while files remain"
    assert assert_consistent(factory) == finished * PER_FILE
    summary = import_paths(factory, [folder])
    assert summary.failed == 0
    assert summary.duplicates == finished
    assert summary.imported == FILES - finished
    assert assert_consistent(factory) == FILES * PER_FILE


@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_import_leaves_no_partial_file(
    session_factory: sessionmaker[Session], db_url: str, folder: Path, workers: str
) -> None:
    process = _start(db_url, folder, workers)
    try:
        _wait_for_files(process, session_factory, 2)
        cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes()
        assert b"import" in cmdline
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    _assert_no_process_left(cmdline)
    _assert_resumable(session_factory, folder, _done(session_factory))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_interrupted_import_says_so_and_leaves_no_partial_file(
    session_factory: sessionmaker[Session], db_url: str, folder: Path, workers: str
) -> None:
    process = _start(db_url, folder, workers)
    try:
        _wait_for_files(process, session_factory, 2)
        cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes()
        assert b"import" in cmdline
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the parent and its workers
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr.decode()
    message = stderr.decode()
    assert "已中断" in message and "Traceback" not in message, message
    _assert_no_process_left(cmdline)
    _assert_resumable(session_factory, folder, _done(session_factory))
