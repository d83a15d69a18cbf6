"""A report's PDF, served only from a path the catalogue recorded for it, and only while the
file there has the size and modification time ingest saw: the user never names a path, and a
file swapped since ingest is not served under the catalogue's name for it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import BinaryIO

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..catalog import Catalog
from .params import NotFound, report_ref
from .pool import CatalogPool
from .render import content_disposition
from .search_page import resolve_report

CHUNK = 64 * 1024


class FileChanged(NotFound):
    """The catalogued file is gone or no longer what was catalogued."""


def open_recorded(files: list[tuple[str, int, int]]) -> BinaryIO | None:
    """The first recorded file that is still as catalogued, opened; checked on the open file
    itself, so it cannot be swapped between the check and the read."""
    for path, size, mtime_ns in files:
        try:
            stream = open(path, "rb")  # noqa: SIM115  (closed by the response's iterator)
        except OSError:
            continue
        info = os.fstat(stream.fileno())
        if (info.st_size, info.st_mtime_ns) == (size, mtime_ns):
            return stream
        stream.close()
    return None


def chunks(stream: BinaryIO) -> Iterator[bytes]:
    with stream:
        while block := stream.read(CHUNK):
            yield block


def recorded_file(catalog: Catalog, ref: int | str) -> tuple[str, list[tuple[str, int, int]]]:
    report = catalog.find_report(str(resolve_report(catalog, ref)))
    return report.file_name, catalog.report_files(report.id)


async def report_pdf(request: Request) -> Response:
    ref = report_ref(request.path_params["report_id"])
    pool: CatalogPool = request.app.state.pool
    file_name, files = await pool.run(lambda catalog: recorded_file(catalog, ref))
    stream = open_recorded(files)
    if stream is None:
        raise FileChanged(
            "this report's file has changed or moved since it was catalogued: run "
            "`evalcatalog ingest` on its folder again, then reload this page"
        )
    size = os.fstat(stream.fileno()).st_size
    headers = {
        "Content-Disposition": content_disposition(file_name),
        "Content-Length": str(size),
        "Cache-Control": "no-cache",
    }
    return StreamingResponse(chunks(stream), 200, headers, "application/pdf")
