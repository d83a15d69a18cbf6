"""The search index and the typo vocabulary stay in step with every way the catalogue changes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPORTS
from pdfs import make_pdf
from sqlite_utils import Database

from evalcatalog import Catalog, IngestOptions, TermMatch
from evalcatalog.cli import cli
from evalcatalog.store import Store, open_store, search_index
from evalcatalog.store.migrations import migrations
from evalcatalog.store.page_text import register
from evalcatalog.store.search_index import (
    CHUNK_SPAN,
    FTS_TABLES,
    MAX_SEGMENTS,
    MAX_SEGMENTS_MERGED,
    segment_count,
)


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


# --- long reports: a row per 100 pages ------------------------------------------------------


def long_pages(count: int, words: dict[int, str]) -> list[str]:
    """`count` pages of filler, with words[n] added to page n."""
    return [
        f"Page {n} of the long evaluation. {words.get(n, '')}".strip() for n in range(1, count + 1)
    ]


def chunk_rows(catalog: Catalog) -> list[tuple[int, str, str, int]]:
    """(chunk, title, tags, body length) of every report_search row, by rowid."""
    sql = "select chunk, title, tags, length(body) from report_search_text order by id"
    return [tuple(row) for row in catalog.store.db.execute(sql).fetchall()]


@pytest.fixture
def long_catalog(tmp_path: Path) -> Iterator[tuple[Catalog, Path]]:
    """A 250-page report with quokka only on page 5 and axolotl only on page 230, beside a short
    one with quokka alone and three others."""
    folder = tmp_path / "pdfs"
    long = make_pdf(folder / "long.pdf", long_pages(250, {5: "quokka", 230: "axolotl"}),
                    title="Long review")  # fmt: skip
    make_pdf(folder / "short.pdf", ["A quokka, and nothing else."], title="Short note")
    for n in range(3):  # so that quokka and axolotl are rare enough to rank by
        make_pdf(folder / f"other-{n}.pdf", ["Nothing to see."], title=f"Other {n}")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, folder)
        yield catalog, long


def long_id(catalog: Catalog) -> int:
    return next(report.id for report in catalog.reports() if report.title == "Long review")


def test_a_long_report_is_a_row_per_100_pages_with_title_and_tags_in_the_first(
    long_catalog: tuple[Catalog, Path],
) -> None:
    catalog, _ = long_catalog
    report_id = long_id(catalog)
    catalog.tag(str(report_id), add=["intervention:cirv"])
    rows = catalog.store.db.execute(
        "select id, chunk, title, tags from report_search where report_id = ? order by id",
        [report_id],
    ).fetchall()
    cirv = "Community initiative to reduce violence (CIRV)"
    assert [tuple(row) for row in rows] == [
        (report_id * CHUNK_SPAN, 0, "Long review", cirv),
        (report_id * CHUNK_SPAN + 1, 1, "", ""),
        (report_id * CHUNK_SPAN + 2, 2, "", ""),
    ]
    body = "select body from report_search_text where id = ?"  # the pages' text (m012)
    [text] = catalog.store.db.execute(body, [report_id * CHUNK_SPAN + 2]).fetchone()
    assert text == "\n".join(long_pages(250, {230: "axolotl"})[200:])
    assert catalog.rebuild_index()["reports"] == 5


def test_words_on_pages_far_apart_find_a_long_report_and_both_pages(
    long_catalog: tuple[Catalog, Path],
) -> None:
    catalog, _ = long_catalog
    result = catalog.search("quokka axolotl", explain=True)
    assert (result.total, [hit.title for hit in result.hits]) == (1, ["Long review"])
    [hit] = result.hits
    assert hit.score > 0
    assert [page.page for page in hit.pages] == [230, 5]  # the rarer word's page first
    assert hit.matches == [
        TermMatch("quokka", "quokka", 0, "text", 5),
        TermMatch("axolotl", "axolotl", 0, "text", 230),
    ]
    assert titles(catalog, "quokka") == ["Short note", "Long review"]  # the shorter text first
    assert titles(catalog, "axolotl") == ["Long review"]


def test_words_in_different_chunks_of_long_reports_past_the_one_by_one_checks(
    long_catalog: tuple[Catalog, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_CHUNK_CHECKS long reports, groups found in no one chunk are matched group by
    group: the same answer as checking the long report on its own."""
    from evalcatalog.search import rank

    catalog, _ = long_catalog
    monkeypatch.setattr(rank, "MAX_CHUNK_CHECKS", 0)
    result = catalog.search("quokka axolotl")
    assert (result.total, [hit.title for hit in result.hits]) == (1, ["Long review"])
    assert [page.page for page in result.hits[0].pages] == [230, 5]
    assert catalog.search("quokka axolotl zebra").total == 0


