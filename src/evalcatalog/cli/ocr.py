"""`evalcatalog ocr`, and what `ingest --ocr` and its summary need: scanned pages read by OCR."""

from __future__ import annotations

import os
from typing import Any

import click

from ..models import IngestResult, OcrResult
from ..output import to_json
from ..text import printable
from .base import cli, db_option, open_catalog
from .progress import ProgressDisplay

OCR_MODES = ("missing", "all")


class OptionalOcrValue(click.Command):
    """`--ocr` takes an optional value only as `--ocr=all`: click would otherwise read the
    next argument (`--ocr reports/`) as the option's value."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = ["--ocr=missing" if arg == "--ocr" else arg for arg in args]
        return super().parse_args(ctx, args)


ocr_option = click.option(
    "--ocr",
    type=click.Choice(OCR_MODES),
    metavar="[=all]",
    help="Then read pages without text (scans) with Tesseract OCR; --ocr=all: every page.",
)


def unread_lines(result: IngestResult) -> list[str]:
    """The summary's lines on OCR and on scanned pages search cannot see, with what to do."""
    lines = []
    if result.ocr is not None:
        lines.append(ocr_text(result.ocr))
    if result.unread_pages:
        pages, reports = result.unread_pages, result.unread_reports
        lines.append(
            f"{pages} {'page' if pages == 1 else 'pages'} in {reports} "
            f"{'report' if reports == 1 else 'reports'} have no text layer (scans) and "
            "search cannot see them: run `evalcatalog ocr --all` (Tesseract) to read them"
        )
    return lines


def ocr_text(result: OcrResult) -> str:
    line = (
        f"OCR: {result.pages} {'page' if result.pages == 1 else 'pages'} of {result.reports} "
        f"{'report' if result.reports == 1 else 'reports'} read, {result.words} words "
        f"({result.seconds:.1f} s)"
    )
    for failed in result.failed:
        line += f"\n  OCR failed  {printable(failed.path)}: {printable(failed.error or '')}"
    return line


@cli.command()
@click.argument("report", required=False)
@db_option
@click.option("--all", "every_report", is_flag=True, help="Every report with pages without text.")
@click.option("--every-page", is_flag=True, help="OCR every page, not only those without text.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
              show_default="number of CPUs", help="Pages read at once.")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(0.1), default=60, show_default=True,
              help="Seconds allowed to read one page.")  # fmt: skip
@click.option("--memory-limit", type=click.IntRange(128), default=2048, show_default=True,
              metavar="MB", help="Memory allowed to a worker (and its Tesseract).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ocr(report: str | None, db_path: str, every_report: bool, every_page: bool, jobs: int,
        timeout: float, memory_limit: int, as_json: bool) -> None:  # fmt: skip
    """Read scanned pages of catalogued reports with Tesseract OCR, so search finds them.

    Pages with images and no text (scans) are rendered with PDFium and read by Tesseract;
    their text is stored with its source ("ocr") and confidence, and indexed. Needs the
    tesseract-ocr package.

    \b
    Examples:
      evalcatalog ocr --all
      evalcatalog ocr scanned-report.pdf
      evalcatalog ocr 12 --every-page
    """
    if (report is None) == (not every_report):
        raise click.UsageError("give a REPORT or --all (not both)")
    bar = ProgressDisplay(enabled=not as_json, label="OCR")
    with open_catalog(db_path, create=False) as catalog:
        try:
            result = catalog.ocr(
                None if every_report else report, every_page=every_page, jobs=jobs,
                seconds_per_page=timeout, memory_mb=memory_limit, progress=bar,
            )  # fmt: skip
        finally:
            bar.finish()
    click.echo(to_json(result.to_dict()) if as_json else ocr_text(result))


def unread_section(summary: dict[str, Any]) -> list[str]:
    """For stats, check and show: the reports with pages search cannot see."""
    if not summary["pages"]:
        return []
    lines = [f"Pages without text (scans; `evalcatalog ocr --all` reads them): {summary['pages']}"]
    for report in summary["reports"]:
        lines.append(
            f"  {report['id']:>5}  {printable(report['title'])}  ({report['pages']} pages)"
        )
    return lines
