"""Import throughput: 10,000 synthetic forms (100 per file) into SQLite and PostgreSQL.

End to end — hash, read, review, store forms + indicators + findings + version 1 + audit in
one transaction per file — reported as forms/s, with the CPU seconds behind it:

* ``cpu imp``: the importing process plus its worker processes (``process_time`` of this
  process and ``RUSAGE_CHILDREN`` of the reaped pool);
* ``cpu pg``: the PostgreSQL backend(s) serving the benchmark database, read from
  ``/proc/<pid>/stat`` (only when the server runs on this machine and /proc is readable;
  the shared WAL writer / checkpointer are not included);
* the per-phase split (read / review / rows / store, summed over files; with workers the
  phases overlap, so the sum exceeds the wall time).

Runs with one process (``--workers 1``) and with reading/reviewing in worker processes
(``--workers 2``: the parent stores while the next files are read, which is what
``jixiao import`` does by default on this 2-core box). ``--repeat N`` keeps the best of N
runs (the machine is shared: wall time is noisy, CPU seconds much less so). The load
average is printed with every line.

Goal (issue 4): >= 1,000 forms/s into PostgreSQL, end to end.

    python bench/bench_import.py [--forms 10000] [--per-file 100] [--workers 1 2]
                                 [--repeat 1] [--pg URL] [--no-sqlite]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from synth_files import write_files

from jixiao.store.db import make_engine, make_sessionmaker, upgrade
from jixiao.store.importer import import_paths

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TICK = os.sysconf("SC_CLK_TCK")


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


class BackendCpu:
    """CPU seconds of the PostgreSQL backends of one database, sampled from /proc.

    Backends come and go with connections, so a thread samples every 0.2 s and keeps each
    pid's last reading; :meth:`total` is the sum. Zero when the server is not local.
    """

    def __init__(self, database: str) -> None:
        self.marker = f" {database} ".encode()
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                    cmdline = handle.read()
                if not cmdline.startswith(b"postgres:") or self.marker not in cmdline:
                    continue
                with open(f"/proc/{entry.name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.seen[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def __enter__(self) -> BackendCpu:
        self._sample()
        self.base = dict(self.seen)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def total(self) -> float:
        return sum(value - self.base.get(pid, 0.0) for pid, value in self.seen.items())


@dataclass
class Measure:
    seconds: float
    cpu: float
    pg_cpu: float | None
    line: str


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(label: str, url: str, folder: Path, forms: int, workers: int) -> Measure:
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    database = make_url(url).database or ""
    pg = make_url(url).get_backend_name() == "postgresql"
    start, cpu, child = time.perf_counter(), time.process_time(), children_cpu()
    with BackendCpu(database) as backend:
        summary = import_paths(factory, [folder], workers=workers)
        seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu + children_cpu() - child
    engine.dispose()
    assert summary.forms == forms and summary.failed == 0, "import incomplete"
    split = summary.seconds()
    parts = " ".join(f"{n} {split.get(n, 0):.1f}" for n in ("read", "review", "rows", "store"))
    pg_cpu = backend.total() if pg else None
    server = f" + pg {pg_cpu:5.1f}" if pg_cpu is not None else " " * 11
    line = (
        f"{label:<10} -j {workers}  {forms / seconds:5.0f} forms/s  wall {seconds:5.1f} s  "
        f"cpu imp {cpu:5.1f}{server} s = {(cpu + (pg_cpu or 0)) / forms * 1000:4.2f} ms/form  "
        f"[{parts}]  load {os.getloadavg()[0]:.1f}"
    )
    return Measure(seconds, cpu, pg_cpu, line)


def best(
    label: str,
    make_url_for: Callable[[int], str | None],
    folder: Path,
    forms: int,
    workers: int,
    repeat: int,
) -> float:
    results = []
    for attempt in range(repeat):
        url = make_url_for(attempt)
        if url is None:
            return 0.0
        results.append(run(label, url, folder, forms, workers))
    chosen = min(results, key=lambda m: m.seconds)
    print(chosen.line + (f"  (best of {repeat})" if repeat > 1 else ""), flush=True)
    return forms / chosen.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--pg", default=os.environ.get("JIXIAO_BENCH_PG_URL", PG_DEFAULT))
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    print(
        f"import benchmark: {args.forms} synthetic forms, {args.per_file} per file, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start "
        f"(split = summed per-file phase seconds)"
    )
    name = f"jixiao_bench_import_{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        write_files(folder, args.forms, per_file=args.per_file)
        best_pg = 0.0
        for workers in args.workers:
            if not args.no_sqlite:

                def sqlite_url(attempt: int, workers: int = workers) -> str:
                    return f"sqlite:///{Path(tmp) / f'bench-{workers}-{attempt}.db'}"

                best("SQLite", sqlite_url, folder, args.forms, workers, args.repeat)

            def pg_url(attempt: int) -> str | None:
                return pg_database(args.pg, name)

            rate = best("PostgreSQL", pg_url, folder, args.forms, workers, args.repeat)
            best_pg = max(best_pg, rate)
        pg_database(args.pg, name, drop_only=True)
    verdict = "met" if best_pg >= 1000 else "NOT met"
    print(f"goal >= 1000 forms/s into PostgreSQL end to end: {verdict} (best {best_pg:.0f})")


if __name__ == "__main__":
    main()
