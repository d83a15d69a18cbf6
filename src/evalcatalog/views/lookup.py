"""One report: finding it by any reference (`show`, `tag`, the web app), and all `show` prints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import NotFoundError
from ..models import Report
from ..store import Store
from ..store import releases as release_records
from .details import find_report_ids, report_details, title_matches


def find_report(store: Store, ref: str, every_report: Callable[[], list[Report]]) -> Report:
    """One report by id, public id, file name, path or words of its title; NotFoundError
    listing the candidates if none or several match. An exact id, file name or path always
    wins over words of a title; `every_report` is asked only when words must decide."""
    public = release_records.report_id_for_public_id(store, ref)
    ids = [public] if public is not None else find_report_ids(store.report_refs(), ref)
    if len(ids) == 1:
        return store.reports(ids)[0]
    candidates = store.reports(ids) if ids else title_matches(every_report(), ref)
    if not candidates:
        raise NotFoundError(
            f"no report matches {ref!r}: give an id, file name, path or words of its "
            "title (see evalcatalog list)"
        )
    if len(candidates) > 1:
        listed = "; ".join(f"{report.id}: {report.title}" for report in candidates[:8])
        raise NotFoundError(f"{ref!r} matches {len(candidates)} reports ({listed}): "
                            "give the id of one")  # fmt: skip
    return candidates[0]


def full_details(store: Store, report: Report) -> dict[str, Any]:
    """All `show` prints: fields, paths, tags with reasons, failed pages, earlier versions,
    companions, sections, page kinds other than body, and provenance."""
    details = report_details(store, report)
    details["sections"] = [section.to_dict() for section in store.sections(report.id)]
    kinds = store.page_kinds(report.id)  # {"references": [78], ...}: not body
    details["page_kinds"] = {k: [n for n, kind in kinds.items() if kind == k]
                             for k in sorted(set(kinds.values()))}  # fmt: skip
    details["provenance"] = [
        item.to_dict() for item in release_records.report_provenance(store, report.id)
    ]
    return details
