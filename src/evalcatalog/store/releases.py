"""Releases, release items, provenance, fetch state and public ids (m008): their SQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from ..models import PUBLIC_ID_PATTERN, TagMatch
from .database import Store
from .id_lists import ID_LIST, in_ids
from .records import now_iso

PAGE_SOURCE = "release page"  # the source of tags and titles taken from a release page
CHANGES = ("added", "revised", "re-extracted", "withdrawn", "restored")


@dataclass
class FetchState:
    """What the last request for a URL left behind."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    error: str | None = None
    attempts: int = 0
    body: str | None = None


@dataclass
class Provenance:
    """Where a report came from: one link on a release page."""

    url: str
    report_id: int | None
    page_url: str
    link_text: str
    title: str
    listed_size: str | None
    listed_bytes: int | None
    headings: list[str]
    file_path: str | None
    first_seen: str | None = None
    last_seen: str | None = None
    withdrawn_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_url": self.url,
            "link_text": self.link_text,
            "title": self.title,
            "listed_size": self.listed_size,
            "listed_bytes": self.listed_bytes,
            "headings": list(self.headings),
            "page_url": self.page_url,
            "file_path": self.file_path,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "withdrawn_at": self.withdrawn_at,
        }


PROVENANCE_COLUMNS = (
    "url, report_id, page_url, link_text, title, listed_size, listed_bytes, headings, file_path, "
    "first_seen, last_seen, withdrawn_at"
)


def provenance_from_row(row: tuple[Any, ...]) -> Provenance:
    url, report_id, page, text, title, size, size_bytes, headings, path, first, last, gone = row
    return Provenance(url, report_id, page, text, title, size, size_bytes,
                      json.loads(headings or "[]"), path, first, last, gone)  # fmt: skip


# --- fetch state ---------------------------------------------------------------------------


def fetch_state(store: Store, url: str) -> FetchState | None:
    row = store.db.execute(
        """select url, etag, last_modified, sha256, error, attempts, body from fetch_state
           where url = ?""",
        [url],
    ).fetchone()
    return FetchState(*row) if row else None


def save_fetch_ok(store: Store, state: FetchState) -> None:
    """A request that worked: its validators and hash; any earlier error is cleared."""
    store.db.execute(
        """insert into fetch_state (url, etag, last_modified, sha256, checked_at, error,
             error_at, attempts, body) values (?, ?, ?, ?, ?, null, null, 0, ?)
           on conflict(url) do update set etag = excluded.etag,
             last_modified = excluded.last_modified, sha256 = excluded.sha256,
             checked_at = excluded.checked_at, error = null, error_at = null, attempts = 0,
             body = excluded.body""",
        [state.url, state.etag, state.last_modified, state.sha256, now_iso(), state.body],
    )


def save_fetch_error(store: Store, url: str, reason: str) -> None:
    """A request that failed: its reason; the validators go, so the next run asks afresh."""
    now = now_iso()
    store.db.execute(
        """insert into fetch_state (url, checked_at, error, error_at, attempts)
           values (?, ?, ?, ?, 1)
           on conflict(url) do update set etag = null, last_modified = null,
             checked_at = excluded.checked_at, error = excluded.error,
             error_at = excluded.error_at, attempts = attempts + 1""",
        [url, now, reason, now],
    )


# --- provenance ------------------------------------------------------------------------------


def page_provenance(store: Store, page_url: str) -> list[Provenance]:
    sql = f"select {PROVENANCE_COLUMNS} from provenance where page_url = ? order by url"
    return [provenance_from_row(row) for row in store.db.execute(sql, [page_url]).fetchall()]


def page_provenance_for_url(store: Store, url: str) -> list[Provenance]:
    sql = f"select {PROVENANCE_COLUMNS} from provenance where url = ?"
    return [provenance_from_row(row) for row in store.db.execute(sql, [url]).fetchall()]


