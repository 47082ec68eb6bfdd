"""What a round trip (export → read back) must preserve: the contract minus provenance.

Excluded, because they describe where a form was *printed*, not what it says, and a re-print
necessarily changes them: ``source.file``, ``source.sha256``, ``source.line_start/line_end``,
``source.page``, every indicator's ``line`` and the ``lines`` map. Also excluded: ``warnings``,
the reader's notes on repairs it made to the *original* print (a shifted cell, a value on the
next line): the export prints the repaired values in their proper cells, so there is nothing
left to repair. ``source.form_index`` (the order of forms) is kept.
"""

from __future__ import annotations

from typing import Any

from jixiao.model.forms import ProjectForm, UnitForm


def contract_view(forms: list[ProjectForm | UnitForm]) -> list[dict[str, Any]]:
    views = []
    for form in forms:
        data = form.model_dump(mode="json", exclude={"warnings", "lines"})
        data["source"] = {"form_index": data["source"]["form_index"]}
        for row in data["indicators"]:
            row.pop("line")
        views.append(data)
    return views
