"""The search index and the typo vocabulary stay in step with every way the catalogue changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pdfs import make_pdf
from sqlite_utils import Database

from evalcatalog import Catalog, IngestOptions
from evalcatalog.schema import migrations
from evalcatalog.store import open_store


def ingest(catalog: Catalog, folder: Path, prune: bool = False) -> None:
    catalog.ingest([str(folder)], IngestOptions(jobs=1, prune=prune))


def titles(catalog: Catalog, query: str) -> list[str]:
    return [hit.title for hit in catalog.search(query).hits]


def search_rows(catalog: Catalog) -> list[tuple[int, str, str]]:
    sql = "select report_id, title, tags from report_search order by report_id"
    return [tuple(row) for row in catalog.store.db.execute(sql).fetchall()]


def test_ingest_replace_and_prune_reach_the_index_and_vocabulary(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "pdfs" / "a.pdf", ["The zebra crossing."], title="Animals")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, tmp_path / "pdfs")
        assert titles(catalog, "zebra") == ["Animals"]
        make_pdf(pdf, ["A giraffe instead."], title="Animals")
        ingest(catalog, tmp_path / "pdfs")
        assert titles(catalog, "zebra") == []
        result = catalog.search("girafe")  # a word the last ingest brought in
        assert (result.corrections, [hit.title for hit in result.hits]) == (
            {"girafe": "giraffe"}, ["Animals"])  # fmt: skip
        pdf.unlink()
        ingest(catalog, tmp_path / "pdfs", prune=True)
        assert titles(catalog, "giraffe") == []
        assert search_rows(catalog) == []
        assert catalog.store.index_problems() == []


def test_tags_reach_the_index_even_through_an_upsert(tmp_path: Path) -> None:
    make_pdf(tmp_path / "pdfs" / "a.pdf", ["Nothing about it here."], title="Plain")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, tmp_path / "pdfs")
        [report] = catalog.reports()
        catalog.tag(str(report.id), add=["intervention:cirv"])
        assert search_rows(catalog) == [
            (report.id, "Plain", "Community initiative to reduce violence (CIRV)")
        ]
        assert titles(catalog, "community initiative") == ["Plain"]
        store = catalog.store
        with store.transaction():  # triggers note the report whatever the statement's policy
            for reason in ("once", "twice"):
                store.db.execute(
                    """insert into report_tags (report_id, tag_id, source, reason)
                       values (?, ?, 'manual', ?) on conflict(report_id, tag_id, source)
                       do update set reason = excluded.reason""",
                    [report.id, store.tag_id("topic", "Knife crime"), reason],
                )
        assert "Knife crime" in search_rows(catalog)[0][2]


def test_writes_outside_a_transaction_are_indexed_before_the_next_search(tmp_path: Path) -> None:
    make_pdf(tmp_path / "pdfs" / "a.pdf", ["First words."], title="Report")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, tmp_path / "pdfs")
        catalog.store.db.execute("update pages set text = ? where page_no = 1", ["Okapi."])
        assert titles(catalog, "okapi") == ["Report"]


def test_rebuild_index_repairs_a_damaged_index(tmp_path: Path) -> None:
    make_pdf(tmp_path / "pdfs" / "a.pdf", ["Stalking risk."], title="Report")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, tmp_path / "pdfs")
        db = catalog.store.db
        db.execute("insert into report_search_fts(report_search_fts) values ('delete-all')")
        db.execute("insert into pages_fts(pages_fts) values ('delete-all')")
        db.execute("delete from vocabulary")
        assert titles(catalog, "stalking") == []
        counts = catalog.rebuild_index()
        assert (counts["reports"], counts["pages"]) == (1, 1)
        assert counts["terms"] >= 3
        assert titles(catalog, "stalking") == ["Report"]
        assert catalog.search("risk stalkin").corrections == {}  # the last word: a prefix
        assert catalog.search("stalkin risk").corrections == {"stalkin": "stalking"}
        assert catalog.store.index_problems() == []


def test_migration_indexes_an_existing_catalogue(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m004_report_search")
    db.execute(
        """insert into reports (id, sha256, title, title_source, file_name, size_bytes,
           page_count, created) values (1, 'x', 'Old report', 'metadata', 'old.pdf', 1, 1,
           '2019-01-01')"""
    )
    db.execute("insert into pages (report_id, page_no, text) values (1, 1, 'Custody suites.')")
    db.conn.commit()
    db.close()
    open_store(path).close()
    with Catalog(path) as catalog:
        assert titles(catalog, "custody") == ["Old report"]
        assert catalog.search("custdy").corrections == {"custdy": "custody"}
