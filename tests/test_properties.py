"""Issue 7, hostile input everywhere: property tests (hypothesis) for the taxonomy loader, the
query parser and every command's options; a crafted regex rule cannot hang tagging; an
unexpected error is one line unless --debug; and no SQL statement interpolates a value."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rawpdf import simple_pdf

from evalcatalog import Catalog
from evalcatalog.cli import cli
from evalcatalog.errors import QueryError, TaxonomyError
from evalcatalog.models import PageText
from evalcatalog.search.query import Query, parse_query
from evalcatalog.tagging.tagger import REGEX_TIMEOUT, tag_report
from evalcatalog.tagging.taxonomy import (
    COMMON_KEYS,
    EXTRA_KEYS,
    MATCH_KINDS,
    SECTIONS,
    Taxonomy,
    default_taxonomy_path,
    load_taxonomy,
)
from evalcatalog.text import name_key


def entry_key(entry: dict[str, object]) -> str:
    return name_key(str(entry["name"]))


ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(deadline=None, suppress_health_check=list(HealthCheck))
TEXT = st.text(st.characters(codec="utf-8"), max_size=30)  # surrogates come in their own tests

# --- the taxonomy loader ---------------------------------------------------------------------


def load_text(text: str | bytes) -> Taxonomy | None:
    """load_taxonomy on a file holding `text`: a Taxonomy, or None after a TaxonomyError. Any
    other exception fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "taxonomy.toml"
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        try:
            return load_taxonomy(str(path))
        except TaxonomyError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc)
            return None


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else repr(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {toml_value(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def toml_document(document: dict[str, Any]) -> str:
    """Scalars first, then each list of tables as [[section]] blocks."""
    lines = [f"{key} = {toml_value(value)}" for key, value in document.items()
             if not is_tables(value)]  # fmt: skip
    for key, value in document.items():
        if is_tables(value):
            for table in value:
                lines += ["", f"[[{key}]]"]
                lines += [f"{name} = {toml_value(item)}" for name, item in table.items()]
    return "\n".join(lines) + "\n"


SCALARS = st.one_of(
    TEXT,
    st.sampled_from(["DIVERT", "Op Divan", "Knife crime", "  ", "", "x" * 300]),
    st.integers(-3, 300),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
)
PATTERNS = st.one_of(
    st.sampled_from(["(", "[a-", "(a+)+$", "\\", "a{99999}", "(?<=a+)b", "*", "x|", "(?P<x>"]),
    TEXT,
)
RULES = st.fixed_dictionaries(
    {},
    optional={
        "match": st.one_of(st.sampled_from(MATCH_KINDS), SCALARS),
        "pattern": st.one_of(PATTERNS, SCALARS),
        "case_sensitive": st.one_of(st.booleans(), SCALARS),
        "cutoff": st.one_of(st.integers(-5, 150), SCALARS),
        "unknown": SCALARS,
    },
)
ENTRY_KEYS = sorted(COMMON_KEYS | {key for keys in EXTRA_KEYS.values() for key in keys} | {"bad"})
ENTRIES = st.dictionaries(
    st.sampled_from(ENTRY_KEYS),
    st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.lists(RULES, min_size=1, max_size=3)),
    max_size=5,
)
DOCUMENTS = st.dictionaries(
    st.sampled_from([*SECTIONS, "extends", "themes", "unknown"]),
    st.one_of(st.lists(ENTRIES, min_size=1, max_size=3), SCALARS),
    max_size=4,
)


NAMES = st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=15).filter(
    lambda text: bool(name_key(text))
)
SOUND_RULES = st.fixed_dictionaries(
    {"match": st.sampled_from(MATCH_KINDS), "pattern": st.one_of(PATTERNS, NAMES)},
    optional={"case_sensitive": st.booleans(), "cutoff": st.integers(1, 100)},
)
SOUND_ENTRIES = st.fixed_dictionaries(
    {"name": NAMES},
    optional={"aliases": st.lists(NAMES, max_size=2), "rules": st.lists(SOUND_RULES, max_size=2)},
)
SOUND_DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "extends": st.booleans(),
        **{
            section: st.lists(
                SOUND_ENTRIES,
                min_size=1,
                max_size=3,
                unique_by=entry_key,
            )
            for section in ("topics", "forces", "types")
        },
    },
)


@SETTINGS
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_text_loads_or_raises_a_taxonomy_error(text: str | bytes) -> None:
    load_text(text)


@SETTINGS
@given(DOCUMENTS)
def test_any_toml_document_loads_or_raises_a_taxonomy_error(document: dict[str, Any]) -> None:
    load_text(toml_document(document))


