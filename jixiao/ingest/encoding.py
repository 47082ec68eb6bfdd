"""Detect a text file's encoding from its content, never from its name.

Finance staff send UTF-8 (with or without BOM), GB18030/GBK from Windows tools, and UTF-16 from
Excel "Unicode text" exports. A wrong guess silently corrupts every name, so detection is
strict first and only then statistical (charset-normalizer).
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from jixiao.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decodes(head: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _bad_ratio(head: bytes, encoding: str) -> float:
    text = codecs.getincrementaldecoder(encoding)("replace").decode(head, final=False)
    return text.count("\ufffd") / max(1, len(text))


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    sample = head[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.05


def detect_encoding(head: bytes, name: str) -> tuple[str, int]:
    """Return (codec name, BOM length) for a file whose first bytes are ``head``.

    Raises InputError with a Chinese message naming the file for binary or undecodable input.
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, 0 if encoding == "utf-8-sig" else len(bom)
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16, 0
    if _looks_binary(head):
        raise InputError(
            name, "不是文本文件（含二进制内容），请提供表格导出的文本、Excel、Word 或 PDF 文件"
        )
    for encoding in ("utf-8", "gb18030"):
        if _decodes(head, encoding):
            return encoding, 0
    # A few damaged bytes in an otherwise clean file: keep the encoding, warn per line later.
    for encoding in ("utf-8", "gb18030"):
        if _bad_ratio(head, encoding) < 0.01:
            return encoding, 0
    best = from_bytes(head).best()
    if best is None or best.encoding is None:
        raise InputError(name, "无法识别文件编码，请另存为 UTF-8 后重试")
    return best.encoding, 0
