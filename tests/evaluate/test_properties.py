"""Property tests (acceptance 2): bounds, monotonicity, and the total as the sum of its parts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from evaluate.forms import evaluation, project
from jixiao.evaluate.scoring import ratio, score_form
from jixiao.model.targets import Op

OPS: list[Op] = ["≥", ">", "≤", "<", "="]
amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
signed = st.decimals(min_value=-1000, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(st.sampled_from(OPS), signed, signed)
def test_ratio_within_unit_interval(op: Op, target: Decimal, actual: Decimal) -> None:
    assert 0 <= ratio(op, target, actual) <= 1


@given(st.sampled_from(OPS), amounts, amounts, amounts)
def test_ratio_monotone_in_the_right_direction(op: Op, target: Decimal, a: Decimal, b: Decimal) -> None:
    low, high = min(a, b), max(a, b)
    r_low, r_high = ratio(op, target, low), ratio(op, target, high)
    if op in ("≥", ">"):
        assert r_low <= r_high  # more is better
    elif op in ("≤", "<"):
        assert r_low >= r_high  # less is better
    elif high <= target:
        assert r_low <= r_high  # '=': closer from below is better
    elif low >= target:
        assert r_low >= r_high  # '=': closer from above is better


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(OPS), amounts.filter(lambda x: x > 0), amounts, amounts)
def test_scores_monotone_through_the_form(op: Op, target: Decimal, a: Decimal, b: Decimal) -> None:
    form = project([("产出指标", "x", f"{op}{target}(个)"), ("效益指标", "y", "及时")])

    def score(actual: Decimal) -> Decimal:
        card = score_form(form, evaluation(form, [{"actual": f"{actual}"}, {"tier": "达成"}]))
        return card.indicators[0].score

    low, high = min(a, b), max(a, b)
    if op in ("≥", ">") or (op == "=" and high <= target):
        assert score(low) <= score(high)
    elif op in ("≤", "<") or (op == "=" and low >= target):
        assert score(low) >= score(high)


LEVELS = ["产出指标", "效益指标", "满意度指标", "成本指标", "投入管理指标"]
YEAR_START = date(2023, 1, 1)


@st.composite
def row_and_entry(draw: st.DrawFn) -> tuple[tuple[str, str, str], dict[str, object]]:
    level = draw(st.sampled_from(LEVELS))
    kind = draw(st.sampled_from(["quantitative", "tier", "deadline", "missing"]))
    if kind == "quantitative":
        op = draw(st.sampled_from([*OPS, ""]))
        unit = draw(st.sampled_from(["%", "万元", "人", "小时"]))
        target = draw(amounts)
        actual = draw(amounts)
        actual_unit = {"万元": "元", "小时": "天"}.get(unit, unit) if draw(st.booleans()) else unit
        if actual_unit == "元":
            actual *= 10000
        entry: dict[str, object] = {"actual": f"{actual}{actual_unit}"}
        value = f"{op}{target}({unit})"
    elif kind == "tier":
        value = draw(st.sampled_from(["及时", "提升", "健全"]))
        tier = draw(st.sampled_from(["达成", "部分达成", "未达成"]))
        entry = {"tier": tier}
        if tier == "部分达成":
            entry["partial_ratio"] = draw(st.sampled_from(["0.6", "0.65", "0.7", "0.8"]))
    elif kind == "deadline":
        value = draw(st.sampled_from(["2023年12月底前", "4季度前", "3季度", "11月"]))
        entry = {"actual": (YEAR_START + timedelta(days=draw(st.integers(0, 400)))).isoformat()}
    else:
        value, entry = "", {}
    if draw(st.booleans()):
        entry["weight"] = draw(st.sampled_from(["0.5", "1", "2", "3"]))
    return (level, f"指标{kind}", value), entry


@settings(max_examples=150, deadline=None)
@given(
    st.lists(row_and_entry(), min_size=0, max_size=12),
    amounts.filter(lambda x: x > 0),
    amounts,
)
def test_every_score_bounded_and_total_is_sum(
    rows: list[tuple[tuple[str, str, str], dict[str, object]]], annual: Decimal, executed: Decimal
) -> None:
    form = project([row for row, _ in rows])
    card = score_form(form, evaluation(form, [entry for _, entry in rows], str(annual), str(executed)))
    for s in card.indicators:
        assert 0 <= s.score <= s.points
    assert 0 <= card.budget_score <= card.budget_points
    assert card.total == card.budget_score + sum((s.score for s in card.indicators), Decimal(0))
    scored = [s for s in card.indicators if s.status == "scored"]
    expected_points = Decimal(90) if scored else Decimal(0)
    assert sum((s.points for s in card.indicators), Decimal(0)) == expected_points
    assert card.max_points == card.budget_points + expected_points
    assert 0 <= card.total <= card.max_points


RULES = [
    "完成率达到95%，得满分，否则按线性扣分",
    "完成率达到95%，得满分，否则不得分",
    "按计划完成，得满分，否则视偏差情况扣分",
    "每少1个百分点扣3分，扣完为止",
    "每少0.5个百分点扣0.2分，扣完为止",
]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(RULES), st.sampled_from(["≥", "="]), amounts, amounts)
def test_unit_form_rules_bounded_and_monotone(rule: str, direction: str, a: Decimal, b: Decimal) -> None:
    from evaluate.forms import unit

    form = unit([("产出指标", "完成率", "95", direction, "%", rule), ("效益指标", "b", "提升", None, None, rule)])

    def card(actual: Decimal):  # type: ignore[no-untyped-def]
        return score_form(form, evaluation(form, [{"actual": f"{actual}"}, {"tier": "部分达成"}]))

    low, high = card(min(a, b)), card(max(a, b))
    for c in (low, high):
        for s in c.indicators:
            assert 0 <= s.score <= s.points
        assert c.total == c.budget_score + sum((s.score for s in c.indicators), Decimal(0))
    if direction == "≥" or max(a, b) <= 95:
        assert low.indicators[0].score <= high.indicators[0].score
