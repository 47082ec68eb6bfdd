"""Import files into the database: one transaction per file, idempotent by content hash.

A file is read (``jixiao.ingest``), its forms are reviewed together (so the cross-form ``COR``
rules compare the forms of one file with each other; comparing across files would mean
re-reviewing stored forms on every import, which a later batch job can do), and everything —
the ``import_files`` row, forms, indicators, findings, version 1 and the audit entry — is
written in ONE transaction. A killed import therefore leaves either the whole file or nothing.

Reading and reviewing (:func:`prepare`) is pure and picklable, so :func:`import_paths` can
run it in worker processes while the parent only writes: on a 2-core machine that overlaps
parsing with the database round trips. The parent hashes files and checks them against earlier
imports a few hundred at a time, and writes through connections held for the whole run
(:class:`Writer`). docs/store.md has the measurements behind each choice.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from queue import SimpleQueue
from typing import Any, Literal

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
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
from jixiao.store.tables import Base, User, utcnow

ImportStatus = Literal["imported", "duplicate", "failed"]
SessionFactory = sessionmaker[Session] | Callable[[], Session]

FORMS: Table = Base.metadata.tables["forms"]
INDICATORS: Table = Base.metadata.tables["indicators"]
FINDINGS: Table = Base.metadata.tables["findings"]
VERSIONS: Table = Base.metadata.tables["form_versions"]
IMPORT_FILES: Table = Base.metadata.tables["import_files"]
AUDIT: Table = Base.metadata.tables["audit_log"]
INSERT_IMPORT = insert(IMPORT_FILES)
INSERT_AUDIT = insert(AUDIT)
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
    """``loc`` as JSON text (a finding's path into the contract JSON)."""
    return _loc_json(tuple(loc))


@lru_cache(maxsize=4096)
def _loc_json(loc: tuple[str | int, ...]) -> str:
    """Cached: a file's ~13 findings per form point at a few hundred distinct paths
    (``["indicators", 3, "value"]``), so most are formatted once per worker; field names
    and indexes need no escaping (the common case)."""
    if all(isinstance(p, int) or p.isidentifier() for p in loc):
        return "[" + ",".join(str(p) if isinstance(p, int) else f'"{p}"' for p in loc) + "]"
    return dumps(list(loc))


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


@dataclass(frozen=True, slots=True)
class Existing:
    """What the importer needs of an ``import_files`` row: the duplicate message, or a retry."""

    id: int
    sha256: str
    status: str
    filename: str
    created_at: datetime | None
    forms: int
    indicators: int
    warnings: int
    findings: int


EXISTING_COLUMNS = tuple(IMPORT_FILES.c[name] for name in Existing.__dataclass_fields__)
LOOKUP_CHUNK = 500  # hashes per query: a few kB of parameters, one index probe each
PLAN_CHUNK = 256  # files hashed and looked up together before their import starts


class _Unknown:
    """Marker: whether the bytes were imported before is not known yet (look inside)."""


UNKNOWN = _Unknown()


def lookup(session: Session, digests: Iterable[str]) -> dict[str, Existing]:
    """The ``import_files`` rows of these hashes (done or failed), in one query per 500."""
    unique = list(dict.fromkeys(d for d in digests if d))
    found: dict[str, Existing] = {}
    for start in range(0, len(unique), LOOKUP_CHUNK):
        chunk = unique[start : start + LOOKUP_CHUNK]
        for row in session.execute(
            select(*EXISTING_COLUMNS).where(IMPORT_FILES.c.sha256.in_(chunk))
        ):
            found[row.sha256] = Existing(*row)
    return found


def already_imported(session_factory: SessionFactory, sha256: str) -> Existing | None:
    """The finished import of these bytes, if any."""
    with session_factory() as session:
        existing = lookup(session, [sha256]).get(sha256)
    return existing if existing is not None and existing.status == "done" else None


def _duplicate(prepared: Prepared, existing: Existing) -> ImportResult:
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


class Writer:
    """Writes prepared files through ONE database connection held for a whole run.

    Every file is still its own transaction, committed before the next one starts. What a
    run shares is what used to be paid per file: the pool checkout with its liveness ping,
    the ORM unit of work for two bookkeeping rows, and the duplicate check, which
    :func:`import_paths` now asks for a few hundred files at a time (:meth:`lookup`).
    On 1-form files that was ~2.7 ms of client CPU and ~1 ms of server CPU per file.
    """

    def __init__(self, session_factory: SessionFactory, user: User | int | None = None) -> None:
        self.session = session_factory()
        self.user_id = user.id if isinstance(user, User) else user
        self._compression: bool | None = None  # PostgreSQL: lz4 TOAST compression in use

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self._compression:
                with self.session.begin():
                    self.session.execute(text("RESET default_toast_compression"))
        except SQLAlchemyError:
            pass  # the connection is broken; it is not returned to the pool as is
        finally:
            self.session.close()

    def _tune(self) -> None:
        """PostgreSQL: compress the run's large values (contract JSON) with lz4, not pglz.

        ``forms.data`` and ``form_versions.data`` are ~3.5 kB each, over the TOAST threshold,
        so every form is compressed twice; lz4 cut the server's CPU per form by ~10 % (0.63 →
        0.56 ms, 2,000 forms, three alternating runs). Reading needs nothing (each value
        records its method). Session-level for this connection only, reset in :meth:`close`;
        skipped when the server was built without lz4.
        """
        self._compression = False
        if self.session.get_bind().dialect.name != "postgresql":
            return
        supported = self.session.scalar(
            text(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                "WHERE name = 'default_toast_compression'"
            )
        )
        if supported:
            self.session.execute(text("SET default_toast_compression = 'lz4'"))
            self._compression = True

    def lookup(self, digests: Iterable[str]) -> dict[str, Existing]:
        """Earlier imports of these hashes, read in a short transaction of its own."""
        with self.session.begin():
            return lookup(self.session, digests)

    def store(
        self, prepared: Prepared, existing: Existing | _Unknown | None = UNKNOWN
    ) -> ImportResult:
        """Write one prepared file in one transaction (or record why it failed).

        ``existing`` is what a batched :meth:`lookup` found for its hash (None: nothing);
        by default the transaction looks itself.
        """
        start = time.perf_counter()
        try:
            result = self._transaction(prepared, existing)
        except IntegrityError:
            # Another process wrote these bytes between our check and our insert: either its
            # finished import (ours is a duplicate) or a failure record (replace it).
            found = self.lookup([prepared.sha256]).get(prepared.sha256)
            if found is not None and found.status == "done":
                return _duplicate(prepared, found)
            result = self._transaction(prepared, UNKNOWN)
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
            result = self._transaction(failed, UNKNOWN)
        result.seconds = {**prepared.seconds, "store": time.perf_counter() - start}
        if result.status == "imported":
            invalidate_facets()
        return result

    def _transaction(
        self, prepared: Prepared, existing: Existing | _Unknown | None
    ) -> ImportResult:
        if self._compression is None:
            with self.session.begin():  # committed on its own: a rolled-back file cannot undo it
                self._tune()
        with self.session.begin():
            return self._write(prepared, existing)

    def _write(self, prepared: Prepared, existing: Existing | _Unknown | None) -> ImportResult:
        session = self.session
        if isinstance(existing, _Unknown):
            existing = lookup(session, [prepared.sha256]).get(prepared.sha256)
        if existing is not None and existing.status == "done":
            return _duplicate(prepared, existing)
        if existing is not None:  # an earlier failure: try again (the reader may have improved)
            session.execute(delete(IMPORT_FILES).where(IMPORT_FILES.c.id == existing.id))
        now = utcnow()
        record = {
            "sha256": prepared.sha256,
            "filename": prepared.filename,
            "size": prepared.size,
            "created_at": now,
            "user_id": self.user_id,
        }
        if prepared.error:
            import_id = self._insert_record(
                {**record, "status": "failed", "message": prepared.error}
            )
            self._audit(import_id, prepared, {"status": "failed", "message": prepared.error}, now)
            return ImportResult(
                prepared.path,
                prepared.filename,
                prepared.sha256,
                "failed",
                prepared.error,
                import_id=import_id,
            )
        indicator_count = sum(len(rows) for rows in prepared.indicators)
        finding_count = sum(len(rows) for rows in prepared.findings)
        import_id = self._insert_record(
            {
                **record,
                "status": "done",
                "message": None,
                "forms": len(prepared.forms),
                "indicators": indicator_count,
                "warnings": prepared.warnings,
                "findings": finding_count,
            }
        )
        form_ids = insert_forms(
            session, import_id, prepared.forms, prepared.indicators, prepared.findings, self.user_id
        )
        self._audit(
            import_id,
            prepared,
            {"status": "done", "forms": len(form_ids), "findings": finding_count},
            now,
        )
        return ImportResult(
            prepared.path,
            prepared.filename,
            prepared.sha256,
            "imported",
            f"{prepared.filename}: 已导入 {len(form_ids)} 张表",
            import_id=import_id,
            forms=len(form_ids),
            indicators=indicator_count,
            warnings=prepared.warnings,
            findings=finding_count,
            form_ids=form_ids,
        )

    def _insert_record(self, values: dict[str, Any]) -> int:
        # One statement object with bound parameters: building ``insert().values(...)`` per
        # file cost ~0.2 ms of statement construction and cache-key work each time.
        result = self.session.connection().execute(INSERT_IMPORT, values)
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def _audit(
        self, import_id: int, prepared: Prepared, detail: dict[str, Any], now: datetime
    ) -> None:
        self.session.connection().execute(
            INSERT_AUDIT,
            {
                "user_id": self.user_id,
                "action": "import",
                "object_type": "import_file",
                "object_id": import_id,
                "detail": {"filename": prepared.filename, "sha256": prepared.sha256, **detail},
                "created_at": now,
            },
        )


def store(
    session_factory: SessionFactory, prepared: Prepared, user: User | int | None = None
) -> ImportResult:
    """Write one prepared file in one transaction (or record why it failed)."""
    with Writer(session_factory, user) as writer:
        return writer.store(prepared)


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


@dataclass(slots=True)
class _Planned:
    """A file of a run once hashed and checked against earlier imports, before reading it."""

    position: int  # 1-based
    path: Path
    sha256: str = ""
    size: int = 0
    result: ImportResult | None = None  # decided without reading: unreadable, or a duplicate
    existing: Existing | None = None  # an earlier failed import of these bytes (tried again)
    repeat: bool = False  # the same bytes come earlier in this run: decided after that one


def _plan(writer: Writer, files: list[Path]) -> Iterator[_Planned]:
    """Hash the files and look their hashes up ``PLAN_CHUNK`` at a time, in order."""
    seen: set[str] = set()
    for start in range(0, len(files), PLAN_CHUNK):
        items: list[_Planned] = []
        for position, path in enumerate(files[start : start + PLAN_CHUNK], start=start + 1):
            item = _Planned(position, path)
            try:
                item.sha256, item.size = file_digest(path)
            except OSError as exc:
                message = f"{path.name}: 无法打开文件：{exc.strerror or exc}"
                item.result = ImportResult(str(path), path.name, "", "failed", message)
            items.append(item)
        known = writer.lookup(item.sha256 for item in items if item.result is None)
        for item in items:
            if item.result is None:
                existing = known.get(item.sha256)
                if existing is not None and existing.status == "done":
                    item.result = _duplicate(_bare(item), existing)
                elif item.sha256 in seen:
                    item.repeat = True
                else:
                    item.existing = existing
                seen.add(item.sha256)
            yield item


def _bare(item: _Planned) -> Prepared:
    return Prepared(str(item.path), item.path.name, item.sha256, item.size)


def _needs_reading(item: _Planned) -> bool:
    return item.result is None and not item.repeat


def _finish(
    writer: Writer, item: _Planned, prepared: Prepared | None, profile: str
) -> ImportResult:
    """The result of a planned file, ``prepared`` being its read + review when it needed one."""
    if item.result is not None:
        return item.result
    if prepared is not None:
        return writer.store(prepared, item.existing)
    # The same bytes came earlier in this run and are stored by now: a duplicate of that
    # import, or (it failed) the same failure under this file's own name.
    existing = writer.lookup([item.sha256]).get(item.sha256)
    if existing is not None and existing.status == "done":
        return _duplicate(_bare(item), existing)
    return writer.store(prepare(item.path, profile, item.sha256), existing)


def import_file(
    session_factory: SessionFactory,
    path: str | Path,
    user: User | int | None = None,
    profile: str = "national-88",
) -> ImportResult:
    """Import one file: duplicate bytes are skipped before parsing, failures recorded."""
    with Writer(session_factory, user) as writer:
        item = next(_plan(writer, [Path(path)]))
        prepared = prepare(item.path, profile, item.sha256) if _needs_reading(item) else None
        return _finish(writer, item, prepared, profile)


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


STORE_THREADS = 2  # PostgreSQL: files stored at once by a parallel import (see _parallel)


def default_workers() -> int:
    """``jixiao import -j 0``: one reading process per CPU (the writer is this process)."""
    return os.cpu_count() or 1


def import_paths(
    session_factory: SessionFactory,
    paths: Iterable[str | Path],
    user: User | int | None = None,
    progress: ProgressCallback | None = None,
    workers: int = 1,
    profile: str = "national-88",
) -> ImportSummary:
    """Import files and folders in order; ``workers`` > 1 reads and reviews in processes.

    Whatever ``workers`` is, this process is the only writer, one transaction per file,
    through connections held for the run (:class:`Writer`; on PostgreSQL with ``workers`` > 1
    two of them store two files at once). Worker processes only read and review (the
    CPU-bound part) a few files ahead. Identical bytes are read once per run and stored once;
    their later copies are reported as duplicates. Results come back in the order given.

    ``progress`` is called when each file starts and when it is finished.
    """
    files = expand_paths(paths)
    summary = ImportSummary()
    total = len(files)
    with Writer(session_factory, user) as writer:
        plan = _plan(writer, files)
        if workers <= 1 or total <= 1:
            for item in plan:
                if progress:
                    progress(ImportProgress(item.path, item.position, total))
                prepared = (
                    prepare(item.path, profile, item.sha256) if _needs_reading(item) else None
                )
                result = _finish(writer, item, prepared, profile)
                summary.results.append(result)
                if progress:
                    progress(ImportProgress(item.path, item.position, total, result))
            return summary
        postgres = writer.session.get_bind().dialect.name == "postgresql"
        extra = [Writer(session_factory, user) for _ in range(STORE_THREADS if postgres else 0)]
        try:
            for item, result in _parallel(writer, plan, total, workers, profile, progress, extra):
                summary.results.append(result)
                if progress:
                    progress(ImportProgress(item.path, item.position, total, result))
        finally:
            for spare in extra:
                spare.close()
    return summary


def _worker_init(parent: int) -> None:
    """Worker initializer: leave Ctrl-C to the importing process, and leave when it dies.

    Ctrl-C reaches the whole process group; the parent alone decides what happens (it stops
    submitting, rolls back the file being written, and the pool winds down). A parent killed
    by SIGKILL cannot shut its pool down, and idle workers would otherwise wait for work
    forever; a daemon thread notices the re-parenting and ends the worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _parallel(
    writer: Writer,
    plan: Iterator[_Planned],
    total: int,
    workers: int,
    profile: str,
    progress: ProgressCallback | None,
    extra: list[Writer],
) -> Iterator[tuple[_Planned, ImportResult]]:
    """Read + review in a process pool (a bounded window ahead); store here, in order.

    With ``extra`` writers (PostgreSQL), up to that many files are stored at once, each by
    its own connection in a thread: a file's ~13 round trips (COPY per table, bookkeeping,
    commit) then overlap another file's instead of queueing behind them. Results are still
    yielded in the order given; a repeated file is settled once everything before it is.
    """
    window = max(2 * workers, 4) + len(extra)
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)
    )
    threads = ThreadPoolExecutor(max_workers=len(extra) or 1, thread_name_prefix="jixiao-store")
    free: SimpleQueue[Writer] = SimpleQueue()
    for spare in extra:
        free.put(spare)

    def store_on_free_writer(prepared: Prepared, existing: Existing | None) -> ImportResult:
        spare = free.get()
        try:
            return spare.store(prepared, existing)
        finally:
            free.put(spare)

    try:
        reading: deque[tuple[_Planned, Future[Prepared] | None]] = deque()
        writing: deque[tuple[_Planned, Future[ImportResult] | ImportResult | None]] = deque()

        def submit() -> bool:
            item = next(plan, None)
            if item is None:
                return False
            if progress:
                progress(ImportProgress(item.path, item.position, total))
            job = (
                pool.submit(prepare, item.path, profile, item.sha256)
                if _needs_reading(item)
                else None
            )
            reading.append((item, job))
            return True

        while len(reading) < window and submit():
            pass
        while reading or writing:
            while reading and len(writing) <= len(extra):
                item, job = reading[0]
                if job is not None and not job.done() and writing:
                    break  # collect a stored file rather than wait for this one's reading
                reading.popleft()
                prepared = job.result() if job is not None else None
                if item.result is not None:
                    writing.append((item, item.result))
                elif prepared is None:
                    writing.append((item, None))  # a repeat: settled at the head
                elif extra:
                    writing.append(
                        (item, threads.submit(store_on_free_writer, prepared, item.existing))
                    )
                else:
                    writing.append((item, writer.store(prepared, item.existing)))
                submit()
            item, stored = writing.popleft()
            if isinstance(stored, Future):
                yield item, stored.result()
            elif stored is None:
                yield item, _finish(writer, item, None, profile)
            else:
                yield item, stored
    finally:
        # Normal end: everything is idle. Ctrl-C or an error: drop queued work, let the files
        # being stored right now finish or roll back (each is one transaction), and wait only
        # for the files being read (their results are thrown away, nothing was written).
        threads.shutdown(wait=True, cancel_futures=True)
        pool.shutdown(wait=True, cancel_futures=True)
