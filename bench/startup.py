"""Start-up time: `evalcatalog search/list/show` as whole processes, on a catalogue of reports/.

Each command runs as `python -m evalcatalog ...` (what the console script runs), several times;
the figures are wall time from spawn to exit and the CPU time it used (user + system: on a
busy machine the wall time is mostly waiting for a core), median with min and max, against the
150 ms target (issue 13). One run of each is thrown away first (the page cache), with
PYTHONDONTWRITEBYTECODE unset so that it leaves the bytecode an installed copy has: with it set
and no __pycache__, every run would compile our ~150 modules again (~40 ms). `--src DIR`
times another checkout's src/ (e.g. `git archive` of an older commit) in the same conditions,
each run alternating with this one's; `--imports` lists the slowest imports of one `search`.

    .venv/bin/python bench/startup.py                 # 10 runs each, reports/ catalogued
    .venv/bin/python bench/startup.py --runs 20 --db catalog.db --imports
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, Figure, machine, print_table, write_results

TARGET_S = 0.150
COMMANDS = {
    "search": ["search", "knife"],
    "list": ["list"],
    "show": ["show", "1"],
    "--version": ["--version"],  # the floor: Python, click and the command group
}


def run_once(
    args: list[str], db: str, src: str | None = None, warm: bool = False
) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; `src`: import evalcatalog from there; `warm`:
    the thrown-away run, which writes bytecode."""
    command = [sys.executable, "-m", "evalcatalog", *args]
    if args[0] != "--version":
        command += ["--db", db]
    env = {**os.environ, **({"PYTHONPATH": src} if src else {})}
    if warm:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measure(dbs: dict[str | None, str], runs: int) -> list[Figure]:
    """`dbs`: source folder (None: this one) -> the catalogue it reads (an older version
    refuses a newer catalogue, so each reads one it made)."""
    figures = []
    for name, args in COMMANDS.items():
        target = None if name == "--version" else TARGET_S
        sources = {f" [{src}]" if src else "": src for src in dbs}
        for tree in sources.values():
            run_once(args, dbs[tree], tree, warm=True)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in sources}
        for _ in range(runs):  # alternating, so both see the same load
            for label, tree in sources.items():
                times[label].append(run_once(args, dbs[tree], tree))
        for label, pairs in times.items():
            for kind, index in (("wall", 0), ("cpu", 1)):
                figure = Figure(f"{name} {kind}{label}", "s", target=target if kind == "wall"
                                else None, higher_is_better=False)  # fmt: skip
                figure.values = [pair[index] for pair in pairs]
                figures.append(figure)
    return figures


def slowest_imports(db: str, count: int = 15) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest top-level imports of one search."""
    command = [sys.executable, "-X", "importtime", "-m", "evalcatalog", "search", "knife",
               "--db", db]  # fmt: skip
    stderr = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    rows = []
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, module = (part.strip() for part in line.split("|"))
            if cumulative.isdigit():
                rows.append((int(cumulative), module))
    return sorted(rows, reverse=True)[:count]


def catalogue_of_reports(db: str, src: str | None = None) -> str:
    command = [sys.executable, "-m", "evalcatalog", "ingest", str(ROOT / "reports"), "--db", db]
    env = {**os.environ, "PYTHONPATH": src} if src else None
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", help="a catalogue (default: reports/ catalogued afresh)")
    parser.add_argument("--imports", action="store_true", help="list the slowest imports")
    parser.add_argument("--src", help="also time the evalcatalog package under this folder")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = options.db or catalogue_of_reports(str(Path(scratch) / "catalog.db"))
        dbs: dict[str | None, str] = {None: db}
        if options.src:
            dbs[options.src] = catalogue_of_reports(f"{scratch}/src.db", options.src)
        figures = measure(dbs, options.runs)
        print_table(figures)
        if options.imports:
            for microseconds, module in slowest_imports(db):
                print(f"{microseconds / 1000:8.1f} ms  {module}")
    write_results(options.json, {"machine": machine(), "figures": [f.to_dict() for f in figures]})


if __name__ == "__main__":
    main()
