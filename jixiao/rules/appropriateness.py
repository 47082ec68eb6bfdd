"""IND060–IND079 — appropriateness (适当性): funding size against the targets (absolute
quantities, cost indicators) and the number of indicators for the form."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.model.forms import ProjectForm
from jixiao.rules import lexicon
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import FormView

MILLION = Decimal(1_000_000)
_INPUT_LEVEL1 = "投入管理指标"


@lru_cache(maxsize=4096)
def _wan(amount: Decimal) -> str:
    """An amount in yuan printed in 万元, as reviewers say it (30000万元, 2412.86万元)."""
    wan = amount / Decimal(10000)
    return f"{wan:.2f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=64)
def _decimal_threshold(value: object) -> Decimal:
    return Decimal(str(value))


@dataclass(frozen=True, slots=True)
class _Limits:
    """The thresholds these rules read, looked up once per review context."""

    large_funding: Decimal
    min_indicators: int
    max_indicators: int
    per_million: float


_LIMITS: tuple[ReviewContext | None, _Limits] = (None, _Limits(Decimal(0), 0, 0, 0.0))


def _limits(ctx: ReviewContext) -> _Limits:
    global _LIMITS
    memo = _LIMITS
    if memo[0] is ctx:
        return memo[1]
    limits = _Limits(
        _decimal_threshold(ctx.threshold("large_funding_yuan")),
        int(ctx.threshold("min_indicators")),
        int(ctx.threshold("max_indicators")),
        float(ctx.threshold("indicators_per_million") or 0),
    )
    _LIMITS = (ctx, limits)
    return limits


@dataclass(slots=True)
class _Facts:
    """What the rules of this module read from one form, computed in one pass over its rows."""

    named: int  # three-level indicators, 投入管理指标 rows of unit forms not counted
    large: Decimal | None  # a project form with rows whose funding reaches large_funding_yuan
    lacks_measure: bool  # (large only) neither an absolute quantity nor a quantified cost
    has_cost: bool  # (large only) some cost indicator


# The rules of this module share one pass per form, kept in the form view's cache.


def _facts(view: FormView, ctx: ReviewContext) -> _Facts:
    cached: _Facts | None = view.cache.get(__name__)
    if cached is not None:
        return cached
    rows = view.rows
    named = 0
    for row in rows:
        if row.name and row.level1 != _INPUT_LEVEL1:
            named += 1
    facts = _Facts(named, None, False, False)
    if rows and isinstance(view.form, ProjectForm):
        amount = view.amount()
        if amount is not None and not amount < _limits(ctx).large_funding:
            facts.large = amount
            # One pass: some cost row (成本指标, or 成本 in the level 2), and some row that is an
            # absolute quantity (a 数量指标 counting something: ≥500场, 57条, 7306.20平方米, not
            # 100% or 增加) or a quantified cost (a cost row with an amount in 元: ≤1200(元/人/月)).
            has_cost = measure = False
            for row in rows:
                level2 = row.level2
                cost = row.level1 == "成本指标" or "成本" in level2
                if cost:
                    has_cost = True
                if not measure:
                    target = row.target
                    if target.kind == "quantitative":
                        number, unit = target.number, target.unit
                        if level2 == "数量指标" and number:
                            if unit is None:
                                measure = row.name.endswith(lexicon.COUNT_SUFFIXES)
                            else:
                                measure = unit not in lexicon.PERCENT_UNITS and "元" not in unit
                        if cost and not measure and number is not None and unit is not None:
                            measure = "元" in unit
                if measure and has_cost:
                    break
            facts.has_cost = has_cost
            facts.lacks_measure = not measure
    view.cache[__name__] = facts
    return facts


@rule(
    "IND060",
    "appropriateness.funding-without-quantity",
    "资金规模大但没有产出数量和成本指标",
    severity="warning",
    dimension="appropriateness",
    tags=("funding", "indicator"),
    suggestion="设置可计量的数量指标（如“保洁道路 =57条”“扶持企业 ≥30家”）和量化的成本指标（如“单位成本 ≤X元/家”），使资金规模与产出可以对照。",
)
def funding_without_quantity(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：项目资金达到阈值 large_funding_yuan（默认100万元）以上，数量指标中没有任何绝对数量（带计数或计量单位的数值，百分比不算），也没有以金额表示的成本指标。
    为什么重要：只有完成率、“增加”之类的数量指标，无法判断这笔资金买到了多少产出，也就无法审核资金规模与绩效目标是否匹配、目标是否过高或过低。
    不合规示例：中小企业扶持专项经费3亿元，数量指标只有“中小企业申请数量 增加”“扶持科技企业数量 增加”。
    合规示例：同一项目设“扶持中小企业数量 ≥120家”，成本指标“单户平均扶持金额 ≤250万元/家”。
    依据：财预〔2015〕88号 第二十四条（三）“资金规模与绩效目标之间是否匹配”（待核对原文）；《绩效评价报告编制实务》：“绩效目标是否与预算确定的项目投资额或资金量相匹配”；中诚政融：“目标设定得很宏大，但预算资金完全不足以支撑”；政策规则 R-APP-01。
    已知局限：只看数量指标和成本指标是否有绝对数值，不判断数值本身是否与资金相称；资金阈值为系统约定，可在审核口径中调整。
    """
    facts = _facts(view, ctx)
    amount = facts.large
    if amount is None or not facts.lacks_measure:
        return ()
    quantity = [r.indicator for r in view.rows if r.level2 == "数量指标"]
    evidence = "；".join(f"{i.name or ''} {i.value or ''}".strip() for i in quantity) or None
    where = "数量指标只有比率或文字" if quantity else "没有数量指标"
    return (
        Hit(
            f"项目资金{_wan(amount)}万元，{where}，没有可计量的产出数量，也没有量化的成本指标，"
            "无法判断资金规模与绩效目标是否匹配",
            ("indicators",),
            evidence=evidence,
        ),
    )


