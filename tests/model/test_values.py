"""Normalisers: the contract's spacing rule, exact money, printed date styles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.values import AmountError, key, normalize_text, parse_amount, parse_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("产出 指标", "产出指标"),
        ("435. 5435", "435.5435"),
        ("=90 (%)", "=90(%)"),
        ("(2023 年-2023 年)", "(2023年-2023年)"),
        ("2023. 1. 1", "2023.1.1"),
        (
            "政府投资项目完成率达到100%, 得满分, 否则按线性扣分",
            "政府投资项目完成率达到100%, 得满分, 否则按线性扣分",
        ),
        ("Windows 10 系统", "Windows 10系统"),
        ("“悦享”TOP 线上", "“悦享”TOP线上"),
        ("  \t ", None),
        ("", None),
        ("服务对象　满意度", "服务对象满意度"),
    ],
)
def test_spacing_rule(raw: str, expected: str | None) -> None:
    assert normalize_text(raw) == expected


@given(st.text(max_size=60))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_key_ignores_width_and_spaces() -> None:
    assert key("其中：财政资金") == key("其中: 财政资金") == "其中:财政资金"


@pytest.mark.parametrize(
    ("text", "unit", "expected", "rounded"),
    [
        ("6,745,000.00", "元", "6745000.00", False),
        ("0.355542", "万元", "3555.42", False),
        ("435. 5435", "万元", "4355435.00", False),
        ("10. 4", "万元", "104000.00", False),
        ("29.755485", "万元", "297554.85", False),
        ("1.2345678", "万元", "12345.68", True),
        ("672063140", "元", "672063140.00", False),
    ],
)
def test_amounts_are_exact_decimals(text: str, unit: str, expected: str, rounded: bool) -> None:
    value, was_rounded = parse_amount(text, unit)
    assert value == Decimal(expected) and str(value) == expected
    assert was_rounded is rounded


def test_blank_amount_is_none_and_words_are_errors() -> None:
    assert parse_amount("  ") == (None, False)
    assert parse_amount(None) == (None, False)
    with pytest.raises(AmountError):
        parse_amount("约五十万")


@pytest.mark.parametrize(
    "text", ["2023-1-1", "2023-01-01", "2023.01.01", "2023. 1. 1", "2023/1/1", "2023年1月1日"]
)
def test_printed_date_styles(text: str) -> None:
    assert parse_date(text) == date(2023, 1, 1)


def test_unreadable_dates_are_none() -> None:
    assert parse_date("2023-13-45") is None
    assert parse_date("全年") is None
