"""Self-evaluation (绩效自评) and execution monitoring against the targets of a form.

``score_form(form, evaluation, config)`` is the whole computation; the rest reads and writes
evaluations (XLSX template and import) and presents score cards (the 绩效自评表, rankings).
"""

from jixiao.evaluate.config import DEFAULT_CONFIG, ScoringConfig, load_config
from jixiao.evaluate.model import (
    BudgetExecution,
    Evaluation,
    IndicatorActual,
    IndicatorScore,
    ScoreCard,
    form_key,
)
from jixiao.evaluate.scoring import Problem, ScoringError, score_all, score_form

__all__ = [
    "DEFAULT_CONFIG",
    "BudgetExecution",
    "Evaluation",
    "IndicatorActual",
    "IndicatorScore",
    "Problem",
    "ScoreCard",
    "ScoringConfig",
    "ScoringError",
    "form_key",
    "load_config",
    "score_all",
    "score_form",
]
