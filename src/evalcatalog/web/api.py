"""The JSON API under /api/ and the downloads, in the shapes the CLI prints: `search --json`
and its CSV, `export --format json|csv`, `show --json`, `stats --json`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..catalog import Catalog
from ..models import TAG_KINDS, SearchResult
from ..output import to_csv, to_json
from . import search_page
from .params import BadRequest, NotFound, report_ref, search_params
from .pool import CatalogPool

SEARCH_CSV_COLUMNS = ("rank", "report_id", "title", "path", "score", "typos", *TAG_KINDS,
                      "pages", "sections", "snippet", "highlights")  # fmt: skip
# (the CLI's `search --csv`; tests/test_web.py checks the two stay the same)

JSON_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_response(value: Any, status: int = 200, download: str | None = None) -> Response:
    """The CLI's JSON, with <, > and & as \\u escapes (the same strings to a program), so text
    from a PDF cannot be markup even to something that sniffs the response as HTML."""
    text = to_json(value).translate(JSON_MARKUP)
    headers = {"Content-Disposition": f'attachment; filename="{download}"'} if download else None
    return Response(text + "\n", status, headers, "application/json")


def csv_response(text: str, download: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{download}"'}
    return Response(text, 200, headers, "text/csv; charset=utf-8")


def pool(request: Request) -> CatalogPool:
    pool_: CatalogPool = request.app.state.pool
    return pool_


async def run_search(request: Request) -> SearchResult:
    params = search_params(request.query_params)
    if params.empty:
        raise BadRequest("nothing to search for: add q=words, or a filter such as theme=...")
    return await pool(request).run(lambda catalog: search_page.run_search(catalog, params))


async def search_dict(request: Request) -> dict[str, Any]:
    """`search --json`'s shape, each hit's public id beside its integer id."""
    params = search_params(request.query_params)
    if params.empty:
        raise BadRequest("nothing to search for: add q=words, or a filter such as theme=...")

    def found(catalog: Catalog) -> dict[str, Any]:
        data = search_page.run_search(catalog, params).to_dict()
        summary = search_page.catalogue_summary(catalog)
        data["hits"] = [
            {"report_id": hit["report_id"], "public_id": summary.public.get(hit["report_id"]),
             **hit}
            for hit in data["hits"]
        ]  # fmt: skip
        return data | {"no_text_layer": summary.no_text_layer}

    return await pool(request).run(found)


async def api_search(request: Request) -> Response:
    return json_response(await search_dict(request))


async def search_json(request: Request) -> Response:
    return json_response(await search_dict(request), download="search.json")


async def search_csv(request: Request) -> Response:
    result = await run_search(request)
    return csv_response(to_csv(search_rows(result), SEARCH_CSV_COLUMNS), "search.csv")


def search_rows(result: SearchResult) -> list[dict[str, Any]]:
    """A row per hit, as `evalcatalog search --csv` writes them."""
    rows = []
    for rank, hit in enumerate(result.hits, start=1):
        first = hit.pages[0] if hit.pages else None
        row: dict[str, Any] = {
            "rank": rank, "report_id": hit.report_id, "title": hit.title,
            "path": hit.path or "", "score": hit.score, "typos": hit.typos,
            "pages": [page.page for page in hit.pages],
            "sections": [page.section or "" for page in hit.pages],
            "snippet": first.text if first else "",
            "highlights": [f"{a}-{b}" for a, b in first.highlights] if first else [],
        }  # fmt: skip
        row.update({kind: hit.tags.get(kind, []) for kind in TAG_KINDS})
        rows.append(row)
    return rows


def tag_filters(request: Request) -> dict[str, str]:
    """`?theme=...&type=...` for /api/reports: one value per kind, as `list` takes them."""
    return {
        kind: request.query_params[kind] for kind in TAG_KINDS if request.query_params.get(kind)
    }


async def api_reports(request: Request) -> Response:
    tags = tag_filters(request)
    reports = await pool(request).run(lambda catalog: catalog.reports(tags))
    return json_response([report.to_dict() for report in reports])


async def reports_download(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "json"):
        raise NotFound(f"there is no reports.{fmt[:20]}: download reports.csv or reports.json")
    text = await pool(request).run(lambda catalog: catalog.export(fmt))
    if fmt == "csv":
        return csv_response(text, "reports.csv")
    return Response(text, 200, {"Content-Disposition": 'attachment; filename="reports.json"'},
                    "application/json")  # fmt: skip


async def api_report(request: Request) -> Response:
    ref = report_ref(request.path_params["report_id"])
    details = await pool(request).run(
        lambda catalog: catalog.report_details(str(search_page.resolve_report(catalog, ref)))
    )
    return json_response(details)


async def api_stats(request: Request) -> Response:
    return json_response(await pool(request).run(lambda catalog: catalog.stats()))


async def stats_json(request: Request) -> Response:
    figures = await pool(request).run(lambda catalog: catalog.stats())
    return json_response(figures, download="stats.json")


async def api_index(request: Request) -> Response:
    return json_response({
        "search": "/api/search?q=WORDS[&theme=&intervention=&force=&topic=&type=&year=&limit=]",
        "reports": "/api/reports[?theme=&intervention=&force=&topic=&type=]",
        "report": "/api/reports/{id}",
        "stats": "/api/stats",
    })  # fmt: skip
