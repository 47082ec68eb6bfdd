"""Small hand-made forms for formula tests: the arithmetic must be checkable on paper."""

from __future__ import annotations

from decimal import Decimal

from jixiao.evaluate.model import BudgetExecution, Evaluation, IndicatorActual, form_key
from jixiao.model.forms import Indicator, ProjectForm, Source, UnitForm, UnitIndicator
from jixiao.model.targets import parse_target

SOURCE = Source(file="手工.txt", form_index=1, line_start=1, line_end=10, sha256="0" * 64)


def project(rows: list[tuple[str, str, str]], year: int = 2023) -> ProjectForm:
    """rows: (level1, name, value)."""
    return ProjectForm(
        source=SOURCE,
        year=year,
        project_name="测试项目",
        department="测试局",
        indicators=[
            Indicator(level1=level1, level2="数量指标", name=name, value=value, target=parse_target(value))
            for level1, name, value in rows
        ],
    )


def unit(rows: list[tuple[str, str, str, str | None, str | None, str]], year: int = 2024) -> UnitForm:
    """rows: (level1, name, value, direction, unit, scoring_rule)."""
    indicators = []
    for level1, name, value, direction, measure, rule in rows:
        text = f"{direction or ''}{value}{f'({measure})' if measure else ''}"
        indicators.append(
            UnitIndicator(
                level1=level1, level2="数量指标", name=name, value=value, target=parse_target(text),
                direction=direction, unit=measure, scoring_rule=rule,
            )
        )
    return UnitForm(source=SOURCE, year=year, unit_name="测试单位", indicators=indicators)


def evaluation(
    form: ProjectForm | UnitForm,
    entries: list[dict[str, object]],
    annual: str = "1000000",
    executed: str = "1000000",
) -> Evaluation:
    """entries[i] fills indicator i (keys of IndicatorActual); reasons are given by default."""
    return Evaluation(
        form_key=form_key(form),
        budget=BudgetExecution(annual=Decimal(annual), executed=Decimal(executed)),
        indicators=[
            IndicatorActual.model_validate({"index": i, "reason": "原因", **entry})
            for i, entry in enumerate(entries)
        ],
    )
