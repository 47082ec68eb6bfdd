"""Rule documentation generated from the registry: ``jixiao rules explain`` and ``docs/rules/``.

Nothing is written twice: the docstring sections of each rule are the documentation.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.model.findings import DIMENSION_NAMES, SEVERITY_NAMES
from jixiao.rules.registry import FAMILIES, SECTIONS, Rule, all_rules


def explain(rule: Rule) -> str:
    """Plain-text explanation of one rule (for the terminal)."""
    lines = [
        f"{rule.code}  {rule.title}  ({rule.slug})",
        f"严重程度：{SEVERITY_NAMES[rule.severity]}　维度：{DIMENSION_NAMES[rule.dimension]}"
        f"　适用：{'、'.join(sorted(rule.applies_to))}"
        + (f"　标签：{'、'.join(sorted(rule.tags))}" if rule.tags else ""),
        "",
    ]
    for section in SECTIONS:
        lines += [f"【{section}】", rule.doc[section], ""]
    lines += ["【修改建议】", rule.suggestion]
    return "\n".join(lines)


def rule_markdown(rule: Rule) -> str:
    parts = [
        f"# {rule.code} {rule.title}",
        "",
        f"- 标识：`{rule.slug}`",
        f"- 严重程度：{SEVERITY_NAMES[rule.severity]}",
        f"- 审核维度：{DIMENSION_NAMES[rule.dimension]}",
        f"- 适用表单：{'、'.join(sorted(rule.applies_to))}",
    ]
    if rule.tags:
        parts.append(f"- 标签：{'、'.join(sorted(rule.tags))}")
    parts.append("")
    for section in SECTIONS:
        parts += [f"## {section}", "", rule.doc[section], ""]
    parts += ["## 修改建议", "", rule.suggestion, ""]
    return "\n".join(parts)


def index_markdown(rules: list[Rule]) -> str:
    parts = [
        "# 审核规则目录",
        "",
        "本目录由规则注册表自动生成（`jixiao rules docs`），请勿手工修改。",
        "",
    ]
    for family, label in FAMILIES.items():
        members = [r for r in rules if r.family == family]
        if not members:
            continue
        parts += [
            f"## {family} {label}",
            "",
            "| 代码 | 名称 | 严重程度 | 维度 |",
            "|---|---|---|---|",
        ]
        for r in members:
            parts.append(
                f"| [{r.code}]({r.code}.md) | {r.title} | {SEVERITY_NAMES[r.severity]} | "
                f"{DIMENSION_NAMES[r.dimension]} |"
            )
        parts.append("")
    return "\n".join(parts)


def render_docs() -> dict[str, str]:
    """File name → content of the whole docs/rules/ directory."""
    rules = all_rules()
    files = {f"{r.code}.md": rule_markdown(r) for r in rules}
    files["README.md"] = index_markdown(rules)
    return files


def write_docs(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = render_docs()
    for stale in out.glob("*.md"):
        if stale.name not in files:
            stale.unlink()
    written = []
    for name, content in files.items():
        path = out / name
        path.write_text(content, "utf-8")
        written.append(path)
    return written
