"""Ingest against its floor, raw pypdf: throughput ratio, 2 jobs vs 1, re-ingest, peak memory.

    .venv/bin/python bench/make_corpus.py            # once: the corpus, outside the repository
    .venv/bin/python bench/ingest.py                 # medians of 5 runs -> bench/results/
    .venv/bin/python bench/ingest.py --quick         # a tiny corpus, in seconds (a smoke test)

Throughput runs take an evenly spaced sample of the corpus (--sample files) so five paired runs
fit in minutes; the floor and evalcatalog parse the same files with the same number of
processes, alternating which goes first. Re-ingest runs on the whole corpus against a catalogue
kept beside it (built on the first run). Peak memory is sampled from /proc over the whole
process tree of `evalcatalog ingest` on the long PDF and on its quarter-length companion.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import make_corpus
from common import (
    RESULTS,
    Figure,
    command_env,
    machine,
    peak_tree_memory,
    print_table,
    timed,
    write_results,
)

FLOOR_SCRIPT = """
import sys
from pypdf import PdfReader
reader = PdfReader(sys.argv[1])
for page in reader.pages:
    page.extract_text()
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=make_corpus.DEFAULT_OUT.expanduser())
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (medians)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel runs")
    parser.add_argument("--sample", type=int, default=200, help="files per throughput run")
    parser.add_argument("--catalog", type=Path, help="catalogue for re-ingest (default: beside"
                        " the corpus, built on first use)")  # fmt: skip
    parser.add_argument("--json", type=Path, help="results file (default bench/results/)")
    parser.add_argument("--skip", default="", help="comma-separated: engines,throughput,"
                        "scaling,reingest,memory")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="tiny corpus, one run, seconds")
    args = parser.parse_args(argv)
    args.skip = set(filter(None, args.skip.split(",")))
    if args.json is None and not args.quick:
        args.json = RESULTS / "ingest.json"
    return args


def corpus_files(corpus: Path) -> tuple[list[Path], list[Path]]:
    """The report PDFs in a stable order, and the long PDFs, shortest first."""
    reports = sorted((corpus / "reports").rglob("*.pdf"))
    longs = sorted((corpus / "long").glob("*.pdf"), key=lambda p: int(p.stem.split("-")[-1][:-1]))
    if not reports:
        sys.exit(f"no corpus in {corpus}: run bench/make_corpus.py first (or pass --corpus)")
    return reports, longs


def evenly_spaced(files: list[Path], count: int) -> list[Path]:
    if count <= 0 or count >= len(files):
        return files
    step = len(files) / count
    return [files[int(index * step)] for index in range(count)]


def _floor_one(path: str) -> int:
    from pypdf import PdfReader

    reader = PdfReader(path)
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def _floor_one_reusing_fonts(path: str) -> int:
    """The floor with evalcatalog's one change to how pypdf reads (pdffonts.py: a document's
    fonts built once, not once per page): what is left between it and ingest is the
    catalogue's own work."""
    from evalcatalog.extract.fonts import reuse_fonts

    with reuse_fonts():
        return _floor_one(path)


def floor_run(files: list[Path], jobs: int, *, reuse_fonts: bool = False) -> tuple[float, int]:
    """Raw pypdf over the files with `jobs` processes: seconds, pages."""
    read_one = _floor_one_reusing_fonts if reuse_fonts else _floor_one

    def run() -> int:
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
        with context.Pool(jobs) as pool:
            return sum(pool.imap(read_one, [str(path) for path in files], chunksize=1))

    return timed(run)


