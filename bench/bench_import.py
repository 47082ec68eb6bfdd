"""Import throughput: 10,000 synthetic forms (100 per file) into SQLite and PostgreSQL.

End to end — read the file, review its forms, store forms + indicators + findings + version 1
+ audit in one transaction per file — reported as forms/s with the split between reading,
reviewing, building rows and storing. Runs once in one process (``--workers 1``) and once with
reading/reviewing in worker processes (``--workers 2``: the store is written by the parent
while the next files are parsed, which is how ``jixiao import -j 0`` runs on this 2-core box).

Goal (issue 4): >= 1,000 forms/s into PostgreSQL, end to end.

    python bench/bench_import.py [--forms 10000] [--pg URL] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from synth_files import write_files

from jixiao.store.db import make_engine, make_sessionmaker, upgrade
from jixiao.store.importer import import_paths

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_database(admin_url: str, name: str, drop_only: bool = False) -> str | None:
    """(Re)create database ``name`` on the server of ``admin_url``; None if unreachable."""
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if not drop_only:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:
        print(f"PostgreSQL not reachable ({type(exc).__name__}): skipped")
        return None
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def run(label: str, url: str, folder: Path, forms: int, workers: int) -> float:
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    start = time.perf_counter()
    summary = import_paths(factory, [folder], workers=workers)
    seconds = time.perf_counter() - start
    engine.dispose()
    assert summary.forms == forms and summary.failed == 0, "import incomplete"
    split = summary.seconds()
    parts = "  ".join(
        f"{name} {split.get(name, 0):.2f}s" for name in ("read", "review", "rows", "store")
    )
    rate = forms / seconds
    print(
        f"{label:<11} workers={workers}  {forms} forms, {summary.indicators} indicators, "
        f"{summary.findings} findings in {seconds:6.2f} s = {rate:6.0f} forms/s   [{parts}]"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--pg", default=os.environ.get("JIXIAO_BENCH_PG_URL", PG_DEFAULT))
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()
    print(
        f"import benchmark: {args.forms} synthetic forms, {args.per_file} per file, "
        f"{os.cpu_count()} CPUs (split = summed per-file phase times; with workers the "
        f"read/review phases overlap the store)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        write_files(folder, args.forms, per_file=args.per_file)
        best_pg = 0.0
        for workers in args.workers:
            sqlite_url = f"sqlite:///{Path(tmp) / f'bench-{workers}.db'}"
            run("SQLite", sqlite_url, folder, args.forms, workers)
            name = f"jixiao_bench_{os.getpid()}"
            pg_url = pg_database(args.pg, name)
            if pg_url:
                best_pg = max(best_pg, run("PostgreSQL", pg_url, folder, args.forms, workers))
                pg_database(args.pg, name, drop_only=True)
    verdict = "met" if best_pg >= 1000 else "NOT met"
    print(f"goal >= 1000 forms/s into PostgreSQL end to end: {verdict} (best {best_pg:.0f})")


if __name__ == "__main__":
    main()
