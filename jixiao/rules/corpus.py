"""COR — across forms (相关性): goal sentences and indicators copied between projects,
boilerplate indicators recurring in many forms, whole indicator tables reused, forms filed twice.

Every check reads the hash indexes of :class:`~jixiao.rules.view.Corpus` (built once) or builds
one dict in a single pass, so the work stays linear in the number of forms: a group of forms that
share a text is only compared within itself, and groups shared by very many forms are treated as
templates without pairwise work.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from operator import itemgetter

from jixiao.model.forms import Indicator, ProjectForm
from jixiao.model.values import key
from jixiao.rules import lexicon
from jixiao.rules.context import ReviewContext
from jixiao.rules.registry import Hit, rule
from jixiao.rules.view import Corpus, FormView, Row

# 上海市闵行区地区工作办公室 → 地区工作办公室; 桃浦镇社区党群服务中心(党组织服务群众) → …中心.
_ADMIN_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,3}市)?(?:[\u4e00-\u9fff]{2,3}(?<![社园])区(?!域))?"
)
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
MAX_INSERTED = 3  # 规划和生态环境办公室 vs 规划建设和生态环境办公室: one unit
MAX_PAIRWISE = 20  # distinct units in one group beyond which no pairwise comparison is made
SPECIFIC_NAME_CHARS = 12  # an indicator name this long is specific enough to be telling alone
MIN_SHARED_ROWS = 3  # shorter names: this many shared rows with one form make a copy
_GOAL_LABEL = {"overall_goal": "项目总目标", "annual_goal": "年度目标"}
_TEMPLATE_KEYS = tuple(key(p) for p in lexicon.TEMPLATE_PHRASES)
_POSITION = itemgetter(0)


def _unit_key(view: FormView) -> str:
    form = view.form
    name = form.implementing_unit if view.project is not None else form.unit_name  # type: ignore[union-attr]
    return _unit_name_key(name) if name else ""


@lru_cache(maxsize=8192)
def _unit_name_key(name: str) -> str:
    """A unit name without brackets and 市/区 prefix: the same unit printed two ways compares equal."""
    text = _BRACKETS.sub("", key(name))
    return _ADMIN_PREFIX.sub("", text) or text


def _title(view: FormView) -> str:
    form = view.form
    name = form.project_name if view.project is not None else form.unit_name  # type: ignore[union-attr]
    return _quoted(name) if name else f"第{view.position}张表"


@lru_cache(maxsize=8192)
def _quoted(name: str) -> str:
    return f"《{name}》"


class _Units:
    """Unit keys of the forms and a cached 'same unit' test (equal, contained or a few inserted)."""

    def __init__(self, corpus: Corpus) -> None:
        self.keys = [_unit_key(v) for v in corpus.views]
        self._same: dict[tuple[str, str], bool] = {}
        self._labels: dict[tuple[str, ...], dict[str, str]] = {}

    def same(self, a: str, b: str) -> bool:
        if a == b:
            return True
        if not a or not b:
            return True  # an unknown unit is never evidence of another unit
        pair = (a, b) if a < b else (b, a)
        cached = self._same.get(pair)
        if cached is None:
            cached = a in b or b in a or _inserted(a, b)
            self._same[pair] = cached
        return cached

    def labels(self, distinct: tuple[str, ...]) -> dict[str, str]:
        """Each of the sorted ``distinct`` unit keys → its cluster label (a key among them).

        Alike names are merged into the first of them; exact names only for big groups.
        """
        label = self._labels.get(distinct)
        if label is not None:
            return label
        label = {}
        for i, unit in enumerate(distinct):
            if unit in label:
                continue
            label[unit] = unit
            if len(distinct) > MAX_PAIRWISE or not unit:
                continue
            for other in distinct[i + 1 :]:
                if other not in label and self.same(unit, other):
                    label[other] = unit
        self._labels[distinct] = label
        return label

    def clusters(self, positions: list[int]) -> dict[str, list[int]]:
        """The positions grouped by unit (alike names merged; exact names only for big groups).

        Forms of an unknown unit share the group '', which no check counts as another unit.
        """
        keys = self.keys
        label = self.labels(tuple(sorted({keys[p] for p in positions})))
        groups: defaultdict[str, list[int]] = defaultdict(list)
        for p in positions:
            groups[label[keys[p]]].append(p)
        return dict(groups)


class _Shared:
    """What several COR rules read, computed once per corpus on first use."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.users: set[str] = set()  # the rules that have read it
        self._units: _Units | None = None
        self._tables: dict[int, list[int]] | None = None
        self._project_keys: list[str] | None = None
        self._name_forms: dict[str, int] | None = None

    @property
    def units(self) -> _Units:
        if self._units is None:
            self._units = _Units(self.corpus)
        return self._units

    @property
    def tables(self) -> dict[int, list[int]]:
        if self._tables is None:
            self._tables = _table_groups(self.corpus)
        return self._tables

    @property
    def project_keys(self) -> list[str]:
        """_project_key of every form, by position."""
        if self._project_keys is None:
            self._project_keys = [_project_key(v) for v in self.corpus.views]
        return self._project_keys

    @property
    def name_forms(self) -> dict[str, int]:
        """Indicator name → how many forms have a row of that name."""
        if self._name_forms is None:
            self._name_forms = {
                name: len(set(map(_POSITION, places)))
                for name, places in self.corpus.rows_by_name.items()
            }
        return self._name_forms