def _pdfium_floor_one(path: str) -> int:
    """Raw PDFium: open the file, extract every page's text, nothing else."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        textpage.get_text_bounded()
        textpage.close()
        page.close()
    count = len(document)
    document.close()
    return count


def pdfium_floor_run(files: list[Path], jobs: int) -> tuple[float, int]:
    """Raw PDFium over the files with `jobs` processes: seconds, pages."""
    import pypdfium2  # noqa: F401 - loaded before the pool forks, as ingest does

    def run() -> int:
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
        with context.Pool(jobs) as pool:
            return sum(pool.imap(_pdfium_floor_one, [str(p) for p in files], chunksize=1))

    return timed(run)


def ingest_run(files: list[Path], jobs: int, db: Path, engine: str = "pypdf") -> float:
    """A fresh catalogue, then `Catalog.ingest` of the files with `engine`: seconds."""
    from evalcatalog import Catalog, IngestOptions

    db.unlink(missing_ok=True)

    def run() -> Any:
        with Catalog(str(db)) as catalog:
            options = IngestOptions(jobs=jobs, engine=engine)
            return catalog.ingest([str(path) for path in files], options)

    seconds, result = timed(run)
    if result.count("added") != len(files):
        sys.exit(f"ingest added {result.count('added')} of {len(files)} files: {result.failed[:3]}")
    return seconds


def warm(files: list[Path]) -> None:
    """Read the files once, so every timed run finds them in the page cache."""
    for path in files:
        path.read_bytes()


def throughput(files: list[Path], args: argparse.Namespace, work: Path) -> list[Figure]:
    """Paired runs: floor and ingest at --jobs, and (unless skipped) both at one job."""
    ratio = Figure("ingest / pypdf floor throughput", "ratio", target=0.9)
    own_ratio = Figure("ingest / floor reusing fonts (the catalogue's own cost)", "ratio")
    floor_rate = Figure(f"pypdf floor, {args.jobs} jobs", "pages/s")
    fonts_rate = Figure(f"pypdf floor reusing fonts, {args.jobs} jobs", "pages/s")
    ingest_rate = Figure(f"evalcatalog ingest, {args.jobs} jobs", "pages/s")
    scaling = Figure(f"ingest {args.jobs} jobs vs 1 job", "x", target=1.8)
    floor_scaling = Figure(f"pypdf floor {args.jobs} jobs vs 1 job", "x")
    ingest_one = Figure("evalcatalog ingest, 1 job", "pages/s")
    warm(files)
    for run in range(args.runs):
        first_floor = run % 2 == 0  # alternate, so drift in load falls on both sides
        order = ["floor", "fonts", "ingest"] if first_floor else ["ingest", "fonts", "floor"]
        seconds: dict[str, float] = {}
        for which in order:
            if which == "ingest":
                seconds["ingest"] = ingest_run(files, args.jobs, work / "throughput.db")
            else:
                fonts = which == "fonts"
                seconds[which], pages = floor_run(files, args.jobs, reuse_fonts=fonts)
        floor_rate.values.append(pages / seconds["floor"])
        fonts_rate.values.append(pages / seconds["fonts"])
        ingest_rate.values.append(pages / seconds["ingest"])
        ratio.values.append(seconds["floor"] / seconds["ingest"])
        own_ratio.values.append(seconds["fonts"] / seconds["ingest"])
        if "scaling" not in args.skip:
            one = ingest_run(files, 1, work / "one.db")
            ingest_one.values.append(pages / one)
            scaling.values.append(one / seconds["ingest"])
            floor_one, _ = floor_run(files, 1)
            floor_scaling.values.append(floor_one / seconds["floor"])
        print(f"run {run + 1}: {pages} pages, floor {seconds['floor']:.2f} s, floor reusing "
              f"fonts {seconds['fonts']:.2f} s, ingest {seconds['ingest']:.2f} s",
              file=sys.stderr)  # fmt: skip
    return [ratio, own_ratio, floor_rate, fonts_rate, ingest_rate, scaling, floor_scaling,
            ingest_one]  # fmt: skip


def engines(files: list[Path], args: argparse.Namespace, work: Path) -> list[Figure]:
    """Paired runs of the PDFium engine against raw PDFium and against the pypdf engine."""
    floor_ratio = Figure("pdfium ingest / raw PDFium floor", "ratio", target=0.85)
    speedup = Figure("pdfium ingest / pypdf ingest (engine speed-up)", "x", target=4.0)
    floor_rate = Figure(f"raw PDFium floor, {args.jobs} jobs", "pages/s")
    pdfium_rate = Figure(f"evalcatalog ingest --engine pdfium, {args.jobs} jobs", "pages/s")
    pypdf_rate = Figure(f"evalcatalog ingest --engine pypdf, {args.jobs} jobs", "pages/s")
    warm(files)
    for run in range(args.runs):
        order = ["floor", "pdfium", "pypdf"] if run % 2 == 0 else ["pypdf", "pdfium", "floor"]
        seconds: dict[str, float] = {}
        for which in order:
            if which == "floor":
                seconds["floor"], pages = pdfium_floor_run(files, args.jobs)
            else:
                seconds[which] = ingest_run(files, args.jobs, work / "engines.db", which)
        floor_ratio.values.append(seconds["floor"] / seconds["pdfium"])
        speedup.values.append(seconds["pypdf"] / seconds["pdfium"])
        floor_rate.values.append(pages / seconds["floor"])
        pdfium_rate.values.append(pages / seconds["pdfium"])
        pypdf_rate.values.append(pages / seconds["pypdf"])
        print(
            f"engines run {run + 1}: {pages} pages, floor {seconds['floor']:.2f} s, pdfium "
            f"{seconds['pdfium']:.2f} s, pypdf {seconds['pypdf']:.2f} s",
            file=sys.stderr,
        )
    return [floor_ratio, speedup, floor_rate, pdfium_rate, pypdf_rate]


def reingest(reports: list[Path], args: argparse.Namespace, work: Path) -> list[Figure]:
    """Bring a whole-corpus catalogue up to date once, then time re-ingests that find nothing."""
    from evalcatalog import Catalog, IngestOptions

    root = str(args.corpus / "reports")
    db = args.catalog or (work / "reingest.db" if args.quick else args.corpus / "catalog.db")
    catch_up = Figure("catalogue catch-up (first ingest of the corpus)", "s")
    in_process = Figure(f"re-ingest unchanged, {len(reports)} files, in process", "s", target=1.0,
                        higher_is_better=False)  # fmt: skip
    command = Figure(f"re-ingest unchanged, {len(reports)} files, `evalcatalog ingest`", "s",
                     higher_is_better=False)  # fmt: skip
    with Catalog(str(db)) as catalog:
        seconds, result = timed(lambda: catalog.ingest([root], IngestOptions(jobs=args.jobs)))
        if result.count("added") + result.count("updated"):
            catch_up.values.append(seconds)
            catch_up.note = f"{result.count('added')} added, {result.count('updated')} updated"
        for _ in range(args.runs):
            seconds, result = timed(lambda: catalog.ingest([root], IngestOptions(jobs=args.jobs)))
            if result.count("unchanged") != len(reports):
                sys.exit(f"re-ingest found changes: {result.to_dict()['unchanged']} unchanged")
            in_process.values.append(seconds)
    cli = [sys.executable, "-m", "evalcatalog", "ingest", "--db", str(db), root]
    env = command_env(work / "pycache")
    peak_tree_memory(cli, env=env)  # warm-up: writes the bytecode cache
    for _ in range(args.runs):
        command.values.append(peak_tree_memory(cli, env=env)["seconds"])
    return [catch_up, in_process, command, *weekly_release(db, args, work)]


def weekly_release(db: Path, args: argparse.Namespace, work: Path) -> list[Figure]:
    """The maintainer's weekly job on the whole-corpus catalogue: ten new reports in, then the
    same ten gone (--prune), which leaves the catalogue as it was. Informative: its cost should
    follow the new files, not the size of the catalogue."""
    files, pages = (3, 30) if args.quick else (10, 500)
    add = Figure(f"add {files} new reports ({pages} pages) to the catalogue", "s")
    prune = Figure(f"prune those {files} again", "s")
    for run in range(min(args.runs, 3)):
        release = work / f"release-{run}"
        make_corpus.main(
            ["--out", str(release), "--files", str(files), "--pages", str(pages),
             "--long-pages", "0", "--seed", str(1000 + run), "--verify", "0"]
        )  # fmt: skip
        seconds = release_once(db, release / "reports", files, args.jobs)
        add.values.append(seconds[0])
        prune.values.append(seconds[1])
    return [add, prune]


def release_once(db: Path, folder: Path, files: int, jobs: int) -> tuple[float, float]:
    """Ingest the new files in `folder`, delete them, ingest with --prune: both timings."""
    from evalcatalog import Catalog, IngestOptions

    with Catalog(str(db)) as catalog:
        added, result = timed(lambda: catalog.ingest([str(folder)], IngestOptions(jobs=jobs)))
        if result.count("added") != files:
            sys.exit(f"weekly release: {result.count('added')} of {files} added")
        for pdf in folder.rglob("*.pdf"):
            pdf.unlink()
        options = IngestOptions(jobs=jobs, prune=True)
        pruned, result = timed(lambda: catalog.ingest([str(folder)], options))
        if result.pruned != files:
            sys.exit(f"weekly release: {result.pruned} of {files} pruned")
    return added, pruned


def memory(longs: list[Path], args: argparse.Namespace, work: Path) -> list[Figure]:
    """Peak memory of `evalcatalog ingest --jobs 1` and of bare pypdf on each long PDF."""
    figures: list[Figure] = []
    peaks: dict[str, list[float]] = {}
    for pdf in longs:
        pages = pdf.stem.split("-")[-1]
        ours = Figure(f"peak memory, ingest {pages} PDF (RSS sum)", "MB", target=200,
                      higher_is_better=False)  # fmt: skip
        shared = Figure(f"peak memory, ingest {pages} PDF (PSS sum)", "MB")
        floor = Figure(f"peak memory, bare pypdf {pages} PDF", "MB")
        for _ in range(min(args.runs, 3)):
            db = work / "memory.db"
            db.unlink(missing_ok=True)
            cli = [sys.executable, "-m", "evalcatalog", "ingest", "--db", str(db), "--jobs", "1"]
            cli += ["--timeout", "3600"]  # a loaded machine must not turn this into a failure
            measured = peak_tree_memory([*cli, str(pdf)])
            ours.values.append(measured["rss_mb"])
            shared.values.append(measured["pss_mb"])
            floor.values.append(
                peak_tree_memory([sys.executable, "-c", FLOOR_SCRIPT, str(pdf)])["rss_mb"]
            )
        peaks[pages] = ours.values
        figures += [ours, shared, floor]
    if len(longs) == 2:
        short, long = (int(p.stem.split("-")[-1][:-1]) for p in longs)
        growth = Figure("memory growth per 1000 pages (RSS)", "MB")
        low, high = (Figure("", "", peaks[key]).median for key in peaks)
        growth.values.append((high - low) / (long - short) * 1000)
        figures.append(growth)
    return figures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_at_start = [round(load, 2) for load in os.getloadavg()]  # noise: compare with the end
    work = Path(tempfile.mkdtemp(prefix="evalcatalog-bench-"))
    try:
        if args.quick and args.corpus == make_corpus.DEFAULT_OUT.expanduser():
            args.corpus = work / "corpus"
            make_corpus.main(["--small", "--out", str(args.corpus), "--verify", "0"])
        if args.quick:
            args.runs, args.sample = 1, min(args.sample, 6)
        reports, longs = corpus_files(args.corpus)
        sample = evenly_spaced(reports, args.sample)
        figures: list[Figure] = []
        if "engines" not in args.skip:
            figures += engines(sample, args, work)
        if "throughput" not in args.skip:
            figures += throughput(sample, args, work)
        if "reingest" not in args.skip:
            figures += reingest(reports, args, work)
        if "memory" not in args.skip and longs:
            figures += memory(longs, args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(figures)
    manifest = json.loads((args.corpus / "manifest.json").read_text()) if not args.quick else {}
    corpus = {"path": str(args.corpus), "report_files": len(reports), "sample_files": len(sample)}
    corpus |= {key: manifest[key] for key in ("seed", "files", "pages", "bytes") if key in manifest}
    about = machine() | {"load_average_at_start": load_at_start}
    figures_out = [figure.to_dict() for figure in figures]
    write_results(args.json, {"machine": about, "corpus": corpus, "figures": figures_out})
    return 0


if __name__ == "__main__":
    sys.exit(main())
