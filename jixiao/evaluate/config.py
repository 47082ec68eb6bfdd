"""Every number of the scoring convention, with defaults from 财预〔2020〕10号.

The Ministry's 《项目支出绩效评价管理办法》 suggests 预算执行率 10 points and the indicators 90
(产出 50, 效益 30, 满意度 10 as the common split) and grades 优 ≥ 90, 良 80–90, 中 60–80,
差 < 60. Provinces and districts adjust these, so nothing is hard-coded: a TOML file overrides
any field (``jixiao evaluate score --config 口径.toml``). See ``docs/evaluate.md``.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jixiao.errors import InputError
from jixiao.model.targets import Op
from jixiao.model.values import key


class ScoringConfig(BaseModel):
    """The scoring convention. Immutable: one instance is shared by every scored form."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    budget_points: Decimal = Field(default=Decimal(10), ge=0, description="预算执行率 分值")
    budget_rate_cap: Decimal = Field(
        default=Decimal(1), gt=0, description="execution rate at which the budget points are full"
    )
    level_points: dict[str, Decimal] = Field(
        default_factory=lambda: {
            "产出指标": Decimal(50),
            "效益指标": Decimal(30),
            "满意度指标": Decimal(10),
        },
        description="分值 of each level-1 indicator group",
    )
    level_aliases: dict[str, str] = Field(
        default_factory=lambda: {"成本指标": "产出指标"},
        description="level-1 labels scored as another level (成本指标 is part of 产出 in 10号文)",
    )
    grades: dict[str, Decimal] = Field(
        default_factory=lambda: {"优": Decimal(90), "良": Decimal(80), "中": Decimal(60)},
        description="lowest percentage of each grade, best first; below the last is lowest_grade",
    )
    lowest_grade: str = "差"
    partial_min: Decimal = Field(default=Decimal("0.6"), ge=0, le=1)
    partial_max: Decimal = Field(default=Decimal("0.8"), ge=0, le=1)
    partial_default: Decimal = Field(default=Decimal("0.7"), ge=0, le=1)
    bare_number_op: Op = Field(
        default="≥", description="direction of a target printed without one ('360人', '100%')"
    )
    deadline_end_of_period: bool = Field(
        default=True,
        description="'12月前'/'4季度前' means by the end of that period (false: before it starts)",
    )
    step_rounding: Literal["floor", "ceil", "exact"] = Field(
        default="floor",
        description="'每少N个百分点扣M分': count whole steps (floor), started steps (ceil) or exact",
    )
    reason_required: bool = Field(
        default=True, description="require 偏差原因 whenever an indicator loses points"
    )

    @model_validator(mode="after")
    def _consistent(self) -> ScoringConfig:
        if not self.partial_min <= self.partial_default <= self.partial_max:
            raise ValueError("部分达成的默认比例应在 partial_min 与 partial_max 之间")
        if sum(self.level_points.values(), self.budget_points) != 100:
            raise ValueError("预算执行率与各级指标分值之和应为 100")
        bounds = list(self.grades.values())
        if bounds != sorted(bounds, reverse=True):
            raise ValueError("等级下限应从高到低排列")
        for alias, target in self.level_aliases.items():
            if target not in self.level_points:
                raise ValueError(f"level_aliases 中“{alias}”指向未设分值的“{target}”")
        return self

    def level_of(self, label: str | None) -> str | None:
        """The scored level of a printed level-1 label (after aliases), None when not scored."""
        normalised = key(label)
        normalised = self.level_aliases.get(normalised, normalised)
        return normalised if normalised in self.level_points else None

    @property
    def indicator_points(self) -> Decimal:
        return sum(self.level_points.values(), Decimal(0))

    def grade(self, percent: Decimal) -> str:
        for name, bound in self.grades.items():
            if percent >= bound:
                return name
        return self.lowest_grade


DEFAULT_CONFIG = ScoringConfig()


def load_config(path: Path | None) -> ScoringConfig:
    """Defaults, overridden by a TOML file. Bad files raise InputError naming the file."""
    if path is None:
        return DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"无法读取评分口径文件：{exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"评分口径文件不是有效的 TOML：{exc}") from exc
    try:
        return ScoringConfig.model_validate(_decimals(data))
    except ValidationError as exc:
        problems = "；".join(
            f"{'.'.join(str(p) for p in e['loc']) or '文件'}：{e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise InputError(str(path), f"评分口径有误：{problems}") from exc


def _decimals(value: object) -> object:
    """TOML floats → Decimal through their printed form, so 0.7 stays exactly 0.7."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value
