"""placeholder"""
from jixiao.ingest.document import RawDocument
from jixiao.ingest.segment import FormChunk
from jixiao.model.forms import Source, UnitForm


def extract_unit(chunk: FormChunk, doc: RawDocument) -> UnitForm:
    return UnitForm(source=Source(file=doc.name, form_index=chunk.index, line_start=chunk.line_start, line_end=chunk.line_end, sha256=doc.sha256))
