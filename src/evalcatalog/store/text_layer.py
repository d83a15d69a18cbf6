"""Pages without a text layer (scans) and the text OCR read from them (schema m009). A mixin of
Store, as health.py is; writes run inside the caller's `transaction()`.

A page is "without text" when ingest found images on it but no text (`no_text_layer`), and
search cannot see it until OCR has given it text (`source` 'ocr')."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .id_lists import in_ids
from .page_text import pack, unpack

if TYPE_CHECKING:  # sqlite-utils is imported where a write needs it (store/lite.py)
    from sqlite_utils import Database

    from ..models import PageText

# Scans search cannot see: no text layer, and no OCR text either.
UNREAD = "no_text_layer = 1 and (source is null or text = '')"


def _ids(report_ids: Iterable[int] | None) -> tuple[str, list[str]]:
    if report_ids is None:
        return "", []
    sql, params = in_ids("report_id", report_ids)
    return f" and {sql}", params


class TextLayerStore:
    db: Database

    def unread_pages(self, report_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
        """Pages search cannot see (scans not yet OCR'd), by report: {report_id: [page_no]}."""
        where, params = _ids(report_ids)
        rows = self.db.execute(
            f"select report_id, page_no from pages where {UNREAD}{where} order by 1, 2", params
        )
        found: dict[int, list[int]] = {}
        for report_id, page_no in rows.fetchall():
            found.setdefault(int(report_id), []).append(int(page_no))
        return found

    def unread_summary(self) -> dict[str, Any]:
        """How many pages, in how many reports, search cannot see; and those reports."""
        rows = self.db.execute(
            """select r.id, r.title, count(*) from pages p join reports r on r.id = p.report_id
                where p.no_text_layer = 1 and (p.source is null or p.text = '')
                group by r.id order by r.title collate nocase, r.id"""
        ).fetchall()
        reports = [{"id": int(i), "title": t, "pages": int(n)} for i, t, n in rows]
        return {"pages": sum(r["pages"] for r in reports), "reports": reports}

    def unread_counts(self) -> dict[str, int]:
        """How many pages search cannot see, and in how many reports (search --json's
        `no_text_layer`, as ingest --json counts a run's)."""
        sql = f"select count(*), count(distinct report_id) from pages where {UNREAD}"
        pages, reports = self.db.execute(sql).fetchone()
        return {"pages": int(pages), "reports": int(reports)}

    def engine_of(self, report_id: int) -> str | None:
        """The engine that read the report (None: read before m009 recorded it)."""
        row = self.db.execute("select engine from reports where id = ?", [report_id]).fetchone()
        return None if row is None else row[0]

    def ocr_page_count(self, report_id: int) -> int:
        sql = "select count(*) from pages where report_id = ? and source = 'ocr'"
        return int(self.db.execute(sql, [report_id]).fetchone()[0])

    def paths_of(self, report_ids: Iterable[int]) -> dict[int, list[str]]:
        """Each report's catalogued paths, present ones first."""
        where, params = _ids(report_ids)
        rows = self.db.execute(
            f"""select report_id, path from report_paths where true{where}
                order by missing_since is not null, path""",
            params,
        )
        paths: dict[int, list[str]] = {}
        for report_id, path in rows.fetchall():
            paths.setdefault(int(report_id), []).append(path)
        return paths

    def set_ocr_text(self, report_id: int, pages: Iterable[PageText]) -> int:
        """OCR's text in place of the pages' (empty) text; the report's word count follows.
        Returns the words added. The page index and the report's search rows follow through
        their triggers."""
        added = 0
        for page in pages:
            old = self.db.execute(
                "select text from pages where report_id = ? and page_no = ?",
                [report_id, page.number],
            ).fetchone()
            if old is None:
                continue
            added += len(page.text.split()) - len(unpack(old[0]).split())
            self.db.execute(
                """update pages set text = ?, source = 'ocr', confidence = ?, error = null
                   where report_id = ? and page_no = ?""",
                [pack(page.text), page.confidence, report_id, page.number],
            )
        self.db.execute(
            "update reports set word_count = word_count + ? where id = ?", [added, report_id]
        )
        return added