def provenance_for_file(store: Store, file_path: str, other_than_url: str) -> bool:
    """Whether another link's PDF already lives at `file_path`."""
    sql = "select 1 from provenance where file_path = ? and url != ? limit 1"
    return store.db.execute(sql, [file_path, other_than_url]).fetchone() is not None


def report_provenance(store: Store, report_id: int) -> list[Provenance]:
    sql = f"""select {PROVENANCE_COLUMNS} from provenance where report_id = ?
              order by withdrawn_at is not null, last_seen desc, url"""
    return [provenance_from_row(row) for row in store.db.execute(sql, [report_id]).fetchall()]


def save_provenance(store: Store, item: Provenance) -> None:
    """Record a link as seen now (first seen kept; a withdrawn one is back)."""
    now = now_iso()
    store.db.execute(
        """insert into provenance (url, report_id, page_url, link_text, title, listed_size,
             listed_bytes, headings, file_path, first_seen, last_seen, withdrawn_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)
           on conflict(url) do update set report_id = coalesce(excluded.report_id, report_id),
             page_url = excluded.page_url, link_text = excluded.link_text,
             title = excluded.title, listed_size = excluded.listed_size,
             listed_bytes = excluded.listed_bytes,
             headings = excluded.headings, file_path = coalesce(excluded.file_path, file_path),
             last_seen = excluded.last_seen, withdrawn_at = null""",
        [item.url, item.report_id, item.page_url, item.link_text, item.title, item.listed_size,
         item.listed_bytes, json.dumps(item.headings, ensure_ascii=False), item.file_path,
         now, now],
    )  # fmt: skip


def withdraw(store: Store, url: str) -> None:
    sql = "update provenance set withdrawn_at = ? where url = ? and withdrawn_at is null"
    store.db.execute(sql, [now_iso(), url])


def set_page_title(store: Store, report_id: int, title: str) -> None:
    """The link text is the best title a report can have; a search row follows (trigger)."""
    store.db.execute(
        """update reports set title = ?, title_source = ? where id = ?
           and (title is not ? or title_source is not ?)""",
        [title, PAGE_SOURCE, report_id, title, PAGE_SOURCE],
    )


def reapply_page_titles(store: Store) -> int:
    """After a re-read put a PDF's own title back: the page's link text wins again."""
    cursor = store.db.execute(
        """update reports set title_source = ?, title = (
             select p.title from provenance p where p.report_id = reports.id
             order by p.withdrawn_at is not null, p.last_seen desc limit 1)
           where title_source is not ? and id in (select report_id from provenance
             where report_id is not null and title is not null)""",
        [PAGE_SOURCE, PAGE_SOURCE],
    )
    return cursor.rowcount


def replace_page_tags(store: Store, report_id: int, matches: Iterable[TagMatch]) -> None:
    """A report's tags from the release page, beside its rule tags: a person's manual tags
    still win over them (effective_tags reads manual rows first)."""
    sql = "delete from report_tags where report_id = ? and source = ?"
    store.db.execute(sql, [report_id, PAGE_SOURCE])
    now = now_iso()
    rows = [
        (report_id, store.tag_id(m.kind, m.name), PAGE_SOURCE, m.reason, m.score,
         int(m.primary), now)
        for m in matches
    ]  # fmt: skip
    store.db.conn.executemany(
        """insert into report_tags (report_id, tag_id, source, reason, score, is_primary,
           removed, tagged_at) values (?, ?, ?, ?, ?, ?, 0, ?)""",
        rows,
    )


# --- public ids ---------------------------------------------------------------------------------


def report_id_for_public_id(store: Store, public_id: str) -> int | None:
    """The report with this public id; None for text that is not one (a file name, words of
    a title, or a name not even valid Unicode, as a Latin-1 file name reaches argv)."""
    wanted = public_id.strip().lower()
    if not PUBLIC_ID.fullmatch(wanted):
        return None
    row = store.db.execute("select id from reports where public_id = ?", [wanted]).fetchone()
    return int(row[0]) if row else None


