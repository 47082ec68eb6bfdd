"""Time targets ("2023年12月底前", "4季度前", "每月") and whether a reported date meets them.

A time target is either a *deadline* (met when the work was completed on or before a date) or a
*periodic* duty (每月/每季度/每半年/每年: met when every period of the year has a completion
date). Texts that name no time (及时, 按期完成) are not time targets: they are scored as
qualitative indicators by the reporter's tier. Parsing is cached: the same few texts recur.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from jixiao.model.values import key, parse_date

Period = Literal["month", "quarter", "half", "year"]
PERIODS_PER_YEAR: dict[Period, int] = {"month": 12, "quarter": 4, "half": 2, "year": 1}
PERIOD_NAMES: dict[Period, str] = {"month": "月", "quarter": "季度", "half": "半年", "year": "年"}

_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_BEFORE = r"(?P<before>底前|末前|前|之前|以前|底|末)?"
_DONE = r"(?:完成|竣工|前完成|内完成|到位)?"
_YEAR = r"(?:(?P<year>\d{4})年|当年|本年|年内)?"
_MONTH = re.compile(rf"^{_YEAR}(?P<month>\d{{1,2}})月(?:份)?{_BEFORE}{_DONE}$")
_QUARTER = re.compile(rf"^{_YEAR}第?(?P<q>[1-4一二三四])季度?{_BEFORE}{_DONE}$")
_YEAR_ONLY = re.compile(rf"^(?P<year>\d{{4}})年(?:度)?{_BEFORE}{_DONE}$")
_MONTH_RANGE = re.compile(r"^(?P<m1>\d{1,2})-(?P<m2>\d{1,2})月$")
_DAY_RANGE = re.compile(r"^(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日?-(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日$")
_WHOLE_YEAR = re.compile(r"^(?:全年|年内|年底前|年末前|当年|本年度)(?:完成)?$")
_PERIODIC = re.compile(r"^每(?P<p>月|季度|季|半年|年)")
_PERIODIC_NAMES: dict[str, Period] = {
    "月": "month",
    "季度": "quarter",
    "季": "quarter",
    "半年": "half",
    "年": "year",
}


@dataclass(frozen=True, slots=True)
class TimeTarget:
    """A parsed time target; ``deadline`` for deadlines, ``period`` for periodic duties."""

    deadline: date | None = None
    period: Period | None = None

    def describe(self) -> str:
        if self.deadline is not None:
            return f"{self.deadline.isoformat()}（含）前完成"
        assert self.period is not None
        return f"每{PERIOD_NAMES[self.period]}完成（全年 {PERIODS_PER_YEAR[self.period]} 期）"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_STRICT = frozenset({"前", "之前", "以前"})


def _deadline(year: int, month: int, before: str | None, end_of_period: bool) -> date:
    """End of the named month; a bare '前' read strictly means before the month begins."""
    if before in _STRICT and not end_of_period:
        return date(year, month, 1) - timedelta(days=1)
    return _month_end(year, month)


def parse_time_target(value: str | None, year: int, end_of_period: bool = True) -> TimeTarget | None:
    """The time target of an indicator value, or None when the text names no time."""
    return _parse(value, year, end_of_period) if value else None


@lru_cache(maxsize=4096)
def _parse(value: str, year: int, end_of_period: bool) -> TimeTarget | None:
    text = key(value)
    if match := _PERIODIC.match(text):
        return TimeTarget(period=_PERIODIC_NAMES[match.group("p")])
    if _WHOLE_YEAR.match(text):
        return TimeTarget(deadline=date(year, 12, 31))
    if match := _MONTH.match(text):
        month = int(match.group("month"))
        if 1 <= month <= 12:
            at = int(match.group("year") or year)
            return TimeTarget(deadline=_deadline(at, month, match.group("before"), end_of_period))
        return None
    if match := _QUARTER.match(text):
        quarter = _CN_DIGIT[match.group("q")]
        at = int(match.group("year") or year)
        if match.group("before") in _STRICT and not end_of_period:
            return TimeTarget(deadline=date(at, 3 * quarter - 2, 1) - timedelta(days=1))
        return TimeTarget(deadline=_month_end(at, 3 * quarter))
    if match := _YEAR_ONLY.match(text):
        at = int(match.group("year"))
        if match.group("before") in _STRICT and not end_of_period:
            return TimeTarget(deadline=date(at - 1, 12, 31))
        return TimeTarget(deadline=date(at, 12, 31))
    if match := _MONTH_RANGE.match(text):
        month = int(match.group("m2"))
        return TimeTarget(deadline=_month_end(year, month)) if 1 <= month <= 12 else None
    if match := _DAY_RANGE.match(text):
        try:
            return TimeTarget(deadline=date(year, int(match.group("m2")), int(match.group("d2"))))
        except ValueError:
            return None
    return None


_DATE_LIST_SPLIT = re.compile(r"[;；,，、\s]+")
_PARTIAL_DATE = re.compile(r"^(\d{4})[-./年](\d{1,2})月?$")
_COUNT = re.compile(r"^(\d{1,3})(?:个月|个季度|个|期|次)?$")


class TimeValueError(ValueError):
    """The reported completion is not a date (or list of dates) we can read."""


def read_dates(text: str) -> list[date]:
    """Dates from '2023-11-30', '2023年11月30日', '2023-11' (end of month), separated by ；、,."""
    dates: list[date] = []
    for part in _DATE_LIST_SPLIT.split(key(text)):
        if not part:
            continue
        parsed = parse_date(part)
        if parsed is None and (match := _PARTIAL_DATE.match(part)):
            year, month = int(match.group(1)), int(match.group(2))
            parsed = _month_end(year, month) if 1 <= month <= 12 else None
        if parsed is None:
            raise TimeValueError(f"“{part}”不是日期，请填写如 2023-11-30")
        dates.append(parsed)
    return dates


def period_of(day: date, period: Period) -> int:
    if period == "month":
        return day.month
    if period == "quarter":
        return (day.month - 1) // 3 + 1
    if period == "half":
        return 1 if day.month <= 6 else 2
    return 1


def judge(target: TimeTarget, actual: str, year: int) -> tuple[bool, str]:
    """(met, explanation). Deadlines take the completion date; periodic duties take every date
    the duty was done (or the number of periods done). Raises TimeValueError on unreadable text."""
    text = key(actual)
    if target.deadline is not None:
        dates = read_dates(text)
        if not dates:
            raise TimeValueError("请填写实际完成日期，如 2023-11-30")
        done = max(dates)
        met = done <= target.deadline
        relation = "≤" if met else ">"
        return met, f"完成于 {done.isoformat()} {relation} 期限 {target.deadline.isoformat()}"
    assert target.period is not None
    needed = PERIODS_PER_YEAR[target.period]
    name = PERIOD_NAMES[target.period]
    if match := _COUNT.match(text):
        count = int(match.group(1))
        return count >= needed, f"完成 {count} 期，应完成 {needed} 期（每{name}）"
    dates = read_dates(text)
    covered = {period_of(d, target.period) for d in dates if d.year == year}
    missing = [p for p in range(1, needed + 1) if p not in covered]
    if not missing:
        return True, f"{year}年每{name}均有完成日期（{len(covered)}/{needed} 期）"
    return False, f"{year}年缺第 {'、'.join(map(str, missing))} 期（每{name}），{len(covered)}/{needed} 期"
