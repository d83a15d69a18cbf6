"""Text quality of each engine, page by page, against pdftotext (poppler), an independent reader.

    .venv/bin/python bench/quality.py                 # ../shared/corpus and reports/ -> results/
    .venv/bin/python bench/quality.py --quick         # reports/ only

For every file, each engine's words on each page (lower-cased runs of letters and digits, as a
multiset) against pdftotext's words on the same page: recall (pdftotext's words the engine also
found) and precision (the engine's words pdftotext also found). Figures are totals over all
words (micro) and the share of pages below 0.9; a page one side lacks counts as all missed.
Engines run as ingest runs them (ingest.workers.WorkerPool, time and memory limits), so a crash
or a hang costs only its file; speed is pages per second with one process.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import RESULTS, ROOT, machine, write_results

from evalcatalog.extract.engines import ENGINES, extraction
from evalcatalog.ingest.workers import ParseJob, WorkerPool

WORD = re.compile(r"\w+")
CORPUS = ROOT.parent / "shared" / "corpus"
LOW = 0.9


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def pdftotext_pages(path: Path) -> list[Counter[str]] | None:
    """pdftotext's words per page (its pages end in form feeds); None if it cannot read it."""
    try:
        done = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, timeout=120)  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return None
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    return [words(page) for page in pages[:-1]]  # the text ends with a form feed


@dataclass
class Tally:
    """One engine's figures over a set of files."""

    files: int = 0
    failed: list[str] = field(default_factory=list)
    pages: int = 0
    reference_words: int = 0
    engine_words: int = 0
    common_words: int = 0
    low_recall: int = 0
    low_precision: int = 0
    seconds: float = 0.0
    engine_pages: int = 0

    def add_page(self, reference: Counter[str], found: Counter[str]) -> None:
        common = sum((reference & found).values())
        ref_total, found_total = sum(reference.values()), sum(found.values())
        self.pages += 1
        self.reference_words += ref_total
        self.engine_words += found_total
        self.common_words += common
        self.low_recall += bool(ref_total) and common / ref_total < LOW
        self.low_precision += bool(found_total) and common / found_total < LOW

    def row(self) -> dict[str, Any]:
        return {
            "files read": self.files, "files failed": len(self.failed), "pages": self.pages,
            "word recall": round(self.common_words / max(1, self.reference_words), 4),
            "word precision": round(self.common_words / max(1, self.engine_words), 4),
            f"pages recall < {LOW}": self.low_recall,
            f"pages precision < {LOW}": self.low_precision,
            "pages/s (1 process)": round(self.engine_pages / max(self.seconds, 1e-9), 1),
            "failed": self.failed,
        }  # fmt: skip


def read_all(engine: str, files: list[Path]) -> tuple[dict[str, Any], float]:
    """Every file read by `engine` in one worker, as ingest reads: results by path, seconds."""
    pool = WorkerPool(1, timeout=60, memory_mb=2048, read=extraction(engine))
    started = time.perf_counter()
    with pool:
        results = {r.job.path: r for r in pool.run([ParseJob(str(f), str(f)) for f in files])}
    return results, time.perf_counter() - started


def compare(files: list[Path], references: dict[Path, list[Counter[str]]]) -> dict[str, Any]:
    tallies: dict[str, Tally] = {}
    for engine in ENGINES:
        tally = tallies[engine] = Tally()
        results, tally.seconds = read_all(engine, files)
        for path in files:
            result = results[str(path)]
            if result.report is None:
                tally.failed.append(f"{path.relative_to(path.parents[1])}: {result.error}")
                continue
            tally.files += 1
            tally.engine_pages += len(result.report.pages)
            if path not in references:
                continue
            found = [words(page.text) for page in result.report.pages]
            reference = references[path]
            for number in range(max(len(found), len(reference))):
                empty: Counter[str] = Counter()
                ours = found[number] if number < len(found) else empty
                theirs = reference[number] if number < len(reference) else empty
                tally.add_page(theirs, ours)
    return {engine: tally.row() for engine, tally in tallies.items()}


def print_rows(name: str, rows: dict[str, Any]) -> None:
    print(f"\n{name}")
    keys = [key for key in next(iter(rows.values())) if key != "failed"]
    print("engine  " + "  ".join(keys))
    for engine, row in rows.items():
        print(f"{engine:<7} " + "  ".join(str(row[key]).rjust(len(key)) for key in keys))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", type=Path, default=RESULTS / "quality.json")
    parser.add_argument("--quick", action="store_true", help="reports/ only")
    args = parser.parse_args(argv)
    sets = {"reports/": sorted((ROOT / "reports").glob("*.pdf"))}
    if not args.quick:
        sets["../shared/corpus"] = sorted(p for p in args.corpus.rglob("*") if p.is_file()
                                          and p.suffix.lower() == ".pdf")  # fmt: skip
    results: dict[str, Any] = {}
    for name, files in sets.items():
        references = {path: pages for path in files if (pages := pdftotext_pages(path))}
        results[name] = compare(files, references)
        results[name]["pdftotext"] = {"files read": len(references)}
        print_rows(name, {e: results[name][e] for e in ENGINES})
    write_results(None if args.quick else args.json, {"machine": machine(), "sets": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
