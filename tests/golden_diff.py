"""Field-by-field comparison of parsed forms with hand-checked golden files.

The golden files under ``tests/golden/`` were not produced by the parser. Each was transcribed
by hand from the seed text, form by form and row by row, by a reader who did not see the
parser (the source line is recorded next to every indicator), then re-read against the source;
every disagreement with the parser was settled by reading the printed line again
(see docs/reading.md for the conventions both follow).
"""

from __future__ import annotations

from typing import Any

TARGET_KEYS = ("kind", "op", "number", "unit")
IGNORED = {"warnings"}


def _label(form: dict[str, Any]) -> str:
    src = form.get("source", {})
    name = form.get("project_name") or form.get("unit_name") or "?"
    return f"{src.get('file')} form {src.get('form_index')} «{name}» (line {src.get('line_start')})"


def _cmp(path: str, want: Any, got: Any, line: Any, out: list[str]) -> None:
    if isinstance(want, dict):
        if not isinstance(got, dict):
            out.append(f"  {path}: expected object, got {got!r}")
            return
        keys = TARGET_KEYS if path.endswith(".target") else want.keys()
        for k in keys:
            _cmp(f"{path}.{k}", want.get(k), got.get(k), line, out)
        return
    if want != got:
        where = f" (line {line})" if line is not None else ""
        out.append(f"  {path}{where}: expected {want!r}, got {got!r}")


def diff_forms(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> list[str]:
    """Readable differences naming the form, the field and the source line."""
    out: list[str] = []
    if len(expected) != len(actual):
        out.append(f"form count: expected {len(expected)}, got {len(actual)}")
    for want, got in zip(expected, actual, strict=False):
        problems: list[str] = []
        for k, v in want.items():
            if k in IGNORED:
                continue
            if k == "indicators":
                rows_got = got.get("indicators", [])
                if len(v) != len(rows_got):
                    problems.append(f"  indicators: expected {len(v)} rows, got {len(rows_got)}")
                for i, (rw, rg) in enumerate(zip(v, rows_got, strict=False)):
                    _cmp(f"indicators[{i}]", rw, rg, rw.get("line"), problems)
                continue
            _cmp(k, v, got.get(k), None, problems)
        if problems:
            out.append(_label(want))
            out.extend(problems)
    return out
