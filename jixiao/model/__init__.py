"""The data contract: records, value normalisers and target parsing. Imports nothing of ours."""

from jixiao.model.forms import (
    SCHEMA_VERSION,
    Budget,
    Form,
    FormList,
    Funding,
    Indicator,
    KeyTask,
    ProjectForm,
    ReadWarning,
    Source,
    UnitForm,
    UnitIndicator,
)
from jixiao.model.targets import Target, parse_target

__all__ = [
    "SCHEMA_VERSION",
    "Budget",
    "Form",
    "FormList",
    "Funding",
    "Indicator",
    "KeyTask",
    "ProjectForm",
    "ReadWarning",
    "Source",
    "Target",
    "UnitForm",
    "UnitIndicator",
    "parse_target",
]
