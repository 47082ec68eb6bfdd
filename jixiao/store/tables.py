"""The database tables (SQLAlchemy 2 typed declarative), separate from the contract records.

A stored form keeps the contract JSON of the form (``data``: exactly what ``jixiao.read``
returns, so exports and the detail page need nothing else) plus the columns the list, filters,
dashboard and summary table query on. Indicators and findings are rows of their own so that
"forms with rule IND012" and "indicator counts by level-1" are plain indexed SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MONEY = Numeric(18, 2)
ROLES = ("unit", "department", "finance")
STATUSES = ("draft", "submitted", "approved", "returned")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    """An account. ``role`` decides what it sees (see :mod:`jixiao.store.access`)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    department: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    display_name: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ImportFile(Base):
    """One imported file, identified by the SHA-256 of its bytes (re-imports are no-ops)."""

    __tablename__ = "import_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # "done" | "failed"
    message: Mapped[str | None] = mapped_column(Text)
    forms: Mapped[int] = mapped_column(default=0)
    indicators: Mapped[int] = mapped_column(default=0)
    warnings: Mapped[int] = mapped_column(default=0)
    findings: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Form(Base):
    """A stored form: its contract JSON plus the columns lists and reports query on."""

    __tablename__ = "forms"
    __table_args__ = (
        Index("ix_forms_year_department_unit", "year", "department", "unit"),
        Index("ix_forms_department_unit", "department", "unit"),
        Index("ix_forms_unit", "unit"),
        Index("ix_forms_status", "status"),
        Index("ix_forms_grade", "grade"),
        Index("ix_forms_nature", "nature"),
        Index("ix_forms_import_id", "import_id"),
        Index("ix_forms_name", "name"),
        # sort keys of the list page: an index lets "search, sorted by funding" stop after
        # one page instead of sorting every match
        Index("ix_forms_total", "total"),
        Index("ix_forms_error_count", "error_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_files.id", ondelete="CASCADE"))
    form_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))  # "project" | "unit"
    year: Mapped[int | None] = mapped_column(Integer)
    department: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    nature: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    total: Mapped[Decimal | None] = mapped_column(MONEY)
    fiscal: Mapped[Decimal | None] = mapped_column(MONEY)
    other: Mapped[Decimal | None] = mapped_column(MONEY)
    annual_total: Mapped[Decimal | None] = mapped_column(MONEY)
    score: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(4))
    indicator_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    warning_count: Mapped[int] = mapped_column(default=0)
    info_count: Mapped[int] = mapped_column(default=0)
    read_warning_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="form",
        order_by="Indicator.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="form",
        order_by="Finding.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    import_file: Mapped[ImportFile | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration


class Indicator(Base):
    """One indicator row of a form, in table order (``position`` from 1)."""

    __tablename__ = "indicators"
    __table_args__ = (
        Index("ix_indicators_form_id", "form_id", "position"),
        Index("ix_indicators_level1", "level1"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str | None] = mapped_column(Text)
    level2: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)
    target_kind: Mapped[str | None] = mapped_column(String(16))
    target_op: Mapped[str | None] = mapped_column(String(4))
    target_number: Mapped[Decimal | None] = mapped_column(Numeric(28, 6))
    target_unit: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)

    form: Mapped[Form] = relationship(back_populates="indicators")


class Finding(Base):
    """One review finding of a form; ``loc`` points into the contract JSON."""

    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_form_id", "form_id", "position"),
        Index("ix_findings_code_form_id", "code", "form_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(16))
    slug: Mapped[str] = mapped_column(String(128))
    dimension: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str | None] = mapped_column(Text)
    loc: Mapped[list[Any]] = mapped_column(JSON)
    evidence: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)

    form: Mapped[Form] = relationship(back_populates="findings")


class FormVersion(Base):
    """A snapshot of a form's contract JSON, one per save (version 1 is the import)."""

    __tablename__ = "form_versions"
    __table_args__ = (UniqueConstraint("form_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship()


class ReviewAction(Base):
    """One workflow step (submit, approve, return) with the reviewer's comment."""

    __tablename__ = "review_actions"
    __table_args__ = (Index("ix_review_actions_form_id", "form_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User | None] = relationship()


class AuditLog(Base):
    """Who did what to which object, when: every state change writes one row."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_object", "object_type", "object_id"),
        Index("ix_audit_log_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User | None] = relationship()


class SelfEvaluation(Base):
    """A form's 绩效自评 (or mid-year 运行监控) as entered, one per form and period.

    ``data`` is the :class:`jixiao.evaluate.Evaluation` JSON — the source of truth, rescored on
    read because the scoring configuration may change; ``total`` and ``grade`` are the score at
    the last save, kept for lists and rankings that should not rescore every form.
    """

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("form_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(16))  # "annual" | "midyear"
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    total: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    grade: Mapped[str] = mapped_column(String(4))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship()
