"""Synthetic form FILES: recombined seed forms (bench/synth.py) printed in the published layout.

The import benchmark and the kill-an-import test need many files that go through the whole
pipeline (read → review → store), so the recombined records are rendered back to the
tab-separated text layout of the Shanghai tables (the layout of ``samples/*.txt``), 100 forms
per file by default. :func:`verify` reads a written file back and checks that the reader
returns the same header fields and indicator rows, so the benchmark never measures a reader
that silently drops what the generator wrote.

    python bench/synth_files.py OUT_DIR N [--per-file 100] [--verify]
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthesize

from jixiao.ingest import read_forms
from jixiao.model.forms import ProjectForm
from jixiao.model.values import key


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _cell(text: str | None) -> str:
    return " ".join((text or "").split())


def render(form: ProjectForm) -> str:
    """One form as the published text table (元, tab-separated, labels in the first columns)."""
    f = form.funding
    lines = [
        "财政项目支出绩效目标申报表",
        "",
        f"({form.year}年度)" if form.year else "",
        "",
        f"项目名称\t{_cell(form.project_name)}\t项目性质\t{_cell(form.nature)}\t项目类别\t"
        f"{_cell(form.category)}",
        f"主管部门\t{_cell(form.department)}\t实施单位\t{_cell(form.implementing_unit)}",
        f"计划开始日期\t{form.start_date or ''}\t计划完成日期\t{form.end_date or ''}",
        f"项目资金 (元)\t项目资金总额\t{_money(f.total)}\t"
        f"年度资金申请总额\t{_money(f.annual_total)}",
        f"\t其中：财政资金\t{_money(f.fiscal)}\t其中：当年财政拨款\t"
        f"{_money(f.annual_appropriation)}",
        f"\t\t\t上年结转资金\t{_money(f.carryover)}",
        f"\t其他资金\t{_money(f.other)}\t其他资金\t{_money(f.annual_other)}",
        "项目绩效目标\t项目总目标\t\t年度总目标",
        f"\t{_cell(form.overall_goal)}\t\t{_cell(form.annual_goal)}",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度(/项目)指标值",
    ]
    level1 = level2 = None
    for indicator in form.indicators:
        first = indicator.level1 if indicator.level1 != level1 else ""
        second = indicator.level2 if (indicator.level2 != level2 or first) else ""
        level1, level2 = indicator.level1, indicator.level2
        lines.append(
            f"\t{_cell(first)}\t{_cell(second)}\t{_cell(indicator.name)}\t{_cell(indicator.value)}"
        )
    return "\n".join(lines) + "\n\n"


def usable(form: ProjectForm) -> ProjectForm:
    """Keep the indicator rows that print unambiguously (all four cells filled)."""
    rows = [i for i in form.indicators if i.level1 and i.level2 and i.name and i.value]
    return form.model_copy(update={"indicators": rows})


def write_files(out: Path, count: int, per_file: int = 100, seed: int = 42) -> list[Path]:
    """Write ``count`` synthetic forms into ``out`` as ``synthetic-00001.txt`` … files."""
    out.mkdir(parents=True, exist_ok=True)
    forms = [usable(form) for form in synthesize(count, seed)]
    paths = []
    for number, start in enumerate(range(0, count, per_file), start=1):
        path = out / f"synthetic-{seed}-{number:05d}.txt"
        path.write_text("".join(render(f) for f in forms[start : start + per_file]), "utf-8")
        paths.append(path)
    return paths


def _projection(form: ProjectForm) -> tuple[object, ...]:
    return (
        key(form.project_name),
        key(form.department),
        key(form.implementing_unit),
        form.year,
        form.funding.total,
        form.funding.fiscal,
        key(form.overall_goal),
        key(form.annual_goal),
        tuple((key(i.level1), key(i.level2), key(i.name), key(i.value)) for i in form.indicators),
    )


def verify(path: Path, expected: list[ProjectForm]) -> list[str]:
    """Differences between what the reader returns for ``path`` and the written forms."""
    got = [f for f in read_forms(path) if isinstance(f, ProjectForm)]
    problems = []
    if len(got) != len(expected):
        problems.append(f"{path.name}: {len(got)} forms read, {len(expected)} written")
    for index, (want, have) in enumerate(zip(expected, got, strict=False), start=1):
        if _projection(want) != _projection(have):
            problems.append(f"{path.name} form {index}: read back differently")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--verify", action="store_true", help="read every file back and compare")
    args = parser.parse_args()
    paths = write_files(args.out, args.count, args.per_file, args.seed)
    print(f"wrote {args.count} forms in {len(paths)} files to {args.out}")
    if args.verify:
        forms = [usable(f) for f in synthesize(args.count, args.seed)]
        problems = []
        for number, path in enumerate(paths):
            chunk = forms[number * args.per_file : (number + 1) * args.per_file]
            problems.extend(verify(path, chunk))
        print("round trip:", "every form read back identically" if not problems else "")
        for problem in problems[:20]:
            print("  ", problem)
        if problems:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
