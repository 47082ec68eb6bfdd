"""Load N synthetic forms into a database quickly (for the web latency benchmark).

    python bench/load_db.py URL N [--workers 2] [--chunk 1000]

Forms come from bench/synth.py (recombined seeds) without the text round trip: each chunk is
synthesised, reviewed and turned into rows in a worker process, then stored by the importer's
bulk path as one "file" (``synthetic-load-<seed>-<n>``, one transaction each). Years are
spread over 2023–2025 and, after loading, a share of the forms is moved to 已提交 / 审核通过 /
退回修改 so status filters have something to find. Re-running with the same N is a no-op
(the chunks' hashes are already imported).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import func, select, update
from synth import synthesize

from jixiao.review import review
from jixiao.store.db import make_engine, make_sessionmaker, upgrade
from jixiao.store.importer import Prepared, add_rows, store
from jixiao.store.tables import Form

SEED = 4242


def chunk(number: int, size: int) -> Prepared:
    """Chunk ``number``: ``size`` forms with globally unique names, reviewed, as rows."""
    rnd = random.Random(SEED + number)
    forms = []
    for offset, form in enumerate(synthesize(size, seed=SEED + number)):
        serial = number * size + offset + 1
        base = (form.project_name or "项目").rsplit("（", 1)[0]
        forms.append(
            form.model_copy(
                update={
                    "project_name": f"{base}（{serial:07d}）",
                    "year": rnd.choice((2023, 2024, 2025)),
                    "source": form.source.model_copy(
                        update={
                            "file": f"synthetic-load-{number:05d}.txt",
                            "form_index": offset + 1,
                        }
                    ),
                }
            )
        )
    name = f"synthetic-load-{SEED}-{number:05d}"
    prepared = Prepared(
        name, name + ".txt", hashlib.sha256(f"{name}/{size}".encode()).hexdigest(), 0
    )
    add_rows(prepared, list(forms), review(forms))
    return prepared


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("url")
    parser.add_argument("count", type=int)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=1000)
    args = parser.parse_args()
    upgrade(args.url)
    engine = make_engine(args.url)
    factory = make_sessionmaker(engine)
    chunks = -(-args.count // args.chunk)
    sizes = [min(args.chunk, args.count - n * args.chunk) for n in range(chunks)]
    start = time.perf_counter()
    stored = 0
    with ProcessPoolExecutor(max_workers=max(1, args.workers)) as pool:
        for prepared in pool.map(chunk, range(chunks), sizes):
            result = store(factory, prepared)
            stored += result.forms if result.status == "imported" else 0
            print(
                f"\r{result.filename}: {result.status}  ({stored} forms stored)", end="", flush=True
            )
    with factory() as session, session.begin():
        session.execute(update(Form).where(Form.id % 7 == 1).values(status="submitted"))
        session.execute(update(Form).where(Form.id % 7 == 2).values(status="approved"))
        session.execute(update(Form).where(Form.id % 7 == 3).values(status="returned"))
        total = session.scalar(select(func.count()).select_from(Form))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    elif engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    seconds = time.perf_counter() - start
    print(
        f"\nloaded {stored} new forms in {seconds:.1f} s ({stored / seconds:.0f} forms/s); "
        f"the database now holds {total} forms"
    )


if __name__ == "__main__":
    main()
