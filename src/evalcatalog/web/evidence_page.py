"""The Evidence page: the map (interventions x EMMIE's dimensions) as a table whose cells link
to that intervention's sections and sentences, each sentence linking to its PDF page; and its
JSON twin, /evidence.json, in the shapes of `evalcatalog evidence --json`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..catalog import Catalog
from .api import json_response
from .pages import render
from .params import BadRequest, int_param, search_params
from .pool import CatalogPool
from .render import url
from .search_page import catalogue_summary

MAX_SENTENCES = 20
DEFAULT_SENTENCES = 3


def evidence_params(request: Request) -> tuple[dict[str, list[str]], list[str], int]:
    """The filters (as the search page takes them), the interventions asked about, and how
    many sentences per dimension."""
    filters = search_params(request.query_params).filters
    names = filters.pop("intervention", [])
    if len(names) > 1:
        raise BadRequest("ask about one intervention at a time: give intervention= once")
    sentences = int_param(request.query_params, "sentences", DEFAULT_SENTENCES, 0, MAX_SENTENCES)
    return filters, names, sentences


def load_evidence(
    catalog: Catalog, filters: dict[str, list[str]], names: list[str], sentences: int
) -> dict[str, Any]:
    """The map of the reports the filters allow, and the intervention asked about if any."""
    evidence_map = catalog.evidence(**filters)
    details = [catalog.intervention_evidence(name, sentences=sentences, **filters)
               for name in names]  # fmt: skip
    public = catalogue_summary(catalog).public  # links name reports by their public ids
    return {"map": evidence_map, "details": details[0] if details else None, "public": public}


async def evidence(request: Request) -> HTMLResponse:
    filters, names, sentences = evidence_params(request)
    pool: CatalogPool = request.app.state.pool
    data = await pool.run(lambda catalog: load_evidence(catalog, filters, names, sentences))

    def link(name: str) -> str:
        return url("/evidence", {"intervention": name, **filters})

    json_link = url("/evidence.json", {"intervention": names, **filters})
    return render(request, "evidence.html", evidence_map=data["map"], details=data["details"],
                  link=link, json_link=json_link, public=data["public"],
                  nav="evidence")  # fmt: skip


async def evidence_json(request: Request) -> Response:
    filters, names, sentences = evidence_params(request)
    pool: CatalogPool = request.app.state.pool
    data = await pool.run(lambda catalog: load_evidence(catalog, filters, names, sentences))
    if data["details"] is not None:
        return json_response([data["details"].to_dict()])
    return json_response(data["map"].to_dict())
