"""A report's structure in the catalogue (schema m007): its outline (`sections`), each page's
kind and running header and footer, and a publication date read from its text. A mixin of
Store, as health.py is; writes run inside the caller's `transaction()`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .page_text import unpack

if TYPE_CHECKING:  # sqlite-utils is imported where a write needs it (store/lite.py)
    from sqlite_utils import Database

    from ..models import PageText, ReportStructure, Section

SECTION_COLUMNS = "level, title, first_page, last_page, source"


class StructureStore:
    db: Database

    def pages(self, report_id: int) -> list[PageText]:
        """The report's pages, text verbatim, with their kinds and furniture."""
        from ..models import PageText  # here: the records of extraction, not a search's

        rows = self.db.execute(
            """select page_no, text, error, kind, furniture_head, furniture_tail from pages
               where report_id = ? order by page_no""",
            [report_id],
        )
        return [PageText(number, unpack(text), error, kind=kind, furniture=(head, tail))
                for number, text, error, kind, head, tail in rows.fetchall()]  # fmt: skip

    def sections(self, report_id: int) -> list[Section]:
        """The report's outline in reading order (an empty list if none was found)."""
        from ..models import Section

        rows = self.db.execute(
            f"select {SECTION_COLUMNS} from sections where report_id = ? order by id",
            [report_id],
        )
        return [Section(*row) for row in rows.fetchall()]

    def section_titles(self) -> list[str]:
        """Every distinct heading in the catalogue (what `section:cost` is matched against)."""
        rows = self.db.execute("select distinct title from sections order by title")
        return [str(title) for (title,) in rows.fetchall()]

    def replace_sections(self, report_id: int, sections: list[Section]) -> None:
        self.db.execute("delete from sections where report_id = ?", [report_id])
        self.db.conn.executemany(
            f"insert into sections (report_id, {SECTION_COLUMNS}) values (?, ?, ?, ?, ?, ?)",
            [(report_id, s.level, s.title, s.first_page, s.last_page, s.source)
             for s in sections],
        )  # fmt: skip

    def page_kinds(self, report_id: int) -> dict[int, str]:
        """Page number -> kind, for the report's pages that are not body."""
        sql = "select page_no, kind from pages where report_id = ? and kind != 'body'"
        return dict(self.db.execute(sql, [report_id]).fetchall())

    def update_page_structure(self, report_id: int, structure: ReportStructure) -> int:
        """Kinds and furniture of a stored report's pages (reindex); only the pages that
        change are written, since each write reindexes the page. Returns how many."""
        rows = self.db.execute(
            """select page_no, kind, furniture_head, furniture_tail from pages
               where report_id = ?""",
            [report_id],
        ).fetchall()
        changed = []
        for page_no, kind, head, tail in rows:
            new_kind = structure.kinds.get(page_no, "body")
            new_head, new_tail = structure.furniture.get(page_no, (0, 0))
            if (kind, head, tail) != (new_kind, new_head, new_tail):
                changed.append((new_kind, new_head, new_tail, report_id, page_no))
        self.db.conn.executemany(
            """update pages set kind = ?, furniture_head = ?, furniture_tail = ?
               where report_id = ? and page_no = ?""",
            changed,
        )
        return len(changed)

    def set_text_date(self, report_id: int, date: str | None) -> bool:
        """A date read from the text, for a report whose metadata holds none (or whose date
        came from the text before). Returns whether it changed."""
        cursor = self.db.execute(
            """update reports set created = ?, date_source = ? where id = ?
               and (created is null or date_source = 'text') and created is not ?""",
            [date, "text" if date else None, report_id, date],
        )
        return bool(cursor.rowcount)
