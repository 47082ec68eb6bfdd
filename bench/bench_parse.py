"""Parse throughput on the seed forms repeated to 10,000 forms: forms/s, MB/s, peak RSS.

Goal (issue 2): >= 2,000 forms/s on one core and peak RSS <= 200 MB, reading as a stream.
The parse runs in a child process so its peak RSS is measured alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.ingest.readers import open_document  # noqa: E402
from jixiao.ingest.segment import segment  # noqa: E402

CHILD = """
import sys, time, json
from pathlib import Path
from jixiao.ingest import iter_forms, open_document
path, mode = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
forms = indicators = 0
sink = open("/dev/null", "w")
for form in iter_forms(open_document(path)):
    forms += 1
    indicators += len(form.indicators)
    if mode == "json":
        sink.write(form.model_dump_json())
print(json.dumps({"forms": forms, "indicators": indicators,
                  "seconds": time.perf_counter() - start}))
"""


def _unique(raw_line: str, i: int) -> str:
    """Make every long cell (goal texts, long names) of form ``i`` distinct."""
    cells = raw_line.split("\t")
    return "\t".join(c + f"（第{i}份）" if len(c) > 30 else c for c in cells)


def build_corpus(target_forms: int, out: Path, unique: bool = False) -> int:
    """Write ``target_forms`` forms, cycling through the seed forms (text as printed).

    With ``unique``, long cells get a per-form suffix, so no cache can serve them twice:
    real corpora repeat labels and values, but not goal texts.
    """
    chunks: list[list[str]] = []
    for seed in sorted((ROOT / "samples").glob("*.txt")):
        doc = open_document(seed)
        for chunk in segment(doc.lines):
            chunks.append([line.raw for line in chunk.lines])
    with out.open("w", encoding="utf-8") as handle:
        for i in range(target_forms):
            lines = chunks[i % len(chunks)]
            if unique:
                lines = [_unique(line, i) for line in lines]
            handle.write("\n".join(lines) + "\n\n")
    return out.stat().st_size


def run(path: Path, mode: str) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), mode],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result: dict[str, float] = json.loads(proc.stdout)
    result["peak_rss_mb"] = max(peak_kb, before) / 1024
    return result


def calibrate() -> float:
    start = time.perf_counter()
    total = 0
    for i in range(10**7):
        total += i
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per mode; best is reported")
    args = parser.parse_args()
    print(f"cpu calibration: a 10**7-step Python loop takes {calibrate():.2f} s on this machine")
    with tempfile.TemporaryDirectory() as tmp:
        for unique in (False, True):
            report(Path(tmp) / f"corpus-{unique}.txt", args.forms, args.repeat, unique)
        print("goal: >= 2000 forms/s, peak RSS <= 200 MB")


def report(path: Path, forms: int, repeat: int, unique: bool) -> None:
    size = build_corpus(forms, path, unique)
    megabytes = size / 1e6
    kind = "long cells unique per form" if unique else "seed forms repeated verbatim"
    print(f"corpus: {forms} forms, {megabytes:.1f} MB ({kind})")
    for mode, label in (("parse", "parse only"), ("json", "parse + contract JSON")):
        runs = [run(path, mode) for _ in range(repeat)]
        result = min(runs, key=lambda r: r["seconds"])
        seconds = result["seconds"]
        print(
            f"{label:>22}: {result['forms'] / seconds:8.0f} forms/s  "
            f"{megabytes / seconds:6.2f} MB/s  {seconds:6.2f} s  "
            f"peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB  "
            f"(best of {repeat}, one process, one core)"
        )


if __name__ == "__main__":
    main()
