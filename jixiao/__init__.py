"""jixiao 绩效 — read, review and score Chinese public-budget performance-target forms.

The public API: :func:`read` turns a file into contract records (see ``docs/form-schema.md``).
"""

from __future__ import annotations

from pathlib import Path

from jixiao.errors import InputError, JixiaoError
from jixiao.model import Form, Indicator, ProjectForm, Target, UnitForm, UnitIndicator

__version__ = "0.1.0"


def read(path: str | Path) -> list[ProjectForm | UnitForm]:
    """Read every form in a file, in document order.

    Problems in the data become ``warnings`` on each form; a file that cannot be read at all
    raises :class:`InputError` with a Chinese message naming the file.
    """
    from jixiao.ingest import read_forms

    return read_forms(path)


__all__ = [
    "Form",
    "Indicator",
    "InputError",
    "JixiaoError",
    "ProjectForm",
    "Target",
    "UnitForm",
    "UnitIndicator",
    "__version__",
    "read",
]
