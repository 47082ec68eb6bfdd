"""Hand-computed cases for every formula (acceptance 1). The arithmetic is in the comments.

A form whose only level is 产出 gets all 90 indicator points (the missing levels' points are
redistributed), so a single-indicator form scores 90 × ratio on that indicator.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluate.forms import evaluation, project
from jixiao.evaluate.config import ScoringConfig
from jixiao.evaluate.scoring import ScoringError, apportion, ratio, score_form

D = Decimal


def one(value: str, entry: dict[str, object], config: ScoringConfig | None = None, year: int = 2023) -> Decimal:
    form = project([("产出指标", "指标", value)], year=year)
    card = score_form(form, evaluation(form, [entry]), config or ScoringConfig())
    assert card.indicators[0].points == D(90)
    return card.indicators[0].score


# --- ≥ / > ---------------------------------------------------------------------------------------

def test_at_least_below_target() -> None:
    assert one("≥500.00(场)", {"actual": "450"}) == D("81.00")  # 90 × 450/500 = 90 × 0.9


def test_at_least_above_target_is_capped() -> None:
    assert one("≥500.00(场)", {"actual": "600场"}) == D("90.00")  # 600/500 = 1.2 → capped at 1


def test_greater_than_scores_like_at_least() -> None:
    assert one(">90%", {"actual": "81%"}) == D("81.00")  # 90 × 81/90 = 81


def test_at_least_zero_target_met_by_anything_non_negative() -> None:
    assert one("≥0(个)", {"actual": "0"}) == D("90.00")


# --- ≤ / < ---------------------------------------------------------------------------------------

def test_at_most_actual_above_target() -> None:
    assert one("≤3.00(次)", {"actual": "4次"}) == D("67.50")  # 90 × 3/4 = 67.5


def test_at_most_actual_below_target_full() -> None:
    assert one("≤3.00(次)", {"actual": "1"}) == D("90.00")


def test_at_most_converts_days_to_hours() -> None:
    assert one("≤24(小时)", {"actual": "2天"}) == D("45.00")  # 2天 = 48小时; 90 × 24/48 = 45


# --- target 0 ----------------------------------------------------------------------------------------

def test_equal_zero_met_only_by_zero() -> None:
    assert one("=0(起)", {"actual": "0"}) == D("90.00")
    assert one("=0(起)", {"actual": "1起"}) == D("0.00")  # any incident: nothing
    assert one("≤0(起)", {"actual": "0.5"}) == D("0.00")


# --- = -------------------------------------------------------------------------------------------------

def test_equal_below_and_above_target() -> None:
    assert one("=100.00(%)", {"actual": "95%"}) == D("85.50")  # 90 × (1 − |95 − 100|/100) = 90 × 0.95
    assert one("=100.00(%)", {"actual": "105%"}) == D("85.50")  # 90 × (1 − 5/100)
    assert one("=4(个)", {"actual": "1"}) == D("22.50")  # 90 × (1 − 3/4) = 22.5
    assert one("=4(个)", {"actual": "9"}) == D("0.00")  # 1 − 5/4 < 0 → 0


# --- percentages: "100%" (no direction → ≥) vs "=100.00(%)" ------------------------------------------

@pytest.mark.parametrize("actual", ["95%", "95", "=95(%)", "95百分比"])
def test_percent_spellings_agree_below_target(actual: str) -> None:
    assert one("100%", {"actual": actual}) == D("85.50")  # bare number → ≥: 90 × 95/100
    assert one("=100.00(%)", {"actual": actual}) == D("85.50")  # =: 90 × (1 − 5/100)


def test_percent_spellings_differ_above_target() -> None:
    assert one("100%", {"actual": "101%"}) == D("90.00")  # ≥: capped
    assert one("=100.00(%)", {"actual": "101%"}) == D("89.10")  # =: 90 × 0.99


def test_bare_number_direction_is_configurable() -> None:
    assert one("100%", {"actual": "101%"}, ScoringConfig(bare_number_op="=")) == D("89.10")


# --- units --------------------------------------------------------------------------------------------

def test_wan_yuan_target_met_in_yuan() -> None:
    assert one("≥500(万元)", {"actual": "4800000元"}) == D("86.40")  # 480万元; 90 × 480/500 = 86.4
    assert one("≥500(万元)", {"actual": "480"}) == D("86.40")  # no unit: the target's unit
    assert one("≤5000000(元)", {"actual": "600万元"}) == D("75.00")  # 90 × 500/600


def test_wan_prefix_on_count_units() -> None:
    assert one("≥3(万人次)", {"actual": "15000人次"}) == D("45.00")  # 1.5万 / 3万 = 0.5


def test_incompatible_units_rejected() -> None:
    form = project([("产出指标", "物业工作人员计划数", "≥47.00(人)")])
    with pytest.raises(ScoringError) as caught:
        score_form(form, evaluation(form, [{"actual": "50人次"}]))
    (problem,) = caught.value.problems
    assert problem.index == 0 and problem.field == "actual"
    assert "“人次”" in problem.message and "“人”" in problem.message and "无法换算" in problem.message


def test_money_against_percent_rejected() -> None:
    with pytest.raises(ScoringError, match="无法换算"):
        one("=100(%)", {"actual": "100万元"})


def test_non_numeric_actual_rejected() -> None:
    with pytest.raises(ScoringError, match="不是数值"):
        one("≥500(场)", {"actual": "基本完成"})


# --- time targets -------------------------------------------------------------------------------------

def test_deadline_end_of_december() -> None:
    assert one("2023年12月底前", {"actual": "2023-12-20"}) == D("90.00")
    assert one("2023年12月底前", {"actual": "2023年12月31日"}) == D("90.00")
    assert one("2023年12月底前", {"actual": "2024-01-05"}) == D("0.00")


def test_quarter_deadline() -> None:
    # 4季度前 read as "by the end of Q4" (default) → 2023-12-31
    assert one("4季度前", {"actual": "2023-12-31"}) == D("90.00")
    assert one("4季度前", {"actual": "2024-01-01"}) == D("0.00")
    # strict reading: before Q4 begins → 2023-09-30
    strict = ScoringConfig(deadline_end_of_period=False)
    assert one("4季度前", {"actual": "2023-10-15"}, strict) == D("0.00")
    assert one("4季度前", {"actual": "2023-09-30"}, strict) == D("90.00")


def test_monthly_duty_by_dates() -> None:
    every_month = "；".join(f"2023-{m:02d}-25" for m in range(1, 13))
    assert one("每月", {"actual": every_month}) == D("90.00")
    no_march = "；".join(f"2023-{m:02d}-25" for m in range(1, 13) if m != 3)
    form = project([("产出指标", "指标", "每月")])
    card = score_form(form, evaluation(form, [{"actual": no_march}]))
    assert card.indicators[0].score == D("0.00")
    assert "缺第 3 期" in card.indicators[0].note


def test_monthly_duty_by_count_and_quarterly() -> None:
    assert one("每月支付", {"actual": "12个月"}) == D("90.00")
    assert one("每月支付", {"actual": "11"}) == D("0.00")
    assert one("每季度一次", {"actual": "2023-03-01、2023-06-01、2023-09-01、2023-12-01"}) == D("90.00")


def test_time_target_needs_a_date() -> None:
    with pytest.raises(ScoringError, match="不是日期"):
        one("2023年12月底前", {"actual": "已完成"})
    with pytest.raises(ScoringError, match="实际完成日期"):
        one("2023年12月底前", {})


# --- qualitative tiers ----------------------------------------------------------------------------------

def test_tiers() -> None:
    assert one("及时", {"tier": "达成"}) == D("90.00")
    assert one("及时", {"tier": "部分达成"}) == D("63.00")  # default 70 %: 90 × 0.7
    assert one("及时", {"tier": "部分达成", "partial_ratio": "0.6"}) == D("54.00")  # 90 × 0.6
    assert one("及时", {"tier": "未达成"}) == D("0.00")


def test_tier_partial_range_is_configurable() -> None:
    config = ScoringConfig(partial_min=D("0.5"), partial_max=D("0.9"), partial_default=D("0.5"))
    assert one("提升", {"tier": "部分达成"}, config) == D("45.00")  # 90 × 0.5
    with pytest.raises(ScoringError, match="60%–80%"):
        one("提升", {"tier": "部分达成", "partial_ratio": "0.9"})


def test_tier_and_reason_required() -> None:
    form = project([("产出指标", "指标", "及时")])
    with pytest.raises(ScoringError, match="完成程度"):
        score_form(form, evaluation(form, [{"actual": "按时完成"}]))
    with pytest.raises(ScoringError, match="偏差原因"):
        score_form(form, evaluation(form, [{"tier": "未达成", "reason": None}]))


# --- budget execution ----------------------------------------------------------------------------------

def _budget(annual: str, executed: str) -> Decimal:
    form = project([("产出指标", "指标", "及时")])
    return score_form(form, evaluation(form, [{"tier": "达成"}], annual, executed)).budget_score


def test_budget_execution_rate() -> None:
    assert _budget("1000000", "950000") == D("9.50")  # 10 × 950000/1000000
    assert _budget("1000000", "1200000") == D("10.00")  # rate 1.2 capped at 1
    assert _budget("3000000", "1000000") == D("3.33")  # 10 × 0.3333… → 3.33


def test_budget_required_and_positive() -> None:
    with pytest.raises(ScoringError, match="全年预算数应大于 0"):
        _budget("0", "10")


# --- points: levels, redistribution, weights --------------------------------------------------------

def test_default_split_with_all_levels() -> None:
    form = project([("产出指标", "a", "及时"), ("效益指标", "b", "及时"), ("满意度指标", "c", "≥90%")])
    card = score_form(form, evaluation(form, [{"tier": "达成"}, {"tier": "达成"}, {"actual": "90"}]))
    assert [s.points for s in card.indicators] == [D(50), D(30), D(10)]
    assert card.total == D(100) and card.grade == "优"


def test_missing_satisfaction_level_redistributed_proportionally() -> None:
    # 产出 50 and 效益 30 share the 90 points 50:30 → 56.25 and 33.75;
    # 产出 56.25 / 3 = 18.75 each; 效益 33.75 / 2 = 16.875 → 16.88 + 16.87 (largest remainder, first row)
    form = project([("产出指标", "a", "及时"), ("产出指标", "b", "及时"), ("产出指标", "c", "及时"),
                    ("效益指标", "d", "及时"), ("效益指标", "e", "及时")])
    card = score_form(form, evaluation(form, [{"tier": "达成"}] * 5))
    assert card.level_points == {"产出指标": D("56.25"), "效益指标": D("33.75")}
    assert [s.points for s in card.indicators] == [D("18.75")] * 3 + [D("16.88"), D("16.87")]
    assert card.total == D("100.00")


def test_weights_within_a_level() -> None:
    # 产出 50 split 2:1:1 → 25, 12.5, 12.5
    form = project([("产出指标", "a", "及时"), ("产出指标", "b", "及时"), ("产出指标", "c", "及时"),
                    ("效益指标", "d", "及时"), ("满意度指标", "e", "及时")])
    entries: list[dict[str, object]] = [{"tier": "达成", "weight": "2"}, {"tier": "达成"}, {"tier": "达成"},
                                        {"tier": "达成"}, {"tier": "达成"}]
    card = score_form(form, evaluation(form, entries))
    assert [s.points for s in card.indicators] == [D(25), D("12.50"), D("12.50"), D(30), D(10)]


def test_cost_level_scored_as_output_and_rows_without_value_not_scored() -> None:
    form = project([("成本指标", "a", "≤100(万元)"), ("产出指标", "b", ""), ("效益指标", "c", "及时")])
    card = score_form(form, evaluation(form, [{"actual": "100"}, {}, {"tier": "达成"}]))
    # 成本 counts as 产出 (50) and 效益 30 share 90: 56.25 / 33.75
    assert [s.points for s in card.indicators] == [D("56.25"), D(0), D("33.75")]
    assert card.indicators[1].status == "not_scored"


def test_apportion_adds_up_to_the_cent() -> None:
    assert apportion(D(50), [D(1)] * 3) == [D("16.67"), D("16.67"), D("16.66")]
    assert sum(apportion(D(90), [D(1)] * 7)) == D(90)


def test_grades() -> None:
    config = ScoringConfig()
    assert [config.grade(D(x)) for x in ("100", "90", "89.99", "80", "79.99", "60", "59.99")] == [
        "优", "优", "良", "良", "中", "中", "差"
    ]


def test_ratio_directions() -> None:
    assert ratio("≥", D(0), D(-1)) == 0
    assert ratio("<", D(10), D(20)) == D("0.5")
    assert ratio("=", D(0), D(0)) == 1


def test_time_target_without_a_year_is_refused_not_guessed() -> None:
    form = project([("产出指标", "指标", "12月底前")])
    form.year = None
    with pytest.raises(ScoringError, match="需要年度"):
        score_form(form, evaluation(form, [{"actual": "2023-12-01"}]))
    assert score_form(form, evaluation(form, [{"actual": "2023-12-01"}]).model_copy(update={"year": 2023})).total == D(100)
