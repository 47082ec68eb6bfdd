"""Target parsing: the documented examples, and properties over arbitrary text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.targets import Target, parse_target

CASES = [
    ("≥500.00(场)", "quantitative", "≥", "500.00", "场"),
    ("=100.00%", "quantitative", "=", "100.00", "%"),
    (">95.00(%)", "quantitative", ">", "95.00", "%"),
    ("≤3.00(次)", "quantitative", "≤", "3.00", "次"),
    ("360人", "quantitative", None, "360", "人"),
    ("200元/人/月", "quantitative", None, "200", "元/人/月"),
    ("=0.00(起)", "quantitative", "=", "0.00", "起"),
    ("≥90%", "quantitative", "≥", "90", "%"),
    ("90%", "quantitative", None, "90", "%"),
    ("=100.00(百分比)", "quantitative", "=", "100.00", "百分比"),
    ("≥30000.00(人次)", "quantitative", "≥", "30000.00", "人次"),
    ("7306.20平方米", "quantitative", None, "7306.20", "平方米"),
    ("24小时内", "quantitative", "≤", "24", "小时"),
    ("72小时", "quantitative", None, "72", "小时"),
    ("100%完成考核指标数", "quantitative", None, "100", "%"),
    ("工程计划完成率100%", "quantitative", None, "100", "%"),
    ("109", "quantitative", None, "109", None),
    (">=95%", "quantitative", "≥", "95", "%"),
    ("≥ 500 份", "quantitative", "≥", "500", "份"),
    ("=90（%）", "quantitative", "=", "90", "%"),
    ("及时", "qualitative", None, None, None),
    ("2022年竣工", "qualitative", None, None, None),
    ("11月1日-12月31日", "qualitative", None, None, None),
    ("2023年12月底前", "qualitative", None, None, None),
    ("4季度前", "qualitative", None, None, None),
    ("第一季度", "qualitative", None, None, None),
    ("每季度一次", "qualitative", None, None, None),
    (None, "missing", None, None, None),
    ("  ", "missing", None, None, None),
]


@pytest.mark.parametrize(("text", "kind", "op", "number", "unit"), CASES)
def test_documented_examples(
    text: str | None, kind: str, op: str | None, number: str | None, unit: str | None
) -> None:
    target = parse_target(text)
    assert (target.kind, target.op, target.unit) == (kind, op, unit)
    assert (str(target.number) if target.number is not None else None) == number


def test_leftover_text_is_kept_as_note() -> None:
    assert parse_target("100%完成考核指标数").note == "完成考核指标数"
    assert parse_target("工程计划完成率100%").note == "工程计划完成率"


@given(st.text(max_size=40))
def test_never_raises(text: str) -> None:
    target = parse_target(text)
    assert target.kind in ("quantitative", "qualitative", "missing")


units = st.one_of(st.none(), st.sampled_from(["%", "人", "场", "人次", "平方米", "元/人/月", "个"]))
ops = st.one_of(st.none(), st.sampled_from(["≥", "≤", "=", ">", "<"]))
numbers = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(ops, numbers, units)
def test_format_round_trips(op: str | None, number: Decimal, unit: str | None) -> None:
    target = Target(kind="quantitative", op=op, number=number, unit=unit)  # type: ignore[arg-type]
    assert parse_target(target.format()) == target
