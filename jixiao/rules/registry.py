"""The rule catalogue, linter-style: every rule is a decorated generator function.

``@rule(...)`` registers a check under a code that is never reused (family + number: PRS
reading, REQ required content, AMT amounts, DAT dates, IND indicators, TXT goal texts, COR
across forms, UNT unit forms), a slug, a Chinese title, a default severity, the review
dimension, the form kinds it applies to and tags. Its docstring must carry the six sections
规则说明 / 为什么重要 / 不合规示例 / 合规示例 / 依据 / 已知局限: ``jixiao rules explain`` and
``docs/rules/`` are generated from them, so nothing is written twice.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from jixiao.model.findings import Dimension, Severity

if TYPE_CHECKING:
    from jixiao.rules.context import ReviewContext
    from jixiao.rules.view import Corpus, FormView

FAMILIES: dict[str, str] = {
    "PRS": "读取问题",
    "REQ": "必填内容",
    "AMT": "资金金额",
    "DAT": "日期与年度",
    "IND": "绩效指标",
    "TXT": "目标文字",
    "COR": "跨表比对",
    "UNT": "单位整体表",
}
SECTIONS = ("规则说明", "为什么重要", "不合规示例", "合规示例", "依据", "已知局限")
_CODE = re.compile(r"^(" + "|".join(FAMILIES) + r")\d{3}$")
_SLUG = re.compile(r"^[a-z]+(\.[a-z0-9-]+)+$")
_SECTION = re.compile(r"^\s*(" + "|".join(SECTIONS) + r")[：:]\s*(.*)$")

Kind = Literal["project", "unit"]
Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check yields: the engine adds code, severity and source line."""

    message: str
    loc: Loc = ()
    evidence: str | None = None
    suggestion: str | None = None
    severity: Severity | None = None
    line: int | None = None
    """The source line, when the check knows it better than ``loc`` does."""


FormCheck = Callable[["FormView", "ReviewContext"], Iterable[Hit]]
CorpusCheck = Callable[["Corpus", "ReviewContext"], Iterable[tuple[int, Hit]]]


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    title: str
    severity: Severity
    dimension: Dimension
    applies_to: frozenset[str]
    tags: frozenset[str]
    suggestion: str
    doc: dict[str, str]
    check: Callable[..., Iterable[Any]]
    scope: Literal["form", "corpus"] = "form"
    module: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.code[:3]


REGISTRY: dict[str, Rule] = {}


class RuleDefinitionError(Exception):
    """A rule is declared wrongly (duplicate code, bad slug, missing doc section)."""


def parse_doc(doc: str, code: str) -> dict[str, str]:
    """Split a rule docstring into its six sections; every section must be present."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in inspect.cleandoc(doc).splitlines():
        match = _SECTION.match(line)
        if match:
            current = match.group(1)
            sections[current] = [match.group(2)] if match.group(2) else []
        elif current is not None:
            sections[current].append(line.strip())
    missing = [name for name in SECTIONS if not "".join(sections.get(name, [])).strip()]
    if missing:
        raise RuleDefinitionError(f"{code}: docstring lacks section(s) {', '.join(missing)}")
    return {name: "\n".join(x for x in sections[name] if x).strip() for name in SECTIONS}


def rule(
    code: str,
    slug: str,
    title: str,
    *,
    severity: Severity,
    dimension: Dimension,
    suggestion: str,
    applies_to: Iterable[Kind] = ("project",),
    tags: Iterable[str] = (),
    scope: Literal["form", "corpus"] = "form",
) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Register a check. Raises RuleDefinitionError on a reused code or an incomplete doc."""

    def register(func: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        if not _CODE.match(code):
            raise RuleDefinitionError(
                f"{code}: code must be a family ({', '.join(FAMILIES)}) + 3 digits"
            )
        if code in REGISTRY:
            raise RuleDefinitionError(f"{code}: code already used by {REGISTRY[code].module}")
        if not _SLUG.match(slug) or any(r.slug == slug for r in REGISTRY.values()):
            raise RuleDefinitionError(f"{code}: slug {slug!r} is malformed or already used")
        REGISTRY[code] = Rule(
            code=code,
            slug=slug,
            title=title,
            severity=severity,
            dimension=dimension,
            applies_to=frozenset(applies_to),
            tags=frozenset(tags),
            suggestion=suggestion,
            doc=parse_doc(func.__doc__ or "", code),
            check=func,
            scope=scope,
            module=func.__module__,
        )
        return func

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, by code (importing the catalogue modules first)."""
    import jixiao.rules  # noqa: F401  (registers the catalogue)

    return [REGISTRY[code] for code in sorted(REGISTRY)]
