"""Plot and tabulate bench/million.py's stages: how each cost grows with the catalogue.

    .venv/bin/python bench/plot_million.py        # bench/results/million.json -> million.png
                                                  # and a markdown table on standard output;
                                                  # million-before.json drawn dotted beside it
Needs matplotlib (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from common import RESULTS

ROWS = [
    ("search p50, slowest class (ms)", "p50", 20),
    ("search p95, slowest class (ms)", "p95", 50),
    ("`list`, its first 1,000 (ms)", "list (first", 200),
    ("list, every report (ms)", "list (every report, with tags)", None),
    ("stats (ms)", "stats", 200),
    ("open (ms)", "open (Catalog + first query)", None),
    ("`evalcatalog stats` command (ms)", "`evalcatalog stats` end to end", None),
    ("weekly job: add 10 reports (s)", "weekly job: add", 10),
    ("weekly job: prune them (s)", "weekly job: prune", None),
    ("catalogue / raw text (x)", "catalogue size / raw text", 2),
    ("size on disk per page (kB)", "size on disk per page", None),
    ("vocabulary terms", "terms", None),
    ("build time (s)", "build", None),
]


def value(stage: dict[str, Any], key: str) -> tuple[float, str]:
    """A stage's median for a figure (the slowest search class for p50/p95) and its name."""
    if key == "terms":
        return float(stage["terms"]), ""
    if key == "build":
        return float(stage["build_seconds"]), ""
    if key in ("p50", "p95"):
        found = [(f["median"], f["name"].split(":")[0]) for f in stage["figures"]
                 if f["name"].endswith(f": search {key}")]  # fmt: skip
        return max(found)
    for figure in stage["figures"]:
        if figure["name"].startswith(key):
            return float(figure["median"]), ""
    return float("nan"), ""


def table(stages: list[dict[str, Any]]) -> str:
    heads = [f"{stage['pages']:,} pages" for stage in stages]
    lines = ["| measure | " + " | ".join(heads) + " | target |", "|---|" + "---:|" * len(heads)
             + ":---:|"]  # fmt: skip
    for label, key, target in ROWS:
        cells = []
        for stage in stages:
            number, which = value(stage, key)
            cells.append(f"{number:,.3g}" + (f" ({which})" if which else ""))
        limit = "" if target is None else f"≤ {target}"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {limit} |")
    return "\n".join(lines)


def plot(stages: list[dict[str, Any]], out: Path, before: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pages = [stage["pages"] for stage in stages]
    panels: list[tuple[str, list[tuple[str, str, float | None]]]] = [
        ("search, slowest class (ms)", [("p50", "p50", 20), ("p95", "p95", 50)]),
        ("list, stats, open (ms)", [("list (first 1,000)", "list (first", 200),
                                    ("list (every report)", "list (every report, with tags)",
                                     None),
                                    ("stats", "stats", 200),
                                    ("open", "open (Catalog + first query)", None)]),
        ("weekly job (s)", [("add 10 reports", "weekly job: add", 10),
                            ("prune them", "weekly job: prune", None)]),
        ("size", [("catalogue / raw text (x)", "catalogue size / raw text", 2),
                  ("kB on disk per page", "size on disk per page", None)]),
    ]  # fmt: skip
    figure, axes = plt.subplots(2, 2, figsize=(11, 8))
    for axis, (title, series) in zip(axes.flat, panels, strict=True):
        for label, key, target in series:
            line = axis.plot(pages, [value(s, key)[0] for s in stages], marker="o", label=label)
            earlier = [(s["pages"], value(s, key)[0]) for s in before]
            if earlier:
                color = line[0].get_color()
                axis.plot(*zip(*earlier, strict=True), marker="x", linestyle=":",
                          color=color, alpha=0.6, label=f"{label}, before")  # fmt: skip
            if target is not None:
                axis.axhline(target, linestyle="--", color=line[0].get_color(), alpha=0.5)
        axis.set_xscale("log")
        axis.set_title(title)
        axis.set_xlabel("pages in the catalogue")
        axis.legend()
        axis.grid(True, alpha=0.3)
    figure.suptitle("bench/million.py: costs as the catalogue grows (dashed: targets; "
                    "dotted: the earlier run, million-before.json)")  # fmt: skip
    figure.tight_layout()
    figure.savefig(out, dpi=90)
    print(f"plot written to {out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, default=RESULTS / "million.json")
    parser.add_argument("--out", type=Path, default=RESULTS / "million.png")
    parser.add_argument(
        "--before",
        type=Path,
        default=RESULTS / "million-before.json",
        help="earlier results drawn dotted beside these (if the file exists)",
    )
    args = parser.parse_args(argv)
    stages = json.loads(args.json.read_text())["stages"]
    before = json.loads(args.before.read_text())["stages"] if args.before.exists() else []
    print(table(stages))
    plot(stages, args.out, before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
