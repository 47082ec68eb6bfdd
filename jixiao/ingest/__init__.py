"""Bytes → raw document → forms. Only this package knows what a printed form looks like."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from jixiao.ingest.document import RawDocument
from jixiao.ingest.extract.project import extract_project
from jixiao.ingest.extract.unit import extract_unit
from jixiao.ingest.readers import open_document
from jixiao.ingest.segment import FormChunk, segment
from jixiao.model.forms import ProjectForm, UnitForm


def extract(chunk: FormChunk, doc: RawDocument) -> ProjectForm | UnitForm:
    """One form chunk → one record."""
    if chunk.kind == "unit":
        return extract_unit(chunk, doc)
    return extract_project(chunk, doc)


def iter_forms(doc: RawDocument) -> Iterator[ProjectForm | UnitForm]:
    """The forms of a document, lazily, in document order."""
    for chunk in segment(doc.lines):
        yield extract(chunk, doc)


def read_forms(path: str | Path) -> list[ProjectForm | UnitForm]:
    """Read every form of a file. Raises jixiao.errors.InputError if the file is unreadable."""
    return list(iter_forms(open_document(Path(path))))


__all__ = ["RawDocument", "iter_forms", "open_document", "read_forms"]