def test_an_excluded_word_anywhere_in_a_long_report_leaves_it_out(
    long_catalog: tuple[Catalog, Path],
) -> None:
    catalog, _ = long_catalog
    assert catalog.search("-quokka axolotl").total == 0
    assert titles(catalog, "evaluation -axolotl") == []  # every page says "evaluation"
    assert titles(catalog, "quokka -axolotl") == ["Short note"]
    assert titles(catalog, "nothing -quokka") == ["Other 2", "Other 1", "Other 0"]
    catalog.tag(str(long_id(catalog)), add=["intervention:cirv"])
    assert titles(catalog, "intervention:cirv -axolotl") == []
    assert titles(catalog, "intervention:cirv -zebra") == ["Long review"]
    result = catalog.search("axolotk quokka")  # ("axolotll" would be a form: same stem)
    assert (result.corrections, [hit.title for hit in result.hits]) == (
        {"axolotk": "axolotl"}, ["Long review"])  # fmt: skip


def test_retagging_rewrites_the_first_chunk_only_and_only_when_it_changes(
    long_catalog: tuple[Catalog, Path],
) -> None:
    catalog, _ = long_catalog
    db = catalog.store.db
    db.execute("create temp table written (chunk integer)")
    for event in ("insert", "update", "delete"):
        row = "old" if event == "delete" else "new"
        db.execute(f"""create temp trigger written_{event} after {event} on main.report_search
                       begin insert into written values ({row}.chunk); end""")  # fmt: skip
    report = str(long_id(catalog))
    catalog.tag(report, add=["intervention:cirv"])
    assert db.execute("select chunk from written").fetchall() == [(0,)]
    db.execute("delete from written")
    catalog.tag(report, add=["intervention:cirv"])  # nothing changes
    assert db.execute("select chunk from written").fetchall() == []


def test_a_report_that_shrinks_loses_its_last_chunks(
    long_catalog: tuple[Catalog, Path], tmp_path: Path
) -> None:
    catalog, long = long_catalog
    make_pdf(long, long_pages(120, {5: "quokka"}), title="Long review")
    ingest(catalog, tmp_path / "pdfs")
    report_id = long_id(catalog)
    chunks = "select chunk from report_search where report_id = ? order by chunk"
    assert catalog.store.db.execute(chunks, [report_id]).fetchall() == [(0,), (1,)]
    assert titles(catalog, "axolotl") == []
    long.unlink()
    ingest(catalog, tmp_path / "pdfs", prune=True)
    assert catalog.store.db.execute(chunks, [report_id]).fetchall() == []
    assert [row[:2] for row in chunk_rows(catalog)] == [
        (0, "Other 0"), (0, "Other 1"), (0, "Other 2"), (0, "Short note")]  # fmt: skip
    assert catalog.store.index_problems() == []
    assert catalog.store.consistency_problems() == []
    result = CliRunner().invoke(cli, ["check", "--db", catalog.path])
    assert (result.exit_code, result.output) == (
        0, "OK: 4 reports, 4 pages, 4 files checked; search index and database sound\n"
    )  # fmt: skip


# --- m005: an m004 catalogue of the shipped reports, upgraded ----------------------------------

SHIPPED_QUERIES = [
    "stalking", "knife crime", "young people -police", "mentoring schools", "custdy",
    "evaluation", "intervention:cirv violence", '"key findings" -divan', "domestic abuse victims",
]  # fmt: skip


@pytest.fixture(scope="module")
def shipped(shipped_db: str) -> Path:
    """The shipped reports catalogued as a new catalogue is (conftest)."""
    if len(list(REPORTS.glob("*.pdf"))) != 19:
        pytest.skip("reports/ does not hold the 19 PDFs yet")
    return Path(shipped_db)


