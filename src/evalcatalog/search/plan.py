"""A parsed query -> what each term may match (its derivations) and the FTS5 expressions.

Every piece of user text reaches MATCH as a double-quoted string built here, from tokens that
hold only letters and digits; operators, column names and `*` are ours. A derivation is one
document word (or phrase) a query term can match: the word as typed, its completions if it is
the last word, its other forms (same stem: evaluated, evaluation), its typo corrections, or a
taxonomy name. Each has a level: 0 as typed (and completions, names, phrases), 1 another form,
1 + edits for a typo. Tier t of the query lets each term match its derivations up to level t,
so exact forms rank above other forms, and those above corrected words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from .compounds import joined_form, neighbours_joined, split_form
from .query import Phrase, Query, Term, Word
from .vocabulary import Candidate, Vocabulary

MAX_TIER = 3  # two edits
# Up to this many rows in the report index (~20,000 pages), words in half its rows or more
# rank too: reading every position of such a word costs little there, and tens of ms at
# 100,000 pages (BENCHMARKS.md).
COMMON_RANKED_ROWS = 500


def typos_at(tier: int) -> int:
    """The edits a tier allows (tiers 0 and 1 none: as typed, and other forms)."""
    return max(0, tier - 1)


def quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class Derivation:
    """A document word or phrase a query term matches; `columns` limits where (tags only, for
    a taxonomy name)."""

    term: str
    distance: int = 0
    kind: str = "exact"  # exact, prefix, form, typo, phrase, name
    docs: int = 0
    columns: tuple[str, ...] = ()
    shown: str = ""  # how to name it to a person, when not `term` (a taxonomy name)
    # The tier that first matches it: 0 as typed, 1 another form (or a completion of a word
    # typed in full), 1 + edits a typo.
    level: int = 0
    ranked: bool = True  # False: it filters but BM25 does not rank by it (a common phrase)

    def expression(self) -> str:
        text = quote(self.term)
        if self.kind == "loose":  # a phrase's words anywhere in the row (Plan.loosened)
            text = "(" + " AND ".join(quote(word) for word in self.term.split(" ")) + ")"
        if self.columns:
            return "{" + " ".join(self.columns) + "} : " + text
        return text


@dataclass
class TermPlan:
    """One query term and everything it may match."""

    term: Term
    derivations: list[Derivation] = field(default_factory=list)

    @property
    def word(self) -> str:
        return self.term.raw

    def upto(self, tier: int, *, text_only: bool = False) -> list[Derivation]:
        return [d for d in self.derivations if d.level <= tier and not (text_only and d.columns)]


@dataclass
class GroupPlan:
    """Terms ORed together (a group of one, usually)."""

    terms: list[TermPlan]
    # (tier, text_only) -> upto's answer: asked hundreds of times a search, once the plan is
    # made (its derivations no longer change)
    _upto: dict[tuple[int, bool], list[Derivation]] = field(default_factory=dict, repr=False)

    def upto(self, tier: int, *, text_only: bool = False) -> list[Derivation]:
        key = (tier, text_only)
        if key not in self._upto:
            found: dict[str, Derivation] = {}
            for term in self.terms:
                for derivation in term.upto(tier, text_only=text_only):
                    found.setdefault(derivation.expression(), derivation)
            self._upto[key] = list(found.values())
        return self._upto[key]

    def docs(self, tier: int) -> int:
        """Rows its derivations up to `tier` are in, at most (their docs summed)."""
        return sum(d.docs for d in self.upto(tier))

    def expression(self, tier: int, *, text_only: bool = False) -> str | None:
        derivations = self.upto(tier, text_only=text_only)
        if not derivations:
            return None
        return "(" + " OR ".join(d.expression() for d in derivations) + ")"


@dataclass
class Plan:
    query: Query
    groups: list[GroupPlan]
    excluded: list[Derivation]
    corrections: dict[str, Derivation]  # word as typed -> the correction to tell of
    row_count: int  # rows of the report index, which the derivations' docs count
    title_words: float = 8.0  # the catalogue's mean title length, in words
    # reports of more than one chunk (row) in the report index; None: not known
    long_reports: frozenset[int] | None = None
    report_count: int = 0  # reports in the report index (0: not known)
    # phrases every word of which is in half the rows or more, in a large catalogue ("in to"):
    # FTS5 reads every position of each word to match one (sampled.py)
    common_phrases: dict[str, int] = field(default_factory=dict)  # -> its rarest word's docs
    # every report in the report index (Vocabulary.report_ids: read once, when first asked)
    every_report: Callable[[], frozenset[int]] | None = None
    # the other phrases with a word in half the rows or more ("chumdroity for"), in a large
    # catalogue -> their rarest word and its docs: BM25 of the phrase would count its rows over
    # the whole index, reading every position of the common word (~30 ms at 10^6 pages), so it
    # ranks by that word, which every report the phrase matches holds
    phrase_anchors: dict[str, tuple[str, int]] = field(default_factory=dict)

    def tiers(self) -> list[int]:
        """The tiers worth running: 0, and each one that brings in new derivations."""
        levels = {d.level for g in self.groups for d in g.upto(MAX_TIER)}
        return [0, *sorted(t for t in levels if t > 0)]

    def group_expressions(self, tier: int) -> list[str] | None:
        """One FTS5 query per group at this tier, each to be matched on its own: a long report
        is several rows (chunks), and its groups may match in different ones. None if some
        term can match nothing."""
        parts = [group.expression(tier) for group in self.groups]
        if not parts or any(part is None for part in parts):
            return None
        return [part for part in parts if part]

    def excluded_expression(self) -> str | None:
        """The FTS5 query for the -words: a report any row of which matches is left out."""
        return " OR ".join(d.expression() for d in self.excluded) or None

    def rank_expression(self, tier: int) -> str | None:
        """The derivations that tell reports apart, ORed: BM25 gives a term in half the
        index's rows or more almost no weight (FTS5 clamps its IDF), and ranking one that is on
        every page walks every position it has, so in a large catalogue such terms filter but
        do not rank; in a small one they rank too (by their frequency, their IDF being tiny)."""
        derivations = [d.expression() for d in self.ranked(tier)]
        return " OR ".join(derivations) if derivations else None

    def ranked(self, tier: int) -> list[Derivation]:
        """rank_expression's derivations, each once."""
        small = self.row_count <= COMMON_RANKED_ROWS
        derivations = {
            d.expression(): d
            for group in self.groups
            for d in map(self.anchored, group.upto(tier))
            if d.ranked and (small or d.kind in ("phrase", "name") or d.docs < self.row_count / 2)
        }
        return list(derivations.values())

    def anchored(self, derivation: Derivation) -> Derivation:
        """What ranks for `derivation`: a phrase with a common word, its rarest word."""
        anchor = self.phrase_anchors.get(derivation.term) if derivation.kind == "phrase" else None
        if anchor is None:
            return derivation
        word, docs = anchor
        return Derivation(word, 0, "exact", docs, derivation.columns, level=derivation.level)

    def loosened(self, *, exact: bool = False) -> Plan:
        """The plan with each common phrase, like a common word, not ranked, and matched as
        its words anywhere in a row (kind "loose": a superset of what it matches), or, if
        `exact`, as the phrase."""
        groups = [GroupPlan([TermPlan(t.term, [loose(d, self, exact) for d in t.derivations])
                             for t in group.terms]) for group in self.groups]  # fmt: skip
        return Plan(self.query, groups, self.excluded, self.corrections, self.row_count,
                    self.title_words, self.long_reports, self.report_count,
                    every_report=self.every_report,
                    phrase_anchors=self.phrase_anchors)  # fmt: skip

    def rank_rows(self, tier: int) -> int:
        """Rows rank_expression matches, at most (its derivations' docs summed; every row when
        one's is not known: a phrase or a name)."""
        ranked = self.ranked(tier)
        if any(d.kind in ("phrase", "name") for d in ranked):
            return self.row_count
        return min(self.row_count, sum(d.docs for d in ranked))


