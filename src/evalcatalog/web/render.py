"""Templates and the filters they use. Every string from a PDF is attacker-controlled: Jinja2
escapes it (autoescape), `printable` shows control and bidi characters as escapes (as the CLI
does), and links are built from our own paths with the values URL-encoded, never from PDF text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..models import PageHit
from ..output import human_size
from ..text import printable

TEMPLATES = Path(__file__).parent / "templates"
WORD = re.compile(r"\w+")
BAR_WIDTH = 200


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        text=safe_text, marks=marks, highlight=highlight, size=human_size, bar=bar_svg
    )
    env.globals.update(url=url, pdf_url=pdf_url, viewer_url=viewer_url, report_path=report_path)
    return env


def safe_text(value: object) -> str:
    """One field of a PDF as text, control and bidi characters shown as escapes."""
    return "" if value is None else printable(str(value))


def marks(page: PageHit) -> Markup:
    """A search snippet, escaped, with the matched words (its highlight offsets) in <mark>."""
    pieces, last = [], 0
    for start, end in sorted(page.highlights):
        if start < last or end > len(page.text):
            continue  # overlapping or out of range: leave that text unmarked
        pieces.append(str(escape(printable(page.text[last:start]))))
        pieces.append(f"<mark>{escape(printable(page.text[start:end]))}</mark>")
        last = end
    pieces.append(str(escape(printable(page.text[last:]))))
    return Markup("".join(pieces))


def highlight(text: str, words: Sequence[str]) -> Markup:
    """A page's text, escaped, with each of `words` (whole words, any case; the last also as
    a prefix, as search matches it) in <mark>. Lines keep their breaks."""
    lines = [printable(line) for line in text.split("\n")]
    wanted = [word.casefold() for word in words if word]
    if not wanted:
        return Markup("\n".join(str(escape(line)) for line in lines))
    last = wanted[-1]

    def mark(found: re.Match[str]) -> str:
        word = found.group().casefold()
        hit = word in wanted or (len(last) > 2 and word.startswith(last))
        return f"<mark>{escape(found.group())}</mark>" if hit else str(escape(found.group()))

    out = []
    for line in lines:
        pieces, end = [], 0
        for found in WORD.finditer(line):
            pieces += [str(escape(line[end : found.start()])), mark(found)]
            end = found.end()
        pieces.append(str(escape(line[end:])))
        out.append("".join(pieces))
    return Markup("\n".join(out))


def url(path: str, params: Mapping[str, str | int | Iterable[str]] | None = None) -> str:
    """`path` with its query string; lists repeat their key; empty values are left out."""
    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        values = [value] if isinstance(value, str | int) else list(value)
        pairs += [(key, str(item)) for item in values if str(item) != ""]
    return path + ("?" + urlencode(pairs) if pairs else "")


def report_path(ref: int | str) -> str:
    """A report's address: by its public id (the same in any catalogue of the same files) or
    its integer id; either way URL-encoded, never PDF text."""
    return f"/reports/{quote(str(ref), safe='')}"


def pdf_url(ref: int | str, page: int | None = None) -> str:
    return f"{report_path(ref)}/pdf" + (f"#page={int(page)}" if page else "")


def viewer_url(ref: int | str, page: int, words: Sequence[str]) -> str:
    """pdf.js at the page with the words highlighted (app.js puts it on the PDF links)."""
    fragment = urlencode({"page": int(page), "search": " ".join(words)}, quote_via=quote)
    return f"{report_path(ref)}/view#{fragment}"


def bar_svg(count: int, maximum: int) -> Markup:
    """A horizontal bar, its length `count` out of `maximum`, drawn on the server: the number
    stands beside it in the table, so the picture is hidden from screen readers."""
    width = 0 if maximum <= 0 else max(2, round(BAR_WIDTH * count / maximum))
    return Markup(
        f'<svg class="bar" width="{BAR_WIDTH}" height="14" viewBox="0 0 {BAR_WIDTH} 14" '
        f'aria-hidden="true" focusable="false"><rect x="0" y="1" width="{width}" height="12" '
        'rx="2"></rect></svg>'
    )


def content_disposition(file_name: str) -> str:
    """`inline` with the name as plain ASCII (quotes and controls dropped) and as RFC 5987
    UTF-8, so no name can break out of the header or confuse a browser."""
    ascii_name = "".join(
        char if 32 <= ord(char) < 127 and char not in '"\\;' else "_" for char in file_name
    )
    encoded = quote(file_name.encode("utf-8", "replace"))
    return f"inline; filename=\"{ascii_name or 'report.pdf'}\"; filename*=UTF-8''{encoded}"
