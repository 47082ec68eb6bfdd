"""Every warning code the reader can emit is documented in docs/reading.md, and vice versa."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "jixiao").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            target = func.value if isinstance(func, ast.Attribute) else None
            receiver = (
                target.attr
                if isinstance(target, ast.Attribute)
                else target.id
                if isinstance(target, ast.Name)
                else ""
            )
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "add"
                and receiver == "notes"
                and node.args
            ):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    codes.add(first.value)
            for keyword in node.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    codes.add(str(keyword.value.value))
    return codes


def test_codes_are_documented() -> None:
    doc = (ROOT / "docs" / "reading.md").read_text("utf-8")
    section = doc[doc.index("## Warnings") :]
    rows = re.findall(r"^\| `([a-z0-9-]+)`(?: / `([a-z0-9-]+)`)?", section, re.M)
    documented = {code for row in rows for code in row if code}
    emitted = _emitted_codes()
    assert emitted, "no warning codes found in the source"
    assert emitted - documented == set(), "undocumented warning codes"
    assert documented - emitted == set(), "documented codes that are never emitted"
