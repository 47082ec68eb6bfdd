"""Background imports of uploaded files, with per-file progress the upload page polls.

The request only saves the files and returns; one worker thread imports them one after
another (one writer at a time keeps SQLite happy and the order predictable). Each file is
imported by :mod:`jixiao.store.importer` in its own transaction, so a failure in one file
leaves the others — and the database — intact. Jobs live in memory for an hour: progress is
a convenience; the result of record is the ``import_files`` table.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.importer import already_imported, file_digest, import_file, prepare, store
from jixiao.web.settings import WebSettings

log = logging.getLogger(__name__)

FileState = Literal["queued", "reading", "storing", "imported", "duplicate", "failed"]
STATE_LABELS: dict[str, str] = {
    "queued": "排队中",
    "reading": "正在读取并审核",
    "storing": "正在写入数据库",
    "imported": "已导入",
    "duplicate": "已导入过",
    "failed": "导入失败",
}
_PERCENT = {"queued": 0, "reading": 35, "storing": 75}
FINAL = frozenset({"imported", "duplicate", "failed"})
KEEP_SECONDS = 3600


@dataclass(slots=True)
class FileProgress:
    name: str
    size: int
    state: FileState = "queued"
    message: str = ""
    forms: int = 0
    indicators: int = 0
    warnings: int = 0
    findings: int = 0
    form_ids: list[int] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.state in FINAL

    @property
    def percent(self) -> int:
        return 100 if self.done else _PERCENT[self.state]

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(slots=True)
class UploadJob:
    id: str
    user_id: int
    created: float
    files: list[FileProgress]

    @property
    def done(self) -> bool:
        return all(f.done for f in self.files)

    @property
    def percent(self) -> int:
        if not self.files:
            return 100
        return sum(f.percent for f in self.files) // len(self.files)

    @property
    def failed(self) -> int:
        return sum(1 for f in self.files if f.state == "failed")


def safe_filename(name: str) -> str:
    """The base name of an uploaded file, without path parts or control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:200] or "未命名文件"


class UploadManager:
    """Owns the worker thread, the spool directory and the in-memory job table."""

    def __init__(self, sessions: sessionmaker[Session], settings: WebSettings) -> None:
        self.sessions = sessions
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jixiao-upload")
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()
        self._own_dir = settings.upload_dir is None
        self.root = settings.upload_dir or Path(tempfile.mkdtemp(prefix="jixiao-uploads-"))
        self.root.mkdir(parents=True, exist_ok=True)

    def new_job(self, user_id: int) -> tuple[UploadJob, Path]:
        """A job and the folder its files are saved into before :meth:`start`."""
        job = UploadJob(secrets.token_urlsafe(12), user_id, time.time(), [])
        folder = self.root / job.id
        folder.mkdir()
        return job, folder

    def start(self, job: UploadJob, paths: list[Path]) -> None:
        with self._lock:
            self._prune()
            self._jobs[job.id] = job
        self._executor.submit(self._run, job, paths)

    def get(self, job_id: str, user_id: int) -> UploadJob | None:
        """A job of this user (someone else's job id finds nothing)."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.user_id == user_id else None

    def wait(self, job_id: str, timeout: float = 60) -> UploadJob | None:
        """Block until a job finishes (tests and the CLI; the web page polls instead)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                job = self._jobs.get(job_id)
            if job is None or job.done:
                return job
            time.sleep(0.05)
        return None

    def _prune(self) -> None:
        old = [
            k for k, j in self._jobs.items() if j.done and time.time() - j.created > KEEP_SECONDS
        ]
        for job_id in old:
            del self._jobs[job_id]

    def _run(self, job: UploadJob, paths: list[Path]) -> None:
        try:
            for progress, path in zip(job.files, paths, strict=True):
                if progress.done:  # refused when saved (too big, empty): keep its message
                    continue
                self._import_one(job, progress, path)
        finally:
            shutil.rmtree(self.root / job.id, ignore_errors=True)

    def _import_one(self, job: UploadJob, progress: FileProgress, path: Path) -> None:
        try:
            progress.state = "reading"
            sha, _size = file_digest(path)
            if already_imported(self.sessions, sha) is None:
                prepared = prepare(path, digest=sha)
                progress.state = "storing"
                result = store(self.sessions, prepared, job.user_id)
            else:
                result = import_file(self.sessions, path, job.user_id)
        except Exception:  # the transaction rolled back; say so instead of hanging the page
            log.exception("upload import failed: %s", path)
            progress.message = f"{progress.name}: 导入时发生内部错误，本文件未写入任何数据"
            progress.state = "failed"
            return
        progress.message = result.message
        progress.forms = result.forms
        progress.indicators = result.indicators
        progress.warnings = result.warnings
        progress.findings = result.findings
        progress.form_ids = list(result.form_ids)
        progress.state = result.status

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._own_dir:
            shutil.rmtree(self.root, ignore_errors=True)
