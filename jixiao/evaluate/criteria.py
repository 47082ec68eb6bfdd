"""Unit forms print each indicator's own 评(扣)分标准; the recognised shapes become rules.

Recognised (after NFKC, whitespace removed):

* ``…达到X，得满分，否则按线性扣分`` → ``linear``: points × the indicator's ratio against X;
* ``…(达到X，)得满分，否则不得分`` → ``all_or_nothing``: full points only when fully met;
* ``…得满分，否则视偏差情况扣分`` → ``deviation``: the ordinary ratio (quantitative) or the
  reporter's tier (qualitative), i.e. the deduction follows the size of the deviation;
* ``每少N个百分点扣M分，扣完为止`` → ``step``: M points per N points short of the target.

Anything else is ``manual``: the indicator is flagged and waits for a score entered by hand —
a rule we do not understand is never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from jixiao.model.values import key

CriterionKind = Literal["linear", "all_or_nothing", "deviation", "step", "manual"]
CRITERION_NAMES: dict[CriterionKind, str] = {
    "linear": "达到目标得满分，否则按线性扣分",
    "all_or_nothing": "达到目标得满分，否则不得分",
    "deviation": "达到目标得满分，否则视偏差情况扣分",
    "step": "每少N个百分点扣M分，扣完为止",
    "manual": "评分标准无法自动识别，需人工评分",
}

_NUMBER = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|‰|百分点|[^\d,;。，；、]{0,3}?)"
_THRESHOLD = re.compile(rf"(?:达到|为|不低于|不少于|≥|>=)?{_NUMBER}(?:以上|及以上)?,?得满分")
_STEP = re.compile(
    r"每(?:少|低|低于|减少|降低|下降)(?:目标值?|指标值)?(?P<n>\d+(?:\.\d+)?)个?百分点,?扣(?P<m>\d+(?:\.\d+)?)分"
)
_FULL = re.compile(r"得满分")
_LINEAR = re.compile(r"否则,?按?线性扣分|按线性扣分|线性扣分")
_NOTHING = re.compile(r"否则,?不得分")
_DEVIATION = re.compile(r"视偏差(?:情况|程度|大小)?(?:酌情)?扣分")


@dataclass(frozen=True, slots=True)
class Criterion:
    """A parsed 评(扣)分标准. ``threshold`` is X of '达到X' when printed (with its unit)."""

    kind: CriterionKind
    text: str
    threshold: Decimal | None = None
    threshold_unit: str | None = None
    step: Decimal | None = None
    deduction: Decimal | None = None

    def describe(self) -> str:
        if self.kind == "step":
            return f"每少{self.step}个百分点扣{self.deduction}分，扣完为止"
        return CRITERION_NAMES[self.kind]


def parse_criterion(text: str | None) -> Criterion | None:
    """The rule of a 评(扣)分标准 text; None when the form prints none (default formulas apply)."""
    cleaned = key(text).replace("，", ",").replace("；", ";")
    return _parse(cleaned) if cleaned else None


@lru_cache(maxsize=2048)
def _parse(text: str) -> Criterion:
    if step := _STEP.search(text):
        return Criterion(
            "step", text, step=Decimal(step.group("n")), deduction=Decimal(step.group("m"))
        )
    if not _FULL.search(text):
        return Criterion("manual", text)
    threshold = _THRESHOLD.search(text)
    number = Decimal(threshold.group("num")) if threshold else None
    unit = (threshold.group("unit") or None) if threshold else None
    if _LINEAR.search(text):
        return Criterion("linear", text, number, unit)
    if _NOTHING.search(text):
        return Criterion("all_or_nothing", text, number, unit)
    if _DEVIATION.search(text):
        return Criterion("deviation", text, number, unit)
    return Criterion("manual", text)
