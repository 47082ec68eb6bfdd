"""Web latency under load: p50/p95 of the list page (filter + search) and the detail page.

Goals (issue 4), 100,000 forms loaded, 20 concurrent clients, this 2-core machine:
list p95 <= 150 ms, detail p95 <= 100 ms. The server is the real thing, as ``jixiao serve``
runs it (``uvicorn``, one process, in a subprocess); the load is a small httpx async driver
on the same machine: each client logs in once (its own session cookie), then requests pages.

Two load shapes are measured and printed:

- *users*: 20 clients, each pausing ~1 s (0.5-1.5 s) between pages like a person reading;
- *saturated*: 20 clients sending back to back (no pause). Here latency is bound by Little's
  law: 20 requests in flight divided by the server's throughput, so it measures capacity.

The figures are printed, never asserted (timing asserts make flaky tests). Latency on a shared
machine says as much about the other jobs as about jixiao, so each line also gives the CPU time
the server spent per request — the uvicorn process plus, for PostgreSQL, the database backends
serving it (read from ``/proc``) — which predicts the latency on a quiet machine, and the load
average when the run started and ended.

    python bench/bench_web.py                       # SQLite file bench/out/web.db
    python bench/bench_web.py --url postgresql+psycopg://postgres@127.0.0.1:5432/jixiao_bench

The database is filled with ``bench/load_db.py URL N`` when it holds fewer than N forms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.store.db import make_engine, make_sessionmaker, upgrade  # noqa: E402
from jixiao.store.tables import Form, User  # noqa: E402
from jixiao.store.users import create_user  # noqa: E402

USER, PASSWORD = "bench", "bench-password-1"
# Search terms seen on the seeds: common (many matches) to rare, and 2-character ones.
TERMS = ("满意度", "及时", "养老", "绿化维保", "社区", "完成率", "培训", "补贴", "档案管理", "消防")


def count_forms(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(Form)) or 0)
    finally:
        engine.dispose()


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if the server does not have it yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(
        parsed.set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    except OperationalError as exc:
        shown = parsed.render_as_string(hide_password=True)
        print(f"PostgreSQL at {shown} is not reachable, web bench skipped: {exc.orig}")
        raise SystemExit(0) from exc
    finally:
        admin.dispose()


def prepare(url: str, forms: int) -> tuple[list[int], list[int], list[str]]:
    """Schema, data, the bench account; returns form ids, years and departments to query."""
    ensure_database(url)
    upgrade(url)
    have = count_forms(url)
    if have < forms:
        print(f"loading {forms - have:,} forms into the database (bench/load_db.py)…", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "load_db.py"), url, str(forms)],
            check=True,
        )
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        if session.scalar(select(User).where(User.username == USER)) is None:
            create_user(session, USER, PASSWORD, "finance")
            session.commit()
        ids = list(session.scalars(select(Form.id)))
        years = [y for y in session.scalars(select(Form.year).distinct()) if y]
        departments = [d for d in session.scalars(select(Form.department).distinct()) if d]
    engine.dispose()
    return ids, years, departments


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "JIXIAO_DATABASE_URL": url, "JIXIAO_SECRET_KEY": "bench"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "jixiao.web.app:app_from_env",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("uvicorn did not start")


async def login(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = await client.post(
        "/login", data={"username": USER, "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code != 303:
        raise SystemExit(f"login failed: {response.status_code}")


async def run(
    clients: list[httpx.AsyncClient], paths: list[str], think: float = 0.0
) -> list[float]:
    """Send ``paths`` from the logged-in ``clients`` concurrently; latencies in ms.

    ``think`` > 0 makes each client pause 0.5-1.5 x ``think`` seconds after each page."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    latencies: list[float] = []
    errors: list[str] = []

    async def worker(number: int, client: httpx.AsyncClient) -> None:
        pause = random.Random(number)
        if think:
            await asyncio.sleep(pause.uniform(0, think))  # do not start in lockstep
        while not queue.empty():
            path = queue.get_nowait()
            start = time.perf_counter()
            response = await client.get(path)
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {path}")
            if think:
                await asyncio.sleep(pause.uniform(0.5, 1.5) * think)

    await asyncio.gather(*(worker(i, client) for i, client in enumerate(clients)))
    if errors:
        print(f"  {len(errors)} errors, e.g. {errors[:3]}")
    return latencies


class ServerCPU:
    """CPU seconds used so far by the server process and its PostgreSQL backends (Linux)."""

    def __init__(self, pid: int, url: str) -> None:
        self.pid = pid
        self.url = url
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.engine = make_engine(url) if make_url(url).get_backend_name() == "postgresql" else None
        self.seen: dict[int, float] = {}

    def _cpu(self, pid: int) -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime

    def total(self) -> float:
        """Server CPU so far; backends that went away keep their last reading."""
        pids = [self.pid]
        if self.engine is not None:
            with self.engine.connect() as connection:
                pids += list(
                    connection.scalars(
                        text(
                            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                            " AND pid <> pg_backend_pid()"
                        )
                    )
                )
        for pid in pids:
            value = self._cpu(pid)
            if value is not None:
                self.seen[pid] = value
        return sum(self.seen.values())


async def measure(
    base: str, count: int, lists: list[str], details: list[str], think: float, cpu: ServerCPU
) -> None:
    """Log the clients in once (argon2 is deliberately slow), warm up, then measure."""
    clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in range(count)]
    try:
        for client in clients:
            await login(client)
        await run(clients, lists[:50] + details[:50])
        for shape, pause in (("users", think), ("saturated", 0.0)):
            for name, paths, goal in (
                ("list (filter + search)", lists, 150.0),
                ("detail", details, 100.0),
            ):
                server_start = cpu.total()
                start, client_start = time.perf_counter(), time.process_time()
                latencies = await run(clients, paths, pause)
                server = (cpu.total() - server_start) * 1000 / len(paths)
                client = (time.process_time() - client_start) * 1000 / len(paths)
                report(f"{shape}: {name}", latencies, time.perf_counter() - start, goal)
                print(
                    f"{'':<34} server CPU {server:5.1f} ms/request, load driver CPU "
                    f"{client:4.1f} ms/request, load average {os.getloadavg()[0]:.1f}"
                )
    finally:
        for client in clients:
            await client.aclose()


def report(name: str, latencies: list[float], seconds: float, goal: float) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    verdict = "meets" if p95 <= goal else "MISSES"
    print(
        f"{name:<34} n={len(ordered):>5}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
        f"p99 {p99:6.1f} ms  {len(ordered) / seconds:6.1f} req/s  ({verdict} p95 <= {goal:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=f"sqlite:///{ROOT / 'bench' / 'out' / 'web.db'}")
    parser.add_argument("--forms", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1_000, help="per page kind and shape")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between pages")
    args = parser.parse_args()
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    ids, years, departments = prepare(args.url, args.forms)
    rng = random.Random(4)
    lists = [
        f"/forms?year={rng.choice(years)}&q={rng.choice(TERMS)}"
        + (f"&department={departments[0]}" if rng.random() < 0.3 else "")
        + (f"&page={rng.randint(1, 3)}" if rng.random() < 0.3 else "")
        for _ in range(args.requests)
    ]
    details = [f"/forms/{rng.choice(ids)}" for _ in range(args.requests)]
    port = free_port()
    server = start_server(args.url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"{len(ids):,} forms, {args.clients} concurrent clients, {base} ({args.url})")
        print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        cpu = ServerCPU(server.pid, args.url)
        asyncio.run(measure(base, args.clients, lists, details, args.think, cpu))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
