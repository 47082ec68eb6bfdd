"""docs/rules/ is generated from the registry (`jixiao rules docs`) and must be current."""

from __future__ import annotations

from pathlib import Path

from jixiao.rules.docs import render_docs

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


def test_docs_rules_is_current() -> None:
    expected = render_docs()
    present = {p.name: p.read_text("utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in expected if present.get(name) != expected[name])
    extra = sorted(set(present) - set(expected))
    assert not stale and not extra, (
        f"docs/rules is out of date (stale: {stale}, extra: {extra}); run: jixiao rules docs"
    )
