"""Load and validate a taxonomy file (TOML): themes, interventions, forces, topics, report types.

The default taxonomy ships in the package (data/taxonomy.toml, which documents the format). A
user's file extends it, entry by entry, unless it says `extends = false`. Every mistake in a
file is a TaxonomyError naming the file and the line: tomllib reports the line of a syntax error,
and for a schema error (an unknown key, a bad regex) we find the line of the offending key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from ..models import TAG_KINDS
from ..text import name_key
from .dimensions import SECTION as DIMENSIONS
from .dimensions import Dimension, build_dimensions, find_dimension
from .patterns import IGNORECASE, Patterns
from .prefilter import rule_literals
from .taxonomy_file import SourceFile

SECTIONS = {f"{kind}s": kind for kind in TAG_KINDS}  # [[themes]] holds theme entries
MATCH_KINDS = ("any", "all", "phrase", "regex", "fuzzy")
COMMON_KEYS = {"name", "acronym", "aliases", "rules"}
EXTRA_KEYS = {"theme": {"session", "date", "topics"}, "intervention": {"theme", "forces", "topics"}}
RULE_KEYS = {"match", "pattern", "case_sensitive", "cutoff"}
DEFAULT_CUTOFF = 90.0
DEFAULT_NAME = "default"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


@dataclass(frozen=True)
class Rule:
    """One way an entry is found. `patterns` are compiled as written (case as the rule says);
    `patterns_nocase` ignore case, for file names that have lost theirs."""

    match: str
    pattern: str
    case_sensitive: bool = False
    cutoff: float = DEFAULT_CUTOFF
    patterns: Sequence[Any] = ()
    patterns_nocase: Sequence[Any] = ()
    needle: str = ""  # the fuzzy pattern, normalised once
    # What a text must hold for the rule to match there (prefilter.py): all of `required`,
    # one of `any_of` if given. Words, or for a regex rule stretches of text (`fragments`).
    required: frozenset[str] = frozenset()
    any_of: frozenset[str] = frozenset()

    @property
    def literals(self) -> frozenset[str]:
        return self.required | self.any_of

    @property
    def fragments(self) -> frozenset[str]:
        return self.required if self.match == "regex" else frozenset()


@dataclass
class Entry:
    """A taxonomy entry: the tag `name` of a `kind`, how it is named, and how it is found."""

    kind: str
    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    theme: str | None = None
    forces: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    session: int | None = None
    date: str | None = None


@dataclass
class Taxonomy:
    """Entries by kind, in file order, with every name, acronym and alias indexed once."""

    source: str
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> name key -> name
    dimensions: list[Dimension] = field(default_factory=list)  # evidence (dimensions.py)

    def names(self, kind: str) -> list[str]:
        return [entry.name for entry in self.entries.get(kind, [])]

    def entry(self, kind: str, name: str) -> Entry | None:
        return next((entry for entry in self.entries.get(kind, []) if entry.name == name), None)

    def resolve(self, kind: str, text: str) -> str | None:
        """The canonical name for a name, acronym or alias of `kind`, in any case; else None."""
        keys = self.keys.get(kind, {})
        wanted = name_key(text)
        for candidate in (wanted, wanted[:-1] if wanted.endswith("s") else wanted + "s"):
            if candidate in keys:
                return keys[candidate]
        return None

    def dimension(self, text: str) -> Dimension | None:
        """The evidence dimension `text` names ("cost", "effect"), or None."""
        return find_dimension(self.dimensions, text)


def default_taxonomy_path() -> Path:
    # The package's folder, as importlib.resources.files would say for a package on disk (it
    # is read as a Path anyway), without the ~6 ms importing importlib.resources and zipfile.
    return Path(__file__).resolve().parent.parent / "data" / "taxonomy.toml"


def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The default taxonomy, or the one in `path` (over the default unless `extends = false`)."""
    default = SourceFile.read(default_taxonomy_path())
    default.shipped = True  # its regexes are ours, tested: not compiled to be checked
    if path is None or path == DEFAULT_NAME:
        return build(DEFAULT_NAME, [default])
    user = SourceFile.read(Path(path))
    extends = user.data.get("extends", True)
    if not isinstance(extends, bool):
        user.fail("'extends' must be true or false", key="extends")
    return build(str(path), [default, user] if extends else [user])


