"""Synthetic forms built from the seeds by recombination (deterministic).

Each synthetic project form takes its header from one seed form, its goals from another, and an
indicator table stitched from the level-1 blocks of up to three others, with a serial number in
the project name, a department/unit drawn from the seed pool and the funding scaled. Indicator
records are shared between forms (they are immutable for review), so 100,000 forms fit in
memory comfortably.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from jixiao.ingest import read_forms
from jixiao.model.forms import Funding, Indicator, ProjectForm

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def seed_projects() -> list[ProjectForm]:
    forms: list[ProjectForm] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        forms.extend(f for f in read_forms(path) if isinstance(f, ProjectForm))
    return forms


def _blocks(form: ProjectForm) -> dict[str, list[Indicator]]:
    blocks: dict[str, list[Indicator]] = {}
    for indicator in form.indicators:
        blocks.setdefault(indicator.level1 or "", []).append(indicator)
    return blocks


def _scale(funding: Funding, factor: Decimal) -> Funding:
    values = {
        name: (value * factor).quantize(Decimal("0.01")) if value is not None else None
        for name, value in funding.model_dump().items()
    }
    return Funding.model_validate(values)


def synthesize(count: int, seed: int = 42) -> list[ProjectForm]:
    """``count`` recombined project forms."""
    rnd = random.Random(seed)
    seeds = seed_projects()
    blocks = [_blocks(form) for form in seeds]
    units = sorted({(f.department, f.implementing_unit) for f in seeds}, key=str)
    forms: list[ProjectForm] = []
    for serial in range(1, count + 1):
        head = rnd.choice(seeds)
        goals = rnd.choice(seeds)
        indicators: list[Indicator] = []
        for level1 in ("产出指标", "效益指标", "满意度指标"):
            donor = blocks[rnd.randrange(len(seeds))]
            indicators.extend(donor.get(level1, []))
        department, unit = rnd.choice(units)
        factor = Decimal(rnd.randint(50, 200)) / Decimal(100)
        forms.append(
            head.model_copy(
                update={
                    "project_name": f"{head.project_name}（{serial:06d}）",
                    "department": department,
                    "implementing_unit": unit,
                    "overall_goal": goals.overall_goal,
                    "annual_goal": goals.annual_goal,
                    "indicators": indicators,
                    "funding": _scale(head.funding, factor),
                    "source": head.source.model_copy(
                        update={"file": f"synthetic-{serial // 1000:03d}.txt",
                                "form_index": serial % 1000 + 1}
                    ),
                }
            )
        )
    return forms
