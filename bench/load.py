"""Load on the web search page: N concurrent clients, closed loop (no think time), for a bounded
time, against `evalcatalog serve` and against Datasette serving the same catalogue's
`pages?_search=`, side by side in one run. Everything listens on 127.0.0.1 only.

    .venv/bin/pip install -e '.[bench]'            # Datasette
    .venv/bin/python bench/load.py                 # the 100,000-page bench catalogue
    .venv/bin/python bench/load.py --quick         # the shipped reports/, seconds

Queries are words drawn (seeded) from the catalogue's own pages: one word, two words, and one
word with a typo (which Datasette cannot correct). Two modes: "pool" draws each request from
300 queries, so searches repeat as real ones do (evalcatalog keeps recent search pages until the
catalogue changes); "fresh" asks each query once, so no cache helps. Each client keeps one
connection open and sends the next request as soon as the last answer has been read. Reported
per system, mode and client count: requests per second, p50/p95/p99 latency, errors (any status
but 200, or a failed connection), and the server's memory (PSS of its process tree) at the
start and end of the run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from common import RESULTS, ROOT, machine, write_results

from evalcatalog.store.page_text import unpack

BENCH = Path("~/.cache/evalcatalog-bench").expanduser()
WORD = re.compile(r"[^\W\d_]{5,12}")
HOST = "127.0.0.1"
TARGETS = {1: {"p95_ms": 50.0}, 20: {"rps": 100.0, "p95_ms": 400.0, "errors": 0}}


class Paths:
    """Each request's path: drawn at random from a pool, so queries repeat as real searches do,
    or (`fresh`) each asked once in the run, so no cache can answer it."""

    def __init__(self, paths: list[str], fresh: bool) -> None:
        self.paths, self.fresh = paths, fresh
        self.used = 0
        self.lock = threading.Lock()

    def pick(self, rng: random.Random) -> str:
        if not self.fresh:
            return rng.choice(self.paths)
        with self.lock:
            self.used += 1
            return self.paths[self.used % len(self.paths)]


@dataclass
class Run:
    system: str
    clients: int
    mode: str = "pool"
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    memory_mb: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0  # the server's processes', user + system, over the run

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0

        return {
            "system": self.system, "mode": self.mode, "clients": self.clients,
            "requests": len(ordered),
            "rps": round(len(ordered) / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(pct(0.5), 1), "p95_ms": round(pct(0.95), 1),
            "p99_ms": round(pct(0.99), 1), "errors": self.errors,
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0,
            "server_cpu_ms_per_request": round(self.cpu_seconds * 1000 / len(ordered), 1)
            if ordered else None,
            "memory_start_mb": round(self.memory_mb[0], 1) if self.memory_mb else None,
            "memory_end_mb": round(self.memory_mb[-1], 1) if self.memory_mb else None,
            "memory_peak_mb": round(max(self.memory_mb), 1) if self.memory_mb else None,
        }  # fmt: skip


def draw_queries(db: Path, count: int, seed: int) -> list[str]:
    """Words from random pages: one word, two words, one word with a letter changed."""
    rng = random.Random(f"load-{seed}")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    top = int(conn.execute("select max(id) from pages").fetchone()[0])
    queries: list[str] = []
    while len(queries) < count:
        row = conn.execute("select text from pages where id = ?", [rng.randint(1, top)]).fetchone()
        words = sorted({word.lower() for word in WORD.findall(unpack(row[0]) if row else "")})
        if len(words) < 2:
            continue
        kind = len(queries) % 3
        if kind == 0:
            queries.append(rng.choice(words))
        elif kind == 1:
            queries.append(" ".join(rng.sample(words, 2)))
        else:
            word = rng.choice(words)
            at = rng.randrange(1, len(word))
            queries.append(word[:at] + rng.choice("aeiourst") + word[at + 1 :])
    conn.close()
    return queries


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start(command: list[str], port: int, probe: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[0]} exited: {process.stderr.read().decode()[-800:]}")  # type: ignore[union-attr]
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
            connection.request("GET", probe)
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{command[0]} did not answer on port {port}")


def tree_pids(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            pending += [
                int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()
            ]
        except OSError:
            continue
    return found


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants: what a request costs the
    server whatever else the machine is doing (latency on a shared machine includes waiting)."""
    ticks = 0
    for current in tree_pids(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and its descendants, in MB."""
    total = 0
    for current in tree_pids(pid):
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in rollup.splitlines()
                      if line.startswith("Pss:"))  # fmt: skip
    return total * 1024 / 1e6


def client_loop(port: int, paths: Paths, deadline: float, run: Run, lock: threading.Lock,
                seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    latencies, errors = [], 0
    while time.monotonic() < deadline:
        path = paths.pick(rng)
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            ok = False
        latencies.append(time.perf_counter() - started)
        errors += not ok
    connection.close()
    with lock:
        run.latencies += latencies
        run.errors += errors


def load(system: str, port: int, pid: int, paths: Paths, clients: int, seconds: float) -> Run:
    run, lock = Run(system, clients, "fresh" if paths.fresh else "pool"), threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=client_loop, args=(port, paths, deadline, run, lock, i))
               for i in range(clients)]  # fmt: skip
    started, cpu = time.monotonic(), tree_cpu_seconds(pid)
    run.memory_mb.append(tree_pss_mb(pid))
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        time.sleep(1.0)
        run.memory_mb.append(tree_pss_mb(pid))
    for thread in threads:
        thread.join()
    run.seconds = time.monotonic() - started
    run.cpu_seconds = tree_cpu_seconds(pid) - cpu
    return run


def systems(db: Path, workers: int) -> dict[str, Callable[[int], tuple[list[str], str]]]:
    """How to start each server on a port: (command, the search path for a query)."""
    bin_dir = Path(sys.executable).parent
    return {
        "evalcatalog": lambda port: ([sys.executable, "-m", "evalcatalog", "serve", "--db", str(db),
                                      "--port", str(port), "--workers", str(workers)], "/?q={}"),
        "datasette": lambda port: ([str(bin_dir / "datasette"), "serve", str(db), "--host", HOST,
                                    "--port", str(port), "--setting", "sql_time_limit_ms", "10000"],
                                   f"/{db.stem}/pages?_search={{}}"),
    }  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--catalog", type=Path, default=BENCH / "catalog.db")
    parser.add_argument("--clients", default="1,20", help="client counts, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0, help="per system and count")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds first")
    parser.add_argument("--workers", type=int, default=2, help="evalcatalog server processes")
    parser.add_argument("--queries", type=int, default=300, help="the pool's size")
    parser.add_argument("--fresh", type=int, default=6000,
                        help="queries drawn for the fresh runs (0: no fresh runs)")  # fmt: skip
    parser.add_argument("--systems", default="evalcatalog,datasette")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--json", type=Path, help="results file (default bench/results/)")
    parser.add_argument("--quick", action="store_true", help="the shipped reports/, seconds")
    return parser.parse_args(argv)


def quick_catalog(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from evalcatalog import Catalog

    db = folder / "catalog.db"
    with Catalog(str(db)) as catalog:
        catalog.ingest([str(ROOT / "reports")])
    return db


def measure(name: str, db: Path, args: argparse.Namespace, queries: dict[str, list[str]]
            ) -> list[Run]:  # fmt: skip
    port = free_port()
    command, pattern = systems(db, args.workers)[name](port)
    process = start(command, port, pattern.format("warm"))
    counts = [int(count) for count in args.clients.split(",")]
    runs = []
    try:
        for mode, texts in queries.items():
            paths = Paths([pattern.format(quote_plus(text)) for text in texts], mode == "fresh")
            load(name, port, process.pid, paths, max(counts), args.warmup)  # not measured
            for clients in counts:
                runs.append(load(name, port, process.pid, paths, clients, args.seconds))
                print_run(runs[-1])
    finally:
        process.terminate()
        process.wait(30)
    return runs


def print_run(run: Run) -> None:
    s = run.summary()
    target = TARGETS.get(run.clients, {}) if run.system == "evalcatalog" else {}
    print(f"{s['system']:<12} {s['mode']:<5} {s['clients']:>3} clients  {s['rps']:>7} req/s"
          f"  p50 {s['p50_ms']:>7} ms"
          f"  p95 {s['p95_ms']:>7} ms  p99 {s['p99_ms']:>7} ms  errors {s['errors']}  "
          f"cpu {s['server_cpu_ms_per_request']} ms/req  "
          f"memory {s['memory_start_mb']} -> {s['memory_end_mb']} MB"
          + (f"  targets {target}" if target else ""), flush=True)  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        db = quick_catalog(Path(scratch)) if args.quick else args.catalog
        if not args.quick and not (BENCH / "READY").exists():
            sys.exit(f"no READY file in {BENCH}: wait for the bench catalogue to be built")
        queries = {"pool": draw_queries(db, args.queries, args.seed)}
        if args.fresh:
            queries["fresh"] = draw_queries(db, args.fresh, args.seed + 1)
        pages = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
            "select count(*) from pages").fetchone()[0]  # fmt: skip
        print(f"{db}: {pages} pages, a pool of {args.queries} queries and {args.fresh} fresh ones, "
              f"{args.seconds:g} s per run")  # fmt: skip
        runs = [run for name in args.systems.split(",") for run in measure(name, db, args, queries)]
    payload = {"machine": machine(), "pages": pages, "seconds": args.seconds,
               "workers": args.workers, "targets": {str(k): v for k, v in TARGETS.items()},
               "runs": [run.summary() for run in runs]}  # fmt: skip
    write_results(args.json or (None if args.quick else RESULTS / "load.json"), payload)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
