"""The benchmark's synthetic files read back exactly as generated (so the import bench and the
kill test measure the real pipeline, not a reader silently dropping rows)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))


def test_synthetic_files_round_trip(tmp_path: Path) -> None:
    from synth import synthesize
    from synth_files import usable, verify, write_files

    paths = write_files(tmp_path, 120, per_file=50, seed=3)
    assert [p.name for p in paths] == [f"synthetic-3-0000{n}.txt" for n in (1, 2, 3)]
    forms = [usable(f) for f in synthesize(120, seed=3)]
    problems = [
        problem
        for number, path in enumerate(paths)
        for problem in verify(path, forms[number * 50 : (number + 1) * 50])
    ]
    assert problems == []
    assert sum(len(f.indicators) for f in forms) > 120 * 5


def test_verify_notices_a_difference(tmp_path: Path) -> None:
    from synth import synthesize
    from synth_files import usable, verify, write_files

    (path,) = write_files(tmp_path, 10, per_file=10, seed=5)
    forms = [usable(f) for f in synthesize(10, seed=5)]
    forms[3] = forms[3].model_copy(update={"project_name": "另一个名字"})
    assert verify(path, forms) == [f"{path.name} form 4: read back differently"]
