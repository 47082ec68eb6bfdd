"""AMT — amounts (资金金额): the funding block of a project form and the budget of a unit form
add up, the annual application fits in the project total, amounts are positive, plausible and
printed to a sensible precision, and money-valued indicators fit in the funds.

Every amount in the contract is yuan (``Decimal``, two decimals); a blank cell is ``None``. Blank
其他资金 / 上年结转资金 count as 0 (REQ003 reports the blank), a blank total or main part makes a
sum check silent (REQ003 / AMT012 report it): a sum is only judged when its printed parts exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from jixiao.model.forms import ProjectForm, ReadWarning, UnitForm
from jixiao.model.values import key
from jixiao.rules.context import ReviewContext
from jixiao.rules.dates import goal_period
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import FormView, Row

ZERO = Decimal(0)
TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")
# Rounding slack when the reader had to round a sub-cent 万元 amount (amount-rounded): one cent
# per rounded term is enough; otherwise sums must hold to the cent.
ROUNDING_SLACK = Decimal("0.05")
# AMT008 (module constants, not profile thresholds): a project below 1,000 元 is not a budget
# project; one above 100 亿元 on a district/township form is almost surely a unit slip.
SMALL_YUAN = Decimal(1000)
HUGE_YUAN = Decimal(10_000_000_000)

FUNDING_LABELS = {
    "total": "项目资金总额",
    "fiscal": "财政资金",
    "other": "其他资金",
    "annual_total": "年度资金申请总额",
    "annual_appropriation": "当年财政拨款",
    "carryover": "上年结转资金",
    "annual_other": "其他资金（年度）",
}
BUDGET_LABELS = {
    "total": "部门整体预算总额",
    "fiscal": "财政拨款",
    "other": "其他资金",
    "basic": "基本支出",
    "project": "项目支出",
}
# Labels the reader puts at the start of an amount-rounded message, longest first so that
# “其他资金（年度）” is not read as “其他资金”.
_ROUNDED_PREFIXES = sorted(
    [(label, ("funding", name)) for name, label in FUNDING_LABELS.items()]
    + [(f"{name}“", ("budget", name)) for name in BUDGET_LABELS],
    key=lambda item: -len(item[0]),
)
MONEY_FACTORS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": TEN_THOUSAND,
    "亿元": Decimal(100_000_000),
}
_PER_UNIT = re.compile(r"^(?P<money>千元|万元|亿元|元)/(?P<per>[^/]+)$")
COST_NAME_WORDS = ("成本", "经费", "费用", "支出", "资金")
RECURRENT_WORDS = ("经常性",)
LOWER_BOUND_OPS = frozenset({None, "=", "≥", ">"})


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}元"


def _shown(value: Decimal, unit: str | None) -> str:
    """An amount as the form prints it: 万元 forms in 万元 (with the yuan), others in 元."""
    if unit == "万元":
        wan = format((value / TEN_THOUSAND).normalize(), "f")
        return f"{wan}万元（{_yuan(value)}）"
    return _yuan(value)


def _or_zero(value: Decimal | None) -> Decimal:
    return ZERO if value is None else value


def _period_years(form: ProjectForm) -> tuple[int, int] | None:
    """First and last year of the 项目总目标 period text (“2023年-2023年”), if it is readable."""
    period = goal_period(form.overall_goal_period)
    return None if period is None else (period.start.year, period.end.year)


def _single_year(form: ProjectForm) -> int | None:
    """The year of a project planned inside one calendar year (dates and, if printed, period)."""
    start, end = form.start_date, form.end_date
    if not isinstance(start, date) or not isinstance(end, date) or start.year != end.year:
        return None
    if form.year is not None and form.year != start.year:
        return None
    period = _period_years(form)
    if form.overall_goal_period and (period is None or period != (start.year, start.year)):
        return None
    return start.year


_NONE: tuple[Hit, ...] = ()
FUNDING_NAMES = tuple(FUNDING_LABELS)
BUDGET_NAMES = tuple(BUDGET_LABELS)
# What AMT001–AMT014 found on one form, by rule (index 0 is AMT001).
_Found = tuple[Sequence[Hit], ...]
_EMPTY: _Found = (_NONE,) * 14
# The rules of this module share one pass per form, kept in the view's cache (a view lives for
# one review, so for one context: only AMT007 reads it).


def _found(view: FormView, ctx: ReviewContext) -> _Found:
    cached: _Found | None = view.cache.get(__name__)
    if cached is not None:
        return cached
    form = view.form
    rounded: list[ReadWarning] = []
    for warning in form.warnings:
        if warning.code == "amount-rounded":
            rounded.append(warning)
    slack = ROUNDING_SLACK if rounded else ZERO
    found: _Found
    if isinstance(form, ProjectForm):
        found = _project(view, form, ctx, rounded, slack)
    else:
        found = _unit(view, form, rounded, slack)
    view.cache[__name__] = found
    return found


def _project(
    view: FormView,
    form: ProjectForm,
    ctx: ReviewContext,
    rounded: list[ReadWarning],
    slack: Decimal,
) -> _Found:
    money = form.funding
    unit = form.funding_unit
    total = money.total
    fiscal = money.fiscal
    other = money.other
    annual_total = money.annual_total
    annual_appropriation = money.annual_appropriation
    carryover = money.carryover
    annual_other = money.annual_other
    values = (total, fiscal, other, annual_total, annual_appropriation, carryover, annual_other)
    # Without rounded amounts the slack is 0 and “differs by more than it” is plain inequality.
    exact = slack is ZERO
    amt001: tuple[Hit, ...] = _NONE
    if total is not None and fiscal is not None:
        parts = fiscal if other is None else fiscal + other
        if (total != parts) if exact else abs(total - parts) > slack:
            shown_other = "空白（按 0 计）" if other is None else _shown(other, unit)
            amt001 = (
                Hit(
                    f"项目资金总额{_shown(total, unit)}不等于财政资金{_shown(fiscal, unit)}"
                    f"与其他资金{shown_other}之和（相差{_yuan(total - parts)}）",
                    ("funding", "total"),
                    evidence=f"{total}≠{fiscal}+{_or_zero(other)}",
                ),
            )
    amt002: tuple[Hit, ...] = _NONE
    if annual_total is not None and annual_appropriation is not None:
        parts = annual_appropriation
        if carryover is not None:
            parts = parts + carryover
        if annual_other is not None:
            parts = parts + annual_other
        if (annual_total != parts) if exact else abs(annual_total - parts) > slack:
            amt002 = (
                Hit(
                    f"年度资金申请总额{_shown(annual_total, unit)}不等于当年财政拨款"
                    f"{_shown(annual_appropriation, unit)}、上年结转资金"
                    f"{_shown(_or_zero(carryover), unit)}与其他资金"
                    f"{_shown(_or_zero(annual_other), unit)}之和（相差"
                    f"{_yuan(annual_total - parts)}）",
                    ("funding", "annual_total"),
                    evidence=f"{annual_total}≠{annual_appropriation}+"
                    f"{_or_zero(carryover)}+{_or_zero(annual_other)}",
                ),
            )
    amt003: tuple[Hit, ...] = _NONE
    amt004: tuple[Hit, ...] = _NONE
    if total is not None and annual_total is not None:
        if (annual_total > total) if exact else annual_total - total > slack:
            amt003 = (
                Hit(
                    f"年度资金申请总额{_shown(annual_total, unit)}大于项目资金总额"
                    f"{_shown(total, unit)}",
                    ("funding", "annual_total"),
                    evidence=f"{annual_total}>{total}",
                ),
            )
        if (total > annual_total) if exact else total - annual_total > slack:
            year = _single_year(form)
            if year is not None:
                amt004 = (
                    Hit(
                        f"项目实施期在{year}年内，但项目资金总额{_shown(total, unit)}"
                        f"大于年度资金申请总额{_shown(annual_total, unit)}，"
                        f"差额{_yuan(total - annual_total)}不在实施期内",
                        ("funding", "total"),
                        evidence=f"{form.start_date}~{form.end_date}：{total}>{annual_total}",
                    ),
                )
    amt005: Sequence[Hit] = _NONE
    amt006: Sequence[Hit] = _NONE
    amt007: Sequence[Hit] = _NONE
    plain = not rounded  # _plain(values, rounded), inlined: it runs on every form
    if plain:
        for value in values:
            if value is not None and not (value >= ZERO and value.same_quantum(CENT)):
                plain = False
                break
    if not plain:
        amt005, amt006, amt007 = _amounts(
            values,
            FUNDING_NAMES,
            FUNDING_LABELS,
            "funding",
            unit,
            annual_total,
            rounded,
            (form, _wan_limit(ctx)) if unit == "万元" else None,
        )
    else:
        if total == ZERO or annual_total == ZERO:
            amt005 = _zeros(total, annual_total, FUNDING_LABELS, "funding")
        if unit == "万元":
            amt007 = _cents_precision(values, _wan_limit(ctx))
    funds = total if total is not None and total > ZERO else None
    annual_funds = annual_total if annual_total is not None and annual_total > ZERO else None
    # AMT008: the funding size is the total, else the annual total (when positive).
    amount = funds if total is not None else annual_funds
    amt008: tuple[Hit, ...] = _NONE
    if amount is not None and (amount < SMALL_YUAN or amount > HUGE_YUAN):
        where = ("funding", "total" if total is not None else "annual_total")
        label = "项目资金总额" if total is not None else "年度资金申请总额"
        amt008 = _magnitude(amount, unit, where, label)
    amt009: tuple[Hit, ...] = _NONE
    if carryover is not None and carryover > ZERO and form.year is not None:
        amt009 = _carryover(form, carryover)
    # AMT010: the larger positive of the two totals; AMT011: the annual total first.
    amt010: Sequence[Hit] = _NONE
    amt011: Sequence[Hit] = _NONE
    if funds is not None and annual_funds is not None:
        largest = annual_funds if annual_funds > funds else funds  # max(), first of equals
        amt010, amt011 = _rows(view, largest, annual_funds)
    elif funds is not None:
        amt010, amt011 = _rows(view, funds, funds)
    elif annual_funds is not None:
        amt010, amt011 = _rows(view, annual_funds, annual_funds)
    return (
        amt001,
        amt002,
        amt003,
        amt004,
        amt005,
        amt006,
        amt007,
        amt008,
        amt009,
        amt010,
        amt011,
        _NONE,
        _NONE,
        _NONE,
    )


def _unit(view: FormView, form: UnitForm, rounded: list[ReadWarning], slack: Decimal) -> _Found:
    budget = form.budget
    total = budget.total
    fiscal = budget.fiscal
    other = budget.other
    basic = budget.basic
    project = budget.project
    values = (total, fiscal, other, basic, project)
    amt005: Sequence[Hit] = _NONE
    amt006: Sequence[Hit] = _NONE
    if not _plain(values, rounded):
        amt005, amt006, _ = _amounts(
            values, BUDGET_NAMES, BUDGET_LABELS, "budget", "元", None, rounded, None
        )
    elif total == ZERO:
        amt005 = _zeros(total, None, BUDGET_LABELS, "budget")
    amt008: tuple[Hit, ...] = _NONE
    if total is not None and total > ZERO and (total < SMALL_YUAN or total > HUGE_YUAN):
        amt008 = _magnitude(total, "元", ("budget", "total"), "部门整体预算总额")
    amt010: Sequence[Hit] = _NONE
    amt011: Sequence[Hit] = _NONE
    if total is not None and total > ZERO:
        amt010, amt011 = _rows(view, total, total)
    amt012 = tuple(
        Hit(f"“{BUDGET_LABELS[name]}”未填写", ("budget", name))
        for name, value in (
            ("total", total),
            ("fiscal", fiscal),
            ("basic", basic),
            ("project", project),
        )
        if value is None
    )
    amt013: tuple[Hit, ...] = _NONE
    if total is not None and fiscal is not None:
        parts = fiscal + _or_zero(other)
        if abs(total - parts) > slack:
            shown_other = "空白（按 0 计）" if other is None else _yuan(other)
            amt013 = (
                Hit(
                    f"部门整体预算总额{_yuan(total)}不等于财政拨款{_yuan(fiscal)}与其他资金"
                    f"{shown_other}之和（相差{_yuan(total - parts)}）",
                    ("budget", "total"),
                    evidence=f"{total}≠{fiscal}+{_or_zero(other)}",
                ),
            )
    amt014: tuple[Hit, ...] = _NONE
    if total is not None and basic is not None and project is not None:
        parts = basic + project
        if abs(total - parts) > slack:
            amt014 = (
                Hit(
                    f"部门整体预算总额{_yuan(total)}不等于基本支出{_yuan(basic)}与项目支出"
                    f"{_yuan(project)}之和（相差{_yuan(total - parts)}）",
                    ("budget", "total"),
                    evidence=f"{total}≠{basic}+{project}",
                ),
            )
    return (
        _NONE,
        _NONE,
        _NONE,
        _NONE,
        amt005,
        amt006,
        _NONE,
        amt008,
        _NONE,
        amt010,
        amt011,
        amt012,
        amt013,
        amt014,
    )


def _plain(values: tuple[Decimal | None, ...], rounded: list[ReadWarning]) -> bool:
    """Whether every amount is non-negative and in the reader's form (exactly two decimals) and
    none was rounded: then AMT005 can only find zeros and AMT006 nothing (most forms)."""
    if rounded:
        return False
    for value in values:
        if value is not None and not (value >= ZERO and value.same_quantum(CENT)):
            return False
    return True


def _zeros(
    total: Decimal | None, annual: Decimal | None, labels: dict[str, str], group: str
) -> Sequence[Hit]:
    """AMT005 on zero amounts: a zero total, a zero annual total (project forms)."""
    hits: list[Hit] = []
    if total is not None and total == ZERO:
        hits.append(Hit(f"{labels['total']}为 0", (group, "total"), evidence=str(total)))
    if annual is not None and annual == ZERO and (total is None or total > ZERO):
        hits.append(
            Hit(
                "年度资金申请总额为 0：本年度没有申请资金",
                (group, "annual_total"),
                evidence=str(annual),
                severity="warning",
                suggestion="本年度不安排资金的项目一般无需申报年度绩效目标；如有资金请填写金额。",
            )
        )
    return hits or _NONE


def _cents_precision(values: tuple[Decimal | None, ...], limit: int) -> Sequence[Hit]:
    """AMT007 when every funding amount has exactly two decimals and none was rounded."""
    worst_decimals = limit
    worst: tuple[str, Decimal, str] | None = None
    for name, value in zip(FUNDING_NAMES, values, strict=True):
        if value is None:
            continue
        text = str(value)
        if text[-1] != "0":
            decimals = 6
        elif text[-2] != "0":
            decimals = 5
        else:
            decimals = _wan_plain(text)
        if decimals > worst_decimals:
            worst_decimals, worst = decimals, (name, value, text)
            if decimals == 6:
                break  # nothing can beat it
    return _NONE if worst is None else _precision_hit(*worst, worst_decimals, limit)


def _precision_hit(
    name: str, value: Decimal, text: str, decimals: int, limit: int
) -> Sequence[Hit]:
    """The AMT007 hit on ``value`` (printed ``text``); the reader's form is shown in 万元 and
    yuan with integer arithmetic, the same text as ``normalize()`` and ``_yuan`` give."""
    if text[0] != "-" and text[-3:-2] == "." and len(text) <= 20:  # integer arithmetic
        cents = int(text[:-3] + text[-2:])
        whole, part = divmod(cents, 1_000_000)
        fraction = f"{part:06d}".rstrip("0")
        wan_text = f"{whole}.{fraction}" if fraction else str(whole)
        yuan = f"{cents // 100:,}.{text[-2:]}元"
    else:
        wan_text = format((value / TEN_THOUSAND).normalize(), "f")
        yuan = _yuan(value)
    return (
        Hit(
            f"{FUNDING_LABELS[name]}以万元填报，印到小数点后{decimals}位"
            f"（{wan_text}万元，即{yuan}），超过万元表常用的{limit}位",
            ("funding", name),
            evidence=f"{wan_text}万元",
        ),
    )


def _amounts(
    values: tuple[Decimal | None, ...],
    names: tuple[str, ...],
    labels: dict[str, str],
    group: str,
    unit: str | None,
    annual: Decimal | None,
    rounded: list[ReadWarning],
    wan: tuple[ProjectForm, int] | None,
) -> tuple[Sequence[Hit], Sequence[Hit], Sequence[Hit]]:
    """AMT005, AMT006 and (on a 万元 project form, with its threshold) AMT007 in one pass:
    each amount is printed once (``str``) and read from its text."""
    negative: list[Hit] = []
    below: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    for warning in rounded:
        loc: tuple[str, str] | None = None
        for prefix, where in _ROUNDED_PREFIXES:
            if warning.message.startswith(prefix):
                loc = where
                break
        if loc is None:
            loc = (group, "total")
        seen.add(loc)
        below.append(
            Hit(
                f"金额精度低于分，已按分四舍五入：{warning.message}",
                loc,
                evidence=warning.message,
            )
        )
    # AMT007: the field needing most decimals (first of equals); 6 cannot be beaten.
    limit = wan[1] if wan is not None else 6
    worst_decimals = limit
    worst: tuple[str, Decimal, str] | None = None
    rounded_lines = {w.line for w in rounded} if wan is not None and rounded else None
    for name, value in zip(names, values, strict=True):
        if value is None:
            continue
        text = str(value)
        if text[0] == "-" and value < ZERO:
            negative.append(
                Hit(f"{labels[name]}为负数：{_shown(value, unit)}", (group, name), evidence=text)
            )
        if text[-3:-2] == ".":  # exactly two decimals: cent-exact
            if worst_decimals == 6:
                continue
            if text[-1] != "0":
                decimals = 6
            elif text[-2] != "0":
                decimals = 5
            else:
                decimals = _wan_plain(text)
        else:
            if (group, name) not in seen and _below_cent(value):
                below.append(Hit(f"金额精度低于分：{text}元", (group, name), evidence=text))
            if worst_decimals == 6:
                continue
            decimals = _wan_decimals(value) if "E" in text else _wan_plain(text)
            if decimals > 6:
                continue  # below the cent: AMT006
        if decimals > worst_decimals:
            if (
                rounded_lines
                and wan is not None
                and wan[0].lines.get(f"funding.{name}") in rounded_lines
            ):
                continue
            worst_decimals, worst = decimals, (name, value, text)
    negative.extend(_zeros(values[0], annual, labels, group))
    precision = _NONE if worst is None else _precision_hit(*worst, worst_decimals, limit)
    return negative or _NONE, below or _NONE, precision


# The AMT007 threshold of the review context in use (read once per review, not per form).
_LIMIT: tuple[ReviewContext | None, int] = (None, 0)


def _wan_limit(ctx: ReviewContext) -> int:
    global _LIMIT
    if _LIMIT[0] is not ctx:
        _LIMIT = (ctx, int(ctx.threshold("wan_yuan_max_decimals")))
    return _LIMIT[1]


def _wan_plain(text: str) -> int:
    """_wan_decimals of an amount whose ``str`` is ``text`` (plain notation, no exponent)."""
    whole, _, cents = text.partition(".")
    cents = cents.rstrip("0")
    if cents:
        return 4 + len(cents)
    whole = whole.lstrip("-")
    return max(0, 4 - (len(whole) - len(whole.rstrip("0"))))


def _magnitude(
    amount: Decimal, unit: str | None, where: tuple[str, str], label: str
) -> tuple[Hit, ...]:
    """AMT008 on a positive amount below 1,000 元 or above 100 亿元."""
    if amount < SMALL_YUAN:
        hint = "，疑为以万元计的金额填在元表中" if unit == "元" else ""
        return (
            Hit(
                f"{label}仅{_shown(amount, unit)}，金额过小{hint}",
                where,
                evidence=_shown(amount, unit),
            ),
        )
    hint = "，疑为以元计的金额填在万元表中" if unit == "万元" else ""
    return (
        Hit(
            f"{label}达{_shown(amount, unit)}，超过 100 亿元{hint}",
            where,
            evidence=_shown(amount, unit),
            severity="info",
        ),
    )


def _carryover(form: ProjectForm, carryover: Decimal) -> tuple[Hit, ...]:
    """AMT009 on a project form with a positive carry-over and a budget year."""
    if any(word in (form.category or "") + (form.nature or "") for word in RECURRENT_WORDS):
        return _NONE
    start = form.start_date
    if start is None or start.year != form.year:
        return _NONE
    period = _period_years(form)
    if period is not None and form.year is not None and period[0] < form.year:
        return _NONE
    return (
        Hit(
            f"计划开始日期为{start}（申报年度内开始），却填有上年结转资金"
            f"{_shown(carryover, form.funding_unit)}",
            ("funding", "carryover"),
            evidence=str(carryover),
        ),
    )


def _rows(
    view: FormView, funds: Decimal, annual_funds: Decimal
) -> tuple[Sequence[Hit], Sequence[Hit]]:
    """AMT010 (against ``funds``) and AMT011 (against ``annual_funds``): both read only rows
    whose unit is money (元, 万元…) or money per unit (元/场…); most forms have none."""
    money: list[Row] | None = None
    for row in view.rows:
        if "元" in (row.target.unit or ""):
            if money is None:
                money = [row]
            else:
                money.append(row)
    if money is None:
        return _NONE, _NONE
    amt010: list[Hit] = []
    per_unit: list[Row] = []
    for row in money:
        target = row.target
        unit = target.unit or ""
        factor = MONEY_FACTORS.get(unit)
        if factor is None:
            if target.number is not None and "元/" in unit:
                per_unit.append(row)
            continue
        number = target.number
        if (
            number is None
            or target.op not in LOWER_BOUND_OPS
            or not _is_cost_row(row.level1, row.level2, row.name)
        ):
            continue
        amount = number * factor
        if amount > funds:
            amt010.append(
                Hit(
                    f"“{row.raw_name}”的指标值{row.raw_value}（{_yuan(amount)}）"
                    f"超过项目资金{_yuan(funds)}",
                    ("indicators", row.index, "value"),
                    evidence=row.raw_value,
                )
            )
    return amt010, (_unit_costs(view, per_unit, annual_funds) if per_unit else _NONE)


def _unit_costs(view: FormView, per_unit: list[Row], funds: Decimal) -> list[Hit]:
    """AMT011: unit costs times the smallest planned count of the same unit."""
    counts: dict[str, Decimal] = {}
    for row in view.rows:
        target = row.target
        if (
            row.level2 == "数量指标"
            and target.kind == "quantitative"
            and target.number
            and target.op in LOWER_BOUND_OPS
            and target.unit
        ):
            unit = key(target.unit)
            if unit not in counts or target.number < counts[unit]:
                counts[unit] = target.number
    if not counts:
        return []
    hits: list[Hit] = []
    for row in per_unit:
        target = row.target
        if target.number is None or target.op not in LOWER_BOUND_OPS:
            continue
        match = _PER_UNIT.match(key(target.unit))
        if match is None or row.level1 not in ("产出指标", "成本指标"):
            continue
        count = counts.get(match.group("per"))
        if count is None:
            continue
        need = target.number * MONEY_FACTORS[match.group("money")] * count
        if need > funds:
            hits.append(
                Hit(
                    f"“{row.raw_name}”{row.raw_value} × 计划数量{format(count.normalize(), 'f')}"
                    f"{match.group('per')} = {_yuan(need)}，超过资金{_yuan(funds)}",
                    ("indicators", row.index, "value"),
                    evidence=row.raw_value,
                )
            )
    return hits


@rule(
    "AMT001",
    "amounts.total-sum",
    "项目资金总额与其构成不符",
    severity="error",
    dimension="consistency",
    tags=("funding",),
    suggestion="核对项目资金总额：应等于其中财政资金与其他资金之和，改正填错的一栏。",
)
def total_sum(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：项目资金总额应等于“其中：财政资金”与“其他资金”之和（其他资金空白按 0 计）。仅在项目资金总额和财政资金都已填写时判断。
    为什么重要：资金构成是预算安排和事后核算的依据，总额与构成对不上，说明至少有一栏填错，预算无法入库汇总。
    不合规示例：项目资金总额 183.2 万元，财政资金 121.2 万元，其他资金空白。
    合规示例：项目资金总额 183.2 万元，财政资金 121.2 万元，其他资金 62 万元。
    依据：申报表格式（“其中：财政资金”“其他资金”为项目资金总额的构成）；财预〔2015〕88号 绩效目标与资金量“相应匹配”（待核对原文）。
    已知局限：万元金额精度低于分（读取时四舍五入到分，见 AMT006）时允许 5 分以内的差额；总额或财政资金空白时不判断，由 REQ003 报告。
    """
    return _found(view, ctx)[0]