# The COR rules run one after another on the same corpus: what they share is computed once and
# kept for the corpus under review (the last one seen), until every COR rule has read it, so that
# the forms are not held after the review.
_SHARED: _Shared | None = None
_SHARING = frozenset(f"COR00{i}" for i in range(1, 7))


def _shared(corpus: Corpus, code: str) -> _Shared:
    """The shared data of ``corpus`` for the rule ``code`` (called once, at its start)."""
    global _SHARED
    shared = _SHARED
    if shared is None or shared.corpus is not corpus:
        shared = _SHARED = _Shared(corpus)
    shared.users.add(code)
    if shared.users >= _SHARING:
        _SHARED = None  # the last of them: it keeps its own reference while it runs
    return shared


def _inserted(a: str, b: str) -> bool:
    """Whether one name is the other with a few characters inserted (规划和 / 规划建设和).

    Names that differ by a substituted character (第一居委会 / 第二居委会) stay different.
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4 or len(long) - len(short) > MAX_INSERTED:
        return False
    chars = iter(long)
    return all(ch in chars for ch in short)


_Outside = tuple[int, tuple[int, ...]]  # forms of other units, and up to three of them


def _outside(sizes: dict[str, int], firsts: dict[str, list[int]]) -> dict[str, _Outside]:
    """For each unit group with forms in other known groups: how many, and up to three.

    ``sizes`` and ``firsts`` give each group's size and first three positions, groups in order of
    their first position. The unknown unit '' is never "another unit" and gets nothing.
    """
    total = sum(size for label, size in sizes.items() if label)
    result: dict[str, _Outside] = {}
    for own, size in sizes.items():
        if not own or total == size:
            continue
        shown: list[int] = []
        for label, others in firsts.items():
            if label and label != own:
                shown.extend(others[: 3 - len(shown)])
                if len(shown) >= 3:
                    break
        result[own] = (total - size, tuple(shown))
    return result


def _names(views: list[FormView], shown: list[int], count: int) -> str:
    text = "、".join([_title(views[p]) for p in shown])
    return text + (f"等{count}个项目" if count > len(shown) else "")


@rule(
    "COR001",
    "corpus.goal-copied-across-units",
    "目标文字与其他单位的项目相同",
    severity="warning",
    dimension="relevance",
    applies_to=("project", "unit"),
    tags=("goal", "copy"),
    scope="corpus",
    suggestion="按本项目的实际任务重写目标，不要沿用其他单位项目的文字。",
)
def goal_copied_across_units(corpus: Corpus, ctx: ReviewContext) -> Iterator[tuple[int, Hit]]:
    """规则说明：项目总目标或年度目标（单位整体表：年度履职目标）中有一句话（不少于 copy_min_chars 个字，默认12），与另一个实施单位的项目的目标一字不差。
    为什么重要：不同单位的不同项目，目标不可能逐字相同；整句相同多半是复制其他单位的申报表后未按本项目修改，目标与本项目无关。
    不合规示例：甲单位“社区文化活动配送”与乙单位“图书馆运营”的年度目标都写“达到主管部门对于社区文化活动中心、图书馆日常相关工作的规定和要求”。
    合规示例：同一实施单位的两个项目沿用同一段目标（不在本规则范围，见 COR002）；各单位目标分别写明本项目任务。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》；中诚政融《绩效目标设置的痼疾在哪里？》（“形式化”）；政策规则 R-REL-04（b）。
    已知局限：只比较整句（按句号、分号等切分）逐字相同的文字，改写过的复制不报；实施单位名称仅多出几个字的（如“规划和生态环境办公室”与“规划建设和生态环境办公室”、带不带“上海市普陀区”）按同一单位处理；实施单位未填写的表不作比较对象。
    """
    units = _shared(corpus, "COR001").units
    keys = units.keys
    minimum = int(ctx.threshold("copy_min_chars"))
    # by position, for the annual and the overall goal: the largest count of forms of other units
    # sharing a sentence of it, and up to three of them (those of the first such sentence)
    views = corpus.views
    found: tuple[list[_Outside | None], list[_Outside | None]] = (
        [None] * len(views),
        [None] * len(views),
    )
    for sentence, places in corpus.sentences.items():
        if len(places) < 2 or len(sentence) < minimum:
            continue
        positions = sorted({p for p, _ in places})
        if len(positions) < 2:
            continue
        label = units.labels(tuple(sorted({keys[p] for p in positions})))
        # the unit groups (as _Units.clusters) in order of their first form: size, first three
        sizes: dict[str, int] = {}
        firsts: dict[str, list[int]] = {}
        for p in positions:
            own = label[keys[p]]
            if own in sizes:
                sizes[own] += 1
                members = firsts[own]
                if len(members) < 3:
                    members.append(p)
            else:
                sizes[own] = 1
                firsts[own] = [p]
        if len(sizes) < 2:
            continue
        outside = _outside(sizes, firsts)
        by_key = {unit: outside.get(own) for unit, own in label.items()}
        for pos, which in places:
            result = by_key[keys[pos]]
            if result is not None:
                slots = found[which == "overall_goal"]
                best = slots[pos]
                if best is None or result[0] > best[0]:
                    slots[pos] = result
    names: dict[_Outside, str] = {}
    hits: dict[tuple[bool, bool, _Outside, str], Hit] = {}
    for pos, results in enumerate(zip(*found, strict=True)):
        if results == (None, None):
            continue
        form = views[pos].form
        project = isinstance(form, ProjectForm)
        for overall, result in enumerate(results):  # annual_goal before overall_goal
            if result is None:
                continue
            text = (form.overall_goal if overall else form.annual_goal) or ""  # type: ignore[union-attr]
            memo = (bool(overall), project, result, text)
            hit = hits.get(memo)
            if hit is None:
                which = "overall_goal" if overall else "annual_goal"
                label_text = _GOAL_LABEL[which] if project else "年度履职目标"
                listed = names.get(result)
                if listed is None:
                    listed = names[result] = _names(views, list(result[1]), result[0])
                hit = hits[memo] = Hit(
                    f"{label_text}有整句与其他单位的{listed}相同",
                    (which,),
                    evidence=text[:120] + ("…" if len(text) > 120 else ""),
                )
            yield pos, hit


@rule(
    "COR002",
    "corpus.goal-shared-within-unit",
    "目标与本单位其他项目完全相同",
    severity="info",
    dimension="relevance",
    applies_to=("project",),
    tags=("goal", "copy"),
    scope="corpus",
    suggestion="每个项目的目标应写明该项目自己的任务、数量和标准，不要几个项目共用一段目标。",
)
def goal_shared_within_unit(corpus: Corpus, ctx: ReviewContext) -> Iterator[tuple[int, Hit]]:
    """规则说明：同一实施单位的两个不同项目（项目名称不同），项目总目标或年度目标整段文字完全相同（不少于 copy_min_chars 个字）。
    为什么重要：不同项目的资金用途不同，目标也应不同；几个项目共用一段目标，说明目标没有针对项目设置，无法区分各项目的绩效。
    不合规示例：财政所“科技企业扶持专项经费”与“服务经济专项经费”的年度目标都是“加大桃浦地区招商引资力度，提高招商引资的质量……”。
    合规示例：两个项目分别写明各自扶持的企业类型和数量。
    依据：中诚政融《绩效目标设置的痼疾在哪里？》（“形式化”）；政策规则 R-REL-04（b）（系统约定）。
    已知局限：只报整段逐字相同；同一段目标也出现在其他单位的项目中时由 COR001 报告，本规则不重复；同名项目的重复申报由 COR006 报告。
    """
    shared = _shared(corpus, "COR002")
    minimum = int(ctx.threshold("copy_min_chars"))
    goals: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for pos, view in enumerate(corpus.views):
        form = view.form
        if not isinstance(form, ProjectForm):
            continue
        # texts are normalised by the reader: compared as printed (goal_texts order)
        text = form.overall_goal
        if text and len(text) >= minimum:
            goals[("overall_goal", text)].append(pos)
        text = form.annual_goal
        if text and len(text) >= minimum:
            goals[("annual_goal", text)].append(pos)
    units: _Units | None = None
    for (which, _), positions in goals.items():
        if len(positions) < 2:
            continue
        if units is None:
            units = shared.units
        groups = units.clusters(positions)
        if sum(1 for label in groups if label) > 1:
            continue  # shared with another unit as well: COR001 reports it
        project_keys = shared.project_keys
        for label, members in groups.items():
            if not label:
                continue  # forms without an implementing unit: not known to be one unit
            names = [project_keys[p] for p in members]
            tally: defaultdict[str, int] = defaultdict(int)
            first: dict[str, int] = {}
            for p, name in zip(members, names, strict=True):
                tally[name] += 1
                first.setdefault(name, p)
            for pos, name in zip(members, names, strict=True):
                count = len(members) - tally[name]
                if count <= 0:
                    continue
                shown = [p for n, p in first.items() if n != name][:3]
                yield (
                    pos,
                    Hit(
                        f"{_GOAL_LABEL[which]}与本单位{_names(corpus.views, shown, count)}完全相同",
                        (which,),
                    ),
                )


def _where(view: FormView) -> str:
    source = view.form.source
    return f"{source.file}第{source.line_start}行起的表"


def _project_key(view: FormView) -> str:
    form = view.form
    name = form.project_name if isinstance(form, ProjectForm) else form.unit_name
    return _name_key(name) if name else ""


def _name_key(name: str) -> str:
    """key(name), without its cost for the usual name (project names are mostly unique).

    NFKC maps （） to (): key() of the name with them replaced is key() of the name. A text
    that is then NFKC-normal and holds none of the characters key() removes is its own key.
    """
    text = name.replace("（", "(").replace("）", ")")
    if (
        unicodedata.is_normalized("NFKC", text)
        and "\u200b" not in text
        and "\ufeff" not in text
        and text.split() == [text]
    ):
        return text
    return key(text)


def _value_key(row: Row) -> str:
    """A value compared across forms: the canonical target (=100.00(%) = =100.00%) or the key."""
    if row.target.kind == "quantitative":
        return row.target.format()
    return row.value


@lru_cache(maxsize=16384)
def _generic_name(name: str) -> bool:
    return lexicon.SATISFACTION in name or any(t in name for t in _TEMPLATE_KEYS)


@lru_cache(maxsize=8192)
def _no_digit(value: str) -> bool:
    return not any(c.isdigit() for c in value)


@rule(
    "COR003",
    "corpus.boilerplate-indicator",
    "多个项目共用的套话指标",
    severity="info",
    dimension="relevance",
    applies_to=("project", "unit"),
    tags=("indicator", "copy"),
    scope="corpus",
    suggestion="用反映本项目具体产出或效果的指标代替通用套话（如把“长效管理制度健全性 健全”改为本项目可核实的制度或机制）。",
)
def boilerplate_indicator(corpus: Corpus, ctx: ReviewContext) -> Iterator[tuple[int, Hit]]:
    """规则说明：同一个三级指标名称出现在 boilerplate_min_forms（默认5）张以上的表中，而本表的指标值是文字或模糊词（如“健全”“规范”“长期”“起到”）。
    为什么重要：多张表原样套用、又只填一个模糊词的指标，不反映任何具体项目的产出或效果，审核和自评都无从核实。
    不合规示例：9个项目都设“长效管理制度健全性 健全”；多个项目设“档案管理规范性 规范”。
    合规示例：“居民满意度 ≥90%”等满意度指标，以及数值各不相同的定量指标（如“活动完成次数 ≥500场”），虽名称常见也不报。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》（无效、套用的指标）；中诚政融《绩效目标设置的痼疾在哪里？》（“形式化”）；政策规则 R-REL-04、§6。
    已知局限：阈值为系统约定，只在一起审核的表之间比较；每张表汇总为一条（指向第一个套话指标）；名称含模板示例用语的指标由 TXT005 报告，本规则不重复；满意度指标和没有指标值的行（REQ005）不报。
    """
    minimum = int(ctx.threshold("boilerplate_min_forms"))
    name_forms = _shared(corpus, "COR003").name_forms
    boilerplate: dict[str, int] = {}  # name → forms, for names in at least ``minimum`` forms
    for name, places in corpus.rows_by_name.items():
        if len(places) < minimum or _generic_name(name):
            continue
        forms = name_forms[name]
        if forms >= minimum:
            boilerplate[name] = forms
    if not boilerplate:
        return
    vague_values = lexicon.VAGUE_VALUES
    forms_of = boilerplate.get
    hits: dict[tuple[int, int, tuple[tuple[str | None, str | None, int], ...]], Hit] = {}
    vague_cells: dict[int, bool] = {}  # by Row.cell: rows repeat across the forms
    for pos, view in enumerate(corpus.views):
        rows: list[tuple[int, int, Indicator]] | None = None  # (row, forms, indicator) in order
        for row in view.rows:
            vague = vague_cells.get(row.cell)
            if vague is None:
                value = row.value
                # a word value that says nothing checkable: 健全, 规范, 长期, 起到 (not a date or a
                # grade)
                vague = bool(value) and (
                    value in vague_values
                    or (len(value) <= 4 and row.target.kind == "qualitative" and _no_digit(value))
                )
                if row.cell >= 0:
                    vague_cells[row.cell] = vague
            if not vague:
                continue
            forms = forms_of(row.name, 0)
            if forms:
                if rows is None:
                    rows = []
                rows.append((row.index, forms, row.indicator))
        if rows is None:
            continue
        # what the hit says: the rows (first five) as printed, their count and the first index
        shown = rows[:5]
        memo = (len(rows), rows[0][0], tuple([(ind.name, ind.value, n) for _, n, ind in shown]))
        hit = hits.get(memo)
        if hit is None:
            listed = "；".join(f"{ind.name} {ind.value}（{n}张表）" for _, n, ind in shown)
            first = shown[0][2]
            if len(rows) == 1:
                message = (
                    f"指标“{first.name}”在{rows[0][1]}张表中出现，本表只填"
                    f"“{first.value}”，属于通用套话"
                )
            else:
                message = f"有{len(rows)}个指标是多张表共用的通用套话，只填了模糊的文字"
            hit = hits[memo] = Hit(message, ("indicators", rows[0][0], "name"), evidence=listed)
        yield pos, hit


def _table_groups(corpus: Corpus) -> dict[int, list[int]]:
    """Position → its group of forms with an identical indicator table (hash verified)."""
    same: dict[int, list[int]] = {}
    for positions in corpus.tables.values():
        if len(positions) < 2:
            continue
        by_signature: defaultdict[tuple[tuple[str, str, str], ...], list[int]] = defaultdict(list)
        for pos in positions:
            rows = corpus.views[pos].rows
            by_signature[tuple((r.level2, r.name, r.value) for r in rows)].append(pos)
        for group in by_signature.values():
            if len(group) > 1:
                for pos in group:
                    same[pos] = group
    return same


@rule(
    "COR004",
    "corpus.indicators-copied-across-units",
    "指标与其他单位的项目相同",
    severity="info",
    dimension="relevance",
    applies_to=("project", "unit"),
    tags=("indicator", "copy"),
    scope="corpus",
    suggestion="核对这些指标是否属于本项目；从其他单位复制的指标应按本项目的实际产出和效果改写。",
)
def indicators_copied_across_units(corpus: Corpus, ctx: ReviewContext) -> Iterator[tuple[int, Hit]]:
    """规则说明：本表与另一个实施单位的某个项目有相同的三级指标（名称和指标值都相同，定量指标值按规范写法比较）：名称不少于12个字的具体指标一个即可，较短的名称须有3个以上相同。满意度指标、模板示例用语和在 boilerplate_min_forms 张以上表中出现的通用指标不计。
    为什么重要：具体指标（如“消防维保达标率 =100%”“12345投诉反馈及时性 及时”）原样出现在另一个单位的项目中，多半是复制他人申报表后未修改，指标与本项目的内容无关。
    不合规示例：受理服务中心的项目与社会事业发展办公室的片区项目都有“消防维保达标率 =100%”“绿化维保达标率 =100%”“12345投诉反馈及时性 及时”。
    合规示例：两个单位都设“居民满意度 ≥90%”（满意度指标不计）；名称相同但指标值不同。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》（“未根据实际情况进行取舍”）；政策规则 R-REL-04（b）。
    已知局限：只比较逐字相同的名称和指标值；整张指标表相同的由 COR005 报告，本规则不重复；同一单位内共用指标不报；实施单位未填写的表不作比较对象。
    """
    common = _shared(corpus, "COR004")
    minimum = int(ctx.threshold("boilerplate_min_forms"))
    name_forms = common.name_forms
    shared: defaultdict[tuple[int, int], list[int]] = defaultdict(list)  # (pos, other) → rows
    telling: set[tuple[int, int]] = set()
    for name, places in corpus.rows_by_name.items():
        if len(places) < 2:
            continue
        forms = name_forms[name]
        if forms < 2 or forms >= minimum or _generic_name(name):
            continue
        units, tables = common.units, common.tables
        values: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for pos, index in places:
            row = corpus.views[pos].rows[index]
            if row.value:
                values[_value_key(row)].append((pos, index))
        for group in values.values():
            for pos, index in group:
                for other, _ in group:
                    if other == pos or units.same(units.keys[pos], units.keys[other]):
                        continue
                    if other in tables.get(pos, ()):
                        continue
                    indexes = shared[(pos, other)]
                    if index not in indexes:
                        indexes.append(index)
                    if len(name) >= SPECIFIC_NAME_CHARS:
                        telling.add((pos, other))
    for (pos, other), indexes in sorted(shared.items()):
        if len(indexes) < MIN_SHARED_ROWS and (pos, other) not in telling:
            continue
        view, them = corpus.views[pos], corpus.views[other]
        rows = [view.rows[i] for i in indexes]
        listed = "；".join(f"{r.raw_name} {r.raw_value}" for r in rows[:5])
        unit = them.project.implementing_unit if them.project else them.form.unit_name  # type: ignore[union-attr]
        yield (
            pos,
            Hit(
                f"有{len(rows)}个指标与{unit or '其他单位'}的{_title(them)}名称和指标值完全相同",
                ("indicators", indexes[0], "name"),
                evidence=listed,
            ),
        )


@rule(
    "COR005",
    "corpus.table-reused",
    "整张指标表与其他项目相同",
    severity="warning",
    dimension="relevance",
    applies_to=("project", "unit"),
    tags=("indicator", "copy"),
    scope="corpus",
    suggestion="按本项目的产出和效果重新设置指标，不要整表沿用其他项目的指标表。",
)
def table_reused(corpus: Corpus, ctx: ReviewContext) -> Iterator[tuple[int, Hit]]:
    """规则说明：本表的整张指标表（3行以上，二级指标、三级指标和指标值逐行相同）与另一个名称不同的项目完全相同。
    为什么重要：不同项目的资金用途和产出不同，整表相同说明指标是套用的，至少有一个项目的指标与其内容无关。
    不合规示例：两个不同的质保金项目，指标表逐行都是“支付完成及时性 100%”“付款金额准确率 100%”“党员群众满意度 90%”。
    合规示例：两个项目指标结构相同，但数量、标准等指标值按各自任务填写。
    依据：赤峰市审计局《财政预算绩效管理中审计发现的常见问题》；政策规则 R-REL-04（b）。
    已知局限：指标值逐字比较（“=100.00(%)”与“=100%”视为不同）；少于3行的表不比较；同名项目的重复申报由 COR006 报告。
    """
    shared = _shared(corpus, "COR005")
    tables = shared.tables
    if not tables:
        return
    project_keys = shared.project_keys
    for pos, group in sorted(tables.items()):
        name = project_keys[pos]
        different = [p for p in group if p != pos and project_keys[p] != name]
        if different:
            view = corpus.views[pos]
            yield (
                pos,
                Hit(
                    f"整张指标表（{len(view.rows)}行）与{_names(corpus.views, different[:3], len(different))}完全相同",
                    ("indicators",),
                ),
            )


@rule(
    "COR006",
    "corpus.duplicate-form",
    "同一项目重复申报",
    severity="warning",
    dimension="completeness",
    applies_to=("project", "unit"),
    tags=("copy",),
    scope="corpus",
    suggestion="核对是否重复报送：同一项目同一年度只应有一张申报表；确为不同项目的，请改用能区分的项目名称。",
)
def duplicate_form(corpus: Corpus, ctx: ReviewContext) -> Iterator[tuple[int, Hit]]:
    """规则说明：一起审核的表中，项目名称、实施单位（单位整体表：单位名称）和申报年度都相同的表出现两次以上。
    为什么重要：重复报送会使同一项目的资金被重复汇总、重复安排；若其实是两个项目，名称相同也无法区分各自的目标和资金。
    不合规示例：同一批材料中两张“社工点经费”申报表，实施单位和年度都相同。
    合规示例：同一项目只有一张申报表；不同年度的同名项目分别申报。
    依据：财预〔2015〕88号（项目库与预算编制，待核对原文）；系统约定。
    已知局限：项目名称须逐字相同（不计空格）；实施单位写法相近的按同一单位处理。
    """
    shared = _shared(corpus, "COR006")
    groups: defaultdict[tuple[str, int | None], list[int]] = defaultdict(list)
    for pos, (view, name) in enumerate(zip(corpus.views, shared.project_keys, strict=True)):
        if name:
            groups[(name, view.form.year)].append(pos)
    for positions in groups.values():
        if len(positions) < 2:
            continue
        for label, members in shared.units.clusters(positions).items():
            if len(members) < 2:
                continue
            for pos in members:
                where = "、".join(_where(corpus.views[p]) for p in members if p != pos)
                title = _title(corpus.views[pos])
                yield (
                    pos,
                    Hit(
                        f"{title}在本批材料中出现{len(members)}次（另见{where}）",
                        ("project_name",) if corpus.views[pos].project else ("unit_name",),
                        evidence=title if label else None,
                    ),
                )
