"""Write the benchmark corpus: about 2,000 report-like PDFs and 100,000 pages, plus one long PDF.

    .venv/bin/python bench/make_corpus.py                 # ~/.cache/evalcatalog-bench/
    .venv/bin/python bench/make_corpus.py --small --out /tmp/tiny

Everything is derived from --seed, so the same arguments give the same bytes on any machine.
Prose draws words from a Zipf distribution over a vocabulary of real policing and evaluation
words and a long generated tail (vocab.py); pages carry running headers, section headings,
tables and footers; documents carry titles (some junk), authors and dates. Files that already
exist are kept, so an interrupted run resumes. The corpus lives outside the repository and is
never committed; manifest.json beside it records what was asked for and what was written.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
from dataclasses import asdict, dataclass
from itertools import accumulate
from pathlib import Path

from pdfwrite import Rule, Run, content_stream, pdf_bytes
from vocab import build_vocabulary

CORPUS_VERSION = 2
DEFAULT_OUT = Path(os.environ.get("EVALCATALOG_BENCH_DIR", "~/.cache/evalcatalog-bench"))
ZIPF_S, ZIPF_Q = 1.0, 2.7  # Zipf-Mandelbrot: weight of rank r is 1 / (r + q) ** s

INTERVENTIONS = [
    ("DIVERT", "DIVERT custody intervention"), ("CIRV", "Community initiative to reduce violence"),
    ("TAWs", "Trusted adult workers"), ("TFEI", "Think family early intervention"),
    ("FSPs", "Family safety plans"), ("Op Divan", "Operation Divan"),
    ("Op Met Divan", "Operation Met Divan"), ("SARA", "Stalking assessment and risk approach"),
    ("SAM", "Stalking assessment and management"), ("Op Sceptre", "Operation Sceptre"),
]  # fmt: skip
FORCES = [
    "Metropolitan Police Service", "Northamptonshire Police", "Hampshire Constabulary",
    "Avon and Somerset Police", "Kent Police", "Essex Police", "Thames Valley Police",
    "Merseyside Police", "West Midlands Police", "Greater Manchester Police",
    "Durham Constabulary", "Lancashire Constabulary", "Sussex Police", "Dyfed-Powys Police",
    "Gwent Police", "South Wales Police", "Cumbria Constabulary", "Devon and Cornwall Police",
]  # fmt: skip
TOPICS = [
    "knife crime", "stalking", "domestic abuse", "county lines", "missing children",
    "school exclusion", "custody diversion", "hotspot policing", "repeat victimisation",
    "serious violence", "child criminal exploitation", "youth violence", "safeguarding",
]  # fmt: skip
JUNK_TITLES = [
    "Microsoft Word - final_v3.docx", "untitled", "Document1", "PowerPoint Presentation",
    "Title", "report_FINAL(2)", "Microsoft Word - Evaluation report DRAFT.doc", "Slide 1",
]  # fmt: skip
FIRST = [
    "Alex",
    "Sam",
    "Priya",
    "Jordan",
    "Chris",
    "Fatima",
    "Tom",
    "Laura",
    "Ben",
    "Aisha",
    "Owen",
]
FIRST += ["Rhian", "Emma", "Kwame", "Zoe"]
LAST = ["Smith", "Jones", "Patel", "Williams", "Brown", "Evans", "Khan", "Taylor", "Davies"]
LAST += ["Hughes", "Ali", "Wilson", "Roberts"]


@dataclass
class FileSpec:
    index: int
    path: str  # relative to the output folder
    pages: int
    title: str
    kind: str
    author: str | None
    meta_title: str | None
    created: str
    modified: str


def page_counts(seed: int, files: int, total: int) -> list[int]:
    """`files` lognormal page counts (a few long reports, many short ones) summing to `total`."""
    rng = random.Random(f"pages-{seed}")
    raw = [rng.lognormvariate(0, 0.8) for _ in range(files)]
    scale = total / sum(raw)
    counts = [max(1, round(value * scale)) for value in raw]
    while sum(counts) != total:
        index = rng.randrange(files)
        step = 1 if sum(counts) < total else -1
        if counts[index] + step >= 1:
            counts[index] += step
    return counts


def file_spec(seed: int, index: int, pages: int, folder: str) -> FileSpec:
    rng = random.Random(f"file-{seed}-{index}")
    acronym, name = rng.choice(INTERVENTIONS)
    force, topic = rng.choice(FORCES), rng.choice(TOPICS)
    year = rng.randint(2015, 2024)
    if pages <= 12:
        kind, title = "key findings", f"{acronym}: Key findings and implications for practice"
    elif pages <= 30:
        kind = "exploratory analysis"
        title = f"An exploratory analysis of {topic} in {force}"
    else:
        kind = "full technical report"
        title = rng.choice(
            [f"{name}: Full technical report", f"Evaluation of {name} in {force}",
             f"{topic.capitalize()} in {force}: a process and impact evaluation"]
        )  # fmt: skip
    roll = rng.random()
    meta_title = title if roll < 0.8 else (rng.choice(JUNK_TITLES) if roll < 0.9 else None)
    author = rng.choice(
        ["College of Policing", f"{rng.choice(FIRST)} {rng.choice(LAST)}",
         f"{rng.choice(FIRST)} {rng.choice(LAST)} and {rng.choice(FIRST)} {rng.choice(LAST)}",
         None]
    )  # fmt: skip
    month, day, hour = rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 18)
    created = f"D:{year}{month:02d}{day:02d}{hour:02d}0000Z"
    modified = created if rng.random() < 0.5 else f"D:{year + rng.randint(0, 1)}1201090000Z"
    slug = "-".join(title.lower().replace(":", "").split()[:6])
    path = f"{folder}/{year}/{slug}-{index:04d}.pdf"
    return FileSpec(index, path, pages, title, kind, author, meta_title, created, modified)


class Prose:
    """Draws sentences from the Zipf vocabulary; deterministic for a given random generator."""

    def __init__(self, seed: int, vocabulary_size: int) -> None:
        self.words = build_vocabulary(seed, vocabulary_size)
        weights = [1.0 / (rank + ZIPF_Q) ** ZIPF_S for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(accumulate(weights))

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def sentence(self, rng: random.Random) -> str:
        words = self.draw(rng, rng.randint(6, 24))
        for position in range(1, len(words) - 1):
            roll = rng.random()
            if roll < 0.04:
                words[position] += ","
            elif roll < 0.07:
                words[position] = rng.choice([f"{rng.randint(2, 99)}%", str(rng.randint(2, 2400))])
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def lines(self, rng: random.Random, count: int, width: int = 86) -> list[str | None]:
        """About `count` lines of wrapped prose; None between paragraphs (a gap in print)."""
        out: list[str | None] = []
        line = ""
        while len(out) < count:
            for word in self.sentence(rng).split():
                if line and len(line) + 1 + len(word) > width:
                    out.append(line)
                    line = word
                else:
                    line = f"{line} {word}" if line else word
            if rng.random() < 0.2:
                out += [line, None]
                line = ""
        return out[:count]


@dataclass
class Page:
    """What one page shows: text runs top to bottom (the order pypdf reads them back in),
    and the rules and shading drawn beneath them."""

    runs: list[Run]
    rules: list[Rule]


def page_content(prose: Prose, spec: FileSpec, seed: int, number: int) -> Page:
    rng = random.Random(f"page-{seed}-{spec.index}-{number}")
    page = Page([Run("F1", 8, 56, 812, f"{spec.title[:70]} | College of Policing")], [])
    page.rules.append(Rule(56, 806, 483))
    y = 776.0
    if number == 1:
        title = wrap(spec.title, 44)[:2]
        for index, line in enumerate(title):
            page.runs.append(Run("F2", 20, 56, y - 26 * index, line))
        y -= 26 * (len(title) - 1)
        page.runs.append(Run("F1", 12, 56, y - 30, spec.kind.capitalize()))
        page.runs.append(Run("F1", 11, 56, y - 48, spec.author or "Research team"))
        y -= 90
    elif rng.random() < 0.35:
        heading = " ".join(prose.draw(rng, rng.randint(2, 6))).capitalize()
        page.runs.append(Run("F2", 14, 56, y, f"{rng.randint(1, 9)}.{rng.randint(1, 9)} {heading}"))
        y -= 28
    table = number > 1 and rng.random() < 0.2
    bottom = 240.0 if table else 70.0
    for text in prose.lines(rng, int((y - bottom) // 15)):
        if text is None:  # between paragraphs
            y -= 7
            continue
        page.runs.append(Run("F3" if number % 7 == 0 else "F1", 10, 56, y, text))
        y -= 15
    if table:
        table_content(page, prose, rng, y - 10)
    page.runs.append(Run("F1", 8, 280, 30, f"Page {number} of {spec.pages}"))
    return page


def page_stream(prose: Prose, spec: FileSpec, seed: int, number: int) -> bytes:
    page = page_content(prose, spec, seed, number)
    return content_stream(
        page.runs, page.rules, random.Random(f"kern-{seed}-{spec.index}-{number}")
    )


def wrap(text: str, width: int) -> list[str]:
    lines = [""]
    for word in text.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def table_content(page: Page, prose: Prose, rng: random.Random, top: float) -> None:
    columns = rng.randint(3, 5)
    caption = " ".join(prose.draw(rng, 4))
    page.runs.append(Run("F2", 10, 56, top, f"Table {rng.randint(1, 40)}: {caption}"))
    header = [rng.choice(["Force", "Cohort", "Group", "Area"])] + [
        rng.choice(["Referrals", "Outcomes", "Rate", "Cost", "Cases", "Arrests", "n"])
        for _ in range(columns - 1)
    ]
    rows = [header]
    for _ in range(rng.randint(3, 8)):
        label = rng.choice(FORCES).split()[0] if rng.random() < 0.5 else prose.draw(rng, 1)[0]
        cells = [label] + [number_cell(rng) for _ in range(columns - 1)]
        rows.append(cells)
    page.rules.append(Rule(50, top - 20, 100 * columns, 14))  # the header row's shading
    for row_index, row in enumerate(rows, start=1):
        page.rules.append(Rule(50, top - 16 * row_index - 5, 100 * columns))
        for column, cell in enumerate(row):
            font = "F2" if row_index == 1 else "F1"
            page.runs.append(Run(font, 9, 56 + 100 * column, top - 16 * row_index, cell))


def number_cell(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return str(rng.randint(0, 5000))
    if roll < 0.7:
        return f"{rng.uniform(0, 100):.1f}%"
    return f"£{rng.randint(100, 900_000):,}"


def pdf_info(spec: FileSpec) -> dict[str, str]:
    info = {"Producer": "evalcatalog bench corpus", "CreationDate": spec.created}
    info["ModDate"] = spec.modified
    if spec.meta_title is not None:
        info["Title"] = spec.meta_title
    if spec.author:
        info["Author"] = spec.author
    return info


_PROSE: Prose | None = None


def _init_worker(seed: int, vocabulary_size: int) -> None:
    global _PROSE
    if _PROSE is None:  # inherited through fork when the parent built it first
        _PROSE = Prose(seed, vocabulary_size)


def write_file(task: tuple[int, str, FileSpec]) -> tuple[str, int, bool]:
    """Write one PDF unless it exists; returns (path, size in bytes, written now)."""
    seed, out, spec = task
    target = Path(out) / spec.path
    if target.exists():
        return spec.path, target.stat().st_size, False
    assert _PROSE is not None
    pages = [page_stream(_PROSE, spec, seed, number) for number in range(1, spec.pages + 1)]
    data = pdf_bytes(pages, pdf_info(spec))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)  # a kill never leaves a half-written .pdf to be skipped later
    return spec.path, len(data), True


def corpus_specs(seed: int, files: int, pages: int, long_pages: int) -> list[FileSpec]:
    specs = [
        file_spec(seed, index, count, "reports")
        for index, count in enumerate(page_counts(seed, files, pages))
    ]
    # The long PDF, and a quarter-length one so the memory benchmark can tell growth with pages.
    for offset, count in enumerate([long_pages // 4, long_pages] if long_pages else []):
        long = file_spec(seed, files + offset, count, "long")
        long.path = f"long/long-report-{count}p.pdf"
        specs.append(long)
    return specs


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--files", type=int, default=2000, help="report PDFs (default 2000)")
    parser.add_argument("--pages", type=int, default=100_000, help="their pages in total")
    parser.add_argument("--long-pages", type=int, default=1000, help="pages of the long PDF")
    parser.add_argument("--vocabulary", type=int, default=330_000, help="distinct words drawn")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--verify", type=int, default=5, help="files to read back with pypdf")
    parser.add_argument("--small", action="store_true", help="a tiny corpus: 12 files, 120 pages")
    args = parser.parse_args(argv)
    if args.small:
        args.files, args.pages, args.long_pages, args.vocabulary = 12, 120, 40, 5000
    if args.out is None:
        args.out = DEFAULT_OUT.with_name(DEFAULT_OUT.name + "-small") if args.small else DEFAULT_OUT
    args.out = args.out.expanduser()
    return args


def check_params(out: Path, params: dict[str, int]) -> None:
    """Resume only into a folder written with the same parameters: mixing would mislead."""
    saved = out / "params.json"
    if saved.exists():
        previous = json.loads(saved.read_text())
        if previous != params:
            sys.exit(f"{out} holds a corpus made with {previous}; pass another --out")
    else:
        out.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(params, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    params = {"version": CORPUS_VERSION, "seed": args.seed, "files": args.files}
    params |= {"pages": args.pages, "long_pages": args.long_pages, "vocabulary": args.vocabulary}
    check_params(args.out, params)
    started = time.monotonic()
    specs = corpus_specs(args.seed, args.files, args.pages, args.long_pages)
    _init_worker(args.seed, args.vocabulary)
    tasks = [(args.seed, str(args.out), spec) for spec in sorted(specs, key=lambda s: -s.pages)]
    written = size = 0
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with context.Pool(args.jobs, _init_worker, (args.seed, args.vocabulary)) as pool:
        for done, (_, nbytes, new) in enumerate(pool.imap_unordered(write_file, tasks), start=1):
            written, size = written + new, size + nbytes
            if done % 100 == 0 or done == len(tasks):
                print(f"{done}/{len(tasks)} files ({written} written now)", file=sys.stderr)
    manifest = {**params, "bytes": size, "seconds_this_run": round(time.monotonic() - started, 1)}
    manifest["files_written_this_run"] = written
    manifest["specs"] = [asdict(spec) for spec in specs]
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    if args.verify:
        verify(args.out, args.seed, specs, args.verify)
    pages = sum(spec.pages for spec in specs)
    print(f"{len(specs)} PDFs, {pages} pages, {size / 1e6:.1f} MB in {args.out}")
    return 0


def verify(out: Path, seed: int, specs: list[FileSpec], count: int) -> None:
    """Read a sample back with pypdf: the words on each page must be the words written."""
    from pypdf import PdfReader  # only here: generating needs no PDF reader

    assert _PROSE is not None
    sample = random.Random(f"verify-{seed}").sample(specs[:-1], min(count, len(specs) - 1))
    for spec in [*sample, specs[-1]]:
        reader = PdfReader(out / spec.path)
        assert len(reader.pages) == spec.pages, f"{spec.path}: {len(reader.pages)} pages"
        for number in range(1, min(spec.pages, 20) + 1):
            runs = page_content(_PROSE, spec, seed, number).runs
            wrote = " ".join(run.text for run in runs).split()
            read = reader.pages[number - 1].extract_text().split()
            if read != wrote:
                sys.exit(f"verify: {spec.path} page {number} reads back differently")
        if spec.meta_title and reader.metadata and reader.metadata.title != spec.meta_title:
            sys.exit(f"verify: {spec.path} title reads back as {reader.metadata.title!r}")
    print(f"verified {len(sample) + 1} files with pypdf", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
