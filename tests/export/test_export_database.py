"""``jixiao export`` without files: the forms of a database selection (--department/--year)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"


def test_export_a_database_selection(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    env = {"JIXIAO_DATABASE_URL": url}
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    sample = SAMPLES / "003_0404f4768d803c0b.txt"
    assert runner.invoke(app, ["import", str(sample)], env=env).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "--year", "2023", "--format", "json", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    exported = json.loads((out / "forms.json").read_text(encoding="utf-8"))
    from jixiao import read

    expected = [f for f in read(sample) if f.year == 2023]
    assert [f["project_name"] for f in exported] == [f.project_name for f in expected]  # type: ignore[union-attr]
    empty = runner.invoke(app, ["export", "--department", "不存在的部门", "-o", str(tmp_path / "none")], env=env)
    assert empty.exit_code == 1 and not (tmp_path / "none" / "forms.json").exists()
