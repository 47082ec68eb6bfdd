"""The reader registry: each reader has ``name``, ``sniff(head)`` and ``read(path)``.

Formats are recognised by content, in registry order; the text reader is the fallback.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from jixiao.errors import InputError
from jixiao.ingest.document import RawDocument
from jixiao.ingest.readers import text

REGISTRY: tuple[ModuleType, ...] = (text,)

_UNSUPPORTED: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "Excel/Word（.xlsx/.docx）文件暂不支持，请先导出为文本"),
    (b"%PDF", "PDF 文件暂不支持，请先提取文本"),
    (b"\xd0\xcf\x11\xe0", "旧版 .doc/.xls 文件不支持，请另存为 .docx/.xlsx 或文本"),
)


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
    for reader in REGISTRY:
        if reader.sniff(head):
            document: RawDocument = reader.read(path)
            return document
    for magic, message in _UNSUPPORTED:
        if head.startswith(magic):
            raise InputError(path.name, message)
    known = "、".join(r.name for r in REGISTRY)
    raise InputError(path.name, f"无法识别的文件格式（支持：{known}）")
