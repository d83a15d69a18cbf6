"""A page's text as the catalogue keeps it (schema m013): zlib-compressed, as search engines
keep their stored text (Lucene's stored fields are compressed, Xapian's and Recoll's too).

`pages.text` holds either the text itself (TEXT: short pages, and every page stored before
m013) or its UTF-8 compressed with zlib (BLOB). The full-text indexes never see the difference:
`pages.body`, what both indexes hold and snippets are cut from, is a generated column that
calls `page_body()`, an SQL function `register` adds to every connection the store opens. At
10^6 pages this halves the pages table (3.3 kB of text a page took a 4 kB database page to
itself; 1.7 kB packed, two share one), the largest cut to the catalogue's size per page.

Reading the file with another SQLite tool: `text` is a BLOB for packed pages (zlib: Python's
`zlib.decompress(blob).decode()`), and `body` needs page_body() registered.
"""

from __future__ import annotations

import sqlite3
import zlib

# Shorter texts stay as they are: zlib's header and a short text's poor ratio save little,
# and an empty page (a scan before OCR) must still read as ''.
PACK_FROM = 200
# zlib's fastest: ~55 µs for a 2-3 kB page (in ingest's workers) against level 6's ~100 µs,
# for 2-4% more bytes (2.11x against 2.19x on the shipped reports, 1.81x against 1.85x on the
# generated 10^6-page text)
LEVEL = 1


def pack(text: str) -> str | bytes:
    """What `pages.text` stores for `text`."""
    if len(text) < PACK_FROM:
        return text
    packed = zlib.compress(text.encode("utf-8"), LEVEL)
    return packed if len(packed) < len(text) else text


def stored_form(text: str, stored: str | bytes | None = None) -> str | bytes:
    """What to write to `pages.text`: `stored` if the worker packed it, else `text` packed.
    A packed text is remembered until the transaction ends (`forget`): writing a page, its
    index triggers and the report index read it straight back (three inflates a page)."""
    if stored is None:
        stored = pack(text)
    if isinstance(stored, bytes):
        if len(RECENT) >= MAX_RECENT:
            RECENT.clear()
        RECENT[stored] = text
    return stored


# packed -> text of the pages this process wrote in its open transaction (a batch of ingest's
# is at most 2,000 pages; a longer run of writes just inflates again)
RECENT: dict[bytes, str] = {}
MAX_RECENT = 4096


def forget() -> None:
    """The transaction is over: its pages are read back from the file from now on."""
    RECENT.clear()


def unpack(stored: str | bytes | None) -> str:
    """The text of what `pages.text` holds (plain or packed); a damaged packed text reads
    as no text, so one bad row cannot make every search or `check` that reads it fail
    (`check` names it: `damage`)."""
    if stored is None:
        return ""
    if isinstance(stored, bytes):
        text = RECENT.get(stored)
        if text is not None:
            return text
        try:
            return inflate(stored)
        except INFLATE_ERRORS:
            return ""
    return stored


def damage(stored: str | bytes | None) -> str | None:
    """Why a stored text cannot be read back, or None if it can."""
    if isinstance(stored, bytes):
        try:
            inflate(stored)
        except INFLATE_ERRORS as exc:
            return str(exc)
    return None


def inflate(packed: bytes) -> str:
    """The text `pack` made `packed` of (INFLATE_ERRORS if the bytes are damaged)."""
    return zlib.decompress(packed).decode("utf-8")


INFLATE_ERRORS = (zlib.error, UnicodeDecodeError)


def page_body(stored: str | bytes | None, head: int, tail: int) -> str:
    """The text without its `head` and `tail` characters of running header and footer, as
    SQLite's substr(text, head + 1, length(text) - head - tail) gives it (m007's definition,
    still used for plain rows, so the index is deleted from with the text it was given)."""
    text = unpack(stored)
    end = text.find("\0")  # SQLite's text functions stop at a NUL (extraction removes them)
    if end >= 0:
        text = text[:end]
    length = len(text) - head - tail
    if length >= 0:
        return text[head : head + length]
    return text[max(head + length, 0) : head]  # substr with a negative length: the text before


def register(conn: sqlite3.Connection) -> None:
    """page_text(text) and page_body(text, head, tail) on `conn`: every connection that may
    read `pages.body` (the FTS5 index's content) needs them."""
    conn.create_function("page_text", 1, unpack, deterministic=True)
    conn.create_function("page_body", 3, page_body, deterministic=True)


# The triggers on `pages`: an update of `text` alone would re-index the page and take its
# report out of the report index, though packing changes no character of what they index.
PAGE_TRIGGERS_SQL = """select name, sql from sqlite_master
    where type = 'trigger' and tbl_name = 'pages' order by rowid"""
PACK_PLAIN_SQL = f"""update pages set text = page_pack(text)
    where typeof(text) = 'text' and length(text) >= {PACK_FROM}"""


def pack_plain_pages(conn: sqlite3.Connection) -> int:
    """Pack the pages stored plain (before m013), in the caller's transaction; how many.
    The triggers are set aside meanwhile: the text each index holds is unchanged."""
    conn.create_function("page_pack", 1, pack, deterministic=True)
    triggers = conn.execute(PAGE_TRIGGERS_SQL).fetchall()
    for name, _ in triggers:
        conn.execute(f'drop trigger "{name}"')
    packed = conn.execute(PACK_PLAIN_SQL).rowcount
    for _, sql in triggers:
        conn.execute(sql)
    return packed
