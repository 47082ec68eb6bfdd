"""Review throughput on 10,000 and 100,000 synthetic forms, cross-form checks included.

Goals (issue 3): >= 5,000 forms/s on one core, and the 100,000 run taking no more than ~12x
the 10,000 run (no quadratic blow-up in the cross-form checks).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthesize

from jixiao.review import review


def timed(count: int) -> float:
    forms = synthesize(count)
    start = time.perf_counter()
    report = review(forms)
    seconds = time.perf_counter() - start
    findings = sum(len(f.findings) for f in report.forms)
    print(f"{count:>7} forms: {seconds:7.2f} s  {count / seconds:8.0f} forms/s  "
          f"{findings} findings")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    small = timed(args.small)
    large = timed(args.large)
    print(f"scaling: {large / small:.1f}x time for {args.large / args.small:.0f}x forms "
          f"(goal <= ~12x); goal >= 5000 forms/s")


if __name__ == "__main__":
    main()
