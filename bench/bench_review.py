"""Review throughput on 10,000 and 100,000 synthetic forms, cross-form checks included.

Goals (issue 3): >= 5,000 forms/s on one core, and the 100,000 run taking no more than ~12x
the 10,000 run (no quadratic blow-up in the cross-form checks).

Both wall time (perf_counter) and CPU time of this process (process_time) are printed: on a
shared machine the wall time swings with the load of other processes, the CPU time much less,
so the goals are judged on CPU time. ``--repeat N`` reviews each corpus N times and keeps the
best run (every run is a fresh ``review()`` call on the same synthetic forms; the rule modules'
bounded ``lru_cache``s of pure functions stay warm between runs, which makes no measurable
difference: a second review of the same 10,000 forms takes as long as the first).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthesize

from jixiao.review import review


def timed(count: int, repeat: int) -> tuple[float, float]:
    """Best (wall, cpu) seconds of ``repeat`` reviews of ``count`` synthetic forms."""
    forms = synthesize(count)
    best_wall = best_cpu = float("inf")
    findings = 0
    for _ in range(repeat):
        gc.collect()
        wall0, cpu0 = time.perf_counter(), time.process_time()
        report = review(forms)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        findings = sum(len(f.findings) for f in report.forms)
        del report
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    print(
        f"{count:>7} forms: wall {best_wall:7.2f} s {count / best_wall:8.0f} forms/s   "
        f"cpu {best_cpu:7.2f} s {count / best_cpu:8.0f} forms/s   {findings} findings"
    )
    return best_wall, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per size")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    small_wall, small_cpu = timed(args.small, args.repeat)
    large_wall, large_cpu = timed(args.large, args.repeat)
    ratio = args.large / args.small
    print(
        f"scaling: {large_wall / small_wall:.1f}x wall, {large_cpu / small_cpu:.1f}x cpu "
        f"for {ratio:.0f}x forms (goal <= ~12x); goal >= 5000 forms/s"
    )


if __name__ == "__main__":
    main()
