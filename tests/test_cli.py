"""The CLI surface: JSON array in document order, table view, schema, department summary."""

from __future__ import annotations

import json

from conftest import SAMPLES
from typer.testing import CliRunner

from jixiao.cli import app

runner = CliRunner()


def test_parse_json_is_an_array_in_document_order() -> None:
    result = runner.invoke(
        app,
        [
            "parse",
            str(SAMPLES / "003_0404f4768d803c0b.txt"),
            str(SAMPLES / "004_66265a79e30ddeca.txt"),
        ],
    )
    assert result.exit_code == 0
    forms = json.loads(result.stdout)
    assert [f["kind"] for f in forms] == ["project"] * 10 + ["unit"]
    assert [f["source"]["form_index"] for f in forms[:3]] == [1, 2, 3]
    assert forms[0]["schema_version"] == 1


def test_parse_table() -> None:
    result = runner.invoke(
        app,
        ["parse", "--format", "table", str(SAMPLES / "004_66265a79e30ddeca.txt")],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0
    assert "新虹街道办事处" in result.stdout


def test_schema_is_json_schema_of_both_kinds() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["type"] == "array"
    assert {"ProjectForm", "UnitForm", "Target", "Funding"} <= set(schema["$defs"])


def test_summary_per_department() -> None:
    result = runner.invoke(app, ["summary", str(SAMPLES)])
    assert result.exit_code == 0
    assert "上海市普陀区桃浦镇人民政府" in result.stdout
    assert "│     64 │" in result.stdout and "628" in result.stdout
