"""The review rule catalogue. Importing this package registers every rule module in it.

One module per family (``reading``, ``required``, ``amounts``, ``dates``, ``structure``,
``classification``, ``measurability``, ``goals``, ``appropriateness``, ``corpus``, ``unit``);
the engine is ``jixiao.review``.
"""

from __future__ import annotations

import importlib
import pkgutil

_INFRASTRUCTURE = {"registry", "context", "view", "lexicon", "profiles", "docs"}

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name not in _INFRASTRUCTURE:
        importlib.import_module(f"{__name__}.{_module.name}")
