"""Pure normalisers for printed cell text: spacing, comparison keys, money and dates.

Published forms are PDF extractions: OCR sprinkles spaces inside words and numbers, amounts come
in 元 or 万元 with thousands separators, and dates are printed in four or five styles. Everything
here is a pure function of its input so that readers of every format share one behaviour.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_EDGES = re.compile(r"^[\s\u3000\u00a0\u200b\ufeff]+|[\s\u3000\u00a0\u200b\ufeff]+$")
_KEEP_AFTER = frozenset(",;:!?")


def _keeps_space(prev: str, nxt: str) -> bool:
    """Whether a whitespace run between ``prev`` and ``nxt`` is real text, not OCR noise.

    Only Latin words keep their separating space (and the space a writer puts after ASCII
    punctuation); between CJK characters, digits and brackets the space is an artefact.
    """
    if prev in _KEEP_AFTER:
        return True
    if prev.isascii() and nxt.isascii() and prev.isalnum() and nxt.isalnum():
        return prev.isalpha() or nxt.isalpha()
    return False


def normalize_text(text: str | None) -> str | None:
    """Apply the contract's spacing rule; an empty result is ``None`` (a blank cell)."""
    if text is None:
        return None
    stripped = _EDGES.sub("", text)
    if not stripped:
        return None
    if not _WS.search(stripped):
        return stripped
    parts: list[str] = []
    pos = 0
    for match in _WS.finditer(stripped):
        start, end = match.span()
        parts.append(stripped[pos:start])
        if _keeps_space(stripped[start - 1], stripped[end]):
            parts.append(" ")
        pos = end
    parts.append(stripped[pos:])
    return "".join(parts)


def key(text: str | None) -> str:
    """Comparison key: NFKC, all whitespace removed. Used for labels and equality checks."""
    if not text:
        return ""
    if text.isascii():  # NFKC is the identity on ASCII
        return "".join(text.split())
    return _WS.sub("", unicodedata.normalize("NFKC", text))


_AMOUNT = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


class AmountError(ValueError):
    """A cell that should hold an amount holds something else."""


def parse_amount(text: str | None, unit: str = "元") -> tuple[Decimal | None, bool]:
    """Parse a printed amount into yuan, exactly.

    Returns ``(yuan, rounded)``: ``yuan`` quantized to the cent, ``rounded`` true when the
    printed value had more precision than a cent (e.g. 万元 with seven decimals). Blank → None.
    Raises AmountError for text that is not a number.
    """
    cleaned = key(text).replace(",", "").replace("，", "")
    if cleaned in {"", "-", "—", "/", "无"}:
        return None, False
    cleaned = cleaned.removesuffix("万元").removesuffix("元")
    if not _AMOUNT.match(cleaned):
        raise AmountError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise AmountError(text) from exc
    if unit == "万元":
        value = value * TEN_THOUSAND
    quantized = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return quantized, quantized != value


def format_money(value: Decimal) -> str:
    """Money as the contract prints it: plain digits, exactly two decimals."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):f}"


_DATE = re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str | None) -> date | None:
    """ISO date from '2023-1-1', '2023.01.01', '2023. 1. 1', '2023/1/1', '2023年1月1日'.

    Returns None for blank or unreadable text; callers turn the latter into a warning.
    """
    cleaned = key(text)
    if not cleaned:
        return None
    match = _DATE.match(cleaned) or _COMPACT_DATE.match(cleaned)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


_YEAR = re.compile(r"(\d{4})\s*年")


def parse_year(text: str | None) -> int | None:
    """The year of a '(2023年度)' line, as printed."""
    match = _YEAR.search(key(text))
    return int(match.group(1)) if match else None
