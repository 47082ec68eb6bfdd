"""TXT — goal texts (相关性): the annual goal against the overall goal, places named in the
goals, quantities promised in the goals and carried by no indicator, goals too short to say
anything, and indicators copied from the 88号 template examples."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache

from jixiao.model.forms import ProjectForm
from jixiao.model.values import key
from jixiao.rules import lexicon
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import FormView

# Punctuation and symbols are dropped before goal texts are compared: “，” vs “,” is no change.
_NOT_WORD = re.compile(r"[^\w%‰]")

# Place/organisation names in goal texts: two characters before a type word (杜行派出所,
# 浦江镇, 新虹街道). Only these three types: others (村, 社区) are too common as plain words.
# The two characters are often not a name at all (完善派出所基础设施, 保障镇、村两级, 汇聚至镇城运
# 中心, 全镇, 各街镇): a window ending in a verb, preposition or quantifier, or starting with a
# function word, is no name.
_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(派出所|街道(?![路口办])|镇(?![压守静定]))")
_NOT_NAME_END = frozenset(
    "善成障现决升进强保设至入盖务实展好织护助理持放于到给向为在对由和与及等的了是各该本全属辖地区级个所"
    "乡城集重小街我两村市古名强县内外大老沿动合施据照按过通带联导领"
)
_NOT_NAME_START = frozenset("在于为对向由至和与及的了是把将被从到给让使各该本全每")
_KINDS = ("派出所", "街道", "镇")

# A quantity promised in a goal text: a number followed by a count or measure unit. Years,
# months, days, money (预算资金4100万元) and bounds (10米内) are not promised quantities.
_GOAL_QUANTITY = re.compile(
    r"(?<![\d.第])(\d+(?:\.\d+)?)\s*"
    r"(平方公里|平方千米|平方米|公里|千米|公顷|亩|吨|米|人次|户次|台次|课时|学时|条|座|台|个|名|人"
    r"|次|场|份|户|家|项|所|辆|套|处|本|批|件|块|棵|株|间|栋|幢|盏|篇|册|%|‰)"
    r"(?!以内|内|以上|以下|左右)"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(\d{4})\s*年")

HUNDRED = Decimal(100)
GOAL_MIN_CHARS = 15  # goals with fewer characters (and no number) are too short to be clear


@lru_cache(maxsize=8192)
def _goal_key(text: str) -> str:
    """key() of a goal text, memoised: several checks read the same goal of a form."""
    return key(text)


def _gkey(text: str | None) -> str:
    return _goal_key(text) if text else ""


@lru_cache(maxsize=8192)
def _compact_cached(text: str) -> str:
    return _NOT_WORD.sub("", _goal_key(text))


def _similarity(a: str, b: str, threshold: float) -> float | None:
    """difflib ratio of two goal keys when it reaches ``threshold`` (cheap bounds first)."""
    if a == b:
        return 1.0
    if 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
        return None  # the ratio can never reach the threshold (difflib's real_quick_ratio)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else None


def _excerpt(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@rule(
    "TXT001",
    "goals.annual-copies-overall",
    "年度目标照抄项目总目标",
    severity="warning",
    dimension="relevance",
    tags=("goal",),
    suggestion="年度目标应写明本年度要完成的任务量、质量和时限（总目标在本年度的分解），不要照抄项目总目标。",
)
def annual_copies_overall(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：年度总体目标与项目总目标文字相同或几乎相同（去掉空格和标点后相似度达到阈值 goal_similarity，默认 0.9）。
    为什么重要：年度目标是总目标在本年度的分解，应写明本年度的任务量和时限；照抄总目标说明年度目标没有细化，事后无法按年度考核。
    不合规示例：项目总目标“改善桃浦环境面貌，提升全镇整体形象。”，年度目标原样相同。
    合规示例：项目总目标“改善桃浦环境面貌”；年度目标“2023年完成应急维修不少于200处，有责投诉为0”。
    依据：《行政事业单位绩效目标申报问题》：“长期目标与年度目标混淆”；财预〔2015〕88号 第二十四条（一）“绩效目标是否明确、清晰”（待核对原文）。
    已知局限：实施期只有一年的项目，总目标与年度目标本可相近，但仍应分别表述；只比较文字，不理解语义（改写过的照抄不报）。
    """
    form = view.form
    if not isinstance(form, ProjectForm) or not form.overall_goal or not form.annual_goal:
        return ()
    return _copy_hits(form.overall_goal, form.annual_goal, float(ctx.threshold("goal_similarity")))