def make_plan(
    query: Query, vocabulary: Vocabulary, names: dict[Term, list[tuple[str, str]]]
) -> Plan:
    """Derivations for every term; `names` maps a term to the taxonomy names (as shown, and
    as tokens) it resolves to."""
    groups = [
        GroupPlan([plan_term(term, vocabulary, names.get(term, [])) for term in group])
        for group in query.groups
    ]
    join_neighbours(groups, vocabulary)
    excluded = [exact_derivation(term, vocabulary) for term in query.excluded]
    corrections = {
        term.word: best
        for group in groups
        for term in group.terms
        if (best := correction(term)) is not None
    }
    words = phrase_words(groups, vocabulary)
    half = vocabulary.row_count / 2
    return Plan(query, groups, excluded, corrections, vocabulary.row_count, vocabulary.title_words,
                vocabulary.long_reports(), vocabulary.report_count(),
                {phrase: fewest for phrase, (_, fewest, _) in words.items() if fewest >= half},
                vocabulary.report_ids,
                {phrase: (word, fewest) for phrase, (word, fewest, most) in words.items()
                 if fewest < half <= most})  # fmt: skip


def phrase_words(
    groups: list[GroupPlan], vocabulary: Vocabulary
) -> dict[str, tuple[str, int, int]]:
    """Each phrase -> its rarest word, that word's docs and its commonest word's docs, when
    the report index has over COMMON_RANKED_ROWS rows (in a smaller one every phrase is cheap
    to match and to rank). All its words in half the rows or more: a common phrase."""
    if vocabulary.row_count <= COMMON_RANKED_ROWS:
        return {}
    phrases = {d.term for g in groups for d in g.upto(MAX_TIER) if d.kind == "phrase"}
    found = {}
    for phrase in phrases:
        docs = sorted((vocabulary.docs(word), word) for word in phrase.split(" "))
        found[phrase] = (docs[0][1], docs[0][0], docs[-1][0])
    return found


