"""Search latency on the 100,000-page catalogue, beside bare FTS5 and a naive rapidfuzz scan.

    .venv/bin/python bench/ingest.py --skip throughput,memory   # once: builds the catalogue
    .venv/bin/python bench/search.py                           # -> bench/results/search.json
    .venv/bin/python bench/search.py --quick                   # a tiny catalogue, in seconds

Queries are drawn (seeded) from the catalogue itself, at least 20 per class: a rare word, a
common word, two and three words from one page, a phrase, a 3-letter prefix, one- and two-typo
words, two misspelt words, a filtered query, and a zero-hit query. Each is timed through
`Catalog.search` in process (after one warm-up pass, so the typo vocabulary is cached as in a
long-lived process), through a bare FTS5 MATCH on pages_fts for the same corrected words, and,
for a few per class, through a scan of every page with rapidfuzz's partial_ratio. Then the
end-to-end time of the `evalcatalog search` command.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import make_corpus
from common import RESULTS, Figure, command_env, machine, print_table, timed, write_results
from rapidfuzz.distance import Levenshtein

from evalcatalog.store.page_text import unpack

WORD = re.compile(r"[^\W\d_]+")  # words of letters, accented ones included
LETTERS = "abcdefghijklmnopqrstuvwxyz"
CLASSES = [
    "rare word", "common word", "two words", "three words", "phrase", "3-letter prefix",
    "one typo", "two typos", "two misspelt words", "filtered", "zero hits",
]  # fmt: skip


@dataclass
class Query:
    kind: str
    text: str
    fts: str = ""  # the bare FTS5 expression, once corrections are known
    seconds: list[float] = field(default_factory=list)
    fts_seconds: float = 0.0
    scan_seconds: float | None = None
    total: int = 0
    corrected: bool = False
    suggested: bool = False


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=make_corpus.DEFAULT_OUT.expanduser())
    parser.add_argument("--catalog", type=Path, help="default: catalog.db beside the corpus")
    parser.add_argument("--queries", type=int, default=20, help="queries per class")
    parser.add_argument("--repeat", type=int, default=3, help="timings per query (median)")
    parser.add_argument("--scan-queries", type=int, default=2, help="rapidfuzz scans per class")
    parser.add_argument("--runs", type=int, default=5, help="runs of the search command")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--json", type=Path, help="results file (default bench/results/)")
    parser.add_argument("--quick", action="store_true", help="tiny catalogue, seconds")
    args = parser.parse_args(argv)
    if args.json is None and not args.quick:
        args.json = RESULTS / "search.json"
    return args


class Sampler:
    """Draws query words from the catalogue: its pages and its term list with document counts."""

    def __init__(self, conn: sqlite3.Connection, seed: int) -> None:
        self.conn = conn
        self.rng = random.Random(f"search-{seed}")
        self.docs = dict(conn.execute("select term, docs from vocabulary").fetchall())
        self.page_count = int(conn.execute("select max(id) from pages").fetchone()[0] or 0)

    def page(self) -> tuple[int, str]:
        while True:
            row = self.conn.execute(
                "select report_id, text from pages where id = ?",
                [self.rng.randint(1, self.page_count)],
            ).fetchone()
            text = unpack(row[1]) if row else ""
            if len(WORD.findall(text)) > 20:
                return int(row[0]), text.lower()

    def page_words(
        self, count: int, consecutive: bool = False, lengths: range = range(4, 99)
    ) -> list[str]:
        words = WORD.findall(self.page()[1])
        if consecutive:
            start = self.rng.randrange(len(words) - count)
            return words[start : start + count]
        fitting = sorted({w for w in words if len(w) in lengths and w in self.docs})
        return self.rng.sample(fitting, count)

    def terms(self, low: int, high: int, lengths: range) -> list[str]:
        found = [t for t, d in self.docs.items() if low <= d <= high and len(t) in lengths]
        return sorted(t for t in found if t.isalpha() and t.isascii())

    def typo(self, word: str, edits: int, lengths: range | None = None) -> str:
        """`word` with `edits` edits past its first letter, spelling no catalogue term, its
        length in `lengths` (so it keeps the typo allowance its class is about)."""
        for _ in range(100):
            typo = word
            for _ in range(edits):
                at = self.rng.randrange(1, len(typo))
                kind = self.rng.choice(["sub", "del", "ins", "swap"])
                if kind == "sub":
                    typo = typo[:at] + self.rng.choice(LETTERS) + typo[at + 1 :]
                elif kind == "del":
                    typo = typo[:at] + typo[at + 1 :]
                elif kind == "ins":
                    typo = typo[:at] + self.rng.choice(LETTERS) + typo[at:]
                elif at < len(typo) - 1:
                    typo = typo[:at] + typo[at + 1] + typo[at] + typo[at + 2 :]
            wanted = len(typo) in (lengths or [len(typo)]) and typo not in self.docs
            if wanted and Levenshtein.distance(typo, word) == edits:
                return typo
        return word


def make_queries(sampler: Sampler, per_class: int, total: Callable[[str], int]) -> list[Query]:
    """Queries of every class; `total` counts a query's hits, to keep zero-hit ones at zero."""
    rng = sampler.rng
    rare = sampler.terms(1, 3, range(6, 15))
    alphabetic = [term for term in sampler.docs if term.isalpha() and len(term) >= 3]
    common = sorted(alphabetic, key=lambda t: -sampler.docs[t])[:per_class]
    mid = sampler.terms(5, 10**9, range(5, 9))
    frequent = sampler.terms(max(sampler.docs.values()) // 20, 10**9, range(4, 15))
    long = sampler.terms(3, 10**9, range(9, 15))
    queries: list[Query] = []
    for _ in range(per_class):
        pair = sampler.page_words(2, lengths=range(5, 9))  # words that meet on some page
        two_typos = [sampler.typo(word, 1, range(5, 9)) for word in pair]
        word = rng.choice(frequent)
        filtered = rng.choice(
            [f"{word} year:{rng.randint(2015, 2024)}", f"{word} intervention:DIVERT",
             f"{word} intervention:CIRV", f"{word} year:2018-2020"]
        )  # fmt: skip
        queries += [
            Query("rare word", rng.choice(rare)),
            Query("two words", " ".join(sampler.page_words(2))),
            Query("three words", " ".join(sampler.page_words(3))),
            Query("phrase", '"' + " ".join(sampler.page_words(2, consecutive=True)) + '"'),
            Query("3-letter prefix", rng.choice(common + mid)[:3]),
            Query("one typo", sampler.typo(rng.choice(mid), 1, range(5, 9))),
            Query("two typos", sampler.typo(rng.choice(long), 2, range(9, 16))),
            Query("two misspelt words", " ".join(two_typos)),
            Query("filtered", filtered),
            # Two edits in a word allowed one: nothing found, "did you mean" offered.
            Query("zero hits", zero_hit(sampler, mid, total)),
        ]
    queries += [Query("common word", term) for term in common]
    return sorted(queries, key=lambda query: CLASSES.index(query.kind))


def zero_hit(sampler: Sampler, words: list[str], total: Callable[[str], int]) -> str:
    """Two edits in a word allowed one: nothing is found, and "did you mean" is offered."""
    for _ in range(50):
        typo = sampler.typo(sampler.rng.choice(words), 2, range(6, 9))
        if total(typo) == 0:
            return typo
    return typo


def fts_expression(query: Query, corrections: dict[str, str]) -> str:
    """The bare FTS5 query a plain engine would run: words ANDed, corrected, last one a prefix
    (as evalcatalog treats it), filters dropped."""
    text = re.sub(r"\w+:\S+", "", query.text)
    if query.kind == "phrase":
        return text.strip()
    words = [corrections.get(word, word) for word in text.split()]
    quoted = [f'"{word}"' for word in words]
    if query.kind == "3-letter prefix":
        quoted[-1] += "*"
    return " ".join(quoted)


def time_search(catalog: Any, conn: sqlite3.Connection, queries: list[Query], repeat: int) -> None:
    for query in queries:  # warm-up: vocabulary buckets, page cache
        catalog.search(query.text)
    for query in queries:
        for _ in range(repeat):
            seconds, result = timed(partial(catalog.search, query.text))
            query.seconds.append(seconds)
        query.total, query.corrected = result.total, bool(result.corrections)
        query.suggested = bool(result.suggestions)
        query.fts = fts_expression(query, result.corrections)
        sql = "select rowid from pages_fts where pages_fts match ? order by rank limit 10"
        fts = []
        for _ in range(repeat):
            fts.append(timed(partial(fetch_all, conn, sql, [query.fts]))[0])
        query.fts_seconds = statistics.median(fts)


def time_scans(conn: sqlite3.Connection, queries: list[Query], per_class: int) -> None:
    """The naive alternative: every page's text against the query with partial_ratio."""
    from rapidfuzz import fuzz, process

    texts = [unpack(text).lower() for (text,) in conn.execute("select text from pages")]
    for kind in CLASSES:
        for query in [q for q in queries if q.kind == kind][:per_class]:
            needle = re.sub(r"\w+:\S+|\"", "", query.text).strip()
            query.scan_seconds, _ = timed(
                partial(
                    process.extract,
                    needle,
                    texts,
                    scorer=fuzz.partial_ratio,
                    processor=None,
                    limit=10,
                )
            )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def class_figures(queries: list[Query]) -> tuple[list[Figure], list[dict[str, Any]]]:
    figures: list[Figure] = []
    rows = []
    for kind in CLASSES:
        chosen = [q for q in queries if q.kind == kind]
        ours = [statistics.median(q.seconds) * 1000 for q in chosen]
        fts = [q.fts_seconds * 1000 for q in chosen]
        scans = [q.scan_seconds * 1000 for q in chosen if q.scan_seconds is not None]
        p50 = Figure(f"{kind}: search p50", "ms", [statistics.median(ours)], 20, False)
        p95 = Figure(f"{kind}: search p95", "ms", [percentile(ours, 0.95)], 50, False)
        bare = Figure(f"{kind}: bare FTS5 p50", "ms", [statistics.median(fts)])
        figures += [p50, p95, bare]
        if scans:
            figures.append(Figure(f"{kind}: rapidfuzz scan p50", "ms", [statistics.median(scans)]))
        rows.append({
            "class": kind, "queries": len(chosen), "search_ms": [round(v, 2) for v in ours],
            "fts_ms": [round(v, 2) for v in fts], "scan_ms": [round(v, 1) for v in scans],
            "examples": [q.text for q in chosen[:5]], "fts_examples": [q.fts for q in chosen[:5]],
            "median_total_hits": statistics.median(q.total for q in chosen),
            "corrected": sum(q.corrected for q in chosen),
            "zero_hits": sum(q.total == 0 for q in chosen),
            "with_suggestions": sum(q.suggested for q in chosen),
        })  # fmt: skip
    return figures, rows


def time_command(db: Path, runs: int, work: Path) -> Figure:
    command = Figure("`evalcatalog search` end to end", "s", target=0.3, higher_is_better=False)
    cli = [sys.executable, "-m", "evalcatalog", "search", "--db", str(db), "stalkng risk"]
    env = command_env(work / "pycache")
    subprocess.run(cli, check=True, capture_output=True, env=env)  # warm-up: bytecode cache
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True, env=env)
        command.values.append(time.perf_counter() - started)
    return command