@rule(
    "AMT002",
    "amounts.annual-sum",
    "年度资金申请总额与其构成不符",
    severity="error",
    dimension="consistency",
    tags=("funding",),
    suggestion="核对年度资金申请总额：应等于当年财政拨款、上年结转资金与其他资金之和。",
)
def annual_sum(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：年度资金申请总额应等于“其中：当年财政拨款”“上年结转资金”“其他资金”（右栏）之和，空白的上年结转资金和其他资金按 0 计。仅在年度资金申请总额和当年财政拨款都已填写时判断。
    为什么重要：年度资金是本年预算安排的金额，与其来源对不上，预算批复和执行率都无法核算。
    不合规示例：年度资金申请总额 183.2 万元，当年财政拨款 121.2 万元，上年结转、其他资金均空白。
    合规示例：年度资金申请总额 183.2 万元 = 当年财政拨款 121.2 万元 + 其他资金 62 万元。
    依据：申报表格式（年度资金申请总额下列“其中”各项）；财预〔2015〕88号“相应匹配”（待核对原文）。
    已知局限：年度资金申请总额或当年财政拨款空白时不判断（REQ003 报告）；万元金额精度低于分时允许 5 分以内的差额。
    """
    return _found(view, ctx)[1]


@rule(
    "AMT003",
    "amounts.annual-exceeds-total",
    "年度资金超过项目资金总额",
    severity="error",
    dimension="consistency",
    tags=("funding",),
    suggestion="年度资金申请总额是项目资金总额在本年度的部分，不能更大；核对两栏金额和单位。",
)
def annual_exceeds_total(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：年度资金申请总额不得大于项目资金总额（实施期内全部资金）。
    为什么重要：本年度申请的资金是项目总资金的一部分，超过总额说明总额漏填了本年部分或金额、单位填错。
    不合规示例：项目资金总额 100 万元，年度资金申请总额 120 万元。
    合规示例：三年期项目资金总额 300 万元，年度资金申请总额 100 万元。
    依据：申报表格式（项目资金总额为实施期总额，年度资金为本年度部分）；财预〔2015〕88号“相应匹配”（待核对原文）。
    已知局限：“当年财政拨款 ≤ 财政资金”不单独检查：多年期项目左栏、右栏的口径在各地填法不一，只判断两个总额的大小关系；相等是否合理由 AMT004 判断。
    """
    return _found(view, ctx)[2]


@rule(
    "AMT004",
    "amounts.single-year-total",
    "一年期项目的总额与年度资金不一致",
    severity="warning",
    dimension="consistency",
    tags=("funding", "date"),
    suggestion="实施期只在本年度内的项目，项目资金总额应等于年度资金申请总额；"
    "若项目跨年，请改正计划起止日期和项目总目标期间。",
)
def single_year_total(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：计划开始、完成日期在同一年（即申报年度），项目总目标期间（如填写）也只含这一年时，项目资金总额应等于年度资金申请总额。
    为什么重要：一年期项目的全部资金都在本年度安排；总额大于年度资金，差额落在实施期以外，说明金额或实施期有一处填错。
    不合规示例：计划 2023-01-01 至 2023-12-31，项目总目标（2023年-2023年），项目资金总额 500 万元，年度资金申请总额 300 万元。
    合规示例：同一实施期，项目资金总额与年度资金申请总额均为 500 万元；或项目总目标（2023年-2025年）的三年期项目总额大于年度资金。
    依据：申报表格式（项目资金总额为实施期总额）；系统约定（一年期项目两栏口径相同）。
    已知局限：总目标期间写为多年（如 2020年-2023年）而起止日期只写本年度的表不判断（见 DAT003）；年度资金大于总额由 AMT003 报告。
    """
    return _found(view, ctx)[3]


@rule(
    "AMT005",
    "amounts.non-positive",
    "资金为零或负数",
    severity="error",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("funding",),
    suggestion="金额不能为负；总额为 0 的项目没有资金来源，请核对金额或撤回申报。",
)
def non_positive(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：任何资金栏不得为负数；项目资金总额（单位整体表：部门整体预算总额）不得为 0；年度资金申请总额为 0 时提示。
    为什么重要：负数金额不可能是预算安排；总额为 0 的项目没有可支出的资金，绩效目标失去资金基础。
    不合规示例：上年结转资金 -5 万元；项目资金总额 0.00。
    合规示例：项目资金总额 80 万元，其他资金 0.00。
    依据：申报表格式；财预〔2015〕88号 适当性审核“资金规模与绩效目标之间是否匹配”（待核对原文）。
    已知局限：财政资金为 0 而全部由其他资金安排的项目不报告（部门预算可含其他收入）；年度资金为 0 的多年期项目只作警告。
    """
    return _found(view, ctx)[4]


@rule(
    "AMT006",
    "amounts.sub-cent",
    "金额精度低于分",
    severity="warning",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("funding",),
    suggestion="金额应精确到分（元表 2 位小数，万元表不超过 6 位小数）；按实际金额改正。",
)
def sub_cent(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：金额折算为元后出现分以下的尾数（元表超过 2 位小数、万元表超过 6 位小数），读取时已四舍五入到分（读取警告 amount-rounded）。
    为什么重要：预算金额只能精确到分；分以下的尾数多是用公式计算后未取整的结果，批复金额和填报金额会对不上。
    不合规示例：项目资金（万元）项目资金总额“12.3456789”。
    合规示例：项目资金（万元）项目资金总额“12.345678”（即 123,456.78 元）。
    依据：系统约定（读取规范 docs/reading.md“amount-rounded”）；会计核算以分为最小单位（待核对原文）。
    已知局限：依据读取警告和金额本身的小数位判断；原表印刷时已截断的尾数无法发现。读取提示 PRS001 同时列出该修正，本规则从金额内容角度提示。
    """
    return _found(view, ctx)[5]


def _below_cent(value: Decimal) -> bool:
    """Whether an amount has non-zero digits below the cent (never raises, whatever its size)."""
    text = str(value)
    if "E" in text:
        _sign, digits, exponent = value.as_tuple()
        return isinstance(exponent, int) and exponent < -2 and any(digits[exponent + 2 :])
    dot = text.find(".")
    return dot >= 0 and text[dot + 3 :].strip("0") != ""


def _wan_decimals(value: Decimal) -> int:
    """How many decimals the 万元 figure of a yuan amount needs at least (0.355542 → 6)."""
    text = format(value, "f")
    whole, _, cents = text.partition(".")
    cents = cents.rstrip("0")
    if cents:
        return 4 + len(cents)
    whole = whole.lstrip("-")
    return max(0, 4 - (len(whole) - len(whole.rstrip("0"))))


@rule(
    "AMT007",
    "amounts.wan-precision",
    "万元金额小数位过多",
    severity="info",
    dimension="consistency",
    tags=("funding",),
    suggestion="万元表的金额一般保留到元（4 位小数）以内；确需精确到分的，建议改以元为单位填报，避免误读。",
)
def wan_precision(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：以万元为单位的资金栏，印出的小数位数超过阈值 wan_yuan_max_decimals（默认 4 位，即精确到元）。小数位由折算后的元金额反推：元金额带角分，说明万元数至少印了 5～6 位小数。
    为什么重要：万元表印到 6 位小数（精确到分）不合常规，容易看错数量级，也常是把元金额除以一万后未取整所致，应核对单位。
    不合规示例：项目资金（万元）项目资金总额“0.355542”（即 3,555.42 元）。
    合规示例：项目资金（万元）项目资金总额“152.8039”；或以元为单位填报“3,555.42”。
    依据：系统约定（阈值 wan_yuan_max_decimals，默认 4）；申报表格式。
    已知局限：契约中只有折算后的元金额，能反推的是“最少”印了几位小数：印成“152.80390”的末尾 0 无法识别，故阈值低于 4 时可能少报；精度低于分的金额由 AMT006 报告，本规则不重复。每张表只报一次。
    """
    return _found(view, ctx)[6]


@rule(
    "AMT008",
    "amounts.magnitude",
    "资金数额不合常理",
    severity="warning",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("funding",),
    suggestion="核对金额和资金单位（元/万元）是否填反。",
)
def magnitude(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：项目资金（无总额时为年度资金；单位整体表为部门整体预算总额）折算为元后不足 1,000 元，或超过 100 亿元。
    为什么重要：不足千元的项目不会单独申报绩效目标，超过百亿的区县、街镇项目极少；两者多半是“元/万元”单位填反或数字位数错，金额差一万倍，目标与资金的匹配无从谈起。
    不合规示例：项目资金（元）项目资金总额“68.5”（实为 68.5 万元）。
    合规示例：项目资金（元）项目资金总额“685,000.00”。
    依据：系统约定（下限 1,000 元、上限 100 亿元为模块常量）；财预〔2015〕88号 适当性审核（待核对原文）。
    已知局限：界限是经验值；市级重大工程可能超过上限（只作提示）。金额为 0 或负数由 AMT005 报告。
    """
    return _found(view, ctx)[7]


@rule(
    "AMT009",
    "amounts.carryover-new-project",
    "新项目填有上年结转资金",
    severity="info",
    dimension="consistency",
    tags=("funding", "date"),
    suggestion="核对上年结转资金：本年度开始的一次性项目没有上年结转；如为延续项目，请将计划开始日期和总目标期间填为项目实际起始时间。",
)
def carryover_new_project(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：非经常性项目的计划开始日期在申报年度内（项目总目标期间如填写，也从申报年度开始），却填有大于 0 的上年结转资金。
    为什么重要：上年结转资金是以前年度已安排未用完的资金；本年度才开始的项目不应有结转，说明结转金额或实施期有一处不实。
    不合规示例：一次性项目，计划开始日期 2023-01-01，项目总目标（2023年-2023年），上年结转资金 20 万元。
    合规示例：项目总目标（2022年-2023年），计划开始日期 2022-07-01，上年结转资金 20 万元；或经常性项目逐年结转。
    依据：系统约定（上年结转资金的含义，待核对本地预算编制口径）。
    已知局限：经常性项目按年度填起止日期、逐年结转的情况常见，不报告；项目类别或性质未填写时按非经常性处理，只作提示。
    """
    return _found(view, ctx)[8]


def _is_cost_row(level1: str, level2: str, name: str) -> bool:
    if "成本" in level1 or "成本" in level2:
        return True
    return level1 == "产出指标" and any(word in name for word in COST_NAME_WORDS)


@rule(
    "AMT010",
    "amounts.cost-exceeds-funds",
    "成本金额超过项目资金",
    severity="warning",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("funding", "indicator"),
    suggestion="成本指标的金额不能超过本项目的资金；核对指标值的金额和单位（元/万元）。",
)
def cost_exceeds_funds(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：成本指标（或产出指标下名称含成本、经费、费用、支出、资金的指标）以元、万元等金额计、方向为“=”“≥”“>”或未写方向，其金额超过项目资金（项目资金总额与年度资金中较大者；单位整体表为部门整体预算总额）。
    为什么重要：项目的成本只能由本项目资金支付，成本指标大于全部资金，说明指标值或单位填错，或资金规模与目标不匹配。
    不合规示例：项目资金总额 80 万元，成本指标“项目总成本 =120(万元)”。
    合规示例：成本指标“项目总成本 ≤80(万元)”；效益指标“带动社会投资 ≥500(万元)”（效益可以大于投入）。
    依据：财预〔2015〕88号 适当性审核“资金规模与绩效目标之间是否匹配”（待核对原文）；上海市2025指引 成本指标“与预算金额相匹配”（S7）。
    已知局限：只判断单位恰为元、千元、万元、亿元的指标；“≤”上限大于资金不算矛盾，不报告；单位成本见 AMT011。
    """
    return _found(view, ctx)[9]


@rule(
    "AMT011",
    "amounts.unit-cost-exceeds-funds",
    "单位成本乘数量超过项目资金",
    severity="warning",
    dimension="consistency",
    applies_to=("project", "unit"),
    tags=("funding", "indicator"),
    suggestion="单位成本 × 计划数量不能超过年度资金；核对单位成本、数量指标或资金金额。",
)
def unit_cost_exceeds_funds(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：以“元/场”“万元/人”等计的单位成本指标（方向“=”“≥”“>”或未写），乘以同一计量单位（场、人……）的数量指标的最小计划数，超过年度资金申请总额（未填时为项目资金总额）。
    为什么重要：单位成本和数量都是最低要求时，两者之积是最少要花的钱；超过本年资金，说明目标无法在资金内完成，或某个数值填错。
    不合规示例：年度资金 80 万元，数量指标“文化活动配送场次 ≥120(场)”，成本指标“单场活动平均成本 =8000(元/场)”（至少 96 万元）。
    合规示例：同一表中“单场活动平均成本 ≤6500(元/场)”（上限，合计不超过 78 万元）。
    依据：财预〔2015〕88号“绩效目标要与计划期内的任务数或计划数相对应，与预算确定的投资额或资金量相匹配”（待核对原文）。
    已知局限：只配对计量单位完全相同的数量指标（“元/人/月”这类复合单位不配对）；同一单位有多个数量指标时取最小计划数，结果偏保守。
    """
    return _found(view, ctx)[10]


@rule(
    "AMT012",
    "amounts.unit-budget-missing",
    "单位预算金额未填写",
    severity="error",
    dimension="completeness",
    applies_to=("unit",),
    tags=("funding",),
    suggestion="填写部门整体预算总额、财政拨款、基本支出和项目支出；没有的填 0。",
)
def unit_budget_missing(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：单位整体表的部门整体预算总额、财政拨款、基本支出、项目支出须填写金额（其他资金空白按 0 理解，不报告）。
    为什么重要：单位整体绩效目标对应全部预算；没有预算金额就无法判断目标与资金是否匹配，也无法与部门预算核对。
    不合规示例：预算情况一栏只填了部门整体预算总额，基本支出、项目支出空白。
    合规示例：部门整体预算总额 67,206.31 万元 = 基本支出 10,511.45 万元 + 项目支出 56,694.86 万元。
    依据：单位整体支出绩效目标申报表格式（seed 004）；财预〔2015〕88号 完整性审核（待核对原文）。
    已知局限：只判断是否为空；金额是否相符由 AMT013、AMT014 判断。
    """
    return _found(view, ctx)[11]


@rule(
    "AMT013",
    "amounts.unit-budget-sources",
    "部门预算总额与资金来源不符",
    severity="error",
    dimension="consistency",
    applies_to=("unit",),
    tags=("funding",),
    suggestion="部门整体预算总额应等于财政拨款与其他资金之和，改正填错的一栏。",
)
def unit_budget_sources(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：单位整体表的部门整体预算总额应等于财政拨款与其他资金之和（其他资金空白按 0 计）。仅在总额和财政拨款都已填写时判断。
    为什么重要：预算来源与总额不符，说明至少一栏填错，单位整体绩效目标对应的资金规模不可信。
    不合规示例：部门整体预算总额 1,000 万元，财政拨款 900 万元，其他资金空白。
    合规示例：部门整体预算总额 1,000 万元 = 财政拨款 900 万元 + 其他资金 100 万元。
    依据：单位整体支出绩效目标申报表格式（seed 004）。
    已知局限：金额精度低于分时允许 5 分以内的差额；总额或财政拨款空白由 AMT012 报告。
    """
    return _found(view, ctx)[12]


@rule(
    "AMT014",
    "amounts.unit-budget-split",
    "部门预算总额与支出构成不符",
    severity="error",
    dimension="consistency",
    applies_to=("unit",),
    tags=("funding",),
    suggestion="部门整体预算总额应等于基本支出与项目支出之和，改正填错的一栏。",
)
def unit_budget_split(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：单位整体表的部门整体预算总额应等于基本支出与项目支出之和。仅在三栏都已填写时判断。
    为什么重要：基本支出和项目支出是预算总额的全部用途，对不上说明预算数据有误，按支出结构设置的指标也就失去依据。
    不合规示例：部门整体预算总额 67,206.31 万元，基本支出 10,511.45 万元，项目支出 55,694.86 万元。
    合规示例：部门整体预算总额 67,206.31 万元 = 基本支出 10,511.45 万元 + 项目支出 56,694.86 万元。
    依据：部门预算按基本支出、项目支出编制（单位整体支出绩效目标申报表格式，seed 004）。
    已知局限：有一栏空白时不判断（AMT012 报告空白）；金额精度低于分时允许 5 分以内的差额。
    """
    return _found(view, ctx)[13]
