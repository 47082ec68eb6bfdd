"""Unit-form 评(扣)分标准 → scoring rules (acceptance 4), on the seed unit form's real texts."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from evaluate.fill import evaluation_for
from evaluate.forms import evaluation, unit
from jixiao.evaluate.config import ScoringConfig
from jixiao.evaluate.criteria import parse_criterion
from jixiao.evaluate.scoring import ScoringError, score_form
from jixiao.model.forms import UnitForm

D = Decimal


def test_every_seed_text_has_a_recognised_shape(unit_form: UnitForm) -> None:
    texts = [i.scoring_rule for i in unit_form.indicators if i.scoring_rule]
    kinds = Counter(parse_criterion(text).kind for text in texts)  # type: ignore[union-attr]
    # 8 数量 + 9 质量 rates and 2 满意度 rows say 按线性扣分 (19); 9 时效 rows 视偏差情况扣分;
    # the 定性 数量 row, 8 效益 rows and the 生态 row say 否则不得分 (10); 7 投入管理 rows print none
    assert kinds == {"linear": 19, "deviation": 9, "all_or_nothing": 10}
    assert len(texts) == 38


def test_seed_texts_thresholds(unit_form: UnitForm) -> None:
    by_name = {i.name: parse_criterion(i.scoring_rule) for i in unit_form.indicators if i.scoring_rule}
    satisfaction = by_name["企业商户等满意度"]
    assert satisfaction is not None and satisfaction.kind == "linear"
    assert (satisfaction.threshold, satisfaction.threshold_unit) == (D(90), "%")
    # printed without 达到: '风险隐患排查整治整改通过率100%，得满分，否则按线性扣分'
    rectified = by_name["风险隐患排查整治整改通过率"]
    assert rectified is not None and (rectified.kind, rectified.threshold) == ("linear", D(100))
    accidents = by_name["重特大事故发生率"]
    assert accidents is not None and accidents.kind == "all_or_nothing"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("完成率达到95%，得满分，否则按线性扣分", "linear"),
        ("按期完成得满分，否则不得分", "all_or_nothing"),
        ("按计划完成得满分，否则视偏差情况扣分", "deviation"),
        ("完成率每少1个百分点扣0.5分，扣完为止", "step"),
        ("每低于目标值 2 个百分点扣 1 分，扣完为止", "step"),
        ("由评审专家综合评定", "manual"),
        ("得满分", "manual"),
    ],
)
def test_shapes(text: str, kind: str) -> None:
    parsed = parse_criterion(text)
    assert parsed is not None and parsed.kind == kind


def test_blank_rule_means_default_formulas() -> None:
    assert parse_criterion(None) is None and parse_criterion("  ") is None


def _one(value: str, direction: str | None, measure: str | None, rule: str, entry: dict[str, object],
         config: ScoringConfig | None = None) -> Decimal:
    form = unit([("产出指标", "指标", value, direction, measure, rule)])
    card = score_form(form, evaluation(form, [entry]), config or ScoringConfig())
    assert card.indicators[0].points == D(90)  # the only level: all 90 points
    return card.indicators[0].score


LINEAR = "满意度达到90%，得满分，否则按线性扣分"


def test_linear_reaching_threshold() -> None:
    assert _one("90", "=", "%", LINEAR, {"actual": "81"}) == D("81.00")  # 90 × 81/90
    # "达到90%" means reaching it: 95 % is full although the direction printed is "="
    assert _one("90", "=", "%", LINEAR, {"actual": "95"}) == D("90.00")


def test_all_or_nothing_quantitative_and_qualitative() -> None:
    rule = "特困人员政策享受率达到100%，得满分，否则不得分"
    assert _one("100", "=", "%", rule, {"actual": "100"}) == D("90.00")
    assert _one("100", "=", "%", rule, {"actual": "99.9"}) == D("0.00")  # not 89.91
    rule = "营商环境得到改善，得满分，否则不得分"
    assert _one("改善", None, None, rule, {"tier": "达成"}) == D("90.00")
    assert _one("改善", None, None, rule, {"tier": "部分达成"}) == D("0.00")  # not 63


def test_deviation_uses_the_tier() -> None:
    rule = "部门按照工作计划时间节点及时完成，得满分，否则视偏差情况扣分"
    assert _one("及时", None, None, rule, {"tier": "部分达成", "partial_ratio": "0.8"}) == D("72.00")  # 90 × 0.8


STEP = "完成率每少1个百分点扣10分，扣完为止"


def test_step_deduction_counts_whole_steps_by_default() -> None:
    # 95 − 92.5 = 2.5 points short → 2 whole steps × 10 = 20 → 90 − 20 = 70
    assert _one("95", "≥", "%", STEP, {"actual": "92.5"}) == D("70.00")
    assert _one("95", "≥", "%", STEP, {"actual": "92.5"}, ScoringConfig(step_rounding="ceil")) == D("60.00")  # 3 steps
    assert _one("95", "≥", "%", STEP, {"actual": "92.5"}, ScoringConfig(step_rounding="exact")) == D("65.00")  # 2.5 × 10
    # 15 points short → 150 > 90: 扣完为止, never below 0
    assert _one("95", "≥", "%", STEP, {"actual": "80"}) == D("0.00")
    assert _one("95", "≥", "%", STEP, {"actual": "96"}) == D("90.00")


def test_unrecognised_rule_is_flagged_for_manual_scoring() -> None:
    rule = "由评审专家综合评定"
    form = unit([("产出指标", "指标", "100", "=", "%", rule)])
    card = score_form(form, evaluation(form, [{"actual": "100"}]))
    assert card.indicators[0].status == "manual_pending" and not card.complete
    assert card.indicators[0].method == "评分标准无法自动识别，需人工评分"
    assert _one("100", "=", "%", rule, {"manual_score": "70"}) == D("70.00")
    with pytest.raises(ScoringError, match="超过分值"):
        _one("100", "=", "%", rule, {"manual_score": "95"})


def test_seed_unit_form_scores_fully_when_every_target_met(unit_form: UnitForm) -> None:
    card = score_form(unit_form, evaluation_for(unit_form))
    assert card.total == D("100.00") and card.complete
    methods = Counter(s.method for s in card.indicators if s.status == "scored")
    assert methods["达到目标得满分，否则按线性扣分"] == 19
