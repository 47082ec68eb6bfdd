"""Score a form's self-evaluation: budget execution plus every indicator, total and grade.

Pure functions over the contract records and an :class:`Evaluation`; nothing is read or
written. The convention (which formula for which target, how points are split, how a missing
level's points move) is documented in ``docs/evaluate.md`` and every number in it comes from
:class:`ScoringConfig`.

Scores are Decimal cents: each indicator's points are apportioned to the cent so that a level's
points add up exactly, each score is its points times a ratio in [0, 1] rounded half up to the
cent (so never above its points), and the total is the plain sum of the parts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache

from jixiao.errors import JixiaoError
from jixiao.evaluate.config import DEFAULT_CONFIG, ScoringConfig
from jixiao.evaluate.criteria import Criterion, parse_criterion
from jixiao.evaluate.model import (
    Evaluation,
    IndicatorActual,
    IndicatorScore,
    ScoreCard,
    Status,
    form_key,
    form_name,
)
from jixiao.evaluate.timing import TimeValueError, judge, parse_time_target
from jixiao.evaluate.units import UnitMismatch, convert
from jixiao.model.forms import Indicator, ProjectForm, UnitForm, UnitIndicator
from jixiao.model.targets import Op, parse_target
from jixiao.model.values import key

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
_RATE = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an evaluation cannot be scored: which indicator (None: the budget/form) and field."""

    index: int | None
    field: str
    message: str


class ScoringError(JixiaoError):
    """The evaluation is incomplete or inconsistent; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("；".join(p.message for p in problems))


class _Bad(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}"


def _fmt(value: Decimal) -> str:
    """A number for a note: as entered, or to four decimals when it is a long quotient."""
    text = f"{value:f}"
    if len(text) > 12:
        text = f"{value.quantize(_RATE, rounding=ROUND_HALF_UP).normalize():f}"
    return text


# --- formulas ---------------------------------------------------------------------------------


def ratio(op: Op, target: Decimal, actual: Decimal) -> Decimal:
    """The share of the points earned by ``actual`` against ``op target``, in [0, 1].

    ≥/>: actual/target capped at 1 (a target ≤ 0 is met by any actual at or above it);
    ≤/<: target/actual capped at 1 (target 0 is met only by 0);
    =: 1 − |actual − target| / |target|, floored at 0 (target 0 is met only by 0).
    Strict and non-strict directions score alike: the boundary is below a score's resolution.
    """
    if op in ("≥", ">"):
        if target <= 0:
            return ONE if actual >= target else ZERO
        return min(ONE, max(ZERO, actual / target))
    if op in ("≤", "<"):
        if actual <= target:
            return ONE
        if target <= 0:
            return ZERO
        return target / actual
    if actual == target:
        return ONE
    if target == 0:
        return ZERO
    return max(ZERO, ONE - abs(actual - target) / abs(target))


_FORMULA = {
    "≥": "实际值÷目标值，最高为1",
    ">": "实际值÷目标值，最高为1",
    "≤": "目标值÷实际值，最高为1",
    "<": "目标值÷实际值，最高为1",
    "=": "1−|实际值−目标值|÷目标值，最低为0",
}
_METHOD = {op: f"{op}：{formula}" for op, formula in _FORMULA.items()}


def _explain(op: Op, target: Decimal, actual: Decimal, share: Decimal) -> str:
    if share == 1:
        return "达到目标"
    if op in ("≥", ">") and target > 0 and share < 1:
        return f"{_fmt(actual)}÷{_fmt(target)}={_fmt(share)}"
    if op in ("≤", "<") and target > 0 and share < 1:
        return f"{_fmt(target)}÷{_fmt(actual)}={_fmt(share)}"
    if op == "=" and target != 0 and share < 1:
        return f"1−|{_fmt(actual)}−{_fmt(target)}|÷{_fmt(abs(target))}={_fmt(share)}"
    if target == 0 and op not in ("≥", ">"):
        return f"目标为0，实际为{_fmt(actual)}，{'达到' if share == 1 else '未达到'}"
    return f"实际{_fmt(actual)}，目标{op}{_fmt(target)}，{'达到' if share == 1 else '未达到'}"


def apportion(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``total`` (in cents) by ``weights`` so that the cents add up exactly.

    Largest remainder: everyone gets the floor of their share, the leftover cents go to the
    largest fractional parts, earlier rows first on ties. Memoised: forms repeat the same
    shapes (n rows of equal weight).
    """
    return list(_apportion(total, tuple(weights)))