DEFAULT_LINES = default_taxonomy_path().read_text(encoding="utf-8").splitlines()


JUNK_LINES = ["[[themes]]", "name = 3", "= x", "rules = [{}]", "[", '"', "\t", "extends = false",
              "pattern = '('", "aliases = [1]"]  # fmt: skip
EDITS = st.tuples(
    st.integers(0, len(DEFAULT_LINES) - 1),
    st.sampled_from(["drop", "dup", "junk"]),
    st.sampled_from(JUNK_LINES),
)


@SETTINGS
@given(st.lists(EDITS, min_size=1, max_size=4))
def test_the_default_taxonomy_damaged_loads_or_raises_a_taxonomy_error(
    edits: list[tuple[int, str, str]],
) -> None:
    lines = list(DEFAULT_LINES)
    for index, edit, junk in edits:
        index %= len(lines)
        if edit == "drop":
            del lines[index]
        elif edit == "dup":
            lines.insert(index, lines[index])
        else:
            lines.insert(index, junk)
    load_text("\n".join(lines))


@SETTINGS
@given(st.one_of(SOUND_DOCUMENTS, DOCUMENTS), TEXT, st.lists(st.text(max_size=200), max_size=3))
def test_a_taxonomy_that_loads_tags_any_report(
    document: dict[str, Any], title: str, pages: list[str]
) -> None:
    taxonomy = load_text(toml_document(document))
    if taxonomy is not None:
        page_texts = [PageText(number, text) for number, text in enumerate(pages, start=1)]
        for match in tag_report(title, "report.pdf", page_texts, taxonomy):
            assert "\n" not in match.reason


@pytest.mark.timeout(60)
def test_a_catastrophic_regex_rule_costs_its_time_limit_per_page_not_forever(
    tmp_path: Path,
) -> None:
    """(a+)+$ on 'aaa...ab' backtracks for longer than the universe lasts; tagging stops each
    match at the time limit, so a report costs at most that per page and field."""
    path = tmp_path / "evil.toml"
    path.write_text(
        '[[topics]]\nname = "Evil"\nrules = [{ match = "regex", pattern = "(a+)+$" }]\n'
    )
    taxonomy = load_taxonomy(str(path))
    pages = [PageText(number, "a" * 40 + "b") for number in range(1, 5)]
    started = time.monotonic()
    tags = tag_report("a" * 40 + "b", "report.pdf", pages, taxonomy)
    fields = len(pages) + 2  # title and file name too
    assert time.monotonic() - started < fields * REGEX_TIMEOUT + 3
    assert "Evil" not in [match.name for match in tags]


# --- the query parser ----------------------------------------------------------------------


# Lone surrogates are what an undecodable byte in argv becomes; hypothesis rarely draws them.
QUERY_TEXT = st.lists(
    st.one_of(st.text(max_size=10), st.sampled_from(["\udce9", "\ud800", '"', "-", "OR", ":"])),
    max_size=8,
).map("".join)


@SETTINGS
@given(QUERY_TEXT)
def test_any_text_parses_as_a_query_or_a_one_line_query_error(text: str) -> None:
    try:
        assert isinstance(parse_query(text), Query)
    except QueryError as exc:
        assert "\n" not in str(exc)