PUBLIC_ID = re.compile(PUBLIC_ID_PATTERN)


def titles_and_public_ids(store: Store, report_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    sql = f"select id, title, coalesce(public_id, '') from reports where id in {ID_LIST}"
    rows = store.db.execute(sql, [json.dumps(list(report_ids))]).fetchall()
    return {report_id: (title, public_id) for report_id, title, public_id in rows}


def public_ids(store: Store, report_ids: Iterable[int]) -> dict[int, str]:
    sql = f"select id, public_id from reports where id in {ID_LIST}"
    return dict(store.db.execute(sql, [json.dumps(list(report_ids))]).fetchall())


# --- releases ------------------------------------------------------------------------------------


@dataclass
class ReleaseItem:
    report_id: int | None
    public_id: str | None
    title: str
    change: str  # added, revised, re-extracted, withdrawn, restored
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def start_release(store: Store, kind: str, source: str) -> int:
    """A release row for an ingest or fetch run (its own short transaction)."""
    with store.transaction():
        cursor = store.db.execute(
            "insert into releases (started_at, kind, source) values (?, ?, ?)",
            [now_iso(), kind, source],
        )
        return int(cursor.lastrowid or 0)


def finish_release(
    store: Store, release_id: int, items: list[ReleaseItem], summary: dict[str, Any]
) -> None:
    with store.transaction():
        store.db.conn.executemany(
            """insert into release_items (release_id, report_id, public_id, title, change,
               detail) values (?, ?, ?, ?, ?, ?)""",
            [(release_id, item.report_id, item.public_id, item.title, item.change, item.detail)
             for item in items],
        )  # fmt: skip
        store.db.execute(
            "update releases set finished_at = ?, summary = ? where id = ?",
            [now_iso(), json.dumps(summary, ensure_ascii=False), release_id],
        )


def release_rows(
    store: Store, since: str | None = None, release_id: int | None = None
) -> list[dict[str, Any]]:
    """Releases newest first, with their counts per change (unfinished ones left out)."""
    where = ["finished_at is not null"]
    params: list[Any] = []
    if since:
        where.append("started_at >= ?")
        params.append(since)
    if release_id is not None:
        where.append("id = ?")
        params.append(release_id)
    rows = store.db.execute(
        f"""select id, started_at, finished_at, kind, source, summary from releases
            where {" and ".join(where)} order by id desc""",
        params,
    ).fetchall()
    keys = ("id", "started_at", "finished_at", "kind", "source", "summary")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def release_items(store: Store, release_ids: Iterable[int]) -> dict[int, list[ReleaseItem]]:
    ids = list(release_ids)
    if not ids:
        return {}
    where, params = in_ids("release_id", ids)
    rows = store.db.execute(
        f"""select release_id, report_id, public_id, title, change, detail from release_items
            where {where} order by release_id, id""",
        params,
    ).fetchall()
    items: dict[int, list[ReleaseItem]] = {}
    for release_id, *rest in rows:
        items.setdefault(release_id, []).append(ReleaseItem(*rest))
    return items


def latest_release_id(store: Store) -> int | None:
    sql = "select max(id) from releases where finished_at is not null"
    row = store.db.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def first_release_start(store: Store) -> str:
    row = store.db.execute("select min(started_at) from releases").fetchone()
    return str(row[0] or "")


def source_urls(store: Store, report_ids: Iterable[int]) -> dict[int, str]:
    """Each report's current source URL on a release page (a listed link first)."""
    rows = store.db.execute(
        f"""select report_id, url from provenance where report_id in {ID_LIST}
            order by withdrawn_at is not null desc, last_seen""",
        [json.dumps(list(report_ids))],
    ).fetchall()
    return dict(rows)  # later rows win: the listed, most recently seen link