@rule(
    "IND061",
    "appropriateness.too-few-indicators",
    "绩效指标过少",
    severity="warning",
    dimension="appropriateness",
    applies_to=("project", "unit"),
    tags=("indicator",),
    suggestion="按产出（数量、质量、时效、成本）、效益、满意度分别设置能反映项目主要内容的指标。",
)
def too_few_indicators(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：三级指标少于阈值 min_indicators（默认3个）；审核口径设置了 indicators_per_million（每百万元资金应有的指标数）时，还须不少于资金规模对应的个数。
    为什么重要：两三个指标不足以覆盖产出、效益和满意度，绩效目标无法全面反映项目，资金较大的项目尤其如此。
    不合规示例：浦江初心微史馆质保金只有“支付完成及时性 100%”“党员群众满意度 90%”两个指标。
    合规示例：产出、效益、满意度各设至少一个具体指标。
    依据：财预〔2015〕88号 第二十四条（一）完整性审核（待核对原文）；某地评分细则“总数不得少于3个”（来源文件未确认，低可信度）；政策规则 R-NORM-08。
    已知局限：个数阈值为系统约定；单位整体表投入管理指标各行不计；没有指标的表由 REQ008 报告。
    """
    count = _facts(view, ctx).named
    if count == 0:
        return ()
    limits = _limits(ctx)
    minimum = limits.min_indicators
    per_million = limits.per_million
    if count >= minimum and per_million <= 0:
        return ()  # enough indicators, and no size-dependent minimum
    needed, reason = minimum, f"少于{minimum}个"
    amount = view.amount() if per_million > 0 else None
    if amount is not None and amount > 0:
        by_size = math.ceil(float(amount / MILLION) * per_million)
        if by_size > needed:
            needed = by_size
            reason = (
                f"按资金规模（{_wan(amount)}万元，每百万元{per_million:g}个）应不少于{by_size}个"
            )
    if count < needed:
        return (Hit(f"只有{count}个三级指标，{reason}", ("indicators",), evidence=str(count)),)
    return ()


@rule(
    "IND062",
    "appropriateness.too-many-indicators",
    "绩效指标过多",
    severity="info",
    dimension="appropriateness",
    applies_to=("project", "unit"),
    tags=("indicator",),
    suggestion="归并同类指标，保留能反映项目核心产出和效果的指标。",
)
def too_many_indicators(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：三级指标多于阈值 max_indicators（默认30个）。
    为什么重要：指标条目繁多、缺乏凝练，核心目标被淹没，自评和监控的工作量也随之增加。
    不合规示例：单位整体表把九项工作的完成率、达标率、及时性逐项列出，共39个三级指标。
    合规示例：按重点任务归并，设置20个左右的核心指标。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》：“产出指标条数繁多，缺乏凝练归纳”；政策规则 R-NORM-08（未找到官方上限，阈值为系统约定）。
    已知局限：只数个数，不判断指标是否重复；单位整体表投入管理指标各行不计。
    """
    count = _facts(view, ctx).named
    maximum = _limits(ctx).max_indicators
    if count > maximum:
        return (
            Hit(f"共有{count}个三级指标，多于{maximum}个", ("indicators",), evidence=str(count)),
        )
    return ()


@rule(
    "IND063",
    "appropriateness.no-cost-indicator",
    "资金较大的项目没有成本指标",
    severity="info",
    dimension="appropriateness",
    tags=("indicator", "framework", "cost"),
    suggestion="在产出指标下设成本指标，写明总成本或单位成本的控制数（如“单场活动平均成本 ≤6500元/场”）。",
)
def no_cost_indicator(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：按88号口径审核时，项目资金达到阈值 large_funding_yuan（默认100万元）以上，却没有任何成本指标（产出指标下的成本指标或一级成本指标）。
    为什么重要：成本指标是判断资金规模是否合理的直接依据；按上海2025指引原则上每个项目都应设置成本指标，88号口径下也宜对较大项目设置。
    不合规示例：河(林)长制专项经费940万元，产出指标只有数量、质量、时效指标。
    合规示例：设“河道养护单位成本 ≤X元/平方米”。
    依据：上海市财政局（2025）：“原则上，每一项目均应设置成本指标”；财预〔2021〕101号成本指标（二手引述，待核对原文）；政策规则 R-APP-04。
    已知局限：2025口径下缺一级成本指标由 REQ006 报告，本规则不重复；既没有绝对数量也没有量化成本的项目由 IND060 报告，本规则不重复；只作提示，不扣分。
    """
    if ctx.framework != "88":
        return ()
    facts = _facts(view, ctx)
    amount = facts.large
    if amount is None or facts.has_cost or facts.lacks_measure:
        return ()
    return (Hit(f"项目资金{_wan(amount)}万元，没有设置成本指标", ("indicators",)),)