def make_m004_catalogue(source: Path, path: Path) -> None:
    """`source`'s reports in a catalogue at m004, whose migration indexed them as it did, its
    pages' text plain, as versions before m013 stored it."""
    conn = sqlite3.connect(path)
    register(conn)  # page_text() reads the source's packed pages
    db = Database(conn)
    migrations.apply(db, stop_before="m004_report_search")
    db.execute("attach database ? as source", [str(source)])
    for table in ("reports", "report_paths", "pages", "report_versions", "tags", "report_tags"):
        names = list(db.table(table).columns_dict)
        columns = ", ".join(names)
        chosen = ", ".join("page_text(text)" if name == "text" else name for name in names)
        db.execute(f"insert into main.{table} ({columns}) select {chosen} from source.{table}")
    db.conn.commit()
    db.execute("detach database source")
    migrations.apply(db, stop_before="m005_report_search_chunks")
    db.close()


def outcome(catalog: Catalog, query: str) -> tuple[Any, ...]:
    result = catalog.search(query, limit=20)
    hits = [(hit.report_id, hit.score, [page.page for page in hit.pages]) for hit in result.hits]
    return result.total, result.corrections, hits


def test_upgrading_an_m004_catalogue_keeps_its_rows_and_search_results(
    shipped: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    make_m004_catalogue(shipped, old)
    sql = "select report_id, title, tags, body from report_search order by report_id"
    with sqlite3.connect(old) as conn:
        before = conn.execute(sql).fetchall()
        assert len(before) == 19
    with Catalog(str(old)) as upgraded, Catalog(str(shipped)) as fresh:
        db = upgraded.store.db
        text_sql = sql.replace("from report_search", "from report_search_text")  # m012
        assert db.execute(text_sql).fetchall() == before  # none over 100 pages: one chunk each
        assert db.execute("select count(*) from report_search where chunk > 0").fetchone() == (0,)
        upgraded.reindex()  # structure (m007): running headers out of the index, as at ingest
        for query in SHIPPED_QUERIES:
            assert outcome(upgraded, query) == outcome(fresh, query), query
        assert outcome(upgraded, "stalking")[0] > 0
        assert upgraded.store.index_problems() == []


def segments(catalog: Catalog) -> dict[str, int]:
    conn = catalog.store.db.conn
    return {table: segment_count(conn, table) for table in FTS_TABLES}


@pytest.mark.parametrize("full_merge", [False, True], ids=["levels", "all-in-one"])
def test_an_ingest_ends_with_few_segments_and_merging_them_changes_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_merge: bool
) -> None:
    """The run's new segments are merged with one another; everything into one only if that
    leaves more than MAX_SEGMENTS_MERGED (forced here by setting it to 0)."""
    folder = tmp_path / "pdfs"
    for number in range(12):
        words = f"report {number} custody diversion stalking zebra{number}"
        make_pdf(folder / f"r{number:02d}.pdf", [words, f"page two of {number}"])
    queries = ["custody", "zebra7", "zebra17", "stalkng", '"page two"', "divers*", "zebra"]
    with Catalog(str(tmp_path / "c.db")) as catalog:
        conn = catalog.store.db.conn
        for table in FTS_TABLES:  # no merging as it goes: a segment per report's commit
            conn.execute(f"insert into {table} ({table}, rank) values ('automerge', 0)")
        ingest(catalog, folder)  # one run: it ends by merging
        assert max(segments(catalog).values()) <= MAX_SEGMENTS
        with monkeypatch.context() as patch:  # runs that leave their segments unmerged
            patch.setattr(Store, "refresh_search", lambda *args, **kwargs: None)
            for number in range(12, 18):
                make_pdf(folder / f"r{number:02d}.pdf", [f"report {number} zebra{number}"])
                ingest(catalog, folder)
        unmerged = segments(catalog)
        assert min(unmerged.values()) > MAX_SEGMENTS
        if full_merge:
            monkeypatch.setattr(search_index, "MAX_SEGMENTS_MERGED", 0)
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        catalog.store.refresh_search(force=True)
        conn.set_trace_callback(None)
        merged = segments(catalog)
        assert any("'optimize'" in sql for sql in statements) == full_merge
        assert all(merged[table] < unmerged[table] for table in FTS_TABLES)
        assert max(merged.values()) <= (1 if full_merge else MAX_SEGMENTS_MERGED)
        assert catalog.store.index_problems() == []
        answers = {query: catalog.search(query).to_dict() for query in queries}
        assert answers["zebra17"]["total"] == 1  # from a run whose segments were left
        for table in FTS_TABLES:  # all in one segment: the same answers
            conn.execute(f"insert into {table} ({table}) values ('optimize')")
        assert set(segments(catalog).values()) == {1}
        assert {query: catalog.search(query).to_dict() for query in queries} == answers


