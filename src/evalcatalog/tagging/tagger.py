"""(title, file name, pages, taxonomy) -> tags, each with a reason a person can read.

Evidence is weighed by where it is found and how often: a hit in the file name or title counts
far more than one on the first page, which counts more than one in the body, and repeats count
with diminishing returns (1 + log2 n). Then, per kind:

- intervention: the best-scoring entry is primary. Another is tagged too only if the file name
  or title names it, or it scores at least SECONDARY_SHARE of the primary. Anything less is a
  passing mention ("a replication of Op Divan" in an Op Met Divan report) and is not tagged.
- type: the single best-scoring entry.
- theme, force: follow from the tagged interventions, unless the report names another more
  strongly than any of those (in the file name, title or first page, or as often as the rest).
- topic: those the interventions and themes imply, plus those the text names up front or on at
  least half of its body pages (a topic many reports touch on in passing is not tagged).

Within a kind the tag with the most evidence is primary. A hit inside a longer hit of another
entry of the same kind does not count ("Divan" inside "Op Met Divan"). Content beats the file
name: where the title and text name one entry of a kind and not the one the file name names,
the file name is the mistake, and its evidence is set aside (`trust_content`).
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import TAG_KINDS, PageText, TagMatch
from .matching import MAX_TEXT, Gated, Hit, Text, find, gated, may_hold
from .matching import REGEX_TIMEOUT as REGEX_TIMEOUT  # where tests and callers look for it
from .prefilter import holds, may_match, taxonomy_literals
from .taxonomy import Taxonomy

Implied = dict[str, dict[str, str]]

WEIGHTS = {"file name": 6.0, "title": 8.0, "first page": 3.0, "body": 1.0}
UP_FRONT = ("file name", "title", "first page")
MIN_SCORE = 3.0  # a first-page hit, or four in the body
SECONDARY_SHARE = 0.6
TOPIC_PAGE_SHARE = 0.5
TEXT_WORDS = 100  # a report with this much text speaks for itself on its topics
# --- evidence ----------------------------------------------------------------------------------


@dataclass
class Evidence:
    """What was found for one entry: per field, how many times, and as what text."""

    counts: Counter[str] = field(default_factory=Counter)
    pages: Counter[str] = field(default_factory=Counter)  # texts of a field with a hit
    surfaces: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, field_name: str, hits: list[Hit]) -> None:
        self.counts[field_name] += len(hits)
        self.pages[field_name] += 1
        seen = self.surfaces.setdefault(field_name, Counter())
        seen.update(" ".join(hit.text.split()) for hit in hits)

    @property
    def score(self) -> float:
        return sum(WEIGHTS[name] * (1 + math.log2(n)) for name, n in self.counts.items() if n)

    @property
    def up_front(self) -> bool:
        """Named in the file name, the title or on the first page."""
        return any(self.counts[name] for name in UP_FRONT)

    @property
    def named(self) -> bool:
        return bool(self.counts["file name"] or self.counts["title"])

    @property
    def content_score(self) -> float:
        """The score of what the title and the text say, the file name aside."""
        return self.without_file_name().score

    def without_file_name(self) -> Evidence:
        counts = Counter({name: n for name, n in self.counts.items() if name != "file name"})
        return Evidence(counts, self.pages, self.surfaces)

    def reason(self) -> str:
        parts = []
        for name in WEIGHTS:
            count = self.counts[name]
            if not count:
                continue
            surface = "' / '".join(text for text, _ in self.surfaces[name].most_common(3))
            if name in ("file name", "title"):
                parts.append(f"{name} contains '{surface}'")
            else:
                times = "once" if count == 1 else "twice" if count == 2 else f"{count} times"
                where = "on the first page" if name == "first page" else "in the body"
                parts.append(f"'{surface}' {times} {where}")
        return "; ".join(parts)


def file_name_text(file_name: str) -> tuple[str, bool]:
    """A file name as words, and whether it has lost its case: in a slug-like name (no
    capitals) case-sensitive rules ignore case, so "divert-key-findings.pdf" names DIVERT."""
    stem = re.sub(r"[-_.\s]+", " ", os.path.splitext(os.path.basename(file_name))[0]).strip()
    return stem, stem == stem.lower()


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def nfkc(text: str) -> str:
    """Ligatures and compatibility forms as plain letters ("ﬁ" -> "fi")."""
    return unicodedata.normalize("NFKC", text)


def weigh_text(entries: list[Gated], text: Text, evidence: dict[str, Evidence]) -> None:
    """Add what one text holds for each entry of one kind (with its gate) to `evidence`."""
    found = {
        entry.name: [
            hit for rule in entry.rules if may_match(rule, text.present) for hit in find(rule, text)
        ]
        for entry, gate in entries
        if may_hold(gate, text.present)
    }
    for name, hits in unshadowed({name: hits for name, hits in found.items() if hits}).items():
        merged = merge_overlaps(hits)
        if merged:
            evidence.setdefault(name, Evidence()).add(text.field, merged)


def unshadowed(found: dict[str, list[Hit]]) -> dict[str, list[Hit]]:
    """Drop each hit that lies inside a longer hit of another entry."""
    if len(found) < 2:
        return found
    spans = [(hit.start, hit.end, name) for name, hits in found.items() for hit in hits]

    def shadowed(hit: Hit, name: str) -> bool:
        return any(
            start <= hit.start
            and hit.end <= end
            and end - start > hit.end - hit.start
            and other != name
            for start, end, other in spans
        )

    return {name: [hit for hit in hits if not shadowed(hit, name)] for name, hits in found.items()}


def merge_overlaps(hits: list[Hit]) -> list[Hit]:
    """One hit per stretch of text, however many of an entry's rules found it."""
    merged: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if merged and hit.start < merged[-1].end:
            if hit.end > merged[-1].end:
                merged[-1] = Hit(merged[-1].start, hit.end, merged[-1].text)
            continue
        merged.append(hit)
    return merged


