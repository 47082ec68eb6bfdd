"""Department summary: projects ranked by score, with the indicators that lost most points.

A finance bureau reads this to see, per 主管部门, which projects fell short and where — so each
row names the few indicators with the largest point losses rather than every deduction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jixiao.evaluate.model import IndicatorScore, ScoreCard
from jixiao.model.values import key

UNKNOWN_DEPARTMENT = "（未填写主管部门）"


@dataclass(frozen=True, slots=True)
class RankedProject:
    rank: int
    card: ScoreCard
    losses: tuple[IndicatorScore, ...]

    def losses_text(self) -> str:
        return "；".join(f"{s.name or s.index + 1}（失{s.lost:f}分）" for s in self.losses)


@dataclass(slots=True)
class DepartmentSummary:
    department: str
    projects: list[RankedProject] = field(default_factory=list)

    @property
    def average(self) -> Decimal:
        if not self.projects:
            return Decimal(0)
        total = sum((p.card.total for p in self.projects), Decimal(0))
        return (total / len(self.projects)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def grade_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for project in self.projects:
            counts[project.card.grade] = counts.get(project.card.grade, 0) + 1
        return counts


def biggest_losses(card: ScoreCard, top: int = 3) -> tuple[IndicatorScore, ...]:
    """The indicators that lost most points, largest first (document order on ties)."""
    losing = [s for s in card.indicators if s.status == "scored" and s.lost > 0]
    losing.sort(key=lambda s: (-s.lost, s.index))
    return tuple(losing[:top])


def rank(cards: Sequence[ScoreCard], top: int = 3) -> list[DepartmentSummary]:
    """Departments by average score (best first); projects by total within each, ties share a rank.

    Departments are grouped by the comparison key of their printed name, so 'XX局' printed with
    stray spaces is one department.
    """
    groups: dict[str, DepartmentSummary] = {}
    for card in cards:
        name = card.department or UNKNOWN_DEPARTMENT
        groups.setdefault(key(name), DepartmentSummary(name))
    buckets: dict[str, list[ScoreCard]] = {k: [] for k in groups}
    for card in cards:
        buckets[key(card.department or UNKNOWN_DEPARTMENT)].append(card)
    for group_key, summary in groups.items():
        ordered = sorted(buckets[group_key], key=lambda c: (-c.total, c.name or ""))
        position, previous = 0, None
        for count, card in enumerate(ordered, start=1):
            if card.total != previous:
                position, previous = count, card.total
            summary.projects.append(RankedProject(position, card, biggest_losses(card, top)))
    return sorted(groups.values(), key=lambda s: (-s.average, s.department))
