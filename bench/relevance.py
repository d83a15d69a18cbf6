"""Relevance: for each query, the page a researcher wants, and whether search shows it first.

    .venv/bin/python bench/relevance.py                       # -> bench/results/relevance.json
    PYTHONPATH=/tmp/old/src .venv/bin/python bench/relevance.py --label before   # older code

The catalogue is built afresh (in a temporary folder) from the shipped reports and the shared
corpus's policing reports, by whichever evalcatalog is imported, so the same script measures
the code before and after a change. Each technical report's expected pages come from its own
contents page ("5. Cost effectiveness 48"): a chapter runs to the page before the next. A
query counts as found first when the first hit is the expected report and its first page is
in the expected range. Filters name the report (intervention and type), as a researcher who
knows which report they want would.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from evalcatalog import Catalog, IngestOptions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "policing"
RESULTS = ROOT / "bench" / "results"
TECHNICAL = {  # file name -> intervention
    "cirv-technical-report.pdf": "CIRV", "divert-technical-report.pdf": "DIVERT",
    "fsps-technical-report.pdf": "FSPs", "hhpu-technical-report.pdf": "HHPU",
    "op-divan-technical-report.pdf": "Op Divan",
    "op-met-divan-technical-report.pdf": "Op Met Divan",
    "sara-sam-technical-report.pdf": "SARA/SAM", "taws-technical-report.pdf": "TAWs",
    "tfei-technical-report.pdf": "TFEI",
}  # fmt: skip
CHAPTER_QUERIES = {  # query -> the chapter (as the contents page names it) that answers it
    "cost": "Cost effectiveness",
    "transferability": "Transferability to other areas and crime types",
    "methodology": "Methodology",
    "conclusions": "Conclusions",
}
# (query, filters, {file: (first page, last page)}): pages read off the PDFs; the four
# stop-and-search reports share a layout, so any of them answers a question about it
Expected = dict[str, tuple[int, int]]
FIXED: list[tuple[str, dict[str, str], Expected]] = [
    ("algorithm", {"intervention": "HHPU", "type": "Full technical report"},
     {"hhpu-technical-report.pdf": (41, 41)}),  # the issue's example: 8 mentions there
    ("who do police search", {}, {"stop-search-london.pdf": (4, 4), "2020_q2_2020-Q2.pdf": (5, 5),
     "2020_q4_stop-and-search-report-central-south-2020-q4.pdf": (4, 4),
     "2022_q1_2022_q1.pdf": (5, 5)}),
    ("barking dagenham", {}, {"stop-search-london.pdf": (8, 8), "2020_q2_2020-Q2.pdf": (8, 9),
                              "2022_q1_2022_q1.pdf": (9, 10)}),
    ("note on data home office", {}, {"stop-search-london.pdf": (9, 9),
     "2020_q2_2020-Q2.pdf": (8, 8), "2022_q1_2022_q1.pdf": (9, 9),
     "2020_q4_stop-and-search-report-central-south-2020-q4.pdf": (9, 9)}),
]  # fmt: skip
CONTENTS_LINE = re.compile(r"^(?:\d+\.\s+)?(.+?)\s+(\d+)$")


def build(folder: Path) -> Catalog:
    catalog = Catalog(str(folder / "catalog.db"))
    catalog.ingest([str(ROOT / "reports"), str(CORPUS)], IngestOptions(jobs=1))
    return catalog


def chapters(catalog: Catalog, report_id: int) -> dict[str, tuple[int, int]]:
    """Chapter -> (first, last page), from the report's contents page (page 2)."""
    text = catalog.pages(report_id)[1].text
    entries = [(m[1], int(m[2])) for line in text.splitlines()
               if (m := CONTENTS_LINE.match(line.strip()))]  # fmt: skip
    count = len(catalog.pages(report_id))
    return {title: (first, (entries[i + 1][1] - 1) if i + 1 < len(entries) else count)
            for i, (title, first) in enumerate(entries)}  # fmt: skip


def cases(catalog: Catalog) -> list[tuple[str, dict[str, str], Expected]]:
    ids = {report.file_name: report.id for report in catalog.reports()}
    found = []
    for name, intervention in TECHNICAL.items():
        pages = chapters(catalog, ids[name])
        filters = {"intervention": intervention, "type": "Full technical report"}
        for query, chapter in CHAPTER_QUERIES.items():
            found.append((query, filters, {name: pages[chapter]}))
    return found + FIXED


def measure(catalog: Catalog) -> list[dict[str, Any]]:
    names = {report.id: report.file_name for report in catalog.reports()}
    rows = []
    for query, filters, expected in cases(catalog):
        result = catalog.search(query, limit=3, **filters)  # type: ignore[arg-type]
        hit = result.hits[0] if result.hits else None
        page = hit.pages[0].page if hit and hit.pages else None
        report = names.get(hit.report_id) if hit else None
        first, last = expected.get(report or "", (0, -1))
        rows.append({"query": query, "filters": filters, "expected": expected,
                     "shown_report": report, "shown_page": page,
                     "first": page is not None and first <= page <= last})  # fmt: skip
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| query | report | expected pages | shown first | found first |",
             "|---|---|---:|---:|:---:|"]  # fmt: skip
    for row in rows:
        name, (first, last) = next(iter(row["expected"].items()))
        pages = f"{first}" if first == last else f"{first}–{last}"
        more = f" (or {len(row['expected']) - 1} more)" if len(row["expected"]) > 1 else ""
        shown = (
            row["shown_page"]
            if row["shown_report"] == name
            else (f"{(row['shown_report'] or '-').removesuffix('.pdf')} p. {row['shown_page']}")
        )
        lines.append(f"| {row['query']} | {name.removesuffix('.pdf')}{more} | {pages} | "
                     f"{shown} | {'yes' if row['first'] else 'no'} |")  # fmt: skip
    found = sum(row["first"] for row in rows)
    lines.append(f"\n{found} of {len(rows)} found first.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--label", default="after", help="results/relevance-LABEL.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        catalog = build(Path(folder))
        rows = measure(catalog)
        catalog.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"relevance-{args.label}.json").write_text(json.dumps(rows, indent=1) + "\n")
    print(table(rows))


if __name__ == "__main__":
    main()
