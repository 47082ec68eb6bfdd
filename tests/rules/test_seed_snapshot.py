"""Findings on the seeds equal the reviewed snapshot, and every entry has been read."""

from __future__ import annotations

import json

from rules.snapshot import KEYS, current, identity, load


def test_findings_match_reviewed_snapshot() -> None:
    snapshot = load()
    assert snapshot, "tests/golden/review_snapshot.json is missing"
    want = {identity(e) for e in snapshot}
    got = {identity(e) for e in current()}
    added = sorted(got - want)
    removed = sorted(want - got)

    def show(rows: list[tuple[str, ...]]) -> str:
        return "\n".join("  " + " ".join(json.loads(v) if k != "loc" else v
                                         for k, v in zip(KEYS, row, strict=True))
                         for row in rows[:40])

    assert not added and not removed, (
        f"findings differ from the snapshot\nnew ({len(added)}):\n{show(added)}\n"
        f"gone ({len(removed)}):\n{show(removed)}\n"
        "If intended: python tests/rules/snapshot.py --write, then read every new entry."
    )


def test_every_snapshot_entry_was_read() -> None:
    unread = [e for e in load() if e.get("verdict") in (None, "UNREVIEWED")]
    assert not unread, f"{len(unread)} snapshot findings have not been read against the source"
