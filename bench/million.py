"""A catalogue of a million pages: search, size, open, list/stats and the weekly job as it grows.

    nice .venv/bin/python bench/million.py              # 10^4, 10^5, 10^6 pages: ~1 hour, ~10 GB
    .venv/bin/python bench/million.py --quick           # 2,000 then 4,000 pages, in a minute
    .venv/bin/python bench/plot_million.py              # bench/results/million.png from the JSON
    .venv/bin/python bench/million.py --search-only --catalog C.db --query-set Q.json --json OUT
                                                        # the search classes alone, read-only

One catalogue grows through the stages (--stages), written through the store as ingest writes
it (reports, pages, paths, rule tags, the search index, then one vocabulary rebuild), from
generated text: words drawn from the bench corpus's Zipf vocabulary (make_corpus.Prose), about
3.2 kB a page, 50 pages a report, no PDFs; a worker process draws them while the parent stores
them. At each stage: every search class (bench/search.py's queries), the file's size against
its raw text, the time to open it, `list` and `stats`, and the weekly job (10 new PDFs of 500
pages added with `Catalog.ingest`, then pruned). Results: bench/results/million.json, by stage.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import make_corpus
import search
from common import RESULTS, Figure, command_env, machine, print_table, timed, write_results
from ingest import release_once

from evalcatalog.store.page_text import register

PAGES_PER_REPORT = 50
WORDS_PER_PAGE = 350  # about 3.2 kB, as the bench corpus's pages
REPORTS_PER_TRANSACTION = 40
KINDS = ("theme", "intervention", "force", "topic", "type")
_PROSE: make_corpus.Prose | None = None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stages", default="10000,100000,1000000", help="pages at each stage")
    parser.add_argument("--catalog", type=Path, help="default: million.db beside the corpus")
    parser.add_argument("--queries", type=int, default=10, help="queries per search class")
    parser.add_argument("--repeat", type=int, default=3, help="timings per query (median)")
    parser.add_argument("--runs", type=int, default=5, help="runs of open, list, stats")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--json", type=Path, default=RESULTS / "million.json")
    parser.add_argument("--quick", action="store_true", help="2,000 and 4,000 pages")
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="only time the search classes on --catalog, opened read-only",
    )
    parser.add_argument(
        "--query-set",
        type=Path,
        help="with --search-only: the queries (JSON "
        "[kind, text] pairs), sampled and written there if it does not exist",
    )
    args = parser.parse_args(argv)
    args.stages = [int(stage) for stage in args.stages.split(",")]
    if args.quick:
        args.stages, args.queries, args.repeat, args.runs = [2000, 4000], 2, 1, 1
    return args


def _init_worker(seed: int) -> None:
    global _PROSE
    _PROSE = make_corpus.Prose(seed, 330_000)


def report_pages(task: tuple[int, int]) -> tuple[int, list[str]]:
    """The page texts of report `index` (in a worker): a running header, prose, a footer."""
    seed, index = task
    assert _PROSE is not None
    rng = random.Random(f"million-{seed}-{index}")
    pages = []
    for number in range(1, PAGES_PER_REPORT + 1):
        words = _PROSE.draw(rng, WORDS_PER_PAGE)  # drawn at once: 5x faster than sentences
        lines = [" ".join(words[at : at + 13]) for at in range(0, len(words), 13)]
        header = f"Generated report {index} | College of Policing"
        pages.append("\n".join([header, *lines, f"Page {number} of {PAGES_PER_REPORT}"]))
    return index, pages


def record_for(index: int, pages: list[str], rng: random.Random) -> Any:
    from evalcatalog.store import ReportRecord

    created = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return ReportRecord(
        sha256=hashlib.sha256(f"million-{index}".encode()).hexdigest(),
        title=f"Generated evaluation report {index}", title_source="metadata",
        file_name=f"report-{index:07d}.pdf", size_bytes=sum(map(len, pages)),
        mtime="2025-01-01T00:00:00+00:00", page_count=len(pages),
        word_count=sum(len(page.split()) for page in pages), pdf_version="1.7",
        encrypted=False, meta_title=f"Generated evaluation report {index}", author=None,
        subject=None, keywords=None, creator=None, producer="bench/million.py",
        created=created, modified=None, metadata_source="info", failed_pages=0, warnings=[],
        engine="pdfium",
    )  # fmt: skip


def store_report(store: Any, index: int, pages: list[str], names: dict[str, list[str]]) -> None:
    """One report as ingest stores it: its row and pages, its path, a rule tag of each kind."""
    from evalcatalog.models import PageText, TagMatch
    from evalcatalog.store import FileState

    rng = random.Random(f"million-tags-{index}")
    record = record_for(index, pages, rng)
    texts = [PageText(number, text) for number, text in enumerate(pages, 1)]
    report_id = store.insert_report(record, texts)
    path = f"/bench-million/reports/{record.file_name}"
    store.attach_path(report_id, FileState(path, record.size_bytes, 0, record.sha256))
    tags = [TagMatch(kind, rng.choice(names[kind]), reason="generated", score=1.0, primary=True)
            for kind in KINDS]  # fmt: skip
    store.replace_rule_tags(report_id, tags)


def grow(db: Path, pages: int, seed: int) -> float:
    """Add generated reports until the catalogue holds `pages` pages; seconds taken."""
    from evalcatalog import Catalog

    started = time.perf_counter()
    with Catalog(str(db)) as catalog:
        store = catalog.store
        names = {kind: catalog.load_taxonomy().names(kind) for kind in KINDS}
        have = store.counts()[0]
        wanted = range(have, pages // PAGES_PER_REPORT)
        if not wanted:  # already this large (a build stopped part-way): measure it as it is
            store.refresh_search()
            return 0.0
        context = multiprocessing.get_context("fork")
        with context.Pool(1, _init_worker, (seed,)) as pool:
            batch: list[tuple[int, list[str]]] = []
            for item in pool.imap(report_pages, [(seed, i) for i in wanted], chunksize=4):
                batch.append(item)
                if len(batch) == REPORTS_PER_TRANSACTION or item[0] == wanted[-1]:
                    with store.transaction():
                        for index, texts in batch:
                            store_report(store, index, texts, names)
                    batch = []
        store.refresh_search(force=True)
    return time.perf_counter() - started


def size_figures(db: Path) -> list[Figure]:
    """The file against its raw text (UTF-8 bytes of every page, as read: stored compressed)."""
    conn = sqlite3.connect(db)
    register(conn)
    conn.execute("pragma wal_checkpoint(truncate)")
    raw = conn.execute(
        "select sum(length(cast(page_text(text) as blob))), count(*) from pages"
    ).fetchone()
    conn.close()
    size = db.stat().st_size
    ratio = Figure("catalogue size / raw text", "x", [size / raw[0]], target=2.0,
                   higher_is_better=False)  # fmt: skip
    per_page = Figure("size on disk per page", "kB", [size / raw[1] / 1000])
    return [ratio, per_page, Figure("catalogue size", "MB", [size / 1e6]),
            Figure("raw text", "MB", [raw[0] / 1e6])]  # fmt: skip


def count_rows(catalog: Any) -> tuple[int, int]:
    counts: tuple[int, int] = catalog.store.counts()  # a Catalog (imported late, as above)
    return counts


def browse_figures(db: Path, runs: int, work: Path) -> list[Figure]:
    """Opening the catalogue, `list` (its default page, and every report) and `stats`, in
    process; `stats` as a command."""
    from evalcatalog import Catalog
    from evalcatalog.views.browse import DEFAULT_LIMIT

    opening = Figure("open (Catalog + first query)", "ms", target=None)
    page = Figure(f"list (first {DEFAULT_LIMIT:,}, as `list` shows)", "ms", target=200,
                  higher_is_better=False)  # fmt: skip
    listing = Figure("list (every report, with tags)", "ms", higher_is_better=False)
    stats = Figure("stats", "ms", target=200, higher_is_better=False)
    command = Figure("`evalcatalog stats` end to end", "ms", higher_is_better=False)
    env = command_env(work / "pycache")
    cli = [sys.executable, "-m", "evalcatalog", "stats", "--db", str(db)]
    subprocess.run(cli, check=True, capture_output=True, env=env)  # warm-up: bytecode cache
    for _ in range(runs):
        catalog = Catalog(str(db), read_only=True)
        seconds, _ = timed(partial(count_rows, catalog))
        opening.values.append(seconds * 1000)
        page.values.append(timed(partial(catalog.reports, limit=DEFAULT_LIMIT))[0] * 1000)
        listing.values.append(timed(catalog.reports)[0] * 1000)
        stats.values.append(timed(catalog.stats)[0] * 1000)
        catalog.close()
        run = lambda: subprocess.run(cli, check=True, capture_output=True, env=env)  # noqa: E731
        command.values.append(timed(run)[0] * 1000)
    return [opening, page, listing, stats, command]


class Sampler(search.Sampler):
    """bench/search.py's sampler, but where no term is in 3 reports or fewer (the generated
    vocabulary is used up by a million pages), a "rare word" is one of the rarest there are."""

    def terms(self, low: int, high: int, lengths: range) -> list[str]:
        found = super().terms(low, high, lengths)
        if found or low > 1:
            return found
        fewest = min(docs for term, docs in self.docs.items() if len(term) in lengths)
        return super().terms(fewest, fewest * 2, lengths)


def search_figures(db: Path, args: argparse.Namespace) -> tuple[list[Figure], list[Any]]:
    from evalcatalog import Catalog

    with Catalog(str(db)) as catalog:
        conn = catalog.store.db.conn
        count = lambda text: catalog.search(text).total  # noqa: E731
        queries = search.make_queries(Sampler(conn, args.seed), args.queries, count)
        search.time_search(catalog, conn, queries, args.repeat)
    return search.class_figures(queries)


def search_only(args: argparse.Namespace) -> int:
    """The search classes' figures on an existing catalogue, read-only (nothing built or
    upgraded), the same queries each time when --query-set names a file: before and after."""
    from evalcatalog import Catalog

    if args.catalog is None:
        raise SystemExit("--search-only times an existing catalogue: give --catalog PATH")
    about = machine() | {"load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    with Catalog(str(args.catalog), read_only=True) as catalog:
        conn = sqlite3.connect(f"file:{args.catalog}?mode=ro", uri=True)
        if args.query_set and args.query_set.exists():
            pairs = json.loads(args.query_set.read_text())
            queries = [search.Query(kind, text) for kind, text in pairs]
        else:
            count = lambda text: catalog.search(text).total  # noqa: E731
            queries = search.make_queries(Sampler(conn, args.seed), args.queries, count)
            if args.query_set:
                args.query_set.write_text(json.dumps([[q.kind, q.text] for q in queries]))
        search.time_search(catalog, conn, queries, args.repeat)
        conn.close()
    _, classes = search.class_figures(queries)
    for row in classes:
        ms = row["search_ms"]
        slowest = max(
            (q for q in queries if q.kind == row["class"]),
            key=lambda q: statistics.median(q.seconds),
        )
        print(
            f"{row['class']:20s} p50 {statistics.median(ms):6.1f}  "
            f"p95 {search.percentile(ms, 0.95):6.1f} ms  slowest {slowest.text!r}"
        )
    about["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    write_results(
        args.json,
        {
            "machine": about,
            "catalogue": str(args.catalog),
            "queries": [[q.kind, q.text] for q in queries],
            "classes": classes,
        },
    )
    return 0


def weekly_figures(db: Path, args: argparse.Namespace, work: Path, stage: int) -> list[Figure]:
    """Ten new reports (500 pages) through `Catalog.ingest`, then the same ten pruned."""
    files, pages = (3, 30) if args.quick else (10, 500)
    add = Figure(f"weekly job: add {files} reports ({pages} pages)", "s", target=10,
                 higher_is_better=False)  # fmt: skip
    prune = Figure(f"weekly job: prune those {files}", "s")
    release = work / f"release-{stage}"
    make_corpus.main(
        [
            "--out",
            str(release),
            "--files",
            str(files),
            "--pages",
            str(pages),
            "--long-pages",
            "0",
            "--seed",
            str(2000 + stage % 997),
            "--verify",
            "0",
        ]
    )
    added, pruned = release_once(db, release / "reports", files, jobs=2)
    add.values.append(added)
    prune.values.append(pruned)
    return [add, prune]


def measure_stage(db: Path, args: argparse.Namespace, work: Path, stage: int) -> dict[str, Any]:
    sizes = size_figures(db)
    browse = browse_figures(db, args.runs, work)
    searched, classes = search_figures(db, args)
    weekly = weekly_figures(db, args, work, stage)
    figures = [*sizes, *browse, *searched, *weekly]
    print_table(figures)
    conn = sqlite3.connect(db)
    terms = conn.execute("select count(*) from vocabulary").fetchone()[0]
    pages = conn.execute("select count(*) from pages").fetchone()[0]  # a stopped build's too
    conn.close()
    return {"pages": pages, "terms": terms, "figures": [f.to_dict() for f in figures],
            "classes": classes}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.search_only:
        return search_only(args)
    work = Path(tempfile.mkdtemp(prefix="evalcatalog-million-"))
    db = args.catalog or (work / "million.db" if args.quick else
                          make_corpus.DEFAULT_OUT.expanduser() / "million.db")  # fmt: skip
    about = machine() | {"load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    stages: list[dict[str, Any]] = []
    try:
        for stage in args.stages:
            built = grow(db, stage, args.seed)
            print(f"{stage} pages: built in {built:.0f} s", file=sys.stderr)
            stages.append(measure_stage(db, args, work, stage) | {"build_seconds": built})
            payload = {"machine": about, "catalogue": str(db), "stages": stages}
            write_results(None if args.quick else args.json, payload)  # after every stage
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps([{"pages": s["pages"], "build_s": round(s["build_seconds"])} for s in stages]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
