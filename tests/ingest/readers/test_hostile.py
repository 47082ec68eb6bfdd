"""Acceptance 3: hostile files give a clear Chinese message naming the file, and write nothing.

Speed ("within seconds") is measured in bench/bench_formats.py, not asserted here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.errors import InputError
from jixiao.ingest import open_document, read_forms
from jixiao.ingest.readers import container, pdf

FIXTURES = ROOT / "tests" / "fixtures"
CASES = {
    "corrupt.xlsx": "文件已损坏",
    "bomb.docx": "疑似压缩炸弹",
    "encrypted.xlsx": "设有打开密码",
    "old_binary.doc": "另存为 .docx",
    "old_binary.xls": "另存为 .xlsx",
    "empty.xlsx": "文件为空",
    "scanned.pdf": "请先用 OCR",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_message_names_the_file(name: str) -> None:
    with pytest.raises(InputError) as caught:
        read_forms(FIXTURES / name)
    assert caught.value.file == name
    assert CASES[name] in caught.value.message


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_writes_nothing(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(FIXTURES / name), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{name}: {CASES[name]}" in result.stderr or CASES[name] in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container, "MAX_ENTRIES", 50)
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(60):
            archive.writestr(f"xl/x{number}.xml", "")
    with pytest.raises(InputError, match="文件数过多"):
        read_forms(path)


def test_total_uncompressed_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container, "MAX_UNCOMPRESSED", 1000)
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "x" * 2000)
    with pytest.raises(InputError, match="超过上限"):
        read_forms(path)


def test_zip_that_is_not_office(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.jpg", "x")
    with pytest.raises(InputError, match="不是 Excel/Word"):
        read_forms(path)


def test_pdf_with_thousands_of_pages(tmp_path: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(pdf.MAX_PAGES + 1500):
        document.new_page(200, 200)
    path = tmp_path / "book.pdf"
    document.save(str(path))
    with pytest.raises(InputError, match="超过单个文件上限") as caught:
        read_forms(path)
    assert caught.value.file == "book.pdf"


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")
    with pytest.raises(InputError, match="PDF 文件已损坏"):
        read_forms(path)


def test_xlsx_with_more_cells_than_the_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    from jixiao.ingest.readers import xlsx

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in range(1, 41):
        sheet.append([f"单元格{row}-{col}" for col in range(1, 6)])  # 200 cells
    path = tmp_path / "大表.xlsx"
    book.save(path)
    monkeypatch.setattr(xlsx, "MAX_CELLS", 150)
    with pytest.raises(InputError, match="单元格过多") as caught:
        open_document(path)
    assert caught.value.file == "大表.xlsx"
    monkeypatch.setattr(xlsx, "MAX_CELLS", 200)
    assert len(list(open_document(path).lines)) == 40
