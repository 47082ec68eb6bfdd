"""Converting an actual value into the target's unit, or refusing to.

A target of 500 万元 met by 4,800,000 元 is met; a target in 人 reported in 人次 is a different
quantity and must be rejected, never compared number to number. Conversions are exact
(Decimal factors) within a dimension; anything else is incompatible.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.values import key

_FACTORS: dict[str, tuple[str, Decimal]] = {
    # money, in yuan
    "元": ("money", Decimal(1)),
    "千元": ("money", Decimal(1000)),
    "万元": ("money", Decimal(10000)),
    "亿元": ("money", Decimal(100000000)),
    # shares, in percent
    "%": ("share", Decimal(1)),
    "百分比": ("share", Decimal(1)),
    "百分点": ("share", Decimal(1)),
    "‰": ("share", Decimal("0.1")),
    # durations, in seconds
    "秒": ("time", Decimal(1)),
    "分钟": ("time", Decimal(60)),
    "小时": ("time", Decimal(3600)),
    "天": ("time", Decimal(86400)),
    "日": ("time", Decimal(86400)),
    "周": ("time", Decimal(604800)),
    "个工作日": ("workday", Decimal(1)),
    "工作日": ("workday", Decimal(1)),
    # lengths, areas, masses
    "米": ("length", Decimal(1)),
    "千米": ("length", Decimal(1000)),
    "公里": ("length", Decimal(1000)),
    "平方米": ("area", Decimal(1)),
    "公顷": ("area", Decimal(10000)),
    "平方公里": ("area", Decimal(1000000)),
    "亩": ("area", Decimal(2000) / Decimal(3)),
    "千克": ("mass", Decimal(1)),
    "公斤": ("mass", Decimal(1)),
    "吨": ("mass", Decimal(1000)),
}
_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}


class UnitMismatch(ValueError):
    """The actual value is in a unit that cannot be converted to the target's."""


def _dimension(unit: str) -> tuple[str, Decimal]:
    """(dimension, factor): known units by table; '万人次' as 10,000 × the count unit '人次'."""
    if unit in _FACTORS:
        return _FACTORS[unit]
    if len(unit) > 1 and unit[0] in _MULTIPLIERS and unit[1:] not in _MULTIPLIERS:
        inner, factor = _dimension(unit[1:])
        return inner, factor * _MULTIPLIERS[unit[0]]
    return f"count:{unit}", Decimal(1)


def convert(value: Decimal, unit: str | None, target_unit: str | None) -> Decimal:
    """``value`` in ``unit`` expressed in ``target_unit``.

    A missing unit on either side means "the same unit" (a reporter who types 95 against
    ≥90% means 95%). Raises UnitMismatch with a Chinese message otherwise.
    """
    if not unit or not target_unit or unit == target_unit:
        return value
    have, want = key(unit), key(target_unit)
    if have == want:
        return value
    have_dim, have_factor = _dimension(have)
    want_dim, want_factor = _dimension(want)
    if have_dim != want_dim:
        raise UnitMismatch(
            f"实际完成值的单位“{unit}”与指标值的单位“{target_unit}”不同且无法换算，"
            f"请按“{target_unit}”填写"
        )
    return value * have_factor / want_factor
