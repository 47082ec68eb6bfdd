"""The review flags what an expert reviewer flags on the real seed forms.

Each case is (document, form position, code, loc), asserted on ``report.flatten("code", "loc")``.
These are examples from the issue, not the list: the rules are general, and every other finding
on the seeds is pinned by the reviewed snapshot (test_seed_snapshot.py).
"""

from __future__ import annotations

from functools import cache

import pytest
from conftest import SAMPLES

from jixiao.ingest import read_forms
from jixiao.model.findings import Report
from jixiao.review import review


@cache
def _report(seed: str) -> Report:
    return review(read_forms(SAMPLES / f"{seed}.txt"), strict=True)


CASES = [
    # 000 form 7: 提供公共产品和服务的及时率 has no value (line 178)
    ("000_4efe8d3c5d7254d8", 7, "REQ005", ("indicators", 5, "value")),
    # 000 form 20: 扶持发放及时性 filed under 成本指标 (line 514)
    ("000_4efe8d3c5d7254d8", 20, "IND010", ("indicators", 5, "level2")),
    # 000 form 25: 档案管理规范性 under 满意度指标 (line 646)
    ("000_4efe8d3c5d7254d8", 25, "IND011", ("indicators", 10, "level2")),
    # 000 form 22: 年度目标 identical to 项目总目标 (line 558)
    ("000_4efe8d3c5d7254d8", 22, "TXT001", ("annual_goal",)),
    # 000 form 16: satisfaction targets written 满意 (lines 418, 419)
    ("000_4efe8d3c5d7254d8", 16, "IND040", ("indicators", 11, "value")),
    ("000_4efe8d3c5d7254d8", 16, "IND040", ("indicators", 12, "value")),
    # 000 form 5: 商品房奖励、公房售后房奖励金额 with a % target (line 123)
    ("000_4efe8d3c5d7254d8", 5, "IND036", ("indicators", 0, "value")),
    # 002 form 7: 2022年度 against 2023 dates (line 139)
    ("002_462a37a58b7323b8", 7, "DAT001", ("year",)),
    # 003 form 5: the level-2 双星指标 (line 129)
    ("003_0404f4768d803c0b", 5, "IND002", ("indicators", 8, "level2")),
    # 003 form 3: no 满意度 indicators at all
    ("003_0404f4768d803c0b", 3, "REQ006", ("indicators",)),
]


@pytest.mark.parametrize(("seed", "form", "code", "loc"), CASES,
                         ids=[f"{c[0][:3]}-{c[1]}-{c[2]}" for c in CASES])
def test_expert_finding_is_reported(seed: str, form: int, code: str,
                                    loc: tuple[str | int, ...]) -> None:
    assert (form, code, loc) in _report(seed).flatten("code", "loc")


def test_named_indicator_is_where_the_finding_points() -> None:
    report = _report("000_4efe8d3c5d7254d8")
    [finding] = [f for f in report.forms[6].findings if f.code == "REQ005"]
    assert finding.source.line == 178
    assert "提供公共产品和服务的及时率" in finding.message


def test_grades_cover_the_scale() -> None:
    grades = {form.grade for seed in ("000_4efe8d3c5d7254d8", "002_462a37a58b7323b8",
                                      "003_0404f4768d803c0b", "004_66265a79e30ddeca")
              for form in _report(seed).forms}
    assert len(grades) >= 3