@lru_cache(maxsize=8192)
def _copy_hits(overall_goal: str, annual_goal: str, threshold: float) -> tuple[Hit, ...]:
    """TXT001 on a pair of goal texts (goals repeat across forms; a Hit is immutable)."""
    overall, annual = _compact_cached(overall_goal), _compact_cached(annual_goal)
    if not overall or not annual:
        return ()
    ratio = _similarity(overall, annual, threshold)
    if ratio is None:
        return ()
    if ratio == 1.0:
        message = "年度总体目标与项目总目标文字完全相同"
    else:
        message = f"年度总体目标与项目总目标几乎相同（相似度{ratio:.0%}）"
    return (Hit(message, ("annual_goal",), evidence=_excerpt(annual_goal)),)


def _places(text: str, kinds: tuple[str, ...] = _KINDS) -> dict[str, set[str]]:
    """Place names by type in ``text`` (a key): {'派出所': {'杜行'}, '镇': {'浦江'}}."""
    found: dict[str, set[str]] = {}
    for kind in kinds:
        start = text.find(kind)
        while start != -1:
            if start >= 2:
                match = _PLACE.match(text, start - 2)
                if match is not None and match.group(2) == kind:
                    name = match.group(1)
                    if name[-1] not in _NOT_NAME_END and name[0] not in _NOT_NAME_START:
                        found.setdefault(kind, set()).add(name)
            start = text.find(kind, start + 1)
    return found


