"""Self-evaluation records: what a unit reports after the year, and the score it earns.

These are the persistent shapes of 绩效自评 (财预〔2020〕10号): an :class:`Evaluation` holds what
the reporter entered (actual values, budget execution, reasons) and nothing computed, so a store
can save it as JSON and rescore it whenever the configuration changes. A :class:`ScoreCard` is the
computed result; it is cheap to recompute and is never the source of truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from jixiao.model.forms import Money, ProjectForm, UnitForm

Tier = Literal["达成", "部分达成", "未达成"]
TIERS: tuple[Tier, ...] = ("达成", "部分达成", "未达成")
Status = Literal["scored", "manual_pending", "not_scored"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class IndicatorActual(_Record):
    """What was achieved on one indicator row, addressed by its position in the form.

    ``name`` repeats the 三级指标 as printed so that an evaluation entered against one version of a
    form is not silently applied to a reordered one.
    """

    index: int = Field(ge=0, description="0-based position in form.indicators")
    name: str | None = None
    actual: str | None = Field(default=None, description="实际完成值, as entered")
    tier: Tier | None = Field(default=None, description="完成程度 of a qualitative indicator")
    partial_ratio: Decimal | None = Field(
        default=None, description="for 部分达成: the share of the points (within the configured range)"
    )
    reason: str | None = Field(default=None, description="偏差原因")
    weight: Decimal | None = Field(default=None, gt=0, description="relative weight within its level")
    manual_score: Decimal | None = Field(
        default=None, ge=0, description="得分 entered by hand for indicators flagged for manual scoring"
    )


class BudgetExecution(_Record):
    """预算执行情况 in yuan."""

    initial: Money | None = Field(default=None, description="年初预算数")
    annual: Money | None = Field(default=None, description="全年预算数")
    executed: Money | None = Field(default=None, description="全年执行数")


class Evaluation(_Record):
    """One form's self-evaluation as entered (template import, JSON API or web form)."""

    schema_version: Literal[1] = 1
    form_key: str = Field(description="form_key() of the evaluated form")
    name: str | None = Field(default=None, description="project or unit name, for people")
    year: int | None = None
    stage: Literal["self-evaluation", "monitoring"] = "self-evaluation"
    budget: BudgetExecution = Field(default_factory=BudgetExecution)
    indicators: list[IndicatorActual] = Field(default_factory=list)
    deviation_reason: str | None = Field(default=None, description="偏差原因 of the project")
    improvement: str | None = Field(default=None, description="改进措施")
    evaluated_on: date | None = None


@dataclass(slots=True)
class IndicatorScore:
    """The score of one indicator row with the arithmetic that produced it (``note``).

    Results are plain slotted dataclasses, not validated (or frozen) models: they are computed
    by our own code, never entered, and scoring 10,000 forms must stay under two seconds. JSON goes
    through :data:`SCORE_CARDS` (pydantic's TypeAdapter), so the wire format is still typed.
    """

    index: int
    level1: str | None
    level2: str | None
    name: str | None
    target: str | None  # 年度指标值 as printed
    actual: str | None
    points: Decimal  # 分值
    score: Decimal  # 得分
    method: str  # how it was scored, in Chinese
    note: str  # the arithmetic, in Chinese
    status: Status
    reason: str | None

    @property
    def lost(self) -> Decimal:
        return self.points - self.score


@dataclass(slots=True)
class ScoreCard:
    """A form's score: budget execution plus every indicator, total and grade.

    ``complete`` is false while indicators wait for a manual score.
    """

    form_key: str
    name: str | None
    department: str | None
    year: int | None
    budget: BudgetExecution
    execution_rate: Decimal | None
    budget_points: Decimal
    budget_score: Decimal
    level_points: dict[str, Decimal]
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    max_points: Decimal
    grade: str
    complete: bool
    deviation_reason: str | None
    improvement: str | None


SCORE_CARDS: TypeAdapter[list[ScoreCard]] = TypeAdapter(list[ScoreCard])


def cards_json(cards: Sequence[ScoreCard], indent: int | None = 1) -> str:
    """Score cards as a JSON array (Decimals as strings, Chinese unescaped)."""
    return SCORE_CARDS.dump_json(list(cards), indent=indent).decode("utf-8")


def form_key(form: ProjectForm | UnitForm) -> str:
    """A stable key of a form: its file's hash and its position in that file."""
    return f"{form.source.sha256[:16]}#{form.source.form_index}"


def form_name(form: ProjectForm | UnitForm) -> str | None:
    return form.project_name if isinstance(form, ProjectForm) else form.unit_name
