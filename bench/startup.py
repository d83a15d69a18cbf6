"""Start-up time: `evalcatalog search/list/show` as whole processes, on a catalogue of reports/.

Each command runs as `python -m evalcatalog ...` (what the console script runs), several times;
the figure is wall time from spawn to exit, median with min and max, against the 150 ms target
(issue 13). One run of each is thrown away first (the page cache). `--imports` also lists the
slowest imports of one `search`, from `python -X importtime`.

    .venv/bin/python bench/startup.py                 # 10 runs each, reports/ catalogued
    .venv/bin/python bench/startup.py --runs 20 --db catalog.db --imports
"""

from __future__ import annotations

import argparse
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


def run_once(args: list[str], db: str | None) -> float:
    command = [sys.executable, "-m", "evalcatalog", *args]
    if db and args[0] != "--version":
        command += ["--db", db]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(db: str, runs: int) -> list[Figure]:
    figures = []
    for name, args in COMMANDS.items():
        run_once(args, db)
        figure = Figure(f"evalcatalog {name}", "s", target=None if name == "--version" else
                        TARGET_S, higher_is_better=False)  # fmt: skip
        figure.values = [run_once(args, db) for _ in range(runs)]
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


def catalogue_of_reports(folder: Path) -> str:
    db = folder / "catalog.db"
    command = [sys.executable, "-m", "evalcatalog", "ingest", str(ROOT / "reports"), "--db",
               str(db)]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return str(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", help="a catalogue (default: reports/ catalogued afresh)")
    parser.add_argument("--imports", action="store_true", help="list the slowest imports")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = options.db or catalogue_of_reports(Path(scratch))
        figures = measure(db, options.runs)
        print_table(figures)
        if options.imports:
            for microseconds, module in slowest_imports(db):
                print(f"{microseconds / 1000:8.1f} ms  {module}")
    write_results(options.json, {"machine": machine(), "figures": [f.to_dict() for f in figures]})


if __name__ == "__main__":
    main()