# --- choosing tags -------------------------------------------------------------------------------


def trust_content(
    found: dict[str, Evidence], backed: Iterable[str] = (), silence_counts: bool = False
) -> dict[str, Evidence]:
    """Set aside the file name's evidence for entries that the title and text do not support
    when they support another of the kind (by rules, or `backed` by the report's interventions),
    or, with `silence_counts`, when they say nothing of it: "cirv-key-findings.pdf" about
    DIVERT is no CIRV, and a readable report that never mentions a topic is not about it."""
    backed = set(backed)
    supported = any(evidence.content_score >= MIN_SCORE for evidence in found.values())
    if not (backed or supported or silence_counts):
        return found  # the content names nothing else: the file name may be all there is
    trusted = {}
    for name, evidence in found.items():
        if name not in backed and evidence.content_score < MIN_SCORE:
            evidence = evidence.without_file_name()
        if evidence.score:
            trusted[name] = evidence
    return trusted


def ranked(found: dict[str, Evidence], order: list[str]) -> list[str]:
    """Names by score, best first; ties in taxonomy order."""
    return sorted(found, key=lambda name: (-found[name].score, order.index(name)))


def choose_main(found: dict[str, Evidence], order: list[str]) -> list[str]:
    """The primary entry and any others the report is as much about (interventions)."""
    names = [name for name in ranked(found, order) if found[name].score >= MIN_SCORE]
    if not names:
        return []
    top = found[names[0]].score
    others = [
        name
        for name in names[1:]
        if found[name].named or found[name].score >= SECONDARY_SHARE * top
    ]
    return names[:1] + others


def stated(found: dict[str, Evidence], order: list[str]) -> list[str]:
    """Entries the report itself names strongly: up front, or about as often as the best."""
    names = [name for name in ranked(found, order) if found[name].score >= MIN_SCORE]
    top = found[names[0]].score if names else 0.0
    return [
        name for name in names if found[name].up_front or found[name].score >= SECONDARY_SHARE * top
    ]


def stated_topics(found: dict[str, Evidence], order: list[str], body_pages: int) -> list[str]:
    """Topics the report itself is about: named up front, or on at least half its body pages."""
    return [
        name
        for name in ranked(found, order)
        if found[name].score >= MIN_SCORE
        and (found[name].up_front or found[name].pages["body"] >= TOPIC_PAGE_SHARE * body_pages)
    ]


def choose_following(found: dict[str, Evidence], order: list[str], implied: list[str]) -> list[str]:
    """Implied tags (theme, force), unless the report names others more strongly."""
    explicit = stated(found, order)
    others = [name for name in explicit if name not in implied]
    best_implied = max((found[name].score for name in implied if name in found), default=0.0)
    if implied and not (others and found[others[0]].score > best_implied):
        return by_score(implied, found)
    return explicit


