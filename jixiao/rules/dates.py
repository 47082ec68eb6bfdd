"""DAT — dates and years (日期与年度): the header year “(2023年度)”, the planned start and end
dates, the 项目总目标 period “(2023年-2023年)” and the dates written into goals and time targets
must tell one story: the budget year lies in the plan period, and the targets of the year are
neither already past (copied from an old form) nor after the plan ends.

Dates in indicator values are read from the printed text: “2022年竣工”, “2023年12月底前”,
“2023.12.31前”. A year used as a baseline (“较2022年提升”, “在2022年基础上”) is not a deadline.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from jixiao.model.forms import ProjectForm
from jixiao.model.values import key
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import Corpus, FormView

# Years further than this from the budget year are history (“重现1927年-1949年”), not targets.
YEAR_WINDOW = 10
# DAT008: a batch is a file with at least this many forms, this share of them in one year.
BATCH_MIN_FORMS = 5
BATCH_MIN_SHARE = 0.8

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[年./-](\d{1,2})[月./-](\d{1,2})日?")
_YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?:(\d{1,2})月)?")
_ISO_VALUE = re.compile(
    r"^(?:于|在)?((?:19|20)\d{2})[-./](\d{1,2})(?:[-./](\d{1,2}))?日?"
    r"(?:前|之前|以前|底前|内|以内)?(?:完成|竣工|完工)?$"
)
_ISO_HEADS = frozenset({"19", "20", "于1", "于2", "在1", "在2"})
# A year used as a comparison base or a starting point, not as a deadline.
_BASELINE = re.compile(r"较|相比|同比|对比|比上|基础|水平|同期|以来|起|自|开始|截至|截止")
_DEADLINE = re.compile(
    r"前|底|末|竣工|完工|完成|建成|交付|验收|投入使用|启用|上线|开工|实现|内|结束"
)
TIME_NAME_WORDS = ("及时", "时间", "时限", "期限", "进度", "完成", "竣工", "完工", "节点")
TIME_LEVEL2 = "时效指标"
# Annual goal phrases that state the year's own plan or deadline.
_GOAL_PLAN = re.compile(r"计划(?:于|在)?((?:19|20)\d{2})年")
_GOAL_BY = re.compile(
    r"((?:19|20)\d{2})年[^，,。；;！!？?]{0,8}?(?:前|之前|以前)"
    r"(?:完成|竣工|完工|建成|实现|交付|投入使用)"
)
_GOAL_YEARLY = re.compile(r"((?:19|20)\d{2})年度")
_BASE_BEFORE = re.compile(r"较|比|截至|截止|自|相比")
_BASE_AFTER = re.compile(r"^.{0,6}?(?:基础|水平|同期|以来|相比|起|的基础)")
# Settling an earlier year's work is a legitimate task of this year (“支付2022年度工程尾款”).
_SETTLEMENT = re.compile(r"尾款|结算|审计|欠款|决算|结转|遗留|质保")
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


@dataclass(frozen=True, slots=True)
class Period:
    """A period printed as text: first and last day; ``exact`` when full dates were printed."""

    start: date
    end: date
    exact: bool


def goal_period(text: str | None) -> Period | None:
    """The 项目总目标 period: “2023年-2023年”, “2023年1月1日-2023年12月31日”, “2023-2025年”.

    Year-only periods run from 1 January of the first year to 31 December of the last; text
    with no year or more than two years is not a period (None). Periods repeat across forms,
    so they are memoised.
    """
    if not text:
        return None
    return _goal_period(text)


@lru_cache(maxsize=4096)
def _goal_period(text: str) -> Period | None:
    cleaned = key(text)
    if not cleaned:
        return None
    full = _FULL_DATE.findall(cleaned)
    if len(full) == 2:
        try:
            first = date(*(int(part) for part in full[0]))
            last = date(*(int(part) for part in full[1]))
        except ValueError:
            pass
        else:
            return Period(first, last, True)
    years = [int(y) for y in _YEAR.findall(cleaned)]
    if len(years) == 1:
        return Period(date(years[0], 1, 1), date(years[0], 12, 31), False)
    if len(years) == 2:
        return Period(date(years[0], 1, 1), date(years[1], 12, 31), False)
    return None


def _span(period: Period) -> str:
    if period.exact:
        return f"{period.start}至{period.end}"
    if period.start.year == period.end.year:
        return f"{period.start.year}年"
    return f"{period.start.year}年至{period.end.year}年"


@lru_cache(maxsize=16384)
def _value_points(
    text: str, kind: str, level2: str, name: str
) -> tuple[tuple[int, int | None], ...]:
    """The (year, month) deadlines printed in a time-target value; () when it holds none.

    Values, names and levels repeat across forms, so the reading is memoised on them.
    """
    if not text:
        return ()
    if "年" not in text:
        iso = _ISO_VALUE.match(text) if text[:2] in _ISO_HEADS else None
        if iso is None or _BASELINE.search(text):
            return ()
        iso_month = int(iso.group(2))
        return ((int(iso.group(1)), iso_month if 1 <= iso_month <= 12 else None),)
    if kind != "qualitative" or _BASELINE.search(text):
        return ()
    timely = (
        level2 == TIME_LEVEL2
        or _DEADLINE.search(text) is not None
        or any(word in name for word in TIME_NAME_WORDS)
    )
    if not timely:
        return ()
    points: list[tuple[int, int | None]] = []
    for match in _YEAR_MONTH.finditer(text):
        month = int(match.group(2)) if match.group(2) else None
        points.append((int(match.group(1)), month if month and 1 <= month <= 12 else None))
    return tuple(points)


@lru_cache(maxsize=65536)
def _dated(value: str) -> bool:
    """Whether a value may print a date (“年”, or an ISO date “2023-12-31”); values repeat."""
    return "年" in value or value[:2] in _ISO_HEADS


@lru_cache(maxsize=16384)
def _name_years(name: str) -> tuple[int, ...]:
    """The years printed in an indicator name, () when it is a baseline or settlement name."""
    if _BASELINE.search(name) or _SETTLEMENT.search(name):
        return ()
    return tuple(int(match.group(1)) for match in _NAME_YEAR.finditer(name))


def _near(year: int, budget_year: int) -> bool:
    return abs(year - budget_year) <= YEAR_WINDOW


def _plan_span(start: date | None, end: date | None) -> tuple[int, int] | None:
    if start is not None and end is not None:
        return (start.year, end.year) if end >= start else None
    if start is not None:
        return start.year, 9999
    if end is not None:
        return 0, end.year
    return None


def _plan_years(form: ProjectForm) -> tuple[int, int] | None:
    """The calendar years of the planned dates (one date alone stands for both ends)."""
    return _plan_span(form.start_date, form.end_date)


_NONE: tuple[Hit, ...] = ()
_Header = tuple[tuple[Hit, ...], tuple[Hit, ...], tuple[Hit, ...]]
_NO_HEADER: _Header = (_NONE, _NONE, _NONE)


@lru_cache(maxsize=4096)
def _header(year: int | None, start: date | None, end: date | None, text: str | None) -> _Header:
    """DAT001–DAT003 of a project form: they read only its year, dates and goal period."""
    period = goal_period(text)
    dat001: tuple[Hit, ...] = _NONE
    if year is not None:
        plan = _plan_span(start, end)
        if plan is not None:
            if not plan[0] <= year <= plan[1]:
                dat001 = (
                    Hit(
                        f"申报年度为{year}年，但计划实施期{start or '（未填）'}至"
                        f"{end or '（未填）'}不含该年度",
                        ("year",),
                        evidence=f"({year}年度)",
                    ),
                )
        elif (
            (start is None or end is None)  # both set but reversed: DAT002
            and period is not None
            and not period.start.year <= year <= period.end.year
        ):
            dat001 = (
                Hit(
                    f"申报年度为{year}年，但项目总目标期间为{text}，不含该年度",
                    ("year",),
                    evidence=f"({year}年度)",
                ),
            )
    dat002: list[Hit] = []
    if start is not None and end is not None and end < start:
        dat002.append(
            Hit(
                f"计划完成日期{end}早于计划开始日期{start}",
                ("end_date",),
                evidence=f"{start}~{end}",
            )
        )
    if period is not None and period.end < period.start:
        dat002.append(
            Hit(
                f"项目总目标期间“{text}”的终点早于起点",
                ("overall_goal_period",),
                evidence=text,
            )
        )
    dat003: tuple[Hit, ...] = _NONE
    if (
        start is not None
        and end is not None
        and period is not None
        and not period.end < period.start
        and not end < start
    ):
        plan_text = f"{start}至{end}"
        if (period.start.year, period.end.year) != (start.year, end.year):
            dat003 = (
                Hit(
                    f"项目总目标期间为{_span(period)}，计划实施期为{plan_text}，年份不一致",
                    ("overall_goal_period",),
                    evidence=text,
                ),
            )
        elif period.exact and (period.start, period.end) != (start, end):
            dat003 = (
                Hit(
                    f"项目总目标期间为{_span(period)}，计划实施期为{plan_text}，起止日期不一致",
                    ("overall_goal_period",),
                    evidence=text,
                    severity="info",
                ),
            )
    return dat001, tuple(dat002), dat003


@lru_cache(maxsize=4096)
def _goal_hit(goal: str, year: int) -> tuple[Hit, ...]:
    """DAT006 on one annual goal text (goals repeat across forms)."""
    if not any(str(past) in goal for past in range(year - YEAR_WINDOW, year)):
        return _NONE
    text = key(goal)
    for pattern in (_GOAL_PLAN, _GOAL_BY, _GOAL_YEARLY):
        for match in pattern.finditer(text):
            found = int(match.group(1))
            if found >= year or not _near(found, year):
                continue
            if _baseline_context(text, match.start(), match.end()):
                continue
            snippet = text[max(0, match.start() - 6) : match.end() + 12]
            return (
                Hit(
                    f"年度目标以{found}年为计划年份，而申报年度为{year}年：“{snippet}”",
                    ("annual_goal",),
                    evidence=snippet,
                ),
            )
    return _NONE


def _baseline_context(text: str, start: int, end: int) -> bool:
    return bool(
        _BASE_BEFORE.search(text[max(0, start - 3) : start])
        or _BASE_AFTER.match(text[end : end + 8])
        or _SETTLEMENT.search(text[max(0, start - 6) : end + 10])
    )


# What DAT001–DAT007 found on one form, by rule (index 0 is DAT001).
_Found = tuple[Sequence[Hit], ...]
_EMPTY: _Found = (_NONE,) * 7
# The rules of this module share one pass per form, kept in the view's cache.


def _found(view: FormView) -> _Found:
    cached: _Found | None = view.cache.get(__name__)
    if cached is not None:
        return cached
    form = view.form
    year = form.year
    if isinstance(form, ProjectForm):
        end = form.end_date
        dat001, dat002, dat003 = _header(year, form.start_date, end, form.overall_goal_period)
    else:
        end = None
        dat001, dat002, dat003 = _NO_HEADER
    if year is None:
        found: _Found = (dat001, dat002, dat003, _NONE, _NONE, _NONE, _NONE)
        view.cache[__name__] = found
        return found
    dat004: list[Hit] = []
    dat005: list[Hit] = []
    dat007: list[Hit] = []
    low, high = year - YEAR_WINDOW, year + YEAR_WINDOW
    for row in view.rows:
        value = row.value
        if _dated(value):
            points = _value_points(value, row.target.kind, row.level2, row.name)
            if points:
                near = [p for p in points if low <= p[0] <= high]
                if near:
                    if max(p[0] for p in near) < year:
                        dat004.append(
                            Hit(
                                f"“{row.raw_name}”的指标值“{row.raw_value}”早于申报年度{year}年，"
                                "时间目标已过期",
                                ("indicators", row.index, "value"),
                                evidence=row.raw_value,
                            )
                        )
                    limit = (end.year, end.month) if end is not None else (year, 12)
                    for point_year, month in near:
                        if point_year > limit[0] or (
                            point_year == limit[0] and month is not None and month > limit[1]
                        ):
                            shown = str(end) if end is not None else f"申报年度{year}年年末"
                            dat005.append(
                                Hit(
                                    f"“{row.raw_name}”的指标值“{row.raw_value}”晚于计划完成日期"
                                    f"（{shown}）",
                                    ("indicators", row.index, "value"),
                                    evidence=row.raw_value,
                                )
                            )
                            break
        name = row.name
        if "年" in name:
            for found_year in _name_years(name):
                if found_year != year and low <= found_year <= high:
                    dat007.append(
                        Hit(
                            f"三级指标“{row.raw_name}”中的年份{found_year}年与申报年度{year}年不同",
                            ("indicators", row.index, "name"),
                            evidence=row.raw_name,
                        )
                    )
                    break
    goal = form.annual_goal
    dat006 = _goal_hit(goal, year) if goal and "年" in goal else _NONE
    found = (dat001, dat002, dat003, dat004, dat005, dat006, dat007)
    view.cache[__name__] = found
    return found


@rule(
    "DAT001",
    "dates.year-outside-plan",
    "申报年度不在计划实施期内",
    severity="error",
    dimension="consistency",
    tags=("date", "header"),
    suggestion="核对表头年度与计划起止日期：表头“(XXXX年度)”应为预算年度，计划实施期应包含该年度；"
    "沿用旧表时请同时更新年度和日期。",
)
def year_outside_plan(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：表头申报年度（“(2023年度)”）应落在计划开始日期至计划完成日期之间；起止日期都未填写时，与项目总目标期间比较。
    为什么重要：申报年度决定表单进入哪一年的预算；实施期不含该年度，说明年度或日期至少一处是沿用旧表未改，绩效目标对应的年度不明。
    不合规示例：表头“(2022年度)”，计划开始日期 2023.01.01，计划完成日期 2023.12.31。
    合规示例：表头“(2023年度)”，计划 2023-01-01 至 2023-12-31；或三年期项目 2022-07-01 至 2025-06-30。
    依据：申报表格式（申报年度与实施期）；财预〔2015〕88号 完整性审核“绩效目标是否明确、清晰”（待核对原文）。
    已知局限：只比较年份；计划完成日期早于开始日期时由 DAT002 报告，本规则不判断。
    """
    return _found(view)[0]