def loose(derivation: Derivation, plan: Plan, exact: bool) -> Derivation:
    """A common phrase unranked, as its words (kind "loose") unless `exact`; any other as it
    is. Its docs: at most its rarest word's rows."""
    if derivation.kind != "phrase" or derivation.term not in plan.common_phrases:
        return derivation
    docs = plan.common_phrases[derivation.term]
    kind = "phrase" if exact else "loose"
    return Derivation(derivation.term, 0, kind, docs, level=derivation.level, ranked=False)


def plan_term(term: Term, vocabulary: Vocabulary, names: list[tuple[str, str]]) -> TermPlan:
    plan = TermPlan(term, [exact_derivation(term, vocabulary)])
    plan.derivations += compound_derivations(term, vocabulary)
    if isinstance(term, Word):
        plan.derivations += [
            Derivation(text, 0, "form", docs, level=1) for text, docs in vocabulary.forms(term.text)
        ]
        if term.prefix:  # a word typed in full ranks its own forms above its completions
            held = any(d.docs for d in plan.derivations)
            known = {d.term for d in plan.derivations}
            plan.derivations += [
                Derivation(text, 0, "prefix", docs, level=int(held))
                for text, docs in vocabulary.completions(term.text)
                if text not in known
            ]
        plan.derivations += typo_derivations(term, plan.derivations, vocabulary)
    plan.derivations += [
        Derivation(text, 0, "name", 0, ("tags",), shown) for shown, text in names if text
    ]
    return plan


def compound_derivations(term: Term, vocabulary: Vocabulary) -> list[Derivation]:
    """anti-social also as antisocial; antisocial also as "anti social" (compounds.py)."""
    if isinstance(term, Phrase):
        joined = joined_form(term, vocabulary)
        return [Derivation(joined[0], 0, "exact", joined[1])] if joined else []
    split = split_form(term, vocabulary)
    return [Derivation(split, 0, "phrase")] if split else []


def join_neighbours(groups: list[GroupPlan], vocabulary: Vocabulary) -> None:
    """Two words typed apart ("anti social") each also match the two joined (antisocial)."""
    singles = [
        group.terms[0] if len(group.terms) == 1 and isinstance(group.terms[0].term, Word) else None
        for group in groups
    ]
    words = [t.term if t is not None and isinstance(t.term, Word) else None for t in singles]
    for left, right, joined, docs in neighbours_joined(pairwise(words), vocabulary):
        for term in singles:
            if term is not None and term.term in (left, right):
                term.derivations.append(Derivation(joined, 0, "exact", docs))


def exact_derivation(term: Term, vocabulary: Vocabulary) -> Derivation:
    if isinstance(term, Phrase):
        return Derivation(term.text, 0, "phrase")
    return Derivation(term.text, 0, "exact", vocabulary.docs(term.text))


def typo_derivations(
    term: Word, found: list[Derivation], vocabulary: Vocabulary
) -> list[Derivation]:
    """Typo corrections not already found. A word the catalogue holds in some form is never
    corrected into a different word: its typos are only what look like misspellings of it in
    a report ("stalkng" for stalking), no commoner than it and with no other forms of their
    own, where a different word has them ("police", "policing" for policy)."""
    known = {d.term for d in found}
    held = max((d.docs for d in found if d.kind in ("exact", "form")), default=0)
    return [
        typo_derivation(c)
        for c in vocabulary.candidates(term.text)
        if c.term not in known and (not held or (c.docs <= held and not vocabulary.forms(c.term)))
    ]


def typo_derivation(candidate: Candidate) -> Derivation:
    distance = candidate.distance
    return Derivation(candidate.term, distance, "typo", candidate.docs, level=1 + distance)


def correction(term: TermPlan) -> Derivation | None:
    """The typo correction to tell the user about: for a word the catalogue does not have
    (nor, if it is the last word, any word it begins), its closest commonest candidate."""
    exact = term.derivations[0]
    if exact.kind != "exact" or exact.docs:
        return None
    if any(d.kind in ("prefix", "form", "name") for d in term.derivations):
        return None
    typos = [d for d in term.derivations if d.kind == "typo"]
    return typos[0] if typos else None
