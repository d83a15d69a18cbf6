"""Options more than one command shares: output formats for every command that prints rows
(as sqlite-utils' output_options) and the filters of list, search and export."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click

from ..errors import ExitStatus
from ..output import to_csv, to_json, to_nl
from ..views.browse import FILTER_KINDS
from .base import CliError, ReportedError

F = TypeVar("F", bound=Callable[..., Any])
ROWS: Any = object()  # Listing.json's default: --json prints the rows


@dataclass
class Listing:
    """What a listing command prints: `rows` (one dict each) for --nl, and flattened into
    `columns` for --csv; `json` for --json when its shape is not the rows (stats' figures);
    `text` for people; `status` to end with once printed (check's problems: ERROR)."""

    rows: Sequence[dict[str, Any]]
    columns: Sequence[str]
    text: Callable[[], str]
    json: Any = field(default=ROWS)
    status: ExitStatus = ExitStatus.SUCCESS

    def render(self, fmt: str | None) -> str:
        if fmt == "json":
            return to_json(self.rows if self.json is ROWS else self.json) + "\n"
        if fmt == "nl":
            return to_nl(self.rows)
        if fmt == "csv":
            return to_csv(self.rows, self.columns)
        return self.text() + "\n"


OUTPUT_FLAGS = {"json": "Print JSON.", "csv": "Print CSV with a header row.",
                "nl": "Print JSON lines: one JSON object per row."}  # fmt: skip


def output_options(func: Callable[..., Listing]) -> Callable[..., None]:
    """`--json`, `--csv` and `--nl` for a command that returns a Listing, which this prints.
    The command sees the chosen format as `output` ("json", "csv", "nl" or None)."""

    @functools.wraps(func)
    def command(**kwargs: Any) -> None:
        chosen = [fmt for fmt in OUTPUT_FLAGS if kwargs.pop(f"as_{fmt}")]
        if len(chosen) > 1:
            flags = " and ".join(f"--{fmt}" for fmt in chosen)
            raise CliError(f"{flags} together: choose one output format", ExitStatus.USAGE)
        fmt = chosen[0] if chosen else None
        listing = func(output=fmt, **kwargs)
        click.echo(listing.render(fmt), nl=False)
        if listing.status != ExitStatus.SUCCESS:
            raise ReportedError(listing.status)

    for fmt, text in reversed(OUTPUT_FLAGS.items()):
        command = click.option(f"--{fmt}", f"as_{fmt}", is_flag=True, help=text)(command)
    return command


def filter_options(func: F) -> F:
    """--theme, --intervention, --force, --topic, --type and --year, each repeatable (any of
    its values; every option given must match). The command sees them as `filters`."""

    @functools.wraps(func)
    def command(**kwargs: Any) -> Any:
        filters = {kind: list(kwargs.pop(f"{kind}_filter")) for kind in FILTER_KINDS}
        return func(filters={kind: values for kind, values in filters.items() if values},
                    **kwargs)  # fmt: skip

    for kind in reversed(FILTER_KINDS):
        what = ("created in this year (2021, or a range: 2019-2021)" if kind == "year" else
                f"tagged with this {kind}: a name, acronym, alias or a word of one")  # fmt: skip
        command = click.option(
            f"--{kind}",
            f"{kind}_filter",
            multiple=True,
            metavar="YEAR" if kind == "year" else "NAME",
            help=f"Only reports {what}; repeat for any of several.",
        )(command)
    return command  # type: ignore[return-value]
