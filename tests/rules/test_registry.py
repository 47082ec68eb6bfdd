"""The decorator rejects reused codes, malformed slugs and incomplete documentation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jixiao.rules.registry import REGISTRY, Hit, RuleDefinitionError, all_rules, rule

DOC = """规则说明：x
为什么重要：x
不合规示例：x
合规示例：x
依据：x
已知局限：x
"""


def _check(view: object, ctx: object) -> Iterator[Hit]:
    yield from ()


def test_reused_code_is_rejected() -> None:
    all_rules()
    _check.__doc__ = DOC
    with pytest.raises(RuleDefinitionError, match="already used"):
        rule("REQ001", "test.dup", "t", severity="info", dimension="completeness", suggestion="s")(
            _check
        )


def test_missing_doc_section_is_rejected() -> None:
    _check.__doc__ = DOC.replace("已知局限：x\n", "")
    with pytest.raises(RuleDefinitionError, match="已知局限"):
        rule(
            "REQ990", "test.nodoc", "t", severity="info", dimension="completeness", suggestion="s"
        )(_check)
    assert "REQ990" not in REGISTRY


def test_bad_code_is_rejected() -> None:
    _check.__doc__ = DOC
    with pytest.raises(RuleDefinitionError, match="family"):
        rule("XYZ001", "test.bad", "t", severity="info", dimension="completeness", suggestion="s")(
            _check
        )


def test_every_rule_is_documented_and_unique() -> None:
    rules = all_rules()
    assert len({r.slug for r in rules}) == len(rules)
    for r in rules:
        assert r.title and r.suggestion and all(r.doc.values())
