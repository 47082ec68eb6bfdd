"""Review profiles (TOML) and the context a check runs in.

A profile selects and ignores rules (by code, family or tag, like ruff), overrides severities,
sets the thresholds the checks use and the grading scheme. Two profiles ship:
``national-88`` (财预〔2015〕88号 framework: 成本 is a level 2 under 产出) and ``shanghai-2025``
(上海市 2025 指引 / 财预〔2021〕101号: 成本指标 is a level 1 every project should set).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.errors import JixiaoError
from jixiao.model.findings import Severity
from jixiao.rules.registry import Rule

# Every threshold a check reads, with its default; profiles override them.
THRESHOLDS: dict[str, Any] = {
    "satisfaction_floor": 85,  # % below which a satisfaction target is too low
    "large_funding_yuan": 1_000_000,  # 100 万元: needs an absolute quantity and a cost indicator
    "min_indicators": 3,
    "max_indicators": 30,
    "indicators_per_million": 0,  # 0 = no size-dependent minimum
    "goal_similarity": 0.9,  # 年度目标 vs 项目总目标 near-identical ratio
    "wan_yuan_max_decimals": 4,  # 万元 printed to more decimals than 元-cents (4) is odd
    "vague_share": 0.5,  # share of vague qualitative values that makes a form "vague"
    "boilerplate_min_forms": 5,  # an indicator name in this many forms is boilerplate
    "copy_min_chars": 12,  # shortest goal sentence that counts as copied
}


@dataclass(frozen=True)
class Grading:
    """The system's own grading convention (财预〔2015〕88号 gives no cut-offs).

    score = 100 − Σ deductions; each finding deducts by severity, capped per rule so one repeated
    problem cannot sink a form alone. 优 needs score ≥ excellent and no error; 良 ≥ good;
    中 ≥ fair; otherwise 差. A finding of a ``fail_codes`` rule makes the form 差 outright.
    """

    deduct: dict[str, int] = field(default_factory=lambda: {"error": 10, "warning": 3, "info": 0})
    cap_per_rule: dict[str, int] = field(
        default_factory=lambda: {"error": 20, "warning": 9, "info": 0}
    )
    excellent: int = 90
    good: int = 75
    fair: int = 60
    fail_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Profile:
    name: str
    framework: str = "88"
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)
    grading: Grading = field(default_factory=Grading)

    def enabled(self, rule: Rule) -> bool:
        return _matches(rule, self.select) and not _matches(rule, self.ignore)

    def severity_override(self, rule: Rule) -> Severity | None:
        """The profile's severity for this rule (by code, then family, then tag), if any."""
        if not self.severity:
            return None
        for selector in (rule.code, rule.family, *sorted(rule.tags)):
            if selector in self.severity:
                return self.severity[selector]
        return None

    def threshold(self, name: str) -> Any:
        if name not in THRESHOLDS:
            raise KeyError(f"unknown threshold {name!r}")
        return self.thresholds.get(name, THRESHOLDS[name])

    def with_selection(
        self, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None
    ) -> Profile:
        return Profile(
            name=self.name,
            framework=self.framework,
            select=select or self.select,
            ignore=self.ignore + (ignore or ()),
            severity=self.severity,
            thresholds=self.thresholds,
            grading=self.grading,
        )


def _matches(rule: Rule, selectors: tuple[str, ...]) -> bool:
    return any(
        s == "ALL"
        or s == rule.code
        or s == rule.family
        or s in rule.tags
        or rule.code.startswith(s)
        for s in selectors
    )


class ProfileError(JixiaoError):
    """A profile that cannot be loaded (unknown name, bad TOML, unknown keys)."""


SHIPPED = ("national-88", "shanghai-2025")


def load_profile(name_or_path: str = "national-88") -> Profile:
    """A shipped profile by name, or a TOML file by path."""
    if name_or_path in SHIPPED:
        text = resources.files("jixiao.rules.profiles").joinpath(f"{name_or_path}.toml")
        data = tomllib.loads(text.read_text("utf-8"))
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise ProfileError(
                f"未知的审核口径“{name_or_path}”（内置：{'、'.join(SHIPPED)}，或指定 TOML 文件路径）"
            )
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ProfileError(f"{path}: 审核口径文件格式错误：{exc}") from exc
    return profile_from_dict(data, default_name=str(name_or_path))


def profile_from_dict(data: dict[str, Any], default_name: str = "custom") -> Profile:
    unknown = set(data) - {"profile", "rules", "severity", "thresholds", "grading"}
    if unknown:
        raise ProfileError(f"审核口径含未知的节：{'、'.join(sorted(unknown))}")
    meta = data.get("profile", {})
    rules = data.get("rules", {})
    thresholds = data.get("thresholds", {})
    bad = set(thresholds) - set(THRESHOLDS)
    if bad:
        raise ProfileError(f"未知的阈值：{'、'.join(sorted(bad))}")
    grading_data = dict(data.get("grading", {}))
    if "fail_codes" in grading_data:
        grading_data["fail_codes"] = frozenset(grading_data["fail_codes"])
    try:
        grading = Grading(**grading_data)
    except TypeError as exc:
        raise ProfileError(f"评级设置错误：{exc}") from exc
    return Profile(
        name=meta.get("name", default_name),
        framework=str(meta.get("framework", "88")),
        select=tuple(rules.get("select", ["ALL"])),
        ignore=tuple(rules.get("ignore", [])),
        severity=dict(data.get("severity", {})),
        thresholds=dict(thresholds),
        grading=grading,
    )


@dataclass(frozen=True)
class ReviewContext:
    """What every check may consult besides the form: the profile and its thresholds."""

    profile: Profile

    @property
    def framework(self) -> str:
        return self.profile.framework

    def threshold(self, name: str) -> Any:
        return self.profile.threshold(name)