@lru_cache(maxsize=4096)
def _even(total: Decimal, count: int) -> tuple[Decimal, ...]:
    """apportion() over equal weights, keyed cheaply (hashing a tuple of Decimals is not)."""
    return _apportion(total, (ONE,) * count)


@lru_cache(maxsize=4096)
def _apportion(total: Decimal, weights: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    whole = sum(weights, ZERO)
    if not weights or whole <= 0:
        return tuple(ZERO for _ in weights)
    raw = [total * w / whole for w in weights]
    floors = [r.quantize(CENT, rounding=ROUND_FLOOR) for r in raw]
    left = int(((total - sum(floors, ZERO)) / CENT).to_integral_value(ROUND_HALF_UP))
    order = sorted(range(len(raw)), key=lambda i: (floors[i] - raw[i], i))
    for i in order[:left]:
        floors[i] += CENT
    return tuple(floors)


# --- reading what the reporter entered --------------------------------------------------------


def read_number(text: str | None) -> tuple[Decimal, str | None]:
    """(number, unit) of an actual value such as '98%', '=98(%)', '480万元', '1,200'."""
    if text is None or not text.strip():
        raise _Bad("actual", "请填写实际完成值")
    parsed = parse_target(text)
    if parsed.kind != "quantitative" or parsed.number is None or parsed.note:
        raise _Bad("actual", f"实际完成值“{text.strip()}”不是数值，请填写数字（可带单位）")
    number = -parsed.number if text.lstrip().startswith(("-", "－")) else parsed.number
    return number, parsed.unit


# --- one indicator ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Outcome:
    score: Decimal
    method: str
    note: str
    status: Status = "scored"


def _quantitative(
    indicator: Indicator,
    entry: IndicatorActual,
    points: Decimal,
    criterion: Criterion | None,
    config: ScoringConfig,
) -> _Outcome:
    target = indicator.target
    assert target.number is not None
    value, unit = read_number(entry.actual)
    try:
        actual = convert(value, unit, target.unit)
    except UnitMismatch as exc:
        raise _Bad("actual", str(exc)) from None
    op: Op = target.op or config.bare_number_op
    goal = target.number
    if criterion is not None and criterion.threshold is not None:
        try:
            goal = convert(criterion.threshold, criterion.threshold_unit, target.unit)
        except UnitMismatch:
            goal = target.number
    converted = "" if actual == value else f"（{_fmt(value)}{unit}＝{_fmt(actual)}{target.unit}）"
    if criterion is not None and criterion.kind == "step":
        assert criterion.step is not None and criterion.deduction is not None
        short = (actual - goal) if op in ("≤", "<") else (goal - actual)
        short = max(ZERO, short)
        steps = short / criterion.step
        if config.step_rounding == "floor":
            steps = Decimal(math.floor(steps))
        elif config.step_rounding == "ceil":
            steps = Decimal(math.ceil(steps))
        deducted = criterion.deduction * steps
        score = max(ZERO, points - deducted).quantize(CENT, rounding=ROUND_HALF_UP)
        note = f"差{_fmt(short)}个百分点，扣{_fmt(criterion.deduction)}×{_fmt(steps)}={_fmt(deducted)}分"
        return _Outcome(min(score, points), criterion.describe(), note + converted)
    if criterion is not None and criterion.kind == "linear":
        op = "≤" if op in ("≤", "<") else "≥"
    share = ratio(op, goal, actual)
    if criterion is not None and criterion.kind == "all_or_nothing" and share < 1:
        share = ZERO
    method = criterion.describe() if criterion else _METHOD[op]
    note = _explain(op, goal, actual, share) + converted
    return _Outcome((points * share).quantize(CENT, rounding=ROUND_HALF_UP), method, note)


def _qualitative(
    indicator: Indicator,
    entry: IndicatorActual,
    points: Decimal,
    criterion: Criterion | None,
    config: ScoringConfig,
    year: int | None,
) -> _Outcome:
    if year is None:
        if parse_time_target(indicator.value, 2000) is not None:
            raise _Bad("actual", "时效指标需要年度：申报表未写年度，请在自评数据中填写年度")
        timed = None
    else:
        timed = parse_time_target(indicator.value, year, config.deadline_end_of_period)
    if timed is not None and year is not None:
        if not entry.actual or not entry.actual.strip():
            raise _Bad("actual", "时效指标请填写实际完成日期（如 2023-11-30；每月/每季度类填写各期日期）")
        try:
            met, note = judge(timed, entry.actual, year)
        except TimeValueError as exc:
            raise _Bad("actual", str(exc)) from None
        return _Outcome(points if met else ZERO, f"时限：{timed.describe()}", note)
    tier = entry.tier
    if tier is None:
        raise _Bad("tier", "定性指标请选择完成程度（达成/部分达成/未达成）")
    if tier == "达成":
        share, note = ONE, "达成，得满分"
    elif tier == "未达成":
        share, note = ZERO, "未达成，不得分"
    else:
        share = entry.partial_ratio if entry.partial_ratio is not None else config.partial_default
        if not config.partial_min <= share <= config.partial_max:
            raise _Bad(
                "partial_ratio",
                f"部分达成的得分比例应在 {_pct(config.partial_min)}%–"
                f"{_pct(config.partial_max)}% 之间，填写的是 {_pct(share)}%",
            )
        note = f"部分达成，按 {_pct(share)}% 计分"
        if criterion is not None and criterion.kind == "all_or_nothing":
            share, note = ZERO, "部分达成，按评分标准“否则不得分”不得分"
    method = criterion.describe() if criterion else "定性：按完成程度（达成/部分达成/未达成）"
    return _Outcome((points * share).quantize(CENT, rounding=ROUND_HALF_UP), method, note)


def _manual(entry: IndicatorActual, points: Decimal, criterion: Criterion) -> _Outcome:
    if entry.manual_score is None:
        return _Outcome(ZERO, criterion.describe(), "待人工评分", "manual_pending")
    if entry.manual_score > points:
        raise _Bad("manual_score", f"人工得分 {_fmt(entry.manual_score)} 超过分值 {_fmt(points)}")
    return _Outcome(entry.manual_score.quantize(CENT, rounding=ROUND_HALF_UP), criterion.describe(), "人工评分")


def _score_one(
    indicator: Indicator,
    entry: IndicatorActual,
    points: Decimal,
    config: ScoringConfig,
    year: int | None,
) -> _Outcome:
    criterion = (
        parse_criterion(indicator.scoring_rule) if isinstance(indicator, UnitIndicator) else None
    )
    if criterion is not None and criterion.kind == "manual":
        return _manual(entry, points, criterion)
    if indicator.target.kind == "quantitative":
        return _quantitative(indicator, entry, points, criterion, config)
    if criterion is not None and criterion.kind == "step":
        return _manual(entry, points, Criterion("manual", criterion.text))
    return _qualitative(indicator, entry, points, criterion, config, year)


# --- the form -----------------------------------------------------------------------------------


def allocate(
    form: ProjectForm | UnitForm, evaluation: Evaluation | None, config: ScoringConfig
) -> tuple[dict[int, Decimal], dict[str, Decimal]]:
    """Points per scored indicator (by index) and per level present.

    Rows without a target or outside the configured levels get no points. A level with no
    scored row gives its points to the levels present, in proportion to their own points.
    """
    weights = (
        {a.index: a.weight for a in evaluation.indicators if a.weight is not None}
        if evaluation
        else {}
    )
    by_level: dict[str, list[int]] = {}
    levels: dict[str | None, str | None] = {}  # the same two or three labels on every row
    for index, indicator in enumerate(form.indicators):
        if indicator.target.kind == "missing":
            continue
        label = indicator.level1
        if label in levels:
            level = levels[label]
        else:
            level = levels[label] = config.level_of(label)
        if level is not None:
            by_level.setdefault(level, []).append(index)
    present = [level for level in config.level_points if level in by_level]
    level_totals = _apportion(
        config.indicator_points, tuple(config.level_points[lv] for lv in present)
    )
    points: dict[int, Decimal] = {}
    for level, total in zip(present, level_totals, strict=True):
        rows = by_level[level]
        shares = (
            _apportion(total, tuple(weights.get(i) or ONE for i in rows))
            if weights
            else _even(total, len(rows))
        )
        points.update(zip(rows, shares, strict=True))
    return points, dict(zip(present, level_totals, strict=True))


def _budget(evaluation: Evaluation, config: ScoringConfig) -> tuple[Decimal, Decimal | None]:
    budget = evaluation.budget
    problems: list[_Bad] = []
    if budget.annual is None:
        problems.append(_Bad("budget.annual", "请填写全年预算数"))
    elif budget.annual <= 0:
        problems.append(_Bad("budget.annual", "全年预算数应大于 0，否则无法计算预算执行率"))
    if budget.executed is None:
        problems.append(_Bad("budget.executed", "请填写全年执行数"))
    elif budget.executed < 0:
        problems.append(_Bad("budget.executed", "全年执行数不能为负数"))
    if problems:
        raise _Budget(problems)
    assert budget.annual is not None and budget.executed is not None
    rate = budget.executed / budget.annual
    share = min(rate, config.budget_rate_cap) / config.budget_rate_cap
    score = (config.budget_points * share).quantize(CENT, rounding=ROUND_HALF_UP)
    return score, rate.quantize(_RATE, rounding=ROUND_HALF_UP)


class _Budget(Exception):
    def __init__(self, problems: list[_Bad]) -> None:
        self.problems = problems


def score_form(
    form: ProjectForm | UnitForm,
    evaluation: Evaluation,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> ScoreCard:
    """The score card of one form. Raises ScoringError listing every problem at once."""
    problems: list[Problem] = []
    if evaluation.form_key != form_key(form):
        problems.append(Problem(None, "form_key", "自评数据与申报表不对应（表单标识不同）"))
    entries = {entry.index: entry for entry in evaluation.indicators}
    for entry in evaluation.indicators:
        if entry.index >= len(form.indicators):
            problems.append(Problem(entry.index, "index", f"申报表没有第 {entry.index + 1} 个指标"))
        elif (
            entry.name
            and entry.name != form.indicators[entry.index].name
            and key(entry.name) != key(form.indicators[entry.index].name)
        ):
            printed = form.indicators[entry.index].name or ""
            problems.append(
                Problem(entry.index, "name", f"指标名称“{entry.name}”与申报表的“{printed}”不一致")
            )
    try:
        budget_score, rate = _budget(evaluation, config)
    except _Budget as exc:
        problems.extend(Problem(None, bad.field, bad.message) for bad in exc.problems)
        budget_score, rate = ZERO, None
    points, level_points = allocate(form, evaluation, config)
    year = evaluation.year or form.year
    scores: list[IndicatorScore] = []
    for index, indicator in enumerate(form.indicators):
        entry = entries.get(index) or _BLANK
        share = points.get(index)
        if share is None:
            why = (
                "未设指标值，不计分"
                if indicator.target.kind == "missing"
                else f"一级指标“{indicator.level1 or ''}”不在计分口径内，不计分"
            )
            outcome = _Outcome(ZERO, "不计分", why, "not_scored")
        else:
            try:
                outcome = _score_one(indicator, entry, share, config, year)
            except _Bad as bad:
                problems.append(Problem(index, bad.field, bad.message))
                continue
            if (
                config.reason_required
                and outcome.status == "scored"
                and outcome.score < share
                and not (entry.reason and entry.reason.strip())
            ):
                problems.append(Problem(index, "reason", "该指标未得满分，请填写偏差原因"))
        scores.append(
            IndicatorScore(
                index,
                indicator.level1,
                indicator.level2,
                indicator.name,
                indicator.value,
                entry.actual if entry.actual is not None else entry.tier,
                share or ZERO,
                outcome.score,
                outcome.method,
                outcome.note,
                outcome.status,
                entry.reason,
            )
        )
    if problems:
        raise ScoringError(problems)
    return _card(form, evaluation, config, budget_score, rate, level_points, scores)


_BLANK = IndicatorActual(index=0)
"""Stands in for rows the reporter left out (only its empty fields are read)."""


def _card(
    form: ProjectForm | UnitForm,
    evaluation: Evaluation,
    config: ScoringConfig,
    budget_score: Decimal,
    rate: Decimal | None,
    level_points: dict[str, Decimal],
    scores: list[IndicatorScore],
) -> ScoreCard:
    total = budget_score + sum((s.score for s in scores), ZERO)
    max_points = config.budget_points + sum(level_points.values(), ZERO)
    percent = total * 100 / max_points if max_points else ZERO
    return ScoreCard(
        form_key=evaluation.form_key,
        name=form_name(form),
        department=form.department if isinstance(form, ProjectForm) else form.unit_name,
        year=evaluation.year or form.year,
        budget=evaluation.budget,
        execution_rate=rate,
        budget_points=config.budget_points,
        budget_score=budget_score,
        level_points=level_points,
        indicators=tuple(scores),
        total=total,
        max_points=max_points,
        grade=config.grade(percent),
        complete=all(s.status != "manual_pending" for s in scores),
        deviation_reason=evaluation.deviation_reason,
        improvement=evaluation.improvement,
    )


def score_all(
    forms: Iterable[ProjectForm | UnitForm],
    evaluations: Iterable[Evaluation],
    config: ScoringConfig = DEFAULT_CONFIG,
) -> list[ScoreCard]:
    """Score every form that has an evaluation, matched by form_key, in form order."""
    by_key = {evaluation.form_key: evaluation for evaluation in evaluations}
    return [score_form(f, by_key[form_key(f)], config) for f in forms if form_key(f) in by_key]
