"""Self-evaluation scoring throughput: 10,000 synthetic forms with filled evaluations.

Goal (issue 6): scoring 10,000 forms takes no more than 2 s. The evaluations mix met and missed
quantitative targets (with 万元/元 and 天/小时 conversions), time targets met and missed,
qualitative tiers and under-executed budgets, so every formula is on the timed path.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthesize

from jixiao.evaluate.model import BudgetExecution, Evaluation, IndicatorActual, form_key, form_name
from jixiao.evaluate.scoring import score_form
from jixiao.evaluate.timing import PERIODS_PER_YEAR, parse_time_target
from jixiao.model.forms import ProjectForm
from jixiao.model.values import key


def fill(form: ProjectForm, rng: random.Random) -> Evaluation:
    year = form.year or 2023
    entries: list[IndicatorActual] = []
    for index, indicator in enumerate(form.indicators):
        target = indicator.target
        entry = IndicatorActual(index=index, name=indicator.name, reason="偏差原因")
        if target.kind == "quantitative" and target.number is not None:
            value = target.number * Decimal(rng.choice(["0.8", "0.95", "1", "1", "1.1"]))
            unit = target.unit or ""
            if key(unit) == "万元":
                value, unit = value * 10000, "元"
            entry.actual = f"{value:f}{unit}"
        elif target.kind == "qualitative":
            timed = parse_time_target(indicator.value, year)
            if timed is not None and timed.deadline is not None:
                entry.actual = date(year, rng.choice([11, 12]), 28).isoformat()
            elif timed is not None and timed.period is not None:
                entry.actual = str(PERIODS_PER_YEAR[timed.period] - rng.choice([0, 0, 1]))
            else:
                entry.tier = rng.choice(["达成", "达成", "部分达成", "未达成"])
        entries.append(entry)
    annual = form.funding.annual_total or form.funding.total or Decimal("1000000")
    executed = (annual * Decimal(rng.choice(["0.85", "0.97", "1"]))).quantize(Decimal("0.01"))
    return Evaluation(
        form_key=form_key(form),
        name=form_name(form),
        year=form.year,
        budget=BudgetExecution(initial=annual, annual=annual, executed=executed),
        indicators=entries,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (as timeit does)")
    args = parser.parse_args()
    forms = synthesize(args.count)
    rng = random.Random(6)
    evaluations = [fill(form, rng) for form in forms]
    indicators = sum(len(form.indicators) for form in forms)
    runs: list[tuple[float, float]] = []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        cards = [score_form(form, ev) for form, ev in zip(forms, evaluations, strict=True)]
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    seconds, cpu_seconds = min(runs)
    mean = sum((card.total for card in cards), Decimal(0)) / len(cards)
    scaled = seconds * 10_000 / len(cards)
    print(f"evaluate: {len(cards):>7} forms ({indicators} indicators) scored in {seconds:6.2f} s "
          f"(cpu {cpu_seconds:.2f} s, best of {args.repeat})  {len(cards) / seconds:8.0f} forms/s  "
          f"mean score {mean:.2f}  goal <= 2 s per 10,000: {'met' if scaled <= 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
