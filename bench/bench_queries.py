"""Store-level latency at scale: the list query (filters + search + facets) and the detail query.

Run against a database loaded with ``bench/load_db.py`` (100,000 forms for the issue's goals);
it measures the queries alone, without HTTP, so a slow page can be blamed on the right layer.

    python bench/bench_queries.py URL [--repeat 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from jixiao.store.access import Scope
from jixiao.store.db import make_engine, make_sessionmaker
from jixiao.store.queries import FormFilter, facets, get_form, list_forms
from jixiao.store.tables import Form


def timed(label: str, repeat: int, call: Callable[[int], object]) -> None:
    samples = []
    cpu = []
    for i in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        call(i)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(
        f"{label:<44} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms   "
        f"(this process's CPU p50 {statistics.median(cpu):5.1f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    engine = make_engine(args.url)
    factory = make_sessionmaker(engine)
    everything = Scope.everything()
    with factory() as session:
        total = session.scalar(select(func.count()).select_from(Form)) or 0
        ids = list(session.scalars(select(Form.id)))
        department, unit = session.execute(
            select(Form.department, Form.unit).group_by(Form.department, Form.unit).limit(1)
        ).one()
    print(f"{engine.dialect.name}: {total} forms")
    rnd = random.Random(1)
    department_scope = Scope("department", department=department)
    unit_scope = Scope("unit", department=department, unit=unit)
    # common to rare, and one- and two-character terms (the commonest Chinese queries)
    terms = ["满意度", "发放及时", "绿化维保达标率", "养老", "活动完成次数", "社区"]
    terms += ["消防", "培训", "补"]

    def run(
        scope: Scope, flt: Callable[[int], FormFilter], with_facets: bool
    ) -> Callable[[int], object]:
        def call(i: int) -> object:
            with factory() as session:
                return list_forms(session, scope, flt(i), with_facets=with_facets)

        return call

    cases = [
        ("list, finance, no filter", everything, lambda i: FormFilter(page=1 + i % 5)),
        (
            "list, finance, year + search",
            everything,
            lambda i: FormFilter(year=2024, q=terms[i % len(terms)]),
        ),
        (
            "list, finance, search sorted by funding",
            everything,
            lambda i: FormFilter(q=terms[i % len(terms)], sort="-total"),
        ),
        (
            "list, finance, rule code + grade",
            everything,
            lambda i: FormFilter(code="IND012", grade="良"),
        ),
        (
            "list, department, search",
            department_scope,
            lambda i: FormFilter(q=terms[i % len(terms)]),
        ),
        ("list, unit, status", unit_scope, lambda i: FormFilter(status="draft")),
    ]
    for label, scope, flt in cases:
        timed(label, args.repeat, run(scope, flt, with_facets=False))
    for label, scope in (("facets, finance", everything), ("facets, unit", unit_scope)):

        def facet_call(i: int, scope: Scope = scope) -> object:
            with factory() as session:
                return facets(session, scope)

        timed(label, args.repeat, facet_call)

    def detail(i: int) -> object:
        with factory() as session:
            form = get_form(session, everything, rnd.choice(ids))
            assert form is not None
            return (form.data, list(form.indicators), list(form.findings))

    timed("detail (form, indicators, findings)", args.repeat, detail)
    engine.dispose()


if __name__ == "__main__":
    main()
