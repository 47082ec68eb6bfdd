"""The data contract (schema_version 1) as pydantic v2 records.

Field names are fixed by ``docs/form-schema.md``: other tools read them. Fields may be added,
never renamed or dropped. Money is ``Decimal`` yuan, serialised as a string with two decimals;
dates are ISO; every record keeps where it came from (``source``, ``line``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, RootModel

from jixiao.model.targets import Target
from jixiao.model.values import format_money

SCHEMA_VERSION: Literal[1] = 1

Money = Annotated[
    Decimal,
    PlainSerializer(format_money, return_type=str, when_used="json"),
    Field(description="Amount in yuan, exactly two decimals (string in JSON)."),
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Source(_Record):
    """Where a form was read from; lines are 1-based and inclusive."""

    file: str
    form_index: int = Field(ge=1, description="1-based position of the form in its document")
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)
    sha256: str
    page: int | None = Field(default=None, description="page/sheet for paginated formats")


class ReadWarning(_Record):
    """A repair or doubt of the reader, with a stable code and the source line."""

    code: str
    message: str
    line: int | None = None


class Indicator(_Record):
    """One row of the indicator table (一级/二级/三级指标 and 指标值)."""

    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    value: str | None = None
    target: Target = Field(default_factory=Target.missing)
    line: int | None = None


class UnitIndicator(Indicator):
    """An indicator row of a unit form, with its extra columns."""

    nature: str | None = Field(default=None, description="指标性质: 定量指标/定性指标")
    direction: str | None = Field(default=None, description="方向: ≥ ≤ = > <")
    unit: str | None = Field(default=None, description="计量单位")
    explanation: str | None = Field(default=None, description="指标解释")
    scoring_rule: str | None = Field(default=None, description="评(扣)分标准")


class Funding(_Record):
    """项目资金 in yuan. ``None`` is a blank cell, never a copied neighbour."""

    total: Money | None = None
    fiscal: Money | None = None
    other: Money | None = None
    annual_total: Money | None = None
    annual_appropriation: Money | None = None
    carryover: Money | None = None
    annual_other: Money | None = None


class Budget(_Record):
    """预算情况 of a unit form, in yuan."""

    total: Money | None = None
    fiscal: Money | None = None
    other: Money | None = None
    basic: Money | None = None
    project: Money | None = None


class KeyTask(_Record):
    """A 年度重点任务: its name and the paragraph of 主要内容 that belongs to it."""

    name: str
    content: str | None = None


class ProjectForm(_Record):
    """财政项目支出绩效目标申报表 / 财政项目支出绩效目标表."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["project"] = "project"
    source: Source
    title: str | None = None
    year: int | None = None
    project_name: str | None = None
    nature: str | None = None
    category: str | None = None
    department: str | None = None
    implementing_unit: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    funding_unit: Literal["元", "万元"] | None = None
    funding: Funding = Field(default_factory=Funding)
    overall_goal_period: str | None = None
    overall_goal: str | None = None
    annual_goal: str | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    warnings: list[ReadWarning] = Field(default_factory=list)
    lines: dict[str, int] = Field(
        default_factory=dict,
        description="source line of each header value: 'project_name', 'funding.total', …",
    )


class UnitForm(_Record):
    """单位整体支出绩效目标申报表."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["unit"] = "unit"
    source: Source
    title: str | None = None
    year: int | None = None
    unit_name: str | None = None
    appropriation_method: str | None = None
    duties: str | None = None
    annual_goal: str | None = None
    key_tasks: list[KeyTask] = Field(default_factory=list)
    budget: Budget = Field(default_factory=Budget)
    staff_count: int | None = None
    internal_orgs: int | None = None
    indicators: list[UnitIndicator] = Field(default_factory=list)
    warnings: list[ReadWarning] = Field(default_factory=list)
    lines: dict[str, int] = Field(
        default_factory=dict, description="source line of each header value: 'unit_name', …"
    )


Form = Annotated[ProjectForm | UnitForm, Field(discriminator="kind")]


class FormList(RootModel[list[Form]]):
    """Root of ``jixiao parse --format json``: forms in document order."""
