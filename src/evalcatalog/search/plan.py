"""A parsed query -> what each term may match (its derivations) and the FTS5 expressions.

Every piece of user text reaches MATCH as a double-quoted string built here, from tokens that
hold only letters and digits; operators, column names and `*` are ours. A derivation is one
document word (or phrase) a query term can match: the word as typed, its completions if it is
the last word, its typo corrections, or a taxonomy name. Tier t of the query lets each term
match its derivations of up to t edits, so tier 0 is the query as typed and exact matches rank
above corrected ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .query import Phrase, Query, Term, Word
from .vocabulary import Candidate, Vocabulary

MAX_TIER = 2


def quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class Derivation:
    """A document word or phrase a query term matches; `columns` limits where (tags only, for
    a taxonomy name)."""

    term: str
    distance: int = 0
    kind: str = "exact"  # exact, prefix, typo, phrase, name
    docs: int = 0
    columns: tuple[str, ...] = ()
    shown: str = ""  # how to name it to a person, when not `term` (a taxonomy name)

    def expression(self) -> str:
        text = quote(self.term)
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
        return [d for d in self.derivations if d.distance <= tier and not (text_only and d.columns)]


@dataclass
class GroupPlan:
    """Terms ORed together (a group of one, usually)."""

    terms: list[TermPlan]

    def upto(self, tier: int, *, text_only: bool = False) -> list[Derivation]:
        found: dict[str, Derivation] = {}
        for term in self.terms:
            for derivation in term.upto(tier, text_only=text_only):
                found.setdefault(derivation.expression(), derivation)
        return list(found.values())

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

    def tiers(self) -> list[int]:
        """The tiers worth running: 0, and each one that brings in new derivations."""
        distances = {d.distance for g in self.groups for d in g.upto(MAX_TIER)}
        return [0, *sorted(t for t in distances if t > 0)]

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
        index's rows or more no weight (FTS5 clamps its IDF), and ranking one that is on every
        page walks every position it has, so such terms filter but do not rank."""
        half = self.row_count / 2
        derivations = {
            d.expression(): d
            for group in self.groups
            for d in group.upto(tier)
            if d.kind in ("phrase", "name") or d.docs < half
        }
        return " OR ".join(derivations) if derivations else None


def make_plan(
    query: Query, vocabulary: Vocabulary, names: dict[Term, list[tuple[str, str]]]
) -> Plan:
    """Derivations for every term; `names` maps a term to the taxonomy names (as shown, and
    as tokens) it resolves to."""
    groups = [
        GroupPlan([plan_term(term, vocabulary, names.get(term, [])) for term in group])
        for group in query.groups
    ]
    excluded = [exact_derivation(term, vocabulary) for term in query.excluded]
    corrections = {
        term.word: best
        for group in groups
        for term in group.terms
        if (best := correction(term)) is not None
    }
    return Plan(query, groups, excluded, corrections, vocabulary.row_count)


def plan_term(term: Term, vocabulary: Vocabulary, names: list[tuple[str, str]]) -> TermPlan:
    plan = TermPlan(term, [exact_derivation(term, vocabulary)])
    if isinstance(term, Word):
        if term.prefix:
            plan.derivations += [
                Derivation(text, 0, "prefix", docs)
                for text, docs in vocabulary.completions(term.text)
            ]
        known = {d.term for d in plan.derivations}  # a completion is not also a typo
        plan.derivations += [
            typo_derivation(c) for c in vocabulary.candidates(term.text) if c.term not in known
        ]
    plan.derivations += [
        Derivation(text, 0, "name", 0, ("tags",), shown) for shown, text in names if text
    ]
    return plan


def exact_derivation(term: Term, vocabulary: Vocabulary) -> Derivation:
    if isinstance(term, Phrase):
        return Derivation(term.text, 0, "phrase")
    return Derivation(term.text, 0, "exact", vocabulary.docs(term.text))


def typo_derivation(candidate: Candidate) -> Derivation:
    return Derivation(candidate.term, candidate.distance, "typo", candidate.docs)


def correction(term: TermPlan) -> Derivation | None:
    """The typo correction to tell the user about: for a word the catalogue does not have
    (nor, if it is the last word, any word it begins), its closest commonest candidate."""
    exact = term.derivations[0]
    if exact.kind != "exact" or exact.docs:
        return None
    if any(d.kind in ("prefix", "name") for d in term.derivations):
        return None
    typos = [d for d in term.derivations if d.kind == "typo"]
    return typos[0] if typos else None
