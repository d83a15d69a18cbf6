"""CPU seconds, parent and workers, of raw PDFium, the PDFium engine's ingest and the pypdf
engine's ingest over the same files with 2 processes: the costs a loaded machine's wall-clock
times hide (CPU time is what each process used, whatever else ran).

    .venv/bin/python bench/engines_cpu.py --sample 30     # -> bench/results/engines-cpu.json
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path

import ingest as bench_ingest
import make_corpus
from common import RESULTS, machine


def cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, once they exit
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=make_corpus.DEFAULT_OUT.expanduser())
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--json", type=Path, default=RESULTS / "engines-cpu.json")
    args = parser.parse_args(argv)
    reports, _ = bench_ingest.corpus_files(args.corpus)
    files = bench_ingest.evenly_spaced(reports, args.sample)
    bench_ingest.warm(files)
    runs: dict[str, list[dict[str, float]]] = {}
    pages = 0
    for which in ("floor", "pdfium", "pypdf", "floor", "pdfium"):
        before = cpu()
        if which == "floor":
            wall, pages = bench_ingest.pdfium_floor_run(files, 2)
        else:
            db = Path(f"/tmp/evalcatalog-engines-cpu-{which}.db")
            wall = bench_ingest.ingest_run(files, 2, db, which)
        after = cpu()
        row = {"wall": round(wall, 2), "parent_cpu": round(after[0] - before[0], 2),
               "workers_cpu": round(after[1] - before[1], 2)}  # fmt: skip
        print(which, pages, row, flush=True)
        runs.setdefault(which, []).append(row)
    args.json.write_text(json.dumps({"machine": machine(), "pages": pages, "runs": runs}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
