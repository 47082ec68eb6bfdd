"""IND (classification) — is each 三级指标 filed under the group its meaning belongs to?

A row's group is read from its level 2 when that is a framework label (数量/质量/时效/成本 …),
else from its level 1. A row whose level 2 stands under the wrong level 1 (效益指标 › 时效指标) is
a structure finding (IND003), not a misfiling here: the name fits its level 2.

Locations: a row that belongs in another group points at ``["indicators", i, "level2"]`` (the
cell to change); an indicator that is no output or effect at all (an input: money used, own
staff) points at ``["indicators", i, "name"]`` (the indicator to replace).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from jixiao.rules import lexicon
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.structure import UNIT_INPUT_LEVEL2, canon
from jixiao.rules.view import FormView, Row

QUANTITY, QUALITY, TIME, OUTPUT = "quantity", "quality", "time", "output"
COST, MONEY_COST, OTHER_COST = "cost", "money-cost", "other-cost"
EFFECT, SATISFACTION, INPUT = "effect", "satisfaction", "input"
OUTPUTS = frozenset({QUANTITY, QUALITY, TIME, OUTPUT})
COSTS = frozenset({COST, MONEY_COST, OTHER_COST})

LEVEL2_GROUP: dict[str, str] = {
    "数量指标": QUANTITY,
    "质量指标": QUALITY,
    "时效指标": TIME,
    "成本指标": COST,
    "经济成本指标": MONEY_COST,
    "总成本指标": MONEY_COST,
    "单位成本指标": MONEY_COST,
    "分项成本指标": MONEY_COST,
    "社会成本指标": OTHER_COST,
    "生态环境成本指标": OTHER_COST,
    "经济效益指标": EFFECT,
    "社会效益指标": EFFECT,
    "生态效益指标": EFFECT,
    "可持续影响指标": EFFECT,
    "服务对象满意度指标": SATISFACTION,
    **{label: INPUT for label in UNIT_INPUT_LEVEL2},
}
LEVEL1_GROUP: dict[str, str] = {
    "产出指标": OUTPUT,
    "效益指标": EFFECT,
    "满意度指标": SATISFACTION,
    "成本指标": COST,
    "投入管理指标": INPUT,
}
# The level-1 groups a level-2 group may stand under; any other parent is IND003's finding.
COMPATIBLE: dict[str, frozenset[str]] = {
    QUANTITY: frozenset({OUTPUT}),
    QUALITY: frozenset({OUTPUT}),
    TIME: frozenset({OUTPUT}),
    COST: frozenset({OUTPUT, COST}),
    MONEY_COST: frozenset({COST}),
    OTHER_COST: frozenset({COST}),
    EFFECT: frozenset({EFFECT}),
    SATISFACTION: frozenset({SATISFACTION}),
    INPUT: frozenset({INPUT}),
}


def _any(words: tuple[str, ...] | frozenset[str] | list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


# Timeliness: the time a product or service is delivered (lexicon.TIMELY_WORDS).
TIMELY = _any(lexicon.TIMELY_WORDS)
# A satisfaction indicator (not a survey activity such as 满意度调查完成率).
SATISFIED = re.compile(lexicon.SATISFACTION)
SURVEY = _any(("调查", "测评", "问卷", "回访"))
# Names a reviewer accepts under 满意度指标: subjective acceptance of the service.
ACCEPTANCE = _any((lexicon.SATISFACTION, "认可", "好评", "获得感", "幸福感", "安全感"))
COMPLAINT = re.compile("投诉")
# Project management, never an effect of the project.
PROCESS = _any(("档案", "立项", "依据充分", "验收", "项目设立", "资金使用", "经费使用", "资金管理"))
# Output/quality measures that are usually not effects.
OUTPUT_RATES = _any(
    ("完成率", "合格率", "达标率", "规范性", "合规", "准确率", "发放率", "到位率", "通过率")
)
# … except where the rate measures the environment (水质达标率 is a real 生态效益).
ENVIRONMENT = _any(
    (
        "水质",
        "空气",
        "大气",
        "环境质量",
        "排放",
        "噪声",
        "噪音",
        "土壤",
        "污染",
        "减排",
        "节能",
        "能耗",
    )
)
# … and a pass rate of the people served (党员学习考核合格率) may be the effect itself: only a hint.
PEOPLE = _any(
    (
        "党员",
        "学员",
        "学生",
        "居民",
        "群众",
        "村民",
        "市民",
        "儿童",
        "老人",
        "患者",
        "受益",
        "服务对象",
        "参训",
        "受训",
        "企业",
    )
)
PERSON_RATES = frozenset({"合格率", "达标率", "通过率"})
COVERAGE = re.compile("覆盖率")
DELIVERY = _any(("宣传", "配送", "活动", "巡查", "检查", "监控", "清扫", "课程", "培训"))
# Inputs: the money itself (lexicon.INPUT_WORDS and the same phrases with 执行/支出).
MONEY_INPUT = re.compile(
    "|".join(
        [
            *(re.escape(w) for w in lexicon.INPUT_WORDS),
            "(?:经费|资金|预算)(?:使用|执行|支出|到位)率",
        ]
    )
)
STAFF = _any((*lexicon.PAID_STAFF, "保洁", "在岗"))
PAY = _any(("薪酬", "工资", "福利", "待遇"))
HEADCOUNT_END = re.compile("(?:人数|数量|人员数|计划数|人员)$")
NOT_OWN_STAFF = _any(
    (
        "发放",
        "补贴",
        "奖励",
        "慰问",
        "培训",
        "体检",
        "餐",
        "受益",
        "帮扶",
        "救助",
        "走访",
        "监测",
        "服务对象",
        "参与",
        "覆盖",
        "招聘",
        "新增就业",
        "考核",
        "合格",
        "达标",
    )
)
HEAD_UNITS = frozenset({"人", "名", "位"})
QUALITY_WORDS = _any(
    ("合格率", "达标率", "准确", "完好率", "优良率", "通过率", "正确率", "合规性", "规范性")
)
TIME_NAME = re.compile("时|期|日|月|季|年|周|天|频|进度|竣工|响应|办结|按计划")
TIME_VALUE = re.compile("时|期|日|月|季|年|周|天|前|底|内|每|计划|准时")
TIME_UNITS = re.compile("小时|分钟|天|日|周|月|季|年")
COST_WORDS = _any(
    (
        "成本",
        "费",
        "资金",
        "金额",
        "价",
        "元",
        "预算",
        "支出",
        "投入",
        "开支",
        "控制数",
        "标准",
        "节约",
        "节支",
    )
)
PERCENT = lexicon.PERCENT_UNITS


@lru_cache(maxsize=4096)
def group_of(level1: str, level2: str) -> str | None:
    """The group of a row by its label keys (memoised: a corpus has few distinct label pairs)."""
    first = LEVEL1_GROUP.get(canon(level1))
    second = LEVEL2_GROUP.get(canon(level2))
    if second is None:
        return first
    if first is not None and first not in COMPATIBLE[second]:
        return None
    return second


def group(row: Row) -> str | None:
    """The group a row is filed in: its level 2 if that is a framework label, else its level 1.

    ``None`` when the level 2 stands under a level 1 it does not belong to (效益指标 › 时效指标):
    which group the row means is unclear, and IND003 reports the label itself.
    """
    return group_of(row.level1, row.level2)


def _found(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match else None


@dataclass(frozen=True, slots=True)
class Traits:
    """What a 三级 name says about itself, computed once per distinct name."""

    timely: bool
    satisfaction: bool
    acceptance: bool
    complaint: bool
    process: str | None
    output_rate: str | None
    environment: bool
    people: bool
    coverage: bool
    delivery: str | None
    money_input: bool
    staff: bool
    pay: bool
    headcount: bool
    not_own_staff: bool
    quality: str | None
    time: bool
    cost: bool
    rate: bool


@lru_cache(maxsize=65536)
def traits(name: str) -> Traits:
    return Traits(
        timely=TIMELY.search(name) is not None,
        satisfaction=SATISFIED.search(name) is not None and SURVEY.search(name) is None,
        acceptance=ACCEPTANCE.search(name) is not None,
        complaint=COMPLAINT.search(name) is not None,
        process=_found(PROCESS, name),
        output_rate=_found(OUTPUT_RATES, name),
        environment=ENVIRONMENT.search(name) is not None,
        people=PEOPLE.search(name) is not None,
        coverage=COVERAGE.search(name) is not None,
        delivery=_found(DELIVERY, name),
        money_input=MONEY_INPUT.search(name) is not None,
        staff=STAFF.search(name) is not None,
        pay=PAY.search(name) is not None,
        headcount=HEADCOUNT_END.search(name) is not None,
        not_own_staff=NOT_OWN_STAFF.search(name) is not None,
        quality=_found(QUALITY_WORDS, name),
        time=TIME_NAME.search(name) is not None,
        cost=COST_WORDS.search(name) is not None,
        rate=name.endswith(lexicon.RATE_SUFFIXES),
    )


Grouped = dict[str, list[tuple[Row, Traits]]]


def named_rows(view: FormView) -> Grouped:
    """The named rows of a form by group, with their traits (for callers outside the rules)."""
    grouped: Grouped = {}
    for row in view.rows:
        if row.name and row.name not in lexicon.PLACEHOLDERS:
            where = group_of(row.level1, row.level2)
            if where is not None:
                grouped.setdefault(where, []).append((row, traits(row.name)))
    return grouped


# ---------------------------------------------------------------------------------------------
# Speed: every check below is a function of one row alone (its group, its name's traits and a
# few cells), so the checks of a row run once per distinct row and position (``_row_hits``,
# cached: rows repeat across forms; Hits are immutable and shared) and all checks of a form run
# in one pass whose result the rules of the form share (``_facts``). Each rule is its
# registered function (docstring, severity) plus its row check (``_<name>``), which yields the
# hits in the order the rule reports them: by group in the order the groups first appear in the
# table, rows in table order within a group.


class _Cell(NamedTuple):
    """The parts of a row the checks read (hashable: identical rows are checked once)."""

    at: int  # the row index
    name: str  # key (NFKC, no spaces)
    raw_name: str | None
    label: str  # the printed level 2, else level 1 (where the row is filed)
    value: str  # key
    raw_value: str | None
    kind: str
    unit: str | None


RowCheck = Callable[[_Cell, str, Traits], Iterator[Hit]]
_NONE: tuple[Hit, ...] = ()
_NO_HITS: tuple[tuple[str, Hit], ...] = ()


@lru_cache(maxsize=65536)
def _row_hits(
    index: int,
    level1: str,
    level2: str,
    name: str,
    raw_name: str | None,
    label: str,
    value: str,
    raw_value: str | None,
    kind: str,
    unit: str | None,
) -> tuple[str | None, tuple[tuple[str, Hit], ...]]:
    """The group of a row and the hits of every check on it, with their codes."""
    if not name or name in lexicon.PLACEHOLDERS:
        return None, _NO_HITS
    where = group_of(level1, level2)
    if where is None:
        return None, _NO_HITS
    cell = _Cell(index, name, raw_name, label, value, raw_value, kind, unit)
    found = traits(name)
    hits = tuple((code, hit) for code, check in _CHECKS for hit in check(cell, where, found))
    return where, hits or _NO_HITS


# The rules of this module run one after another on the same form: the last form's hits are
# kept (with the view itself, so its identity cannot be reused while it is kept).


def _facts(view: FormView) -> dict[str, list[Hit]]:
    cached: dict[str, list[Hit]] | None = view.cache.get(__name__)
    if cached is not None:
        return cached
    found: list[tuple[str | None, tuple[tuple[str, Hit], ...]]] = []
    row_hits = _row_hits
    # the group and hits of each row content (Row.cell), for the review
    memo: dict[int, tuple[str | None, tuple[tuple[str, Hit], ...]]] | None = view.shared.get(
        __name__
    )
    if memo is None:
        memo = view.shared[__name__] = {}
    for row in view.rows:
        known = memo.get(row.cell)
        if known is None:
            ind, target = row.indicator, row.target
            known = row_hits(
                row.index,
                row.level1,
                row.level2,
                row.name,
                ind.name,
                ind.level2 or ind.level1 or "",
                row.value,
                ind.value,
                target.kind,
                target.unit,
            )
            if row.cell >= 0:
                memo[row.cell] = known
        where, hits_of_row = known
        if hits_of_row:
            found.append((where, hits_of_row))
    hits: dict[str, list[Hit]] = {}
    if found:
        if len({where for where, _ in found}) > 1:
            # Groups in the order they first appear in the table, rows in order within one.
            rank: dict[str | None, int] = {}
            for row in view.rows:
                if row.name and row.name not in lexicon.PLACEHOLDERS:
                    where = group_of(row.level1, row.level2)
                    if where is not None and where not in rank:
                        rank[where] = len(rank)
            found.sort(key=lambda item: rank[item[0]])
        for _, hits_of_row in found:
            for code, hit in hits_of_row:
                listed = hits.get(code)
                if listed is None:
                    hits[code] = [hit]
                else:
                    listed.append(hit)
    view.cache[__name__] = hits
    return hits


def _hits(view: FormView, code: str) -> Sequence[Hit]:
    hits: dict[str, list[Hit]] | None = view.cache.get(__name__)  # _facts(view), once known
    if hits is None:
        hits = _facts(view)
    return hits.get(code, _NONE)


@rule(
    "IND010",
    "classification.timeliness-misfiled",
    "时效类指标填在成本或效益指标下",
    severity="error",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="及时性、按时完成率、办结率等反映提供产品或服务的及时程度，应列为产出指标 › 时效指标；"
    "成本指标填成本控制数（元、元/人等），效益指标填产出带来的效果。",
)
def timeliness_misfiled(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称含“及时、按时、准时、按期、时效、办结率”的三级指标，填在成本指标或效益指标
    （经济效益、社会效益、生态效益、可持续影响）下的，报告。满意度类名称不在此报告。
    为什么重要：时效指标是产出的一个方面（“提供产品或服务的及时程度和效率情况”），列为成本时
    项目实际上没有成本控制目标，列为效益时把过程当成了效果，自评时按效益计分。
    不合规示例：产出指标 › 成本指标 › 扶持发放及时性 及时；社会效益指标 › 12345投诉反馈及时性 及时。
    合规示例：产出指标 › 时效指标 › 扶持发放及时性 每季度末前发放；成本指标 › 单户扶持成本 ≤2万元。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》：“产出指标与效益指标混用”；
    时效指标定义见88号时期指引的二手转述（11946.cn，未见原文）；财预〔2015〕88号 第九条（待核对原文）。
    已知局限：按名称关键词判断；名称不含时间词、只在指标值写“及时”的行（如“提供困境儿童生活保障
    及时”）不报告。二级指标本身挂错一级指标的（效益指标 › 时效指标）由 IND003 报告。
    """
    return _hits(view, "IND010")


