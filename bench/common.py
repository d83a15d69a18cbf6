"""What every benchmark script shares: medians and spread, peak memory of a process tree, the
machine and versions behind a figure, a plain table, and the JSON results file."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


@dataclass
class Figure:
    """One measured quantity over several runs, with its target (None: informative only)."""

    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    target: float | None = None
    higher_is_better: bool = True
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def met(self) -> bool | None:
        if self.target is None or not self.values:
            return None
        return self.median >= self.target if self.higher_is_better else self.median <= self.target

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "unit": self.unit, "median": round(self.median, 4),
            "min": round(min(self.values), 4) if self.values else None,
            "max": round(max(self.values), 4) if self.values else None,
            "runs": [round(value, 4) for value in self.values], "target": self.target,
            "target_is": "min" if self.higher_is_better else "max", "met": self.met,
            "note": self.note,
        }  # fmt: skip


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    found = [int(child) for child in text.split()]
    return found + [grand for child in found for grand in _children(child)]


def _status_kb(pid: int, field_name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def command_env(cache: Path) -> dict[str, str]:
    """The environment for timing a command as an installed package runs: bytecode cached (in
    `cache`, not the source tree) even where PYTHONDONTWRITEBYTECODE is set, as it is here;
    otherwise every run would compile its imports, some 90 ms no user pays."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def peak_tree_memory(
    command: Sequence[str], interval: float = 0.01, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Run `command`; sample its process tree's memory every `interval` s (Linux /proc).

    rss_mb is the largest sum of VmRSS over the tree (counts pages a forked worker shares with
    its parent twice: an upper bound); pss_mb the largest sum of proportional set sizes (each
    shared page split between its users: what the tree really holds). Both in MB (10^6 bytes).
    """
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peaks = {"rss": 0, "pss": 0, "processes": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            tree = [process.pid, *_children(process.pid)]
            peaks["rss"] = max(peaks["rss"], sum(_status_kb(pid, "VmRSS") for pid in tree))
            peaks["pss"] = max(peaks["pss"], sum(_pss_kb(pid) for pid in tree))
            peaks["processes"] = max(peaks["processes"], len(tree))
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {process.returncode}: {stderr.decode()[-500:]}"
        )
    return {
        "rss_mb": peaks["rss"] * 1024 / 1e6, "pss_mb": peaks["pss"] * 1024 / 1e6,
        "processes": peaks["processes"], "seconds": seconds,
    }  # fmt: skip


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (src modified)" if dirty else "")


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    def installed(name: str) -> str:
        try:
            return version(name)
        except Exception:
            return "not installed"

    return {
        "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
        "sqlite": sqlite3.sqlite_version, "pypdf": installed("pypdf"),
        "sqlite-utils": installed("sqlite-utils"), "rapidfuzz": installed("rapidfuzz"),
        "evalcatalog": git_state(), "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }  # fmt: skip


def print_table(figures: list[Figure]) -> None:
    rows = [("measure", "median", "min", "max", "runs", "target", "met")]
    for figure in figures:
        if not figure.values:
            continue
        target = "" if figure.target is None else (
            f"{'>=' if figure.higher_is_better else '<='} {figure.target:g}"
        )  # fmt: skip
        met = {True: "yes", False: "NO", None: ""}[figure.met]
        rows.append(
            (f"{figure.name} ({figure.unit})", f"{figure.median:.3g}", f"{min(figure.values):.3g}",
             f"{max(figure.values):.3g}", str(len(figure.values)), target, met)
        )  # fmt: skip
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


def write_results(path: Path | None, payload: dict[str, Any]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"results written to {path}")
