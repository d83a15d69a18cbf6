"""Reports made in memory, for the views' tests (no PDFs, no catalogue)."""

from __future__ import annotations

from evalcatalog.models import Report


def report(
    id_: int,
    title: str,
    *,
    pages: int = 10,
    size: int = 2048,
    created: str | None = None,
    author: str | None = None,
    **tags: list[str],
) -> Report:
    return Report(id_, f"sha{id_}", title, "metadata", f"r{id_}.pdf", [f"/r/r{id_}.pdf"], size,
                  pages, created=created, author=author, tags=dict(tags))  # fmt: skip


def three() -> list[Report]:
    return [
        report(1, "Knife crime diversion", pages=40, size=3 * 1024 * 1024, created="2021-03-01",
               author="A. Smith", theme=["Knife crime"], type=["Key findings"],
               intervention=["Community initiative to reduce violence (CIRV)"]),
        report(2, "Stalking: the MASIP pilot", pages=12, created="2019-07-09",
               author="B. Jones", theme=["Stalking"], intervention=["MASIP"],
               type=["Full technical report"]),
        report(3, "An untagged note", pages=2, size=900),
    ]  # fmt: skip