def build(source: str, files: list[SourceFile]) -> Taxonomy:
    """Merge the files' entries (a later file's entry replaces an earlier one of the same name),
    then check each entry and compile its rules."""
    raw: dict[str, dict[str, tuple[SourceFile, int, dict[str, Any]]]] = {s: {} for s in SECTIONS}
    for file in files:
        for key in file.data:
            if key not in SECTIONS and key not in ("extends", DIMENSIONS):
                file.fail(
                    f"unknown section {key!r}: use {', '.join(SECTIONS)} (or extends)", key=key
                )
        for section in SECTIONS:
            items = file.data.get(section, [])
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                file.fail(f"{section} must be a list of [[{section}]] tables", key=section)
            seen: set[str] = set()
            for index, item in enumerate(items):
                name = item.get("name")
                if not isinstance(name, str) or not name.strip():
                    file.fail(
                        f"[[{section}]] entry {index + 1} needs a name", section, index, "name"
                    )
                if name_key(name) in seen:
                    file.fail(f"{name!r} appears twice in [[{section}]]", section, index, "name")
                seen.add(name_key(name))
                raw[section][name_key(name)] = (file, index, item)
    taxonomy = Taxonomy(source)
    for section, kind in SECTIONS.items():
        taxonomy.entries[kind] = [
            make_entry(kind, section, *spot) for spot in raw[section].values()
        ]
        taxonomy.keys[kind] = index_names(kind, section, raw[section], taxonomy.entries[kind])
    for section, kind in SECTIONS.items():
        for (file, index, _), entry in zip(
            raw[section].values(), taxonomy.entries[kind], strict=True
        ):
            link_entry(taxonomy, entry, file, section, index)
    taxonomy.dimensions = build_dimensions(files, compile_rule)
    return taxonomy


def is_name(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def is_names(value: Any) -> bool:
    return isinstance(value, list) and all(is_name(item) for item in value)


FIELD_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "acronym": (is_name, "must be a name"),
    "theme": (is_name, "must be a name"),
    **dict.fromkeys(("aliases", "forces", "topics"), (is_names, "must be a list of names")),
    "session": (lambda v: isinstance(v, int) and not isinstance(v, bool), "must be a number"),
    "date": (lambda v: isinstance(v, dt.date | str), "must be a date such as 2021-07-07"),
    "rules": (
        lambda v: isinstance(v, list) and all(isinstance(rule, dict) for rule in v),
        "must be a list of { match = ..., pattern = ... } tables",
    ),
}


def make_entry(
    kind: str, section: str, file: SourceFile, index: int, item: dict[str, Any]
) -> Entry:
    name = str(item["name"]).strip()

    def fail(what: str, key: str, value: Any = None) -> NoReturn:
        file.fail(f"{kind} {name!r}: {what}", section, index, key, value)

    allowed = COMMON_KEYS | EXTRA_KEYS.get(kind, set())
    for key, value in item.items():
        if key not in allowed:
            fail(f"unknown key {key!r} (use {', '.join(sorted(allowed))})", key)
        check, what = FIELD_CHECKS.get(key, (is_name, "must be a name"))
        if not check(value):
            fail(f"{key} {what}", key)
    date = item.get("date")
    entry = Entry(
        kind,
        name,
        item.get("acronym"),
        tuple(item.get("aliases", ())),
        theme=item.get("theme"),
        forces=tuple(item.get("forces", ())),
        topics=tuple(item.get("topics", ())),
        session=item.get("session"),
        date=date.isoformat() if isinstance(date, dt.date) else date,
    )
    specs = item["rules"] if "rules" in item else default_rules(entry)
    entry.rules = tuple(compile_rule(spec, fail, not file.shipped) for spec in specs)
    return entry


def default_rules(entry: Entry) -> list[dict[str, Any]]:
    """Without rules, an entry's names are its rules: phrases, capitalised ones case-sensitive."""
    names = [re.sub(r"\s*\([^)]*\)\s*$", "", entry.name), *entry.aliases]
    abbreviation = re.search(r"\(([^)]+)\)\s*$", entry.name)
    names += [entry.acronym] if entry.acronym else ([abbreviation[1]] if abbreviation else [])
    return [
        {"match": "phrase", "pattern": name, "case_sensitive": looks_like_acronym(name)}
        for name in dict.fromkeys(n for n in names if n.strip())
    ]


def looks_like_acronym(text: str) -> bool:
    return any(sum(char.isupper() for char in word) >= 2 for word in text.split())


RuleFail = Callable[[str, str, Any], NoReturn]


def compile_rule(spec: dict[str, Any], fail: RuleFail, check: bool = True) -> Rule:
    """`check=False`: the shipped file's regexes (tested) compile when first matched, so loading
    the default taxonomy to resolve names (every search and listing) imports no regex."""
    for key in spec:
        if key not in RULE_KEYS:
            fail(f"unknown rule key {key!r} (use {', '.join(sorted(RULE_KEYS))})", key, None)
    match, pattern = spec.get("match"), spec.get("pattern")
    if match not in MATCH_KINDS:
        fail(f"unknown match kind {match!r} (use {', '.join(MATCH_KINDS)})", "match", match)
    if not isinstance(pattern, str) or not pattern.strip():
        fail("a rule needs a pattern (a non-empty string)", "pattern", pattern)
    case_sensitive = spec.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        fail("case_sensitive must be true or false", "case_sensitive", case_sensitive)
    cutoff = spec.get("cutoff", DEFAULT_CUTOFF)
    if isinstance(cutoff, bool) or not isinstance(cutoff, int | float) or not 0 < cutoff <= 100:
        fail("cutoff must be a number from 1 to 100", "cutoff", cutoff)
    if match == "regex" and (problem := regex_too_costly(str(pattern))):
        fail(f"regex {pattern[:60]!r} is too costly: {problem}", "pattern", pattern)
    sources = tuple(match_sources(str(match), str(pattern)))
    nocase = Patterns(sources, IGNORECASE)
    exact = Patterns(sources, 0) if case_sensitive else nocase  # one compilation if the same
    if match == "regex" and check:  # the user's own: checked now (phrases are always sound)
        import regex

        try:
            exact.compiled(), nocase.compiled()
        except regex.error as exc:
            fail(f"bad regex {pattern!r}: {exc}", "pattern", pattern)
    needle = pattern if case_sensitive else pattern.lower()
    return Rule(
        str(match),
        str(pattern),
        case_sensitive,
        float(cutoff),
        exact,
        nocase,
        " ".join(needle.split()),
        *rule_literals(str(match), str(pattern)),
    )