# --- every command's options ---------------------------------------------------------------


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A small catalogue and the paths options are given: one of each kind of thing."""
    root = tmp_path_factory.mktemp("argv")
    pdfs = root / "pdfs"
    pdfs.mkdir()
    (pdfs / "divert.pdf").write_bytes(simple_pdf("DIVERT custody diversion evaluation"))
    (root / "not-a-pdf.pdf").write_text("<html></html>")
    (root / "user.toml").write_text('[[topics]]\nname = "Own topic"\n')
    (root / "broken.toml").write_text("[[topics]\n")
    (root / "not-a-db.db").write_text("not a database")
    with Catalog(str(root / "catalog.db")) as catalog:
        catalog.ingest([str(pdfs)])
    return {"root": str(root), "pdfs": str(pdfs), "db": str(root / "catalog.db")}


def path_values(places: dict[str, str]) -> st.SearchStrategy[str]:
    root = places["root"]
    return st.sampled_from([places["pdfs"], f"{root}/not-a-pdf.pdf", f"{root}/missing",
                            f"{root}/user.toml", f"{root}/broken.toml", "default", "-", "",
                            f"{root}/out.csv", f"{root}/no-folder/out.csv", root])  # fmt: skip


OPTION_VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "1", "2", "64", "99999999999999999999", "1e309", "nan", "-",
                     "--", "x", "DIVERT", "divert", "theme:x", "'", '"', "\\", "{}", "%s",
                     "\x1b[2J", "caf\udce9", "é", "2021", "2019-2021", "a" * 300, "1.5", "json",
                     "csv", "markdown", "title", "pages", "theme", "year", "intervention:DIVERT"]),
    st.text(st.characters(exclude_characters="\x00"), max_size=12),  # argv cannot hold NUL
)  # fmt: skip
SAFE_TO_DRAW = {"db_path"}  # chosen separately, from places that exist or do not


def value_for(param: click.Parameter, places: dict[str, str]) -> st.SearchStrategy[str]:
    if isinstance(param.type, click.Path) or param.name in ("taxonomy_path", "output"):
        return path_values(places)
    if isinstance(param.type, click.Choice):
        return st.one_of(st.sampled_from([str(c) for c in param.type.choices]), OPTION_VALUES)
    return OPTION_VALUES


# serve listens until stopped, and fetch would reach out to whatever host it is given: their
# bad input is tested in their own files (test_web.py, test_releases_faults.py)
LONG_RUNNING = {"serve", "fetch"}


@st.composite
def argvs(draw: st.DrawFn, places: dict[str, str]) -> list[str]:
    """A command, some of its options with hostile values, arguments, and stray tokens, in any
    order (an option stays next to its value)."""
    name = draw(st.sampled_from(sorted(set(cli.commands) - LONG_RUNNING)))
    groups: list[list[str]] = []
    for param in cli.commands[name].params:
        if param.name in SAFE_TO_DRAW or not draw(st.booleans()):
            continue
        if isinstance(param, click.Option):
            option = draw(st.sampled_from(param.opts))
            groups.append([option] if param.is_flag else [option, draw(value_for(param, places))])
        else:
            groups += [[value] for value in draw(st.lists(value_for(param, places), max_size=2))]
    if draw(st.integers(0, 3)) == 0:
        groups.append([draw(st.sampled_from(["--nope", "-z", "--json=1", "--help", "--"]))])
    db = draw(st.sampled_from([places["db"], places["db"], f"{places['root']}/missing.db",
                               f"{places['root']}/not-a-db.db", places["root"]]))  # fmt: skip
    return [name, *[arg for group in draw(st.permutations(groups)) for arg in group], "--db", db]


@pytest.mark.timeout(600)
def test_any_options_to_any_command_exit_0_1_or_2_with_no_traceback(
    places: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(places["root"])  # `ingest` with no path reads ./reports: none here
    runner = CliRunner()

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(argvs(places))
    def check(argv: list[str]) -> None:
        result = runner.invoke(cli, argv)
        event(f"{argv[0]} exit {result.exit_code}")
        assert result.exit_code in (0, 1, 2), (argv, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            argv,
            result.exception,
        )
        assert "Traceback" not in result.output
        assert "Error: unexpected " not in result.output, (argv, result.output)  # a bug path
        if result.exit_code == 1 and result.stderr:  # our errors: one line
            assert re.fullmatch(r"Error: [^\n]*\n", result.stderr), (argv, result.stderr)

    check()


# --- --debug ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def foreign_catalogue(places: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A catalogue whose reports table lost its title column (a damaged or foreign file): every
    listing fails with an error no code path expects."""
    path = tmp_path_factory.mktemp("foreign") / "catalog.db"
    shutil.copy(places["db"], path)
    with sqlite3.connect(path) as conn:
        conn.execute("alter table reports rename column title to headline")
    conn.close()
    return str(path)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "evalcatalog", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_an_unexpected_error_is_one_line_without_debug(foreign_catalogue: str) -> None:
    result = run_cli("list", "--db", foreign_catalogue)
    assert (result.returncode, result.stdout) == (1, "")
    assert re.fullmatch(
        r"Error: unexpected OperationalError: [^\n]+ \(run with --debug to see the traceback\)\n",
        result.stderr,
    ), result.stderr


def test_debug_shows_the_traceback(foreign_catalogue: str) -> None:
    result = run_cli("--debug", "list", "--db", foreign_catalogue)
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "sqlite3.OperationalError" in result.stderr


# --- SQL is parameterised ---------------------------------------------------------------------

