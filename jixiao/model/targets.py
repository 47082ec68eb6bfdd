"""Indicator values ("≥500.00(场)", "360人", "及时") → :class:`Target`.

A target is what the later stages compute with: the review checks units and directions, the
self-evaluation compares actual values against it. The grammar is documented in
``docs/reading.md`` ("Target"); it never raises, whatever the text.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

Op = Literal["≥", "≤", "=", ">", "<"]
Kind = Literal["quantitative", "qualitative", "missing"]

_OPS: dict[str, Op] = {
    "≥": "≥",
    ">=": "≥",
    "=>": "≥",
    "≧": "≥",
    "≤": "≤",
    "<=": "≤",
    "=<": "≤",
    "≦": "≤",
    "=": "=",
    "==": "=",
    ">": ">",
    "<": "<",
}
_DATEISH = re.compile(r"\d+\s*(?:年|月|日|季度)|第[一二三四1-4]季度")
_QUANT = re.compile(
    r"^(?P<pre>[^\d≥≤=<>≧≦]*?)"
    r"(?P<op>>=|<=|=>|=<|==|[≥≤=<>≧≦])?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<rest>.*)$",
    re.S,
)
_BRACKET = re.compile(r"^[(（]\s*(?P<unit>[^()（）]*?)\s*[)）](?P<after>.*)$", re.S)
_UNIT_STOP = re.compile(r"[、，,；;。:：(（)）\s]")
_SUFFIX_OPS: tuple[tuple[str, Op], ...] = (("以内", "≤"), ("以下", "≤"), ("以上", "≥"), ("内", "≤"))


class Target(BaseModel):
    """A parsed indicator value.

    ``number`` keeps the printed precision (``500.00`` stays ``500.00``); ``note`` keeps text that
    is neither op, number nor unit (``100%完成考核指标数`` → note ``完成考核指标数``).
    """

    model_config = ConfigDict(frozen=True)

    kind: Kind
    op: Op | None = None
    number: Decimal | None = None
    unit: str | None = None
    note: str | None = None

    @classmethod
    def missing(cls) -> Target:
        return cls(kind="missing")

    def format(self) -> str:
        """Canonical printed form: ``≥500.00(场)``, ``=100(%)``, ``及时``; '' when missing."""
        if self.kind == "missing":
            return ""
        if self.kind == "qualitative":
            return ""
        text = f"{self.op or ''}{self.number}"
        if self.unit:
            text += f"({self.unit})"
        return text


def _split_unit(rest: str) -> tuple[str | None, str | None, Op | None]:
    """Split the text after the number into (unit, leftover note, implied op)."""
    rest = rest.strip()
    if not rest:
        return None, None, None
    bracket = _BRACKET.match(rest)
    if bracket:
        unit, after = bracket.group("unit").strip(), bracket.group("after").strip()
    elif rest[0] in "%‰":
        unit, after = rest[0], rest[1:].strip()
    else:
        stop = _UNIT_STOP.search(rest)
        unit, after = (rest[: stop.start()], rest[stop.start() :]) if stop else (rest, "")
        after = after.strip()
    implied: Op | None = None
    for suffix, op in _SUFFIX_OPS:
        if unit.endswith(suffix) and len(unit) > len(suffix):
            unit, implied = unit[: -len(suffix)], op
            break
        if unit == suffix:
            unit, implied = "", op
            break
    return unit or None, after or None, implied


def parse_target(value: str | None) -> Target:
    """Parse an indicator value; unknown shapes become qualitative, never an exception.

    Values repeat across forms (及时, ≥90%, =100.00(%)) and targets are immutable, so short
    values are memoised.
    """
    if value is None or not value.strip():
        return _MISSING
    if len(value) <= 32:
        return _parse_cached(value)
    return _parse(value)


@lru_cache(maxsize=16384)
def _parse_cached(value: str) -> Target:
    return _parse(value)


def _parse(value: str) -> Target:
    text = unicodedata.normalize("NFKC", value).strip()
    # NFKC turns full-width brackets and digits into ASCII but keeps ≥/≤.
    if _DATEISH.search(text):
        return Target(kind="qualitative")
    match = _QUANT.match(text)
    if not match:
        return Target(kind="qualitative")
    pre = match.group("pre").strip()
    if pre and not _is_prefix_text(pre):
        return Target(kind="qualitative")
    unit, after, implied = _split_unit(match.group("rest"))
    op = _OPS.get(match.group("op") or "") or implied
    note = " ".join(part for part in (pre, after) if part) or None
    return Target(
        kind="quantitative",
        op=op,
        number=Decimal(match.group("num").replace(",", "")),
        unit=unit,
        note=note,
    )


def _is_prefix_text(pre: str) -> bool:
    """Leading words before a number ('工程计划完成率100%') are allowed; stray symbols are not."""
    return all(ch.isalpha() or unicodedata.category(ch).startswith("L") for ch in pre)


_MISSING = Target.missing()
