"""The reviewed snapshot of every finding on the seed forms.

``tests/golden/review_snapshot.json`` lists each finding (file, form, line, code, severity,
loc, message) with the verdict of the person who read it against the source line
(``"verdict": "correct"`` or a note). The test fails on any difference, so a rule change that
adds or drops findings on the seeds is seen and its new findings are read before they land.

Update after a deliberate change (then read every added entry and set its verdict):

    .venv/bin/python tests/rules/snapshot.py --write
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "golden" / "review_snapshot.json"
KEYS = ("file", "form", "line", "code", "severity", "loc", "message")


def current() -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from jixiao.ingest import read_forms
    from jixiao.review import review

    entries: list[dict[str, Any]] = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        report = review(read_forms(path), strict=True)
        for form in report.forms:
            for finding in form.findings:
                entries.append({
                    "file": finding.source.file,
                    "form": finding.source.form_index,
                    "line": finding.source.line,
                    "code": finding.code,
                    "severity": finding.severity,
                    "loc": finding.loc,
                    "message": finding.message,
                })
    return entries


def identity(entry: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(json.dumps(entry[k], ensure_ascii=False) for k in KEYS)


def load() -> list[dict[str, Any]]:
    if not SNAPSHOT.exists():
        return []
    data: list[dict[str, Any]] = json.loads(SNAPSHOT.read_text("utf-8"))
    return data


def write() -> tuple[int, int]:
    previous = {identity(e): e for e in load()}
    entries = []
    added = 0
    for entry in current():
        old = previous.get(identity(entry))
        entry["verdict"] = old["verdict"] if old else "UNREVIEWED"
        added += old is None
        entries.append(entry)
    SNAPSHOT.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return len(entries), added


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true")
    if parser.parse_args().write:
        total, new = write()
        print(f"{total} findings, {new} new (verdict UNREVIEWED: read them against the source)")
