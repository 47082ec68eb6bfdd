"""Plain-text reader: PDF-to-text extractions, TSV, markdown and HTML fragments.

Lines are decoded lazily with the encoding detected from the head of the file, so memory stays
flat whatever the file size.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

from jixiao.errors import InputError
from jixiao.ingest.document import Line, RawDocument, make_line
from jixiao.ingest.encoding import detect_encoding
from jixiao.ingest.readers.container import ZipListing
from jixiao.model.forms import ReadWarning

name = "text"
HEAD_BYTES = 1 << 16
CHUNK = 1 << 20


def sniff(head: bytes, listing: ZipListing | None) -> bool:
    """Text is the fallback format: anything that is not a known container."""
    return listing is None and not head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _iter_lines(
    path: Path, encoding: str, skip: int, warnings: list[ReadWarning]
) -> Iterator[Line]:
    """Decoded lines, CRLF/CR folded to LF; undecodable bytes become U+FFFD and a warning."""
    with path.open("rb") as raw:
        raw.seek(skip)
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=None)
        for number, line in enumerate(text, start=1):
            if "\ufffd" in line:
                warnings.append(
                    ReadWarning(
                        code="bad-bytes",
                        message=f"该行含有无法按 {encoding} 解码的字节，已替换为“\ufffd”",
                        line=number,
                    )
                )
            yield make_line(number, line.rstrip("\n"))


def read(path: Path) -> RawDocument:
    """Open ``path`` as text. Raises InputError (Chinese, naming the file) when it cannot."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(path.name, f"无法打开文件：{exc.strerror or exc}") from exc
    if not head.strip():
        raise InputError(path.name, "文件为空")
    encoding, skip = detect_encoding(head, path.name)
    warnings: list[ReadWarning] = []
    doc = RawDocument(
        path.name, _sha256(path), _iter_lines(path, encoding, skip, warnings), warnings=warnings
    )
    doc.notes.append(f"encoding={encoding}")
    return doc
