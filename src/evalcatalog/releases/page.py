"""A release page -> its PDF links, each with its text, listed size and the headings above it.

The standard library's html.parser is enough: the page is a plain list of headings and links,
the parser never fails on broken markup (it reports what it can), and it adds no dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

ALLOWED_SCHEMES = ("http", "https")
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SESSION = re.compile(r"^session\s+\d+\b", re.IGNORECASE)
RESOURCES = re.compile(r"^related resources$", re.IGNORECASE)
# "(pdf) 184.53 KB", "(pdf) (992.5 KB)", "(pdf) 186,31 KB"
SIZE = re.compile(
    r"\(\s*pdf\s*\)\s*\(?\s*(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>[KMG]?B)\s*\)?\s*$",
    re.IGNORECASE,
)
UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


@dataclass
class PageLink:
    """A link to a PDF on a release page."""

    url: str  # absolute, fragment dropped
    text: str  # as shown: "DIVERT: Key findings and implications for practice (pdf) 184.53 KB"
    title: str  # the text without its "(pdf) size": "DIVERT: Key findings and ..."
    listed_size: str | None  # "184.53 KB"
    listed_bytes: int | None
    headings: list[str] = field(default_factory=list)


@dataclass
class IgnoredLink:
    href: str
    text: str
    reason: str


@dataclass
class ReleasePage:
    url: str
    links: list[PageLink] = field(default_factory=list)
    ignored: list[IgnoredLink] = field(default_factory=list)


def parse_release_page(html: str, page_url: str) -> ReleasePage:
    parser = LinkParser()
    parser.feed(html)
    parser.close()
    base = urljoin(page_url, parser.base_href) if parser.base_href else page_url
    page = ReleasePage(page_url)
    seen: set[str] = set()
    for href, text, headings in parser.anchors:
        url, reason = resolve_link(base, href)
        if url is None:
            if reason and looks_like_pdf(href, text):
                page.ignored.append(IgnoredLink(href, text, reason))
            continue
        if not looks_like_pdf(url, text) or url in seen:
            continue
        seen.add(url)
        page.links.append(make_link(url, text, headings))
    return page


def resolve_link(base: str, href: str) -> tuple[str | None, str | None]:
    """An absolute http(s) URL without its fragment, or None and why it is left out."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None, None
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        scheme = parts.scheme or urlsplit(href).scheme or "relative"
        return None, f"ignored: {scheme}: links are not fetched (only http and https)"
    return urlunsplit(parts._replace(fragment="")), None


def looks_like_pdf(url: str, text: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith(".pdf") or "(pdf)" in text.lower()


def make_link(url: str, text: str, headings: list[str]) -> PageLink:
    match = SIZE.search(text)
    title = text[: match.start()].strip() if match else text
    title = re.sub(r"\s*\(\s*pdf\s*\)\s*$", "", title, flags=re.IGNORECASE).strip()
    size = number = None
    if match:
        unit = match["unit"].upper()
        size = f"{match['number']} {unit}"
        number = round(float(match["number"].replace(",", ".")) * UNITS[unit])
    return PageLink(url, text, title or text, size, number, list(headings))


def collapse(text: str) -> str:
    return " ".join(text.split())


class LinkParser(HTMLParser):
    """Collects <a href> with their text, and the headings in force where each one sits: those
    since the last "Session N" heading, or the current heading outline on a page without one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base_href: str | None = None
        self.anchors: list[tuple[str, str, list[str]]] = []
        self.outline: list[tuple[int, str]] = []  # (level, text), the headings above here
        self.session: list[str] = []  # headings since the last "Session N" heading
        self._heading: tuple[int, list[str]] | None = None
        self._anchor: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and self.base_href is None and values.get("href"):
            self.base_href = values["href"]
        elif tag in HEADING_TAGS:
            self.finish_heading()  # a heading left open ends where the next one starts
            self._heading = (int(tag[1]), [])
        elif tag == "a":
            self.finish_anchor()  # as browsers do: an <a> left open ends where the next starts
            if "href" in values:
                self._anchor = (values["href"], [])

    def handle_endtag(self, tag: str) -> None:
        if tag in HEADING_TAGS:
            self.finish_heading()
        elif tag == "a":
            self.finish_anchor()

    def finish_heading(self) -> None:
        if self._heading is not None:
            level, parts = self._heading
            self._heading = None
            self.add_heading(level, collapse("".join(parts)))

    def finish_anchor(self) -> None:
        if self._anchor is not None:
            href, parts = self._anchor
            self._anchor = None
            self.anchors.append((href, collapse("".join(parts)), self.headings()))

    def close(self) -> None:
        super().close()
        self.finish_anchor()

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading[1].append(data)
        if self._anchor is not None:
            self._anchor[1].append(data)

    def add_heading(self, level: int, text: str) -> None:
        if not text or RESOURCES.match(text):
            return  # "Related resources" says nothing about the documents
        self.outline = [(lvl, old) for lvl, old in self.outline if lvl < level]
        self.outline.append((level, text))
        if SESSION.match(text):
            self.session = [text]
        elif self.session:
            self.session.append(text)

    def headings(self) -> list[str]:
        return list(self.session) if self.session else [text for _, text in self.outline]
