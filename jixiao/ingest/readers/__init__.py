"""The reader registry: each reader has ``name``, ``sniff(head, listing)`` and ``read(path)``.

Formats are recognised by content, never by the file name, in registry order; the text reader
(PDF-to-text extractions, TSV, markdown tables) is the fallback. Containers are checked before
any reader runs: a zip's central directory against size and entry limits (zip bombs), an OLE
file for encryption or an old binary .doc/.xls, each with its own advice.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from jixiao.errors import InputError
from jixiao.ingest.document import RawDocument
from jixiao.ingest.readers import docx, html, pdf, text, xlsx
from jixiao.ingest.readers.container import (
    OLE_MAGIC,
    ZIP_MAGIC,
    ZipListing,
    check_zip,
    ole_message,
)

REGISTRY: tuple[ModuleType, ...] = (xlsx, docx, pdf, html, text)
FORMAT_NAMES = {
    "xlsx": "Excel（.xlsx）",
    "docx": "Word（.docx）",
    "pdf": "PDF",
    "html": "网页（.html）",
    "text": "文本（.txt/.tsv/.md）",
}


def open_document(path: Path) -> RawDocument:
    """Open a file with the first reader that recognises its content."""
    if not path.exists():
        raise InputError(str(path), "文件不存在")
    if path.is_dir():
        raise InputError(str(path), "这是一个文件夹，请指定文件")
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise InputError(path.name, f"无法打开文件：{exc.strerror or exc}") from exc
    if not head:
        raise InputError(path.name, "文件为空")
    if head.startswith(OLE_MAGIC):
        raise InputError(path.name, ole_message(path))
    listing: ZipListing | None = None
    if head.startswith(ZIP_MAGIC):
        listing = check_zip(path)
        if listing.kind == "other":
            known = "、".join(FORMAT_NAMES.values())
            raise InputError(path.name, f"压缩包不是 Excel/Word 文件，无法读取（支持：{known}）")
    for reader in REGISTRY:
        if reader.sniff(head, listing):
            document: RawDocument = reader.read(path)
            return document
    known = "、".join(FORMAT_NAMES.values())
    raise InputError(path.name, f"无法识别的文件格式（支持：{known}）")