@rule(
    "TXT002",
    "goals.foreign-place",
    "目标文字写的是别的单位或地点",
    severity="warning",
    dimension="relevance",
    tags=("goal", "copy"),
    suggestion="核对目标文字是否从其他项目复制而来，改写为本项目的实施地点和对象。",
)
def foreign_place(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：项目名称或实施单位写明了本项目的派出所、街道或镇，而目标文字中出现了另一个同类名称、却没有出现本项目的名称。
    为什么重要：目标写的是别的地点或单位，多半是从其他项目复制后未修改，这样的目标与本项目无关，无法据以考核。
    不合规示例：“鲁汇派出所新址装修工程”的目标写“解决杜行派出所增加警力后的办公场所紧缺问题”，全文没有鲁汇。
    合规示例：“杜行派出所新址修缮工程”的目标写“解决杜行派出所增加警力后办公场所紧缺的问题”；或“公安后勤经费”的目标同时写杜行、鲁汇两个派出所（项目名称未限定地点）。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》：“过分求全导致内容混乱，未根据实际情况进行取舍”；政策规则 R-REL-04（c）目标中的地名与项目名称不符（系统约定）。
    已知局限：只识别“两字地名+派出所/街道/镇”，以动词、介词结尾的两字（“完善派出所”“保障镇、村”）不作地名，个别以这些字结尾的真实地名会漏报；同一项目确实涉及多个地点时，只要目标中也写了本项目的地点就不报；主管部门不作比较（镇政府主管的项目常写其他镇的协作事项）。
    """
    form = view.form
    if not isinstance(form, ProjectForm):
        return ()
    name, unit = form.project_name, form.implementing_unit
    in_name = _text_places(name) if name and _names_place(name) else ()
    in_unit = _text_places(unit) if unit and _names_place(unit) else ()
    if not in_name and not in_unit:
        return ()
    own = _merge_places(in_name, in_unit) if in_name and in_unit else in_name or in_unit
    return _foreign_hits(own, form.overall_goal, form.annual_goal)


_Places = tuple[tuple[str, frozenset[str]], ...]


def _names_place(text: str) -> bool:
    return "镇" in text or "派出所" in text or "街道" in text


@lru_cache(maxsize=8192)
def _text_places(text: str) -> _Places:
    """_places of a project or unit name, by type in _KINDS order."""
    return tuple((kind, frozenset(names)) for kind, names in _places(key(text)).items())


@lru_cache(maxsize=1024)
def _merge_places(first: _Places, second: _Places) -> _Places:
    """The places of both names, types in order of first appearance."""
    own: dict[str, set[str]] = {}
    for kind, names in (*first, *second):
        own.setdefault(kind, set()).update(names)
    return tuple((kind, frozenset(names)) for kind, names in own.items())


@lru_cache(maxsize=8192)
def _foreign_hits(
    own_places: _Places, overall_goal: str | None, annual_goal: str | None
) -> tuple[Hit, ...]:
    """TXT002 for the project's own places and its goal texts (a Hit is immutable)."""
    own = dict(own_places)
    overall = _gkey(overall_goal)
    goals = overall + "。" + _gkey(annual_goal)
    hits: list[Hit] = []
    for kind, names in _places(goals, tuple(own)).items():
        mine = own[kind]
        if names & mine or any(n + kind in goals for n in mine):
            continue
        foreign = "、".join(sorted(n + kind for n in names))
        where = "、".join(sorted(n + kind for n in mine))
        which = "overall_goal" if any(n + kind in overall for n in names) else "annual_goal"
        hits.append(
            Hit(f"本项目是{where}的项目，目标文字却写的是{foreign}", (which,), evidence=foreign)
        )
    return tuple(hits)


@lru_cache(maxsize=1024)
def _period_years(period: str | None) -> int:
    """How many distinct years the printed implementation period names."""
    return len(set(_YEAR.findall(key(period))))


def _single_year(view: FormView) -> bool:
    form = view.project
    if form is None:
        return False
    years = _period_years(form.overall_goal_period)
    if years:
        return years == 1
    if form.start_date is not None and form.end_date is not None:
        return form.start_date.year == form.end_date.year
    return False


_STAFFING = (
    *lexicon.PAID_STAFF,
    "保安",
    "保洁",
    "配备",
    "聘用",
    "招聘",
    "配置",
    "派出",
    "在岗",
    "雇员",
    "编制",
)


def _is_staffing(goal: str, start: int, end: int) -> bool:
    """Whether a head count in a goal counts the project's own staff (配备保安9人, 9名保安)."""
    around = goal[max(0, start - 8) : start] + "|" + goal[end : end + 4]
    return any(word in around for word in _STAFFING)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None


@lru_cache(maxsize=16384)
def _numbers_in(text: str) -> frozenset[Decimal]:
    """The numbers printed in an indicator name or value key."""
    if not _DIGIT.search(text):
        return frozenset()
    numbers: set[Decimal] = set()
    for found in _NUMBER.findall(text):
        number = _decimal(found)
        if number is not None:
            numbers.add(number)
    return frozenset(numbers)


def _indicator_numbers(view: FormView) -> set[Decimal]:
    numbers: set[Decimal] = set()
    for row in view.rows:
        if row.target.number is not None:
            numbers.add(row.target.number)
        if row.name:
            numbers |= _numbers_in(row.name)
        if row.value:
            numbers |= _numbers_in(row.value)
    return numbers


_Promised = tuple[tuple[Decimal, str, str], ...]


@lru_cache(maxsize=8192)
def _promised(text: str) -> _Promised:
    """Quantities a goal text promises: (number, unit, as printed), in order of appearance.

    100% (emphasis more often than a promised rate) and the project's own head count are left
    out; so are texts without a digit.
    """
    goal = _goal_key(text)
    if not goal or not _DIGIT.search(goal):
        return ()
    promised: list[tuple[Decimal, str, str]] = []
    for match in _GOAL_QUANTITY.finditer(goal):
        number = _decimal(match.group(1))
        if number is None:
            continue
        unit = match.group(2)
        if unit == "%" and number == HUNDRED:
            continue  # “100%完成”“100%落实” is emphasis more often than a promised rate
        if unit in ("人", "名") and _is_staffing(goal, match.start(), match.end()):
            continue  # “配备保安9人” is an input, not an output the indicators should carry
        promised.append((number, unit, match.group(1) + unit))
    return tuple(promised)


@rule(
    "TXT003",
    "goals.quantity-not-in-indicators",
    "目标中的任务量没有对应指标",
    severity="warning",
    dimension="relevance",
    tags=("goal", "indicator"),
    suggestion="把目标中承诺的数量（面积、条数、座数、台数等）设为数量指标，指标值写明数值和单位。",
)
def quantity_not_in_indicators(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：年度目标（实施期只有一年时也包括项目总目标）写明了带单位的数量（如“18.83平方公里”“57条道路”“4座公厕”“240台”），但没有任何指标的指标值或名称含有这个数。
    为什么重要：目标承诺的任务量应由指标细化、量化，否则目标与指标“两张皮”，年终无法据指标判断目标是否完成。
    不合规示例：环卫保洁项目年度目标写“镇域面积18.83平方公里，57条道路……4座公厕”，指标只有“清洗清扫工作完成率 ≥100%”。
    合规示例：同一目标下设“保洁道路条数 =57条”“公厕保洁座数 =4座”“保洁面积 =18.83平方公里”。
    依据：财预〔2015〕88号 第二十四条（二）“是否对申报的绩效目标设定了相关联的绩效指标，绩效指标是否细化、量化”（待核对原文）；中诚政融《绩效目标设置的痼疾在哪里？》（“孤立化”）；政策规则 R-REL-02。
    已知局限：只按数值比对（单位不同的同一数量，如“1883万平方米”，会被误认为没有对应指标；数值碰巧相同的不同指标会被当作已对应）；金额、日期、“10米内”之类的限定、“100%”（多为“100%完成”之类的强调）和项目自身人员数（“配备保安9人”，属投入）不作为任务量；多年期项目的总目标不检查。
    """
    form = view.form
    if not isinstance(form, ProjectForm) or not view.rows:
        return ()
    annual = _promised(form.annual_goal) if form.annual_goal else ()
    overall = _promised(form.overall_goal) if form.overall_goal else ()
    if overall and form.annual_goal and not _single_year(view):
        overall = ()  # a multi-year project's overall goal is not checked
    if not annual and not overall:
        return ()
    carried = _indicator_numbers(view)
    reported: set[tuple[Decimal, str]] = set()
    hits: list[Hit] = []
    for which, promised in (("overall_goal", overall), ("annual_goal", annual)):
        missing: list[str] = []
        for number, unit, printed in promised:
            if number in carried or (number, unit) in reported:
                continue
            reported.add((number, unit))
            missing.append(printed)
        if missing:
            label = "年度目标" if which == "annual_goal" else "项目总目标"
            hits.append(
                Hit(
                    f"{label}中的任务量“{'、'.join(missing)}”没有对应的绩效指标",
                    (which,),
                    evidence="、".join(missing),
                )
            )
    return hits


@rule(
    "TXT004",
    "goals.too-short",
    "目标文字过于简短",
    severity="info",
    dimension="relevance",
    applies_to=("project", "unit"),
    tags=("goal",),
    suggestion="目标应写明做什么、做多少、达到什么标准、何时完成，便于据以设置指标。",
)
def too_short(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：项目总目标或年度目标（单位整体表：年度履职目标）不足 15 个字且不含任何数字。
    为什么重要：一句口号式的短句（如“确保本区域的社会稳定”）说不清要完成的任务和标准，无法据以设置指标和考核。
    不合规示例：年度目标“确保本区域的社会稳定”。
    合规示例：年度目标“2023年开展维稳巡逻不少于360次，重大群体性事件为0”。
    依据：财预〔2015〕88号 第二十四条（一）“绩效目标是否明确、清晰”（待核对原文）；中诚政融《绩效目标设置的痼疾在哪里？》（“模糊化”）。
    已知局限：只看字数，15 字为系统约定；简短但具体的目标（含数字）不报；未填写的目标由 REQ002 报告。
    """
    # a text longer than 4 × GOAL_MIN_CHARS has enough characters, whatever its punctuation
    form = view.form
    hits: tuple[Hit, ...] = ()
    if isinstance(form, ProjectForm):
        text = form.overall_goal
        if text and len(text) <= 4 * GOAL_MIN_CHARS:
            hits = _short_hits("overall_goal", text)
    text = form.annual_goal
    if text and len(text) <= 4 * GOAL_MIN_CHARS:
        more = _short_hits("annual_goal", text)
        if more:
            hits += more
    return hits


@lru_cache(maxsize=8192)
def _short_hits(which: str, text: str) -> tuple[Hit, ...]:
    """TXT004 on one goal text (goals repeat across forms; a Hit is immutable)."""
    compact = _compact_cached(text)
    if not compact or _DIGIT.search(compact) or len(compact) >= GOAL_MIN_CHARS:
        return ()
    label = {"overall_goal": "项目总目标", "annual_goal": "年度目标"}[which]
    return (Hit(f"{label}只有{len(compact)}个字，过于简短", (which,), evidence=text),)


_TEMPLATE_KEYS = {key(phrase): phrase for phrase in lexicon.TEMPLATE_PHRASES}
_TEMPLATE = re.compile(
    "|".join(re.escape(k) for k in sorted(_TEMPLATE_KEYS, key=len, reverse=True))
)


@rule(
    "TXT005",
    "goals.template-indicator",
    "照搬模板示例指标",
    severity="warning",
    dimension="relevance",
    applies_to=("project", "unit"),
    tags=("indicator", "copy"),
    suggestion="删去模板示例，按本项目的实际产出和效果设置具体指标（如“保洁道路 =57条”）。",
)
def template_indicator(view: FormView, ctx: ReviewContext) -> Iterable[Hit]:
    """规则说明：三级指标名称含有指标模板中的示例用语，如“全员劳动生产率”“对项目区域内生态平衡起到良性循环”“项目持续发挥作用的期限”“产品或服务数量完成率”“公共产品和服务达到的合格率”“提供公共产品和服务的及时率”“为社会所作的贡献”“促进社会进步”。
    为什么重要：这些是指标框架中说明指标含义的示例，照搬到申报表说明没有根据项目实际设置指标，指标与项目无关、无法考核。
    不合规示例：绿化养护项目的生态效益指标“对项目区域内生态平衡起到良性循环 起到”。
    合规示例：生态效益指标“新增绿化面积 ≥5000平方米”。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》：“过分求全导致内容混乱，未根据实际情况进行取舍”；政策规则 R-REL-04（a）、§6 模板用语（系统约定）。
    已知局限：按名称包含模板用语判断；模板用语经改写后不报（跨表重复的套话由 COR 规则判断）。
    """
    hits: list[Hit] = []
    for row in view.rows:
        phrase = _template_phrase(row.name) if row.name else None
        if phrase is not None:
            hits.append(_template_hit(row.indicator.name, row.index, phrase))
    return hits


@lru_cache(maxsize=4096)
def _template_hit(raw_name: str | None, index: int, phrase: str) -> Hit:
    """TXT005 on one row (names repeat across forms; a Hit is immutable)."""
    return Hit(
        f"指标“{raw_name}”照搬模板示例“{phrase}”",
        ("indicators", index, "name"),
        evidence=raw_name,
    )


@lru_cache(maxsize=16384)
def _template_phrase(name: str) -> str | None:
    """The template phrase an indicator name key contains, as printed in the template."""
    match = _TEMPLATE.search(name)
    return _TEMPLATE_KEYS[match.group()] if match is not None else None