def quick_catalog(work: Path) -> Path:
    from evalcatalog import Catalog, IngestOptions

    corpus = work / "corpus"
    make_corpus.main(["--small", "--out", str(corpus), "--verify", "0", "--long-pages", "0"])
    db = work / "catalog.db"
    with Catalog(str(db)) as catalog:
        catalog.ingest([str(corpus / "reports")], IngestOptions(jobs=2))
    return db


def main(argv: list[str] | None = None) -> int:
    from evalcatalog import Catalog

    args = parse_args(argv)
    load_at_start = [round(load, 2) for load in os.getloadavg()]  # noise: compare with the end
    work = Path(tempfile.mkdtemp(prefix="evalcatalog-bench-"))
    try:
        if args.quick:
            args.catalog = quick_catalog(work)
            args.queries, args.repeat, args.scan_queries, args.runs = 3, 1, 1, 1
        db = args.catalog or args.corpus / "catalog.db"
        if not db.exists():
            sys.exit(f"no catalogue at {db}: run bench/ingest.py first (or pass --catalog)")
        with Catalog(str(db)) as catalog:
            conn = catalog.store.db.conn
            pages = int(conn.execute("select count(*) from pages").fetchone()[0])
            terms = int(conn.execute("select count(*) from vocabulary").fetchone()[0])
            count = lambda text: catalog.search(text).total  # noqa: E731
            queries = make_queries(Sampler(conn, args.seed), args.queries, count)
            time_search(catalog, conn, queries, args.repeat)
            if args.scan_queries:
                time_scans(conn, queries, args.scan_queries)
        figures, rows = class_figures(queries)
        figures.append(time_command(db, args.runs, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(figures)
    write_results(args.json, {
        "machine": machine() | {"load_average_at_start": load_at_start},
        "catalogue": {"path": str(db), "pages": pages, "terms": terms},
        "figures": [figure.to_dict() for figure in figures], "classes": rows,
    })  # fmt: skip
    return 0


def fetch_all(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[Any]:
    return conn.execute(sql, params).fetchall()


if __name__ == "__main__":
    sys.exit(main())