def implications(taxonomy: Taxonomy, kind: str, names: Iterable[str]) -> Implied:
    """What the chosen entries of `kind` imply: {target kind: {name: reason}}, first reason kept."""
    implied: Implied = {"theme": {}, "force": {}, "topic": {}}
    for name in names:
        entry = taxonomy.entry(kind, name)
        if entry is None:
            continue
        because = f"follows from {kind} '{name}'"
        targets = {
            "theme": [entry.theme] if entry.theme else [],
            "force": entry.forces,
            "topic": entry.topics,
        }
        for target, implied_names in targets.items():
            for implied_name in implied_names:
                implied[target].setdefault(implied_name, because)
    return implied


def by_score(names: Iterable[str], found: dict[str, Evidence]) -> list[str]:
    """Best evidence first; names with none keep their order, after those with some."""
    return sorted(names, key=lambda name: -found[name].score if name in found else 0.0)


class Tagger:
    """A report's rule tags from its parts as they arrive: file name, title, then each page in
    order. Evidence is kept as counts, so a long report's text is never held all at once."""

    def __init__(self, taxonomy: Taxonomy, file_name: str) -> None:
        self.taxonomy = taxonomy
        self.literals = taxonomy_literals(taxonomy)
        self.gated = {kind: gated(taxonomy.entries.get(kind, [])) for kind in TAG_KINDS}
        self.found: dict[str, dict[str, Evidence]] = {kind: {} for kind in TAG_KINDS}
        self.page_count = 0
        self.words = 0  # of text read: a report with little or none may have only its file name
        self.file_words = words_of(file_name_text(file_name)[0])
        self._add("file name", *file_name_text(file_name))

    def add_title(self, title: str) -> None:
        """A title made from the file name (the report has no other) is the file name's
        evidence again, and would outweigh the content: it is left out."""
        if words_of(title) != self.file_words:
            self._add("title", nfkc(title))

    def add_page(self, page: PageText) -> None:
        self.words += len(page.text.split())
        self._add("first page" if self.page_count == 0 else "body", nfkc(page.text))
        self.page_count += 1

    def _add(self, field_name: str, text: str, lost_case: bool = False) -> None:
        if text:
            present = holds(text[:MAX_TEXT], self.literals)
            seen = Text(field_name, text, lost_case, present)
            for kind in TAG_KINDS:
                weigh_text(self.gated[kind], seen, self.found[kind])

    def tags(self) -> list[TagMatch]:
        """The rule tags, primary first within each kind, each with its reason."""
        taxonomy, found = self.taxonomy, dict(self.found)
        order = {kind: taxonomy.names(kind) for kind in TAG_KINDS}
        found["intervention"], found["type"] = map(
            trust_content, (found["intervention"], found["type"])
        )
        chosen = {
            "intervention": choose_main(found["intervention"], order["intervention"]),
            "type": choose_main(found["type"], order["type"])[:1],
        }
        implied = implications(taxonomy, "intervention", chosen["intervention"])
        for kind in ("theme", "force"):
            found[kind] = trust_content(found[kind], implied[kind])
            chosen[kind] = choose_following(found[kind], order[kind], list(implied[kind]))
        for topic, why in implications(taxonomy, "theme", chosen["theme"])["topic"].items():
            implied["topic"].setdefault(topic, why)
        found["topic"] = trust_content(found["topic"], implied["topic"], self.words >= TEXT_WORDS)
        body_pages = max(self.page_count - 1, 1)
        stated = stated_topics(found["topic"], order["topic"], body_pages)
        topics = dict.fromkeys([*implied["topic"], *stated])
        chosen["topic"] = by_score(topics, found["topic"])
        return [
            make_match(kind, name, found[kind].get(name), implied.get(kind, {}).get(name), i == 0)
            for kind in TAG_KINDS
            for i, name in enumerate(chosen[kind])
        ]


def tag_report(
    title: str, file_name: str, pages: Sequence[PageText], taxonomy: Taxonomy
) -> list[TagMatch]:
    """The rule tags for one report whose pages are all at hand."""
    tagger = Tagger(taxonomy, file_name)
    tagger.add_title(title)
    for page in pages:
        tagger.add_page(page)
    return tagger.tags()


def make_match(
    kind: str, name: str, evidence: Evidence | None, implied: str | None, primary: bool
) -> TagMatch:
    reasons = [implied] if implied else []
    if evidence is not None:
        reasons.append(evidence.reason())
    score = round(evidence.score, 2) if evidence is not None else 0.0
    return TagMatch(kind, name, "rule", "; ".join(reasons), score, primary)