@rule(
    "DAT002",
    "dates.end-before-start",
    "完成日期早于开始日期",
    severity="error",
    dimension="consistency",
    tags=("date", "header"),
    suggestion="改正计划起止日期（或项目总目标期间），完成日期应不早于开始日期。",
)
def end_before_start(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：计划完成日期不得早于计划开始日期；项目总目标期间（如“2023年-2022年”）的终点也不得早于起点。
    为什么重要：倒置的实施期不可能执行，年度比对、时效目标检查都失去依据；多为年份或月日填反。
    不合规示例：计划开始日期 2023-12-31，计划完成日期 2023-01-01。
    合规示例：计划开始日期 2023-01-01，计划完成日期 2023-12-31。
    依据：申报表格式；财预〔2015〕88号 可行性审核“确保绩效目标如期实现”（待核对原文）。
    已知局限：无法识别的日期按空值处理（PRS002 报告），不参与比较。
    """
    return _found(view)[1]


@rule(
    "DAT003",
    "dates.goal-period-vs-plan",
    "项目总目标期间与计划起止日期不一致",
    severity="warning",
    dimension="consistency",
    tags=("date", "goal"),
    suggestion="项目总目标期间应与计划开始、完成日期一致：跨年项目把起止日期填为整个实施期，"
    "一年期项目把总目标期间改为本年度。",
)
def goal_period_vs_plan(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：项目总目标后括号内的期间（如“2022年-2023年”“2023年1月1日-2023年12月31日”）与计划开始、完成日期的年份应一致；印了完整日期而只有月日不同的，作提示。
    为什么重要：项目总目标对应整个实施期，起止日期也是实施期；两者不一致时，无法判断总目标和项目资金总额覆盖哪几年（如总目标 2023年-2028年，起止日期只写 2023 年）。
    不合规示例：项目总目标（2020年-2023年），计划开始日期 2023.01.01，计划完成日期 2023.12.31。
    合规示例：项目总目标（2023年-2023年），计划 2023-01-01 至 2023-12-31。
    依据：申报表格式（项目总目标为实施期目标，年度目标为本年度目标）；D2 行政事业单位绩效目标申报问题：“长期目标与年度目标混淆”（V）。
    已知局限：按年份比较；只有一栏日期或期间无法识别时不判断；期间或日期倒置由 DAT002 报告。
    """
    return _found(view)[2]


@rule(
    "DAT004",
    "dates.stale-time-target",
    "时间目标早于申报年度",
    severity="error",
    dimension="feasibility",
    applies_to=("project", "unit"),
    tags=("date", "indicator"),
    suggestion="年度指标值应是本年度要达到的目标：改为本年度的时间节点（如“2023年12月底前”），"
    "已完成的事项不再作为本年度目标。",
)
def stale_time_target(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：指标值中的时间节点（如“2022年竣工”“2022年12月底前”）早于申报年度。只看表示期限的写法（时效指标、名称含“及时”“完成”等，或值含“前”“底”“竣工”“完成”等）；“较2022年提升”等作比较基数的年份不算。
    为什么重要：年度指标值是本年度要考核的目标；已经过去的时间节点无法作为本年度目标考核，多是沿用上年申报表未更新，目标已失效。
    不合规示例：2023年度“杜行派出所新址修缮工程”时效指标“竣工及时性 2022年竣工”。
    合规示例：2023年度时效指标“竣工及时性 2023年竣工”；效益指标“受理量 较2022年增长5%”。
    依据：财预〔2015〕88号 可行性审核“确保绩效目标如期实现”（待核对原文）；财政支出绩效评价管理暂行办法“合理可行……目标的确定符合客观实际”（V，S5）。
    已知局限：只识别“年”或“年-月-日”格式的年份，不含年份的“12月底前”“第四季度”不判断；与申报年度相差超过 10 年的年份视为历史叙述，不判断。
    """
    return _found(view)[3]


@rule(
    "DAT005",
    "dates.time-target-after-plan",
    "时间目标晚于计划完成日期",
    severity="warning",
    dimension="feasibility",
    applies_to=("project", "unit"),
    tags=("date", "indicator"),
    suggestion="时间节点应在计划实施期内：提前时间目标，或改正计划完成日期。",
)
def time_target_after_plan(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：指标值中的时间节点（年或年月）晚于计划完成日期所在月份；未填计划完成日期的表（及单位整体表）与申报年度年末比较。
    为什么重要：项目在计划完成日期结束，之后的时间目标无法在实施期内考核，说明实施期或时间目标有一处不实。
    不合规示例：计划完成日期 2023-04-30，时效指标“支付完成时间 2023年12月底前”。
    合规示例：计划完成日期 2023-12-31，时效指标“2023年12月底前”。
    依据：财预〔2015〕88号 可行性审核“确保绩效目标如期实现”（待核对原文）。
    已知局限：只比较到月；“年”而无月份的值只比较年份；不含年份的值不判断。
    """
    return _found(view)[4]


@rule(
    "DAT006",
    "dates.annual-goal-past-year",
    "年度目标写的是以前年度",
    severity="warning",
    dimension="feasibility",
    applies_to=("project", "unit"),
    tags=("date", "goal"),
    suggestion="年度目标应写本年度计划完成的内容；更新沿用旧表的年份和目标。",
)
def annual_goal_past_year(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：年度总体目标（单位整体表：年度履职目标）以以前年度作为本年计划，如“计划2022年6月底前完成”“保障2022年度工资福利”出现在2023年度的表中。作比较基数的写法（“较2022年”“在2022年度基础上”）不算；只陈述已完成事项（“2022年12月完成招标”）也不算。
    为什么重要：年度目标应当是本预算年度的目标；写着以前年度的计划，说明目标照抄旧表，本年度实际要完成什么不清楚。
    不合规示例：2023年度表年度总体目标“本项目计划2022年6月底前完成工程的修缮……并投入使用”。
    合规示例：“2022年12月完成工程招标工作，2月底前完成施工合同备案，项目计划2023年完工。”
    依据：财预〔2015〕88号 完整性审核“绩效目标是否明确、清晰”（待核对原文）；D2：“长期目标与年度目标混淆”（V）。
    已知局限：只识别“计划XXXX年”“XXXX年……前完成”“XXXX年度”三种写法；前后有尾款、结算、审计、欠款、决算、结转、质保等字样的（如“支付2022年度工程尾款”）属本年度正当任务，不报告；每张表只报第一处。
    """
    return _found(view)[5]


@rule(
    "DAT007",
    "dates.indicator-name-year",
    "指标名称中的年份与申报年度不同",
    severity="info",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("date", "indicator"),
    suggestion="核对指标名称中的年份：本年度指标一般写本年度，或去掉年份。",
)
def indicator_name_year(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：三级指标名称含有与申报年度不同的年份（如2023年度表中的“2022年度政府实事项目完成率”）。
    为什么重要：名称中的旧年份多是沿用旧表未改，指标考核的对象可能不是本年度的工作。
    不合规示例：2024年度单位整体表“2023年度政府实事项目完成率”。
    合规示例：2024年度单位整体表“2024年度政府实事项目完成率”；“较2023年受理量增长率”。
    依据：系统约定（年份一致性）。
    已知局限：名称含尾款、结算、审计、欠款、决算、结转、质保等字样的不报告；其余以前年份也可能正当（如以前年度立项的工程），故只作提示；作比较基数的年份（较、比、同期等）不报告。
    """
    return _found(view)[6]


@rule(
    "DAT008",
    "dates.year-differs-from-batch",
    "申报年度与同批表单不同",
    severity="warning",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("date", "header"),
    scope="corpus",
    suggestion="核对该表是否为本批次（本年度）的申报表：可能混入了以前年度的旧表。",
)
def year_differs_from_batch(corpus: Corpus, ctx: ReviewContext) -> Iterator[tuple[int, Hit]]:
    """规则说明：同一文件中至少 5 张表、其中八成以上为同一申报年度时，年度不同的表（且其计划起止日期与自身年度并不矛盾）。
    为什么重要：一个批次的申报表属于同一预算年度；年度、日期都是另一年的表，多是误把旧表放进了本批次，其目标和金额不能作为本年度申报。
    不合规示例：闵行区某镇 2023 年度 23 张表中有一张表头“(2022年度)”、计划 2022-01-01 至 2022-12-31。
    合规示例：同批表单均为“(2023年度)”。
    依据：系统约定（批次年度一致）。
    已知局限：按来源文件分批；年度与自身起止日期矛盾的表由 DAT001 报告，本规则不重复；批次表单少于 5 张时不判断。
    """
    by_file: defaultdict[str, list[int]] = defaultdict(list)
    for pos, view in enumerate(corpus.views):
        by_file[view.form.source.file].append(pos)
    for positions in by_file.values():
        years = Counter(
            corpus.views[p].form.year for p in positions if corpus.views[p].form.year is not None
        )
        total = sum(years.values())
        if total < BATCH_MIN_FORMS:
            continue
        common, count = years.most_common(1)[0]
        if count / total < BATCH_MIN_SHARE:
            continue
        for pos in positions:
            form = corpus.views[pos].form
            if form.year is None or form.year == common:
                continue
            if isinstance(form, ProjectForm):
                plan = _plan_years(form)
                if plan is not None and not plan[0] <= form.year <= plan[1]:
                    continue  # DAT001
            yield (
                pos,
                Hit(
                    f"申报年度为{form.year}年，而同一文件中{count}张表为{common}年度",
                    ("year",),
                    evidence=f"({form.year}年度)",
                ),
            )
