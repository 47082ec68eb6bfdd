"""Bad input: a clear one-line message naming the file (and line), never a traceback.

Exit status 1 only when a file yields nothing; the other files on the command line are read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.errors import InputError
from jixiao.ingest import read_forms

SEED = SAMPLES / "002_462a37a58b7323b8.txt"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _first_form_text() -> str:
    text = SEED.read_text("utf-8")
    return text[: text.index("财政项目支出绩效目标表", 10)]


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = _run("parse", str(empty))
    assert code == 1
    assert "empty.txt: 文件为空" in err
    assert json.loads(out) == []


def test_binary_file(tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 20)
    code, _, err = _run("parse", str(blob))
    assert code == 1
    assert "blob.bin: 不是文本文件" in err
    assert "Traceback" not in err


def test_text_without_a_form(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("会议纪要\n今天讨论了预算。\n", "utf-8")
    code, _, err = _run("parse", str(note))
    assert code == 1
    assert "note.txt: no-form: 文件中未找到绩效目标表" in err


def test_other_files_are_still_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = _run("parse", str(empty), str(SEED), str(tmp_path / "missing.txt"))
    assert code == 1
    assert len(json.loads(out)) == 23
    assert "missing.txt: 文件不存在" in err


def test_form_cut_off_halfway_yields_what_was_read(tmp_path: Path) -> None:
    lines = _first_form_text().splitlines()
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(lines[:11]) + "\n", "utf-8")  # stops inside the funding block
    code, out, err = _run("parse", str(cut))
    assert code == 0
    [form] = json.loads(out)
    assert form["project_name"] == "安保经费"
    assert form["funding"]["total"] == "3749447.00"
    assert form["indicators"] == []
    assert "cut.txt:11: form-truncated: 未找到绩效指标表" in err


def test_form_missing_half_its_cells(tmp_path: Path) -> None:
    text = _first_form_text()
    broken = "\n".join(line.split("\t")[0] for line in text.splitlines())
    path = tmp_path / "half.txt"
    path.write_text(broken, "utf-8")
    [form] = read_forms(path)
    assert form.project_name is None
    assert {w.code for w in form.warnings} >= {"form-truncated"}


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-16-le", "utf-8-sig"])
def test_encodings_are_detected_by_content(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"seed.{encoding}.txt"
    # GBK has no "•" (used once in the seed); a real GBK export would print "·".
    path.write_bytes(SEED.read_text("utf-8").replace("•", "·").encode(encoding))
    forms = read_forms(path)
    assert len(forms) == 23
    assert forms[1].project_name == "社工点经费"
    assert forms[0].indicators[0].name == "特勤安保人数"


def test_crlf_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    forms = read_forms(path)
    assert forms[1].funding.annual_appropriation is not None
    assert forms[0].indicators[0].line == 17


def test_wrong_bytes_inside_utf8_are_a_warning_with_line(tmp_path: Path) -> None:
    data = bytearray(SEED.read_bytes())
    position = data.index("安保经费".encode())
    data[position : position + 3] = b"\xff\xfe\xfa"
    path = tmp_path / "mixed.txt"
    path.write_bytes(bytes(data))
    code, out, err = _run("parse", str(path))
    assert code == 0
    assert len(json.loads(out)) == 23
    assert "mixed.txt:7: bad-bytes:" in err


def test_directory_and_unsupported_formats(tmp_path: Path) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(InputError, match="旧版"):
        read_forms(xls)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    code, _, err = _run("parse", str(pdf))
    assert code == 1 and "a.pdf: PDF" in err


def test_warnings_go_to_stderr_as_file_line_code_message() -> None:
    code, _, err = _run("parse", str(SEED))
    assert code == 0
    assert "002_462a37a58b7323b8.txt:35: value-on-next-line: " in err