MAX_REGEX_CHARS = 300
MAX_REGEX_REPEAT_PRODUCT = 10_000
_COUNTED_REPEAT = re.compile(r"\{\s*(\d+)\s*(?:,\s*(\d*)\s*)?\}")


def regex_too_costly(pattern: str) -> str | None:
    """Compiling can take minutes on nested counted repeats such as ((a{1000}){1000}){100};
    matching is time-limited, but compiling is not, so refuse such patterns up front."""
    if len(pattern) > MAX_REGEX_CHARS:
        return f"keep patterns under {MAX_REGEX_CHARS} characters"
    product = 1  # nested repeats multiply; bounding the product of all of them is simple
    for low, high in _COUNTED_REPEAT.findall(pattern):
        product *= max(1, int(low), int(high or 0))
        if product > MAX_REGEX_REPEAT_PRODUCT:
            return f"counted repeats such as {{n}} multiply past {MAX_REGEX_REPEAT_PRODUCT}"
    return None


def match_sources(match: str, pattern: str) -> list[str]:
    """The regular expressions behind a rule: one per word for any/all, none for fuzzy."""
    if match == "regex":
        return [pattern]
    if match == "phrase":
        return [phrase_regex(pattern)]
    if match in ("any", "all"):
        return [phrase_regex(word) for word in pattern.split()]
    return []


def phrase_regex(phrase: str) -> str:
    """Whole words in order, across line breaks and any dash, with an optional plural -s.
    (re.escape and regex.escape differ only on whitespace, which split() leaves out.)"""
    parts: list[str] = []
    for word in phrase.split():
        if all(char in DASHES for char in word):
            parts.append(r"\s*[" + DASHES + r"]\s*")
            continue
        escaped = "".join(
            f"[{DASHES}]" if c in DASHES else "['\u2019]" if c in "'\u2019" else re.escape(c)
            for c in word
        )
        if parts and not parts[-1].endswith(r"\s*"):
            parts.append(r"\s+")
        parts.append(escaped)
    head = r"(?<!\w)" if phrase.strip()[:1].isalnum() else ""
    tail = r"[sS]?(?!\w)" if phrase.strip()[-1:].isalnum() else ""
    return head + "".join(parts) + tail


def index_names(
    kind: str,
    section: str,
    raw: dict[str, tuple[SourceFile, int, dict[str, Any]]],
    entries: list[Entry],
) -> dict[str, str]:
    """name key -> canonical name, for resolve(); one key naming two entries is an error."""
    keys: dict[str, str] = {}
    for (file, index, _), entry in zip(raw.values(), entries, strict=True):
        plain = re.sub(r"\s*\([^)]*\)\s*$", "", entry.name)
        names = [entry.name, plain, *entry.aliases, *([entry.acronym] if entry.acronym else [])]
        for text in names:
            key = name_key(text)
            if not key:
                continue
            if keys.get(key, entry.name) != entry.name:
                file.fail(
                    f"{kind} {entry.name!r}: {text!r} already names {kind} {keys[key]!r}",
                    section,
                    index,
                    value=text,
                )
            keys[key] = entry.name
    return keys


def link_entry(
    taxonomy: Taxonomy, entry: Entry, file: SourceFile, section: str, index: int
) -> None:
    """Point an entry's theme, forces and topics at canonical names, or say which is unknown."""

    def canonical(kind: str, text: str, key: str) -> str:
        name = taxonomy.resolve(kind, text)
        if name is None:
            known = ", ".join(taxonomy.names(kind)) or "none"
            file.fail(
                f"{entry.kind} {entry.name!r}: {text!r} is not a {kind} (known: {known})",
                section,
                index,
                key,
                text,
            )
        return str(name)

    if entry.theme is not None:
        entry.theme = canonical("theme", entry.theme, "theme")
    entry.forces = tuple(canonical("force", force, "forces") for force in entry.forces)
    entry.topics = tuple(canonical("topic", topic, "topics") for topic in entry.topics)