@rule(
    "IND011",
    "classification.not-satisfaction",
    "满意度指标下填了非满意度内容",
    severity="error",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "framework", "satisfaction"),
    suggestion="满意度指标只填服务对象（受益人）满意度，如“受益群众满意度 ≥90%”；其他内容移到产出或"
    "效益指标下。",
)
def not_satisfaction(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：满意度指标（服务对象满意度指标）下的三级指标名称应反映服务对象的满意或认可程度
    （含“满意”，或“认可度、好评率、获得感、幸福感、安全感”）；其他内容报告。以“投诉”衡量的
    只作警告（投诉率是间接的满意度口径）。
    为什么重要：满意度指标反映“服务对象或项目受益人对相关产出及其影响的认可程度”，自评单独计10分；
    填入档案规范、机制健全等内容，等于没有设置满意度指标。
    不合规示例：满意度指标 › 服务对象满意度指标 › 档案管理规范性 =100%；小区物业管理整体现状 较好。
    合规示例：满意度指标 › 服务对象满意度指标 › 小区居民对物业服务满意度 ≥85%。
    依据：满意度指标定义（“服务对象或项目受益人对相关产出及其影响的认可程度”）见88号时期指引的二手
    转述（11946.cn，未见原文）；财预〔2015〕88号 第九条（待核对原文）；自评权重满意度10分见安徽池州
    自评表（地方执行口径）。
    已知局限：按名称关键词判断；名称写法特殊的满意度（如“群众口碑”）会被报告，请人工确认。
    二级指标本身属于效益的行（满意度指标 › 生态效益指标）由 IND003 报告。
    """
    return _hits(view, "IND011")


@rule(
    "IND012",
    "classification.satisfaction-misfiled",
    "满意度指标填在其他指标下",
    severity="error",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "framework", "satisfaction"),
    suggestion="把满意度（满意率）移到满意度指标 › 服务对象满意度指标下；效益指标应反映项目产生的效果。",
)
def satisfaction_misfiled(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称含“满意”的三级指标（满意度、满意率）填在产出、效益或成本指标下的，报告。
    “满意度调查完成率、满意度测评次数、回访、问卷”等是开展调查的工作量，不在此报告。
    为什么重要：满意度单独计分；把满意度填在效益指标下，是以满意度代替效益，项目的实际效果没有
    指标反映，满意度指标组也可能因此缺项。
    不合规示例：效益指标 › 可持续影响指标 › 相关单位满意度 ≥90%。
    合规示例：满意度指标 › 服务对象满意度指标 › 相关单位满意度 ≥90%。
    依据：行政事业单位绩效目标申报问题（shutu.cn）：“将满意度指标代替效益指标”；财预〔2015〕88号
    第九条（待核对原文）。
    已知局限：按名称判断；一级指标空白的行不判断。
    """
    return _hits(view, "IND012")


@rule(
    "IND013",
    "classification.process-as-effect",
    "项目管理事项填作效益指标",
    severity="error",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="档案管理、立项依据、验收、资金使用等是项目管理过程，不是效益；效益指标应反映产出带来的"
    "经济、社会、生态效果或可持续影响（如受益人次、事故下降、机制持续运行年限）。",
)
def process_as_effect(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：效益指标（经济效益、社会效益、生态效益、可持续影响）下，名称含“档案、立项、依据充分、
    验收、项目设立、资金使用、经费使用、资金管理”的三级指标，报告。
    为什么重要：这些是项目自身的管理和合规要求，任何项目都应做到，不是财政资金带来的效果；
    用它们充当效益指标，效益目标实际为空。
    不合规示例：可持续影响指标 › 项目立项规范性 规范；档案管理规范性 规范；经济效益指标 › 资金使用合规性 合规。
    合规示例：可持续影响指标 › 居民区文化团队数 ≥40个；社会效益指标 › 参与活动居民人次 ≥12000人次。
    依据：赤峰市审计局常见问题：“产出指标与效益指标混用”；行政事业单位绩效目标申报问题（shutu.cn）：
    “质量指标与效益指标混淆”；policy-rules.md §6 非效益词表。
    已知局限：按名称关键词判断。“资金使用率、预算执行率”等投入类名称由 IND014 报告，含时效词的
    由 IND010 报告，此处不重复。
    """
    return _hits(view, "IND013")


@rule(
    "IND014",
    "classification.input-as-result",
    "以资金投入代替产出或效益",
    severity="error",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "input"),
    suggestion="资金使用率、预算执行率反映投入，自评时单独计分，不作为产出或效益指标；请改为资金所购买的"
    "产品或服务的数量、质量、时效，以及由此带来的效果。",
)
def input_as_result(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：产出指标或效益指标下，名称为“经费使用率、资金使用率、预算执行率、经费支出、资金到位率”
    等资金投入口径的，报告（错误）。效益指标下以项目自身人员（社工、保安、协管员等）的薪酬、工资、
    福利、待遇作为效益的，报告（警告）。
    为什么重要：产出是资金所提供的产品和服务，效益是其效果；钱花了多少、工资是否发放是投入，
    花完钱不等于完成产出。预算执行率在自评中另占10分，再列为产出会重复计分。
    不合规示例：产出指标 › 数量指标 › 党建经费使用率 ≥80%；社会效益指标 › 社工福利薪酬 完善。
    合规示例：产出指标 › 数量指标 › 开展党建活动次数 ≥12次；社会效益指标 › 社区矫正对象再犯罪率 ≤0.2%。
    依据：policy-rules.md R-NORM-09（“投入数量不能作为绩效目标”，来源为地方评分细则片段，可信度低，
    待核对原文）；预算执行率单独计10分见四川青神县、安徽池州自评表（地方执行口径）。
    已知局限：按名称关键词判断；单位整体表投入管理指标、成本指标下的资金口径不报告。
    """
    return _hits(view, "IND014")


@rule(
    "IND015",
    "classification.staff-count",
    "以项目自身人员数量作为产出",
    severity="warning",
    dimension="classification",
    applies_to=("project",),
    tags=("indicator", "input"),
    suggestion="人员数量是投入的人力，产出应写这些人员提供的服务：如巡逻时长、处置案件数、服务对象人次、"
    "覆盖点位。",
)
def staff_count(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：产出指标的数量指标下，以项目出资雇用或补贴的人员（社工、保安、协管员、辅警、特勤、保洁、劝导队、
    信访代理员、事业编、在岗人员等）的人数作为产出数量的，报告。发放、补贴、奖励、慰问、培训、
    体检、餐费、受益、帮扶、救助、参与等对象人数（受益人）和考核合格人数不报告；比率不报告。
    为什么重要：人员是资金买到的投入，人数多少不说明提供了多少服务；以投入代替产出无法衡量
    资金效率，也无法在自评时判断服务是否完成。
    不合规示例：社工经费 › 数量指标 › 社工数量 87人；社会治安保障经费 › 数量指标 › 保安人数 9人。
    合规示例：数量指标 › 社工服务对象人次 ≥2000人次；数量指标 › 治安巡逻 ≥2190小时。
    依据：policy-rules.md R-NORM-09（“投入数量不能作为绩效目标”，地方评分细则片段，可信度低，
    待核对原文）；数量指标定义“计划完成的产品或服务数量”见88号时期指引的二手转述（11946.cn，未见原文）。
    已知局限：只认识词表中的岗位；购买服务合同按人头计价时，人数也是合同产出的一部分，请结合项目判断。
    """
    return _hits(view, "IND015")


@rule(
    "IND016",
    "classification.timeliness-in-output",
    "时效类指标填在数量或质量指标下",
    severity="warning",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="及时性、按时完成率等移到产出指标 › 时效指标下，并写明时间节点或时限。",
)
def timeliness_in_output(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称含“及时、按时、准时、按期、时效、办结率”的三级指标填在数量指标或质量指标下的，报告。
    为什么重要：产出指标按数量、质量、时效分设，时效填在质量下，质量指标反映的就不是“达到的标准、
    水平”，时效指标也可能因此空缺。
    不合规示例：产出指标 › 质量指标 › 工程项目维护及时性 及时。
    合规示例：产出指标 › 时效指标 › 工程项目维护响应时限 ≤24小时。
    依据：财政支出绩效评价管理暂行办法：“绩效目标从数量、质量、成本和时效等方面进行细化”；二级指标
    定义见88号时期指引的二手转述（11946.cn，未见原文）。
    已知局限：按名称关键词判断；同属产出指标，归类不当只作警告。
    """
    return _hits(view, "IND016")


@rule(
    "IND017",
    "classification.quality-as-quantity",
    "质量类指标填在数量指标下",
    severity="warning",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="合格率、达标率、准确率、完好率等反映达到的标准，应列为质量指标；数量指标填完成的产品或"
    "服务数量。",
)
def quality_as_quantity(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：名称含“合格率、达标率、准确、完好率、优良率、通过率、正确率、合规性、规范性”的三级指标
    填在数量指标下的，报告。
    为什么重要：数量指标反映“计划完成的产品或服务数量”，质量指标反映“达到的标准、水平和效果”；
    放错后数量目标实际为空，资金规模与产出数量无法比对。
    不合规示例：数量指标 › 基础设施配备完好率 =100%；数量指标 › 残保金缴纳基数准确 准确。
    合规示例：质量指标 › 基础设施配备完好率 ≥98%；数量指标 › 维护基础设施点位 ≥120个。
    依据：二级指标定义见88号时期指引的二手转述（11946.cn、pinweizhan.com，未见原文）；行政事业单位绩效
    目标申报问题（shutu.cn）：指标归类混淆。
    已知局限：按名称关键词判断；“完成率、覆盖率”常被用作数量口径，不报告。
    """
    return _hits(view, "IND017")


@rule(
    "IND018",
    "classification.not-timeliness",
    "时效指标下填了非时效内容",
    severity="warning",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="时效指标应写完成时间节点或时限（如“2023年12月31日前”“≤24小时”）；人员配备、处置率等"
    "分别移到数量或质量指标下。",
)
def not_timeliness(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：时效指标下的三级指标，名称和指标值都不含任何时间含义（及时、按时、时间、时限、期限、
    频率、进度、竣工、日期、月、季度、小时、天等）的，报告。
    为什么重要：时效指标反映“提供产品或服务的及时程度和效率情况”；名称和指标值都与时间无关，
    说明该行实际是数量或质量内容，而项目没有时效目标。
    不合规示例：时效指标 › 值班人员配备情况 到岗；时效指标 › 安保人员面对突发事件处置率 100%。
    合规示例：时效指标 › 突发事件到场时限 ≤30分钟；时效指标 › 值班安排 每日24小时。
    依据：时效指标定义见88号时期指引的二手转述（11946.cn，未见原文）；财预〔2015〕88号 第九条（待核对原文）。
    已知局限：时间词表较宽（含“年、月、日”等单字），有时间字样但实为数量的行（如“年累计对外开放天数”）
    不报告。指标值空白的行由 REQ005 处理。
    """
    return _hits(view, "IND018")


@rule(
    "IND019",
    "classification.not-a-cost",
    "成本指标下填了非成本内容",
    severity="error",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "cost"),
    suggestion="成本指标应写成本控制数：总成本、单位成本（元/人、元/场）或分项成本；其他内容移到相应的"
    "产出或效益指标下。",
)
def not_a_cost(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：成本指标（88号口径产出指标 › 成本指标；2025口径经济成本、总成本、单位成本、分项成本指标）
    下，名称不含成本、费用、资金、金额、价格、预算、支出等字样，指标值也不是金额的，报告。
    含时效词的由 IND010 报告；社会成本、生态环境成本指标可以是非货币的，不检查。
    为什么重要：成本指标反映“提供产品或服务所需成本”，是判断资金规模与产出是否匹配的依据；
    填了其他内容，项目实际没有成本控制目标。
    不合规示例：产出指标 › 成本指标 › 活动完成率 =100%。
    合规示例：产出指标 › 成本指标 › 单场活动平均成本 ≤6500元/场。
    依据：上海市财政局2025指引新闻稿：“将经济成本指标划分为总成本指标、单位成本指标和分项成本指标”；
    成本指标定义见88号时期指引的二手转述（11946.cn，未见原文）。
    已知局限：按名称和计量单位判断；“是否符合预期”之类定性的成本指标由可衡量性规则处理。
    """
    return _hits(view, "IND019")


@rule(
    "IND020",
    "classification.output-rate-as-effect",
    "产出或质量口径填作效益指标",
    severity="warning",
    dimension="classification",
    applies_to=("project", "unit"),
    tags=("indicator", "framework"),
    suggestion="完成率、合格率、达标率、规范性等反映产出的数量和质量，应列为产出指标；效益指标应写"
    "产出带来的变化（如受益人次、发生率下降、知晓率）。",
)
def output_rate_as_effect(view: FormView, ctx: ReviewContext) -> Sequence[Hit]:
    """规则说明：效益指标下，名称含“完成率、合格率、达标率、规范性、合规、准确率、发放率、到位率、通过率”
    的三级指标，报告（警告）；合格率、达标率、通过率的对象是党员、学员、居民、群众等服务对象时只作
    提示（如“党员学习考核合格率”可以是效果）；含“覆盖率”的，为宣传、配送、活动、巡查、检查、监控、清扫、课程、培训等
    工作的覆盖面时报告（警告），其余只作提示（受益对象覆盖率可以是真实的效益）。
    名称涉及水质、空气、排放、噪声、能耗等环境质量的达标率、合格率是生态效益，不报告。
    为什么重要：完成率、合格率说明产出做到了什么程度，不说明产生了什么效果；以产出充当效益，
    效益目标实际为空。
    不合规示例：社会效益指标 › 突发事件处理完成率 =100%；社会效益指标 › 全镇文化配送活动覆盖率 ≥90%。
    合规示例：生态效益指标 › 河道断面水质达标率 ≥90%；社会效益指标 › 困难群众救助政策覆盖率 =100%（提示）。
    依据：赤峰市审计局常见问题：“产出指标与效益指标混用”；行政事业单位绩效目标申报问题（shutu.cn）：
    “质量指标与效益指标混淆”；policy-rules.md §6 非效益词表。
    已知局限：按名称关键词判断，同一词在个别项目中可以是效果（如“减排目标完成率”已按环境词排除），
    请结合项目判断。档案、立项等管理事项由 IND013 报告。
    """
    return _hits(view, "IND020")


# ---------------------------------------------------------------------------------------------
# The row checks, one per rule above.

_COST_OR_EFFECT = COSTS | {EFFECT}
_NOT_SATISFACTION_GROUP = OUTPUTS | COSTS | {EFFECT}
_OUTPUT_OR_EFFECT = OUTPUTS | {EFFECT}
_HEADCOUNT_GROUPS = frozenset({QUANTITY, OUTPUT})
_QUANTITY_OR_QUALITY = frozenset({QUANTITY, QUALITY})
_MONEY_COSTS = frozenset({COST, MONEY_COST})


def _timeliness_misfiled(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where not in _COST_OR_EFFECT or not name.timely or name.satisfaction:
        return
    kind = "成本指标" if where in COSTS else "效益指标"
    label = c.label
    place = kind if label == kind else f"{kind}（{label}）"
    yield Hit(
        f"“{c.raw_name}”是时效类指标，却填在{place}下",
        ("indicators", c.at, "level2"),
        evidence=c.raw_name,
    )


def _not_satisfaction(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where != SATISFACTION or name.acceptance:
        return
    if name.complaint:
        yield Hit(
            f"满意度指标下的“{c.raw_name}”以投诉衡量，不是满意度",
            ("indicators", c.at, "level2"),
            evidence=c.raw_name,
            severity="warning",
            suggestion="满意度指标宜填服务对象满意度（调查）；投诉类指标可列为社会效益指标。",
        )
        return
    yield Hit(
        f"“{c.raw_name}”不是满意度指标，却填在满意度指标下",
        ("indicators", c.at, "level2"),
        evidence=c.raw_name,
    )


def _satisfaction_misfiled(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where in _NOT_SATISFACTION_GROUP and name.satisfaction:
        yield Hit(
            f"满意度指标“{c.raw_name}”填在{c.label}下",
            ("indicators", c.at, "level2"),
            evidence=c.raw_name,
        )


def _process_as_effect(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where != EFFECT or name.timely or name.money_input or name.satisfaction:
        return
    if name.process:
        yield Hit(
            f"“{c.raw_name}”是项目管理事项（{name.process}），不是效益，却填在{c.label}下",
            ("indicators", c.at, "level2"),
            evidence=c.raw_name,
        )


def _input_as_result(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where not in _OUTPUT_OR_EFFECT:
        return
    if name.money_input:
        what = "效益" if where == EFFECT else "产出"
        yield Hit(
            f"“{c.raw_name}”是资金投入口径，不是{what}",
            ("indicators", c.at, "name"),
            evidence=c.raw_name,
        )
    elif where == EFFECT and name.staff and name.pay and not SATISFIED.search(c.name):
        yield Hit(
            f"“{c.raw_name}”是项目人员的薪酬待遇（投入），不是效益",
            ("indicators", c.at, "name"),
            evidence=c.raw_name,
            severity="warning",
        )


def _staff_count(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where not in _HEADCOUNT_GROUPS:
        return
    unit = c.unit
    if not name.staff or name.not_own_staff or name.rate or (unit is not None and unit in PERCENT):
        return
    if name.headcount or (unit is not None and unit in HEAD_UNITS):
        yield Hit(
            f"“{c.raw_name}”是项目自身人员的数量（投入），不是产出",
            ("indicators", c.at, "name"),
            evidence=c.raw_name,
        )


def _timeliness_in_output(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where in _QUANTITY_OR_QUALITY and name.timely and not name.satisfaction:
        yield Hit(
            f"“{c.raw_name}”是时效类指标，却填在{c.label}下",
            ("indicators", c.at, "level2"),
            evidence=c.raw_name,
        )


def _quality_as_quantity(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where != QUANTITY or name.timely or name.satisfaction:
        return
    if name.quality:
        yield Hit(
            f"“{c.raw_name}”是质量类指标（{name.quality}），却填在数量指标下",
            ("indicators", c.at, "level2"),
            evidence=c.raw_name,
        )


def _time_value(c: _Cell) -> bool:
    value = c.raw_value or ""
    if c.kind == "quantitative":
        unit = c.unit or ""
        return TIME_UNITS.search(unit) is not None or TIMELY.search(value) is not None
    return TIME_VALUE.search(value) is not None or TIMELY.search(value) is not None


def _not_timeliness(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where == TIME and c.value and not name.time and not _time_value(c):
        yield Hit(
            f"时效指标下的“{c.raw_name} {c.raw_value}”与时间无关",
            ("indicators", c.at, "level2"),
            evidence=f"{c.raw_name} {c.raw_value}",
        )


def _not_a_cost(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where not in _MONEY_COSTS or name.timely or name.satisfaction or name.cost:
        return
    unit = c.unit or ""
    if "元" in unit:
        return
    yield Hit(
        f"“{c.raw_name}”不是成本，却填在成本指标下",
        ("indicators", c.at, "level2"),
        evidence=c.raw_name,
    )


def _output_rate_as_effect(c: _Cell, where: str, name: Traits) -> Iterator[Hit]:
    if where != EFFECT:
        return
    if name.timely or name.money_input or name.satisfaction or name.process:
        return
    if name.output_rate and not name.environment:
        if name.output_rate in PERSON_RATES and name.people:
            yield Hit(
                f"“{c.raw_name}”是服务对象的{name.output_rate}，请确认反映的是效果而非产出质量",
                ("indicators", c.at, "level2"),
                evidence=c.raw_name,
                severity="info",
            )
            return
        yield Hit(
            f"“{c.raw_name}”是产出或质量口径（{name.output_rate}），却填在{c.label}下",
            ("indicators", c.at, "level2"),
            evidence=c.raw_name,
        )
    elif name.coverage:
        if name.delivery:
            yield Hit(
                f"“{c.raw_name}”是{name.delivery}工作的覆盖面（产出），却填在{c.label}下",
                ("indicators", c.at, "level2"),
                evidence=c.raw_name,
            )
        else:
            yield Hit(
                f"“{c.raw_name}”是覆盖率，请确认反映的是受益对象的效果而非工作覆盖面",
                ("indicators", c.at, "level2"),
                evidence=c.raw_name,
                severity="info",
            )


_CHECKS: tuple[tuple[str, RowCheck], ...] = (
    ("IND010", _timeliness_misfiled),
    ("IND011", _not_satisfaction),
    ("IND012", _satisfaction_misfiled),
    ("IND013", _process_as_effect),
    ("IND014", _input_as_result),
    ("IND015", _staff_count),
    ("IND016", _timeliness_in_output),
    ("IND017", _quality_as_quantity),
    ("IND018", _not_timeliness),
    ("IND019", _not_a_cost),
    ("IND020", _output_rate_as_effect),
)
