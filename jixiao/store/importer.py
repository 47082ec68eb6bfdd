"""Import files into the database: one transaction per file, idempotent by content hash.

A file is read (``jixiao.ingest``), its forms are reviewed together (so the cross-form ``COR``
rules compare the forms of one file with each other; comparing across files would mean
re-reviewing stored forms on every import, which a later batch job can do), and everything —
the ``import_files`` row, forms, indicators, findings, version 1 and the audit entry — is
written in ONE transaction. A killed import therefore leaves either the whole file or nothing.

Reading and reviewing (:func:`prepare`) is pure and picklable, so :func:`import_paths` can
run it in worker processes while the parent only writes: on a 2-core machine that overlaps
parsing with the database round trips.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Table, delete, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from jixiao.errors import InputError
from jixiao.ingest import iter_forms, open_document
from jixiao.model.findings import Report
from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.review import review
from jixiao.store import bulk
from jixiao.store.db import dumps
from jixiao.store.queries import invalidate_facets
from jixiao.store.rows import form_columns, indicator_rows
from jixiao.store.tables import AuditLog, Base, ImportFile, User, utcnow

ImportStatus = Literal["imported", "duplicate", "failed"]
SessionFactory = sessionmaker[Session] | Callable[[], Session]

FORMS: Table = Base.metadata.tables["forms"]
INDICATORS: Table = Base.metadata.tables["indicators"]
FINDINGS: Table = Base.metadata.tables["findings"]
VERSIONS: Table = Base.metadata.tables["form_versions"]
FORM_COLUMNS = (
    "id",
    "import_id",
    "form_index",
    "kind",
    "year",
    "department",
    "unit",
    "name",
    "nature",
    "category",
    "total",
    "fiscal",
    "other",
    "annual_total",
    "score",
    "grade",
    "indicator_count",
    "error_count",
    "warning_count",
    "info_count",
    "read_warning_count",
    "status",
    "version",
    "data",
    "search_text",
    "created_at",
    "updated_at",
)
INDICATOR_COLUMNS = (
    "form_id",
    "position",
    "level1",
    "level2",
    "name",
    "value",
    "target_kind",
    "target_op",
    "target_number",
    "target_unit",
    "line",
)
FINDING_COLUMNS = (
    "form_id",
    "position",
    "code",
    "slug",
    "dimension",
    "severity",
    "message",
    "suggestion",
    "loc",
    "evidence",
    "line",
)
VERSION_COLUMNS = ("form_id", "version", "data", "user_id", "created_at", "note")


@dataclass(slots=True)
class ImportResult:
    """What happened to one file. ``message`` is Chinese and safe to show to users."""

    path: str
    filename: str
    sha256: str
    status: ImportStatus
    message: str
    import_id: int | None = None
    forms: int = 0
    indicators: int = 0
    warnings: int = 0
    findings: int = 0
    form_ids: list[int] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass(slots=True)
class ImportProgress:
    """A progress event: ``result`` is None when a file starts, set when it is finished."""

    path: Path
    position: int  # 1-based
    total: int
    result: ImportResult | None = None


@dataclass(slots=True)
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.results if r.status == "imported")

    @property
    def files(self) -> int:
        return len(self.results)

    @property
    def forms(self) -> int:
        return self._sum("forms")

    @property
    def indicators(self) -> int:
        return self._sum("indicators")

    @property
    def warnings(self) -> int:
        return self._sum("warnings")

    @property
    def findings(self) -> int:
        return self._sum("findings")

    @property
    def imported(self) -> int:
        return sum(r.status == "imported" for r in self.results)

    @property
    def duplicates(self) -> int:
        return sum(r.status == "duplicate" for r in self.results)

    @property
    def failed(self) -> int:
        return sum(r.status == "failed" for r in self.results)

    def seconds(self) -> dict[str, float]:
        total: dict[str, float] = {}
        for result in self.results:
            for phase, value in result.seconds.items():
                total[phase] = total.get(phase, 0.0) + value
        return total


ProgressCallback = Callable[[ImportProgress], None]


@dataclass(slots=True)
class Prepared:
    """A file read and reviewed, as row dicts ready to insert (picklable across processes)."""

    path: str
    filename: str
    sha256: str
    size: int
    error: str | None = None
    forms: list[dict[str, Any]] = field(default_factory=list)  # ``data`` as JSON text
    indicators: list[list[tuple[Any, ...]]] = field(default_factory=list)  # INDICATOR_COLUMNS[1:]
    findings: list[list[tuple[Any, ...]]] = field(default_factory=list)  # FINDING_COLUMNS[1:]
    warnings: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of the file's bytes."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def prepare(path: Path, profile: str = "national-88", digest: str | None = None) -> Prepared:
    """Read and review one file into rows. Never raises for bad input: ``error`` says why."""
    path = Path(path)
    try:
        sha, size = file_digest(path) if digest is None else (digest, path.stat().st_size)
    except OSError as exc:
        return Prepared(str(path), path.name, "", 0, f"{path.name}: 无法打开文件：{exc.strerror}")
    prepared = Prepared(str(path), path.name, sha, size)
    start = time.perf_counter()
    try:
        document = open_document(path)
        forms = list(iter_forms(document))
    except InputError as exc:
        prepared.error = str(exc)
        return prepared
    except Exception as exc:  # a reader bug must not stop a folder import
        prepared.error = (
            f"{path.name}: 读取失败（程序内部错误：{type(exc).__name__}），请报告此问题"
        )
        return prepared
    if not forms:
        prepared.error = f"{path.name}: 文件中未找到绩效目标表"
        return prepared
    read_done = time.perf_counter()
    too_large = oversized(forms)
    if too_large:
        prepared.error = f"{path.name}: {too_large}，未导入任何表单"
        return prepared
    report = review(forms, profile=profile)
    review_done = time.perf_counter()
    add_rows(prepared, forms, report)
    prepared.warnings += len(document.warnings)
    prepared.seconds = {
        "read": read_done - start,
        "review": review_done - read_done,
        "rows": time.perf_counter() - review_done,
    }
    return prepared


MONEY_LIMIT = Decimal(10) ** 16  # Numeric(18, 2)


def oversized(forms: list[ProjectForm | UnitForm]) -> str | None:
    """A Chinese message for the first amount the money columns cannot hold, else None.

    Checked before writing so both backends refuse the same files (SQLite would store the
    number as a float, PostgreSQL would reject the whole transaction).
    """
    for form in forms:
        money = form.funding if isinstance(form, ProjectForm) else form.budget
        for name, value in money:
            if value is not None and abs(value) >= MONEY_LIMIT:
                where = f"第 {form.source.form_index} 张表（第 {form.source.line_start} 行起）"
                return f"{where}金额 {name}={value} 超出可存储范围，请核对金额单位"
    return None


def loc_json(loc: list[str | int]) -> str:
    """``loc`` as JSON text; field names and indexes need no escaping (the common case)."""
    if all(isinstance(p, int) or p.isidentifier() for p in loc):
        return "[" + ",".join(str(p) if isinstance(p, int) else f'"{p}"' for p in loc) + "]"
    return dumps(loc)


def add_rows(prepared: Prepared, forms: list[ProjectForm | UnitForm], report: Report) -> None:
    """Append the insert-ready rows of reviewed ``forms`` to ``prepared``."""
    for form, form_report in zip(forms, report.forms, strict=True):
        columns = form_columns(form, form_report, json_text=True)
        prepared.forms.append(columns)
        prepared.indicators.append(
            [tuple(row[name] for name in INDICATOR_COLUMNS[1:]) for row in indicator_rows(form)]
        )
        prepared.findings.append(
            [
                (
                    position,
                    f.code,
                    f.slug,
                    f.dimension,
                    f.severity,
                    f.message,
                    f.suggestion,
                    loc_json(f.loc),
                    f.evidence,
                    f.source.line,
                )
                for position, f in enumerate(form_report.findings, start=1)
            ]
        )
        prepared.warnings += len(form.warnings)


def already_imported(session_factory: SessionFactory, sha256: str) -> ImportFile | None:
    """The finished import of these bytes, if any."""
    with session_factory() as session:
        return session.scalar(
            select(ImportFile).where(ImportFile.sha256 == sha256, ImportFile.status == "done")
        )


def _duplicate(prepared: Prepared, existing: ImportFile) -> ImportResult:
    when = existing.created_at.strftime("%Y-%m-%d %H:%M") if existing.created_at else ""
    return ImportResult(
        prepared.path,
        prepared.filename,
        prepared.sha256,
        "duplicate",
        f"{prepared.filename}: 已导入过（{when} 导入为“{existing.filename}”，"
        f"{existing.forms} 张表），未重复导入",
        import_id=existing.id,
        forms=existing.forms,
        indicators=existing.indicators,
        warnings=existing.warnings,
        findings=existing.findings,
    )


def store(
    session_factory: SessionFactory, prepared: Prepared, user: User | int | None = None
) -> ImportResult:
    """Write one prepared file in one transaction (or record why it failed)."""
    start = time.perf_counter()
    user_id = user.id if isinstance(user, User) else user
    try:
        with session_factory() as session, session.begin():
            result = _store(session, prepared, user_id)
    except IntegrityError:
        # Another process imported the same bytes between our check and our commit.
        with session_factory() as session:
            existing = session.scalar(
                select(ImportFile).where(ImportFile.sha256 == prepared.sha256)
            )
        if existing is None or existing.status != "done":
            raise
        return _duplicate(prepared, existing)
    except DataError as exc:
        # A value the database refuses: the file's transaction is gone; record the failure.
        kind = type(exc.orig).__name__ if exc.orig is not None else "DataError"
        failed = Prepared(
            prepared.path,
            prepared.filename,
            prepared.sha256,
            prepared.size,
            error=f"{prepared.filename}: 数据库拒绝写入（{kind}），未导入任何表单",
        )
        with session_factory() as session, session.begin():
            return _store(session, failed, user_id)
    result.seconds = {**prepared.seconds, "store": time.perf_counter() - start}
    if result.status == "imported":
        invalidate_facets()
    return result


def _store(session: Session, prepared: Prepared, user_id: int | None) -> ImportResult:
    existing = session.scalar(select(ImportFile).where(ImportFile.sha256 == prepared.sha256))
    if existing is not None and existing.status == "done":
        return _duplicate(prepared, existing)
    if existing is not None:  # an earlier failure: try again (the reader may have improved)
        session.execute(delete(ImportFile).where(ImportFile.id == existing.id))
    if prepared.error:
        failed = ImportFile(
            sha256=prepared.sha256,
            filename=prepared.filename,
            size=prepared.size,
            status="failed",
            message=prepared.error,
            user_id=user_id,
        )
        session.add(failed)
        session.flush()
        session.add(_audit(user_id, failed, {"status": "failed", "message": prepared.error}))
        return ImportResult(
            prepared.path,
            prepared.filename,
            prepared.sha256,
            "failed",
            prepared.error,
            import_id=failed.id,
        )
    indicator_count = sum(len(rows) for rows in prepared.indicators)
    finding_count = sum(len(rows) for rows in prepared.findings)
    record = ImportFile(
        sha256=prepared.sha256,
        filename=prepared.filename,
        size=prepared.size,
        status="done",
        message=None,
        forms=len(prepared.forms),
        indicators=indicator_count,
        warnings=prepared.warnings,
        findings=finding_count,
        user_id=user_id,
    )
    session.add(record)
    session.flush()
    form_ids = insert_forms(
        session, record.id, prepared.forms, prepared.indicators, prepared.findings, user_id
    )
    session.add(
        _audit(
            user_id, record, {"status": "done", "forms": len(form_ids), "findings": finding_count}
        )
    )
    return ImportResult(
        prepared.path,
        prepared.filename,
        prepared.sha256,
        "imported",
        f"{prepared.filename}: 已导入 {len(form_ids)} 张表",
        import_id=record.id,
        forms=len(form_ids),
        indicators=indicator_count,
        warnings=prepared.warnings,
        findings=finding_count,
        form_ids=form_ids,
    )


def insert_forms(
    session: Session,
    import_id: int | None,
    forms: list[dict[str, Any]],
    indicators: list[list[tuple[Any, ...]]],
    findings: list[list[tuple[Any, ...]]],
    user_id: int | None,
) -> list[int]:
    """Bulk-insert forms with their rows and version 1 (see :mod:`jixiao.store.bulk`)."""
    ids = bulk.allocate_ids(session, FORMS, len(forms))
    now = utcnow()
    fixed = {
        "import_id": import_id,
        "status": "draft",
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    bulk.write(
        session,
        FORMS,
        FORM_COLUMNS,
        [
            (
                form_id,
                *(fixed[name] if name in fixed else columns[name] for name in FORM_COLUMNS[1:]),
            )
            for form_id, columns in zip(ids, forms, strict=True)
        ],
    )
    bulk.write(
        session,
        INDICATORS,
        INDICATOR_COLUMNS,
        [(form_id, *row) for form_id, rows in zip(ids, indicators, strict=True) for row in rows],
    )
    bulk.write(
        session,
        FINDINGS,
        FINDING_COLUMNS,
        [(form_id, *row) for form_id, rows in zip(ids, findings, strict=True) for row in rows],
    )
    bulk.write(
        session,
        VERSIONS,
        VERSION_COLUMNS,
        [
            (form_id, 1, columns["data"], user_id, now, "导入")
            for form_id, columns in zip(ids, forms, strict=True)
        ],
    )
    return ids


def _audit(user_id: int | None, record: ImportFile, detail: dict[str, Any]) -> AuditLog:
    return AuditLog(
        user_id=user_id,
        action="import",
        object_type="import_file",
        object_id=record.id,
        detail={"filename": record.filename, "sha256": record.sha256, **detail},
    )


def import_file(
    session_factory: SessionFactory,
    path: str | Path,
    user: User | int | None = None,
    profile: str = "national-88",
) -> ImportResult:
    """Import one file: duplicate bytes are skipped before parsing, failures recorded."""
    path = Path(path)
    try:
        sha, size = file_digest(path)
    except OSError as exc:
        message = f"{path.name}: 无法打开文件：{exc.strerror or exc}"
        return ImportResult(str(path), path.name, "", "failed", message)
    existing = already_imported(session_factory, sha)
    if existing is not None:
        return _duplicate(Prepared(str(path), path.name, sha, size), existing)
    return store(session_factory, prepare(path, profile, digest=sha), user)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders expanded recursively (sorted, hidden files skipped)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return files


def import_paths(
    session_factory: SessionFactory,
    paths: Iterable[str | Path],
    user: User | int | None = None,
    progress: ProgressCallback | None = None,
    workers: int = 1,
    profile: str = "national-88",
) -> ImportSummary:
    """Import files and folders in order; ``workers`` > 1 reads and reviews in processes.

    ``progress`` is called when each file starts and when it is finished.
    """
    files = expand_paths(paths)
    user_id = user.id if isinstance(user, User) else user
    summary = ImportSummary()
    total = len(files)
    if workers <= 1 or total <= 1:
        for position, path in enumerate(files, start=1):
            if progress:
                progress(ImportProgress(path, position, total))
            result = import_file(session_factory, path, user_id, profile)
            summary.results.append(result)
            if progress:
                progress(ImportProgress(path, position, total, result))
        return summary
    for position, (path, result) in enumerate(
        _parallel(session_factory, files, user_id, workers, profile, progress), start=1
    ):
        summary.results.append(result)
        if progress:
            progress(ImportProgress(path, position, total, result))
    return summary


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: leave when the importing process dies (even by SIGKILL).

    A killed parent cannot shut its pool down, and idle workers would otherwise wait for
    work forever; a daemon thread notices the re-parenting and ends the worker.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _parallel(
    session_factory: SessionFactory,
    files: list[Path],
    user_id: int | None,
    workers: int,
    profile: str,
    progress: ProgressCallback | None,
) -> Iterator[tuple[Path, ImportResult]]:
    """Prepare in a process pool (a bounded window ahead), store in order in this process."""
    window = workers * 2
    total = len(files)
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: list[tuple[Path, Future[Prepared] | ImportResult]] = []
        queue = iter(enumerate(files, start=1))

        def submit() -> bool:
            item = next(queue, None)
            if item is None:
                return False
            position, path = item
            if progress:
                progress(ImportProgress(path, position, total))
            try:
                sha, size = file_digest(path)
            except OSError as exc:
                message = f"{path.name}: 无法打开文件：{exc.strerror or exc}"
                pending.append((path, ImportResult(str(path), path.name, "", "failed", message)))
                return True
            existing = already_imported(session_factory, sha)
            if existing is not None:
                pending.append(
                    (path, _duplicate(Prepared(str(path), path.name, sha, size), existing))
                )
            else:
                pending.append((path, pool.submit(prepare, path, profile, sha)))
            return True

        while len(pending) < window and submit():
            pass
        while pending:
            path, job = pending.pop(0)
            if isinstance(job, ImportResult):
                yield path, job
            else:
                yield path, store(session_factory, job.result(), user_id)
            submit()
