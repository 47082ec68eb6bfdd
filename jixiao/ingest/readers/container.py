"""Container checks done before any reader decompresses a byte: zip (OOXML) and OLE files.

An .xlsx/.docx is a zip archive. A hostile one (a "zip bomb") declares a small file that
inflates to gigabytes, or holds a million entries; both are visible in the zip's central
directory, which is read without inflating anything. An OLE compound file is either an old
binary .doc/.xls or an *encrypted* OOXML file (Office wraps password-protected .xlsx/.docx in
OLE with an ``EncryptionInfo`` stream); the two get different advice.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from jixiao.errors import InputError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
"""The first bytes of an OLE compound file (the full signature continues \\xa1\\xb1\\x1a\\xe1)."""
PDF_MAGIC = b"%PDF"

MAX_UNCOMPRESSED = 200 * 1024 * 1024
"""Total inflated size of all entries. A real form workbook is well under 10 MB."""
MAX_ENTRIES = 10_000
"""Entries in the archive. A workbook with hundreds of sheets still has far fewer."""
MAX_RATIO = 200
"""Inflated/compressed ratio of one entry; XML compresses ~10-30x, bombs 1000x and more."""
MAX_RATIO_FLOOR = 1024 * 1024
"""Entries smaller than this inflate to too little to matter, whatever their ratio."""

OoxmlKind = Literal["xlsx", "docx", "other"]


@dataclass(frozen=True, slots=True)
class ZipListing:
    """What the central directory says about an archive: its entry names, nothing inflated."""

    names: frozenset[str]

    @property
    def kind(self) -> OoxmlKind:
        if "xl/workbook.xml" in self.names:
            return "xlsx"
        if "word/document.xml" in self.names:
            return "docx"
        return "other"


def check_zip(path: Path) -> ZipListing:
    """Read the central directory and refuse archives that are broken or would inflate too far.

    Raises InputError (Chinese, naming the file) before anything is decompressed.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(
            path.name, "文件已损坏，无法作为 Excel/Word（.xlsx/.docx）打开，请重新导出或另存后重试"
        ) from exc
    if len(infos) > MAX_ENTRIES:
        raise InputError(
            path.name, f"压缩包内文件数过多（{len(infos)} 个，上限 {MAX_ENTRIES}），疑似恶意文件，已拒绝读取"
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            1, info.compress_size
        ):
            raise InputError(
                path.name,
                f"压缩包内“{info.filename}”解压后过大（压缩比超过 {MAX_RATIO} 倍），疑似压缩炸弹，已拒绝读取",
            )
    if total > MAX_UNCOMPRESSED:
        raise InputError(
            path.name,
            f"解压后总大小 {total // (1024 * 1024)} MB 超过上限 {MAX_UNCOMPRESSED // (1024 * 1024)} MB，"
            "疑似压缩炸弹，已拒绝读取",
        )
    return ZipListing(frozenset(info.filename for info in infos))


def ole_message(path: Path) -> str:
    """The advice for an OLE compound file: encrypted OOXML, or an old binary .doc/.xls."""
    streams = _stream_names(path)
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        return "文件设有打开密码（已加密），请在 Excel/Word 中取消密码后另存为 .xlsx/.docx 再读取"
    if "WordDocument" in streams:
        return "这是旧版 Word（.doc）文件，请在 Word 或 WPS 中另存为 .docx 后再读取"
    if "Workbook" in streams or "Book" in streams:
        return "这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再读取"
    return "这是旧版 Office 二进制文件（.doc/.xls），请另存为 .docx/.xlsx 后再读取"


def _stream_names(path: Path) -> set[str]:
    """Stream names found by scanning for OLE directory entries (UTF-16LE names).

A byte scan instead of a full OLE parser: only the presence of a few well-known stream names
matters here, and it keeps a dependency out for a file we refuse anyway.
"""
    wanted = ("EncryptionInfo", "EncryptedPackage", "WordDocument", "Workbook", "Book")
    found: set[str] = set()
    tail = b""
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            data = tail + chunk
            found.update(name for name in wanted if name.encode("utf-16-le") in data)
            tail = data[-64:]
    return found
