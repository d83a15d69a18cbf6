"""What a release page says about a document: its title, theme, intervention and type."""

from __future__ import annotations

from ..models import TagMatch
from ..tagging.taxonomy import Taxonomy
from .page import SESSION, PageLink

PAGE_SCORE = 100.0  # page tags lead their kind; a person's manual tags still win
TYPE_WORDS = (
    ("key findings", "Key findings and implications for practice"),
    ("technical report", "Full technical report"),
    ("exploratory analysis", "Exploratory analysis"),
)


def page_tags(link: PageLink, taxonomy: Taxonomy) -> list[TagMatch]:
    """Tags from the link's headings and text, each with a reason naming where it came from."""
    tags = []
    theme = theme_of(link.headings, taxonomy)
    if theme:
        name, where = theme
        tags.append(page_tag("theme", name, f"listed under {where!r} on the release page"))
    intervention = intervention_of(link, taxonomy)
    if intervention:
        reason = f"link text {link.title!r} on the release page"
        tags.append(page_tag("intervention", intervention, reason))
    lowered = link.title.casefold()
    for words, type_name in TYPE_WORDS:
        resolved = taxonomy.resolve("type", type_name)
        if resolved and words in lowered:
            reason = f"link text {link.title!r} says {words!r} on the release page"
            tags.append(page_tag("type", resolved, reason))
            break
    return tags


def page_tag(kind: str, name: str, reason: str) -> TagMatch:
    return TagMatch(kind, name, "release page", reason, PAGE_SCORE, primary=True)


def theme_of(headings: list[str], taxonomy: Taxonomy) -> tuple[str, str] | None:
    """The first heading that names a theme, and how to cite it: "Session 1: <heading>"."""
    session = next((text for text in headings if SESSION.match(text)), None)
    for text in headings:
        name = taxonomy.resolve("theme", text)
        if name and not SESSION.match(text):
            return name, f"{session}: {text}" if session else text
    if session and taxonomy.resolve("theme", session):
        return str(taxonomy.resolve("theme", session)), session
    return None


def intervention_of(link: PageLink, taxonomy: Taxonomy) -> str | None:
    """From the words before the colon in the link text ("CIRV: Full technical report")."""
    prefix, colon, _ = link.title.partition(":")
    if colon:
        name = taxonomy.resolve("intervention", prefix)
        if name:
            return name
    return None