SQL_START = re.compile(r"^\s*(select|insert|update|delete|pragma|create|drop|alter|with)\b", re.I)
# Every value interpolated into SQL text in src/, reviewed: table names and SQL fragments from
# constants, placeholder lists ("?, ?, ?"), numbers from constants. Never text from a user or a
# PDF, which goes in as a ? parameter. A new interpolation fails this test until reviewed here.
REVIEWED = {
    ("search/engine.py", "marks"),
    ("search/names.py", "marks"),
    ("store/search_index.py", "TAG_NAMES_SQL"),
    ("store/search_index.py", "BODY_SQL"),
    ("store/search_index.py", "report_id"),  # trigger text: new.id, old.report_id
    ("store/search_index.py", "table"),
    ("store/search_index.py", "event"),
    ("store/search_index.py", "event.split()[0]"),
    ("store/database.py", "where"),  # "where r.id in (?, ?)"
    ("store/database.py", "listing.TAG_ORDER"),  # a constant order by clause
    # id lists as one JSON parameter (store/id_lists.py: "id in (select value from json_each(?))")
    ("store/index_reads.py", "where"),
    ("store/indexing.py", "where"),
    ("store/releases.py", "where"),
    ("store/database.py", "', '.join(columns)"),
    ("store/database.py", "table"),
    ("store/health.py", "table"),  # FTS5 table names from sqlite-utils' table_names(fts5=True)
    ("store/health.py", "content"),
    ("store/opening.py", "BUSY_TIMEOUT_MS"),
    ("store/search_index.py", "where='true'"),  # REFRESH_SQL.format(where=...): constant conditions
    ("store/search_index.py", "where='r.id in (select report_id from temp.search_fresh)'"),
    (
        "store/search_index.py",
        "where='(substr(term, 1, 1), length(term)) in (\\n        select substr(term, 1, 1), "
        "length(term) from temp.vocabulary_delta)'",
    ),
    ("store/search_index.py", "where"),  # refresh_stems: a constant condition from its callers
    # listing/stats reads: the Report fields' column list, ids as one JSON parameter
    ("store/listing.py", "select"),
    ("store/listing.py", "where"),
    ("store/listing.py", "where=where"),
    ("store/search_index.py", "last_chunk_sql('r.id')"),
    ("store/search_index.py", "TOKENIZER"),  # a constant: the FTS5 tokenizer's arguments
    ("store/search_index.py", "CHUNK_SPAN"),  # a constant number, as are the two below
    # search/'s reads (store/index_reads.py): constant numbers and placeholder lists
    ("store/index_reads.py", "CHUNK_SPAN"),
    ("store/index_reads.py", "CACHE_KIB"),
    ("store/index_reads.py", "marks"),
    # releases' records: a constant column list, the ids as one JSON parameter, constant
    # conditions with placeholders, a placeholder list
    ("store/releases.py", "PROVENANCE_COLUMNS"),
    ("store/releases.py", "ID_LIST"),
    ("store/releases.py", "' and '.join(where)"),
    ("store/structure.py", "SECTION_COLUMNS"),  # a constant list of the sections table's columns
    # Old migrations' frozen SQL: fragments and trigger names from constants in the file.
    *(
        ("store/frozen_sql.py", name)
        for name in (
            "_LAST_CHUNK",
            "_TAG_NAMES",
            "event",
            "i",
            "marks",
            "name",
            "table",
            "trigger",
            "_M012_BODY",
            "name or event.split()[0]",
            "ref",
            "shadow",
            "steps",
        )
    ),
    ("store/indexing.py", "marks"),
    ("store/text_layer.py", "UNREAD"),  # a constant condition on the pages table's columns
    ("store/text_layer.py", "where"),  # " and report_id in (?, ?)"
    # packed page text (m013): a constant length; names of triggers and views read from
    # sqlite_master, dropped and made again from their own SQL
    ("store/page_text.py", "PACK_FROM"),
    ("store/page_text.py", "name"),
    ("store/migrations.py", "kind"),
    ("store/migrations.py", "name"),
}


def interpolations() -> set[tuple[str, str]]:
    """(file, expression) for every expression put into an f-string or .format() of SQL."""
    found = set()
    source = ROOT / "src" / "evalcatalog"
    for path in source.rglob("*.py"):
        name = path.relative_to(source).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
                if SQL_START.match(text):
                    found |= {(name, ast.unparse(value.value)) for value in node.values
                              if isinstance(value, ast.FormattedValue)}  # fmt: skip
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and "SQL" in ast.unparse(node.func.value)
            ):
                found |= {(name, ast.unparse(arg)) for arg in [*node.args, *node.keywords]}
    return found


def test_sql_interpolates_only_reviewed_identifiers_and_placeholders() -> None:
    assert interpolations() - REVIEWED == set()
