"""The HTML pages: search (the home page), browse, a report, stats."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..catalog import Catalog
from ..views.browse import NONE_LABEL, SORT_KEYS, group_by, sort_reports
from .params import BadRequest, int_param, report_ref, search_params
from .pool import CatalogPool
from .render import report_path, url
from .search_page import (
    FACET_LABELS,
    cached_search_page,
    public_ref,
    query_words,
    resolve_report,
)

PAGES_PER_VIEW = 20
STATS_KINDS = ("theme", "intervention", "force", "type", "year")
SHOW_FIELDS = (
    ("Title from", "title_source"),
    ("Metadata title", "meta_title"),
    ("Author", "author"),
    ("Subject", "subject"),
    ("Keywords", "keywords"),
    ("Created", "created"),
    ("Modified", "modified"),
    ("Creator", "creator"),
    ("Producer", "producer"),
    ("Pages", "page_count"),
    ("Failed pages", "failed_pages"),
    ("Words", "word_count"),
    ("Size", "size_bytes"),
    ("PDF version", "pdf_version"),
    ("Encrypted", "encrypted"),
    ("File name", "file_name"),
    ("Modified on disk", "mtime"),
    ("SHA-256", "sha256"),
    ("Ingested", "ingested_at"),
    ("Updated", "updated_at"),
)  # fmt: skip  (what `evalcatalog show` prints, after the title)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def pool(request: Request) -> CatalogPool:
    pool_: CatalogPool = request.app.state.pool
    return pool_


async def search(request: Request) -> HTMLResponse:
    params = search_params(request.query_params)
    page = await pool(request).run(lambda catalog: cached_search_page(catalog, params))
    return render(request, "search.html", page=page, params=params, nav="search")


async def browse(request: Request) -> HTMLResponse:
    sort = request.query_params.get("sort", "title")
    order = request.query_params.get("order", "asc")
    if sort not in SORT_KEYS or order not in ("asc", "desc"):
        raise BadRequest(f"sort by one of {', '.join(SORT_KEYS)}, in order asc or desc")
    reports = await pool(request).run(lambda catalog: catalog.reports())
    themes = []
    for theme, members in group_by(reports, "theme").items():
        interventions = [
            (name, sort_reports(group, sort, order == "desc"))
            for name, group in group_by(members, "intervention").items()
        ]
        themes.append((theme, len(members), interventions))
    themes.sort(key=lambda item: (item[0] == NONE_LABEL, item[0].casefold()))
    columns = [(key, sort_link(key, sort, order)) for key in SORT_KEYS]
    return render(request, "browse.html", themes=themes, total=len(reports), sort=sort,
                  order=order, columns=columns, none=NONE_LABEL, nav="browse")  # fmt: skip


def sort_link(key: str, sort: str, order: str) -> dict[str, str]:
    """A column header's link (the other order if this column is the sorted one) and its
    aria-sort state."""
    current = "ascending" if order == "asc" else "descending"
    flip = "desc" if key == sort and order == "asc" else "asc"
    return {"url": url("/browse", {"sort": key, "order": flip}),
            "aria": current if key == sort else "none"}  # fmt: skip


async def report(request: Request) -> HTMLResponse:
    ref = report_ref(request.path_params["report_id"])
    q = " ".join(request.query_params.get("q", "").split())[:500]
    wanted = int_param(request.query_params, "page", 0, 0, 10**6)
    data = await pool(request).run(lambda catalog: load_report(catalog, ref, q))
    pages = data["pages"]
    if wanted > len(pages) or (wanted and not pages):
        raise BadRequest(f"page {wanted} is not in this report: it has {len(pages)} pages")
    start = ((max(wanted, 1) - 1) // PAGES_PER_VIEW) * PAGES_PER_VIEW
    shown = pages[start : start + PAGES_PER_VIEW]
    views = [
        {"first": first + 1, "last": min(first + PAGES_PER_VIEW, len(pages)),
         "url": url(report_path(data["ref"]), {"q": q, "page": str(first + 1)}),
         "current": first == start}
        for first in range(0, len(pages), PAGES_PER_VIEW)
    ]  # fmt: skip
    return render(request, "report.html", details=data["details"], shown=shown, views=views,
                  words=data["words"], q=q, labels=FACET_LABELS, fields=SHOW_FIELDS,
                  sections=data["sections"], ref=data["ref"], refs=data["refs"],
                  nav="browse")  # fmt: skip


def load_report(catalog: Catalog, ref: int | str, q: str) -> dict[str, Any]:
    id_ = resolve_report(catalog, ref)
    details = catalog.report_details(str(id_))
    words: list[str] = []
    if q:
        corrections = catalog.search(q, limit=1).corrections
        words = [corrections.get(word.casefold(), word) for word in query_words(q)]
    sections = catalog.sections(str(id_))
    refs = {other["id"]: public_ref(catalog, other["id"]) for other in details["companions"]}
    return {"details": details, "pages": catalog.pages(id_), "words": words,
            "sections": sections, "ref": public_ref(catalog, id_), "refs": refs}  # fmt: skip


async def viewer(request: Request) -> HTMLResponse:
    """pdf.js at `#page=N&search=words`; a link to the browser's own viewer without it."""
    ref = report_ref(request.path_params["report_id"])
    found = await pool(request).run(
        lambda catalog: catalog.find_report(str(resolve_report(catalog, ref)))
    )
    return render(request, "viewer.html", report=found, ref=found.public_id or found.id,
                  nav="browse")  # fmt: skip


async def stats(request: Request) -> HTMLResponse:
    figures = await pool(request).run(lambda catalog: catalog.stats())
    charts = []
    for kind in STATS_KINDS:
        counts = figures["by"][kind]
        charts.append((kind, FACET_LABELS[kind], counts, max(counts.values(), default=0)))
    return render(request, "stats.html", figures=figures, charts=charts, nav="stats")