def vocabulary_rows(catalog: Catalog) -> tuple[list[tuple[object, ...]], ...]:
    db = catalog.store.db
    return (
        [tuple(row) for row in db.execute("select * from vocabulary order by term").fetchall()],
        [tuple(row) for row in db.execute("select * from vocabulary_buckets order by 1, 2")],
    )


def test_a_manual_tag_keeps_the_vocabulary_current_as_a_rebuild_would(tmp_path: Path) -> None:
    make_pdf(tmp_path / "pdfs" / "a.pdf", ["Nothing about it here."], title="Plain")
    make_pdf(tmp_path / "pdfs" / "b.pdf", ["A zebra crossing, nothing more."], title="Other")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, tmp_path / "pdfs")
        plain = next(report for report in catalog.reports() if report.title == "Plain")
        assert catalog.search("initiatve").corrections == {}  # no such word yet
        for change in ({"add": ["intervention:cirv"]}, {"reset": ["intervention:cirv"]},
                       {"add": ["topic:knife crime", "intervention:cirv"]}):  # fmt: skip
            catalog.tag(str(plain.id), **change)
            assert catalog.store.vocabulary_current()
            incremental = vocabulary_rows(catalog)
            catalog.store.refresh_search(force=True)
            assert vocabulary_rows(catalog) == incremental
        result = catalog.search("initiatve")  # from "Community initiative to reduce violence"
        assert result.corrections == {"initiatve": "initiative"}
        assert [hit.title for hit in result.hits] == ["Plain"]


def test_a_stale_vocabulary_stays_stale_after_a_manual_tag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tagging refreshes only the words it can move: it cannot vouch for the rest."""
    make_pdf(tmp_path / "pdfs" / "a.pdf", ["Nothing about it here."], title="Plain")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        with monkeypatch.context() as patch:
            patch.setattr(Store, "refresh_search", lambda *args, **kwargs: None)
            ingest(catalog, tmp_path / "pdfs")
        assert not catalog.store.vocabulary_current()
        catalog.tag(str(catalog.reports()[0].id), add=["intervention:cirv"])
        assert not catalog.store.vocabulary_current()


def test_retag_leaves_the_vocabulary_current(tmp_path: Path) -> None:
    make_pdf(tmp_path / "pdfs" / "a.pdf", ["Custody and diversion: DIVERT."], title="Plain")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, tmp_path / "pdfs")
        with catalog.store.transaction():  # as if the rules had tagged it otherwise
            catalog.store.replace_rule_tags(catalog.reports()[0].id, [])
        assert not catalog.store.vocabulary_current()
        catalog.retag()
        assert catalog.store.vocabulary_current()
        assert catalog.search("diversoin").corrections == {"diversoin": "diversion"}


def test_m012_with_a_flush_pending_then_compacted(shipped: Path, tmp_path: Path) -> None:
    """m012 on a catalogue whose index lags a page change: that report leaves the index and
    the next flush indexes it from its pages; `upgrade --compact` gives the freed text back."""
    old = tmp_path / "old.db"
    make_m004_catalogue(shipped, old)
    db = Database(sqlite3.connect(old))
    migrations.apply(db, stop_before="m012_report_text_once")
    [(first, title)] = db.execute("select id, title from reports order by id limit 1").fetchall()
    db.execute("update pages set text = 'Wombat burrows.' where report_id = ? and page_no = 1",
               [first])  # fmt: skip
    db.conn.commit()
    assert db.execute("select report_id from search_dirty").fetchall() == [(first,)]
    db.close()
    size = old.stat().st_size
    result = CliRunner().invoke(cli, ["upgrade", "--db", str(old), "--compact"])
    assert result.exit_code == 0, result.output
    assert "m012_report_text_once" in result.output and "Compacted" in result.output
    assert old.stat().st_size < size * 0.8  # the report index's copy of the text is gone
    with Catalog(str(old)) as catalog:
        assert titles(catalog, "wombat") == [title]
        assert outcome(catalog, "stalking")[0] > 0
        assert catalog.store.index_problems() == []
