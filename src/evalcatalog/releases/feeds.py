"""Releases for people and feed readers: "what's new" in Markdown, shaped like the seed page
(session, then intervention, then documents), and an Atom feed with one entry per release."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..errors import UsageError
from ..models import Report
from ..store import Store
from ..store import releases as records
from ..tagging.taxonomy import Taxonomy
from ..text import printable
from .history import Release, check_since, list_releases

ATOM = "http://www.w3.org/2005/Atom"
NO_THEME = "Other reports"
NO_INTERVENTION = "Other documents"


def release_feed(
    store: Store, fmt: str, since: str | None, catalog_name: str, taxonomy: Taxonomy
) -> str:
    """ "markdown": what's new since `since`, shaped like the release page; "atom": a feed
    of releases for a feed reader."""
    if fmt not in ("markdown", "atom"):
        raise UsageError(f"--since goes with --format markdown or atom, not {fmt}")
    since = check_since(since)
    releases = list_releases(store, None, False, since)
    if fmt == "atom":
        return atom_feed(releases, catalog_name, records.first_release_start(store))
    ids = {item.report_id for release in releases for item in release.items
           if item.report_id is not None}  # fmt: skip
    reports = {report.id: report for report in store.reports(ids)}
    sources = records.source_urls(store, ids)
    return whats_new(releases, reports, sources, taxonomy, since)


def whats_new(
    releases: Sequence[Release],
    reports: dict[int, Report],
    sources: dict[int, str],
    taxonomy: Taxonomy,
    since: str | None,
) -> str:
    """Reports added, revised or restored in `releases` (newest first) grouped by session and
    intervention, then those withdrawn."""
    latest: dict[int, tuple[records.ReleaseItem, Release]] = {}
    for release in reversed(releases):  # oldest first, so the newest change wins
        for item in release.items:
            if item.report_id is not None and item.change != "re-extracted":
                latest[item.report_id] = (item, release)
    heading = f"# What's new since {since[:10]}" if since else "# What's new"
    lines = [heading, ""]
    current = [(reports[rid], item, rel) for rid, (item, rel) in latest.items()
               if item.change != "withdrawn" and rid in reports]  # fmt: skip
    if not latest:
        lines += ["Nothing new.", ""]
    for theme, members in group_by_theme(current, taxonomy):
        lines += [f"## {md_escape(theme)}", ""]
        for intervention, documents in group_by_intervention(members):
            lines += [f"### {md_escape(intervention)}", ""]
            lines += [document_line(report, item, rel, sources) for report, item, rel in documents]
            lines.append("")
    gone = [item for item, _ in latest.values() if item.change == "withdrawn"]
    if gone:
        lines += ["## Withdrawn", ""]
        lines += [f"- {md_escape(item.title)} (`{item.public_id or ''}`)" for item in gone]
        lines.append("")
    return "\n".join(lines)


Entry = tuple[Report, records.ReleaseItem, Release]


def group_by_theme(entries: list[Entry], taxonomy: Taxonomy) -> list[tuple[str, list[Entry]]]:
    """Themes in session order, each headed "Session N: theme" as the page heads them."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        themes = entry[0].tags.get("theme") or [NO_THEME]
        groups.setdefault(themes[0], []).append(entry)
    order = {name: index for index, name in enumerate(taxonomy.names("theme"))}
    named = []
    for theme in sorted(groups, key=lambda name: (order.get(name, len(order)), name)):
        known = taxonomy.entry("theme", theme)
        label = f"Session {known.session}: {theme}" if known and known.session else theme
        named.append((label, groups[theme]))
    return named


def group_by_intervention(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        names = entry[0].tags.get("intervention") or [NO_INTERVENTION]
        groups.setdefault(names[0], []).append(entry)
    names = sorted(groups, key=lambda name: (name == NO_INTERVENTION, name))
    return [(name, sorted(groups[name], key=lambda e: e[0].title.casefold())) for name in names]


def document_line(
    report: Report, item: records.ReleaseItem, release: Release, sources: dict[int, str]
) -> str:
    kind = ", ".join(report.tags.get("type", [])) or "report"
    pages = f"{report.page_count} page{'' if report.page_count == 1 else 's'}"
    title = md_escape(report.title)
    link = f"[{title}]({sources[report.id]})" if report.id in sources else title
    when = (release.finished_at or release.started_at)[:10]
    size = listed_size(report.size_bytes)
    note = f"{item.change} {when}, release {release.id}, `{report.public_id or ''}`"
    return f"- {link}: {md_escape(kind)}, {pages}, {size} ({note})"


def listed_size(size_bytes: int) -> str:
    """As the page lists sizes: "184.53 KB", "2.99 MB"."""
    kb = size_bytes / 1024
    return f"{kb / 1024:.2f} MB" if kb >= 1024 else f"{kb:.2f} KB"


def atom_feed(releases: Sequence[Release], catalog_name: str, first_started: str) -> str:
    """An Atom 1.0 feed (RFC 4287): one entry per release, newest first. Ids are URNs that
    stay the same for this catalogue (derived from when its first release started)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    base = uuid.uuid5(uuid.NAMESPACE_URL, f"evalcatalog:{first_started}")
    add(feed, "title", f"evalcatalog releases: {catalog_name}")
    add(feed, "id", f"urn:uuid:{base}")
    add(feed, "updated", timestamp(releases[0]) if releases else "1970-01-01T00:00:00Z")
    add(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", "evalcatalog")
    add(feed, "generator", "evalcatalog")
    for release in releases:
        feed.append(atom_entry(release, base))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def atom_entry(release: Release, base: uuid.UUID) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    counts = ", ".join(f"{n} {change}" for change, n in release.counts().items() if n)
    add(entry, "title", f"Release {release.id} ({release.kind}): {counts or 'no changes'}")
    add(entry, "id", f"urn:uuid:{uuid.uuid5(base, str(release.id))}")
    add(entry, "updated", timestamp(release))
    if isinstance(release.source, str) and release.source.startswith(("http://", "https://")):
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=release.source)
    lines = [f"{item.change}: {item.title} ({item.public_id or 'no id'})" for item in release.items]
    where = release.source if isinstance(release.source, str) else ", ".join(release.source)
    content = add(entry, "content", "\n".join([f"From {where}", *lines]))
    content.set("type", "text")
    return entry


def add(parent: ET.Element, name: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    child.text = printable_xml(text)
    return child


def printable_xml(text: str) -> str:
    """XML 1.0 cannot hold most control characters, which titles from PDFs may carry."""
    return "".join(char for char in text if char in "\t\n\r" or ord(char) >= 0x20)


def timestamp(release: Release) -> str:
    """RFC 3339 as Atom wants it: our ISO times end in +00:00, said here as Z."""
    return (release.finished_at or release.started_at).replace("+00:00", "Z")


def md_escape(text: str) -> str:
    """Titles from PDFs and pages kept from turning into Markdown markup or spanning lines."""
    text = printable(" ".join(text.split()))
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text
