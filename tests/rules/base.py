"""Clean base forms for rule cases, and the case loader.

A case file ``tests/rules/cases/<CODE>.yml`` lists cases; each starts from a clean, complete
form (the ones below, which a careful reviewer would pass) and overrides parts of it:

    rule: REQ005
    cases:
      - name: 三级指标没有指标值
        expect: fail                    # the rule must report (optionally at ``loc``)
        loc: [indicators, 0, value]
        form:
          indicators:                   # replaces the list; targets are parsed from values
            - {level1: 产出指标, level2: 数量指标, name: 活动场次, value: null}
      - name: 指标值完整
        expect: pass                    # the rule must stay silent
        form: {}

Keys: ``form`` (top-level keys replace, ``funding``/``budget`` merge), ``add_indicators`` (rows
appended to the clean table), ``kind: unit`` (start from the unit form), ``forms`` (a list of
overrides for cross-form rules; each form gets its own name and unit unless given),
``profile`` (default national-88).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.model.targets import parse_target

CASES = Path(__file__).resolve().parent / "cases"


def _row(level1: str, level2: str, name: str, value: str, line: int) -> dict[str, Any]:
    return {"level1": level1, "level2": level2, "name": name, "value": value, "line": line}


CLEAN_PROJECT: dict[str, Any] = {
    "source": {
        "file": "case.txt",
        "form_index": 1,
        "line_start": 1,
        "line_end": 40,
        "sha256": "0" * 64,
    },
    "title": "财政项目支出绩效目标申报表",
    "year": 2023,
    "project_name": "社区文化活动配送",
    "nature": "经常性项目",
    "category": "特定目标类",
    "department": "上海市普陀区桃浦镇人民政府",
    "implementing_unit": "桃浦镇社区文化活动中心",
    "start_date": "2023-01-01",
    "end_date": "2023-12-31",
    "funding_unit": "元",
    "funding": {
        "total": "800000.00",
        "fiscal": "800000.00",
        "other": "0.00",
        "annual_total": "800000.00",
        "annual_appropriation": "800000.00",
        "carryover": "0.00",
        "annual_other": "0.00",
    },
    "overall_goal_period": "2023年-2023年",
    "overall_goal": "通过向全镇居民区配送文化活动，丰富居民精神文化生活，提升社区公共文化服务水平。",
    "annual_goal": "2023年向全镇40个居民区配送文化活动120场，活动验收合格率不低于95%，居民满意度不低于90%。",
    "indicators": [
        _row("产出指标", "数量指标", "文化活动配送场次", "≥120(场)", 17),
        _row("产出指标", "数量指标", "覆盖居民区数", "=40(个)", 18),
        _row("产出指标", "质量指标", "活动验收合格率", "≥95(%)", 19),
        _row("产出指标", "时效指标", "年度配送完成时间", "2023年12月31日前", 20),
        _row("产出指标", "成本指标", "单场活动平均成本", "≤6500(元/场)", 21),
        _row("效益指标", "社会效益指标", "参与活动居民人次", "≥12000(人次)", 22),
        _row("效益指标", "可持续影响指标", "居民区文化团队数", "≥40(个)", 23),
        _row("满意度指标", "服务对象满意度指标", "参与居民满意度", "≥90(%)", 24),
    ],
    "warnings": [],
}

CLEAN_UNIT: dict[str, Any] = {
    "source": {
        "file": "unit-case.txt",
        "form_index": 1,
        "line_start": 1,
        "line_end": 30,
        "sha256": "0" * 64,
    },
    "title": "单位整体支出绩效目标申报表",
    "year": 2024,
    "unit_name": "上海市闵行区人民政府新虹街道办事处",
    "appropriation_method": "全额",
    "duties": "1.宣传、执行党的路线、方针、政策；2.开展社区服务工作。",
    "annual_goal": "2024年完成政府实事项目12项，社区居民满意度不低于90%。",
    "key_tasks": [{"name": "社区服务提升", "content": "完成政府实事项目12项。"}],
    "budget": {
        "total": "10000000.00",
        "fiscal": "10000000.00",
        "other": "0.00",
        "basic": "4000000.00",
        "project": "6000000.00",
    },
    "staff_count": 52,
    "internal_orgs": 9,
    "indicators": [
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "政府实事项目完成数",
            "nature": "定量指标",
            "direction": "≥",
            "value": "12",
            "unit": "项",
            "explanation": "考察部门是否完成年度政府实事项目",
            "scoring_rule": "完成12项及以上得满分，每少1项扣1分，扣完为止",
            "line": 24,
        },
        {
            "level1": "产出指标",
            "level2": "时效指标",
            "name": "实事项目完成时间",
            "nature": "定性指标",
            "direction": None,
            "value": "2024年12月31日前",
            "unit": None,
            "explanation": "考察是否按时完成",
            "scoring_rule": "按时完成得满分，否则不得分",
            "line": 25,
        },
        {
            "level1": "效益指标",
            "level2": "社会效益指标",
            "name": "受益居民人次",
            "nature": "定量指标",
            "direction": "≥",
            "value": "5000",
            "unit": "人次",
            "explanation": "考察项目受益面",
            "scoring_rule": "达到5000人次得满分，否则按比例扣分",
            "line": 26,
        },
        {
            "level1": "满意度指标",
            "level2": "服务对象满意度指标",
            "name": "社区居民满意度",
            "nature": "定量指标",
            "direction": "≥",
            "value": "90",
            "unit": "%",
            "explanation": "考察居民对部门履职的满意度",
            "scoring_rule": "达到90%及以上得满分，否则按线性扣分",
            "line": 27,
        },
    ],
    "warnings": [],
}


def _with_targets(rows: list[dict[str, Any]], unit: bool) -> list[dict[str, Any]]:
    built = []
    for i, row in enumerate(rows):
        row = dict(row)
        row.setdefault("line", 100 + i)
        if "target" not in row:
            value = row.get("value")
            text = None if value is None else str(value)
            if unit and row.get("direction") and text is not None:
                text = f"{row['direction']}{text}{row.get('unit') or ''}"
            row["value"] = None if value is None else str(value)
            row["target"] = parse_target(text)
        built.append(row)
    return built


def build_form(
    override: dict[str, Any] | None, kind: str = "project", index: int = 1
) -> ProjectForm | UnitForm:
    """A clean form with the case's overrides applied."""
    override = copy.deepcopy(override or {})
    base = copy.deepcopy(CLEAN_UNIT if kind == "unit" else CLEAN_PROJECT)
    added = override.pop("add_indicators", [])
    for name in ("funding", "budget", "source"):
        if name in override and isinstance(override[name], dict):
            base[name].update(override.pop(name))
    base.update(override)
    base["source"]["form_index"] = index
    base["indicators"] = _with_targets(list(base["indicators"]) + list(added), kind == "unit")
    model = UnitForm if kind == "unit" else ProjectForm
    return model.model_validate(base)


def load_cases() -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {}
    for path in sorted(CASES.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        data["path"] = path
        cases[path.stem] = data
    return cases
