"""The one name resolver: what tag a value given by a user means, for every kind and surface.

`list --theme`, `search --theme`, `theme:` in a query, `export --theme`, `tag --add theme:...`,
the web app's filters and `Catalog.reports`/`Catalog.search` all come here, so they accept the
same values and refuse the same ones with the same message. In order:

1. a name, acronym or alias of the taxonomy, in any case, spacing or punctuation, with or
   without a plural s ("cirv", "SARAv3", "key findings");
2. a tag the catalogue holds that the taxonomy no longer knows (after a change of taxonomy);
3. words that are words, or the starts of words, of exactly one name ("technical" and "full"
   -> "Full technical report", "knife" -> the theme "Knife crime - early intervention").

Anything else is a UsageError: several names fit ("could be A or B: give more of the name"),
or none ("did you mean ..." with the close names, or every known name when none is close).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..models import TAG_KINDS
from ..text import name_key, name_words, printable

if TYPE_CHECKING:  # resolving a name needs only the loaded taxonomy's tables
    from .taxonomy import Taxonomy

SUGGEST_CUTOFF = 70  # WRatio: "op divn" -> Op Divan (93), "kent" -> nothing (60)
MAX_SUGGESTIONS = 3
MAX_LISTED = 12  # names in an error message before "..."
MIN_PREFIX = 3  # shorter starts of words fit too much ("a" -> "assessment", "and")


class TagNameError(UsageError):
    """A filter value that names no tag, or several, or is not a year."""


def resolve_tag(taxonomy: Taxonomy | None, kind: str, value: str, held: Iterable[str] = ()) -> str:
    """The tag name `value` means for `kind`; `held` are tag names the catalogue holds."""
    if kind not in TAG_KINDS:
        raise UsageError(f"unknown tag kind {kind!r}: use one of {', '.join(TAG_KINDS)}")
    if taxonomy is not None and (name := taxonomy.resolve(kind, value)) is not None:
        return name
    choices = name_choices(taxonomy, kind, held)
    wanted = name_key(value)
    exact = [name for name, keys in choices.items() if wanted and wanted in keys]
    if exact:
        return exact[0]
    fitting = [name for name, keys in choices.items() if any(words_fit(value, k) for k in keys)]
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        raise TagNameError(f"{kind} {value!r} could be {listed(fitting, ' or ')}: "
                         "give more of the name")  # fmt: skip
    raise TagNameError(f"no {kind} called {value!r}: {hint(kind, value, choices)}")


def resolve_tags(
    taxonomy: Taxonomy | None,
    filters: Mapping[str, Sequence[str]],
    held: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, list[str]]:
    """Every value of every tag filter (kind -> values) resolved; kinds without values dropped."""
    held = held or {}
    return {
        kind: list(
            dict.fromkeys(resolve_tag(taxonomy, kind, v, held.get(kind, ())) for v in values)
        )
        for kind, values in filters.items()
        if values
    }


def name_choices(taxonomy: Taxonomy | None, kind: str, held: Iterable[str]) -> dict[str, set[str]]:
    """Each name a value may mean -> its keys (name, acronym, aliases, as name_key forms)."""
    choices: dict[str, set[str]] = {}
    if taxonomy is not None:
        for key, name in taxonomy.keys.get(kind, {}).items():
            choices.setdefault(name, set()).add(key)
    for name in held:
        choices.setdefault(name, set()).add(name_key(name))
    return choices


def words_fit(value: str, key: str) -> bool:
    """Every word of `value` is a word of `key`, or the start of a different one."""
    wanted, words = name_words(value), key.split()
    if not wanted:
        return False
    for word in wanted:
        found = next((w for w in words if w == word), None)
        if found is None and len(word) >= MIN_PREFIX:
            found = next((w for w in words if w.startswith(word)), None)
        if found is None:
            return False
        words.remove(found)
    return True


def hint(kind: str, value: str, choices: dict[str, set[str]]) -> str:
    """'did you mean A or B?' with the close names, else every name known."""
    from rapidfuzz import fuzz, process  # only a value that names nothing needs it

    keys = {key: name for name, names in choices.items() for key in names}
    found = process.extract(name_key(value), list(keys), scorer=fuzz.WRatio, processor=None)
    close = list(dict.fromkeys(keys[key] for key, score, _ in found if score >= SUGGEST_CUTOFF))
    if close:
        return f"did you mean {listed(close[:MAX_SUGGESTIONS], ' or ')}?"
    known = listed(list(choices), ", ") if choices else "none yet"
    return f"known {kind}s are {known}"


def listed(names: Sequence[str], joiner: str) -> str:
    shown = [printable(name) for name in names[:MAX_LISTED]]
    return joiner.join(shown) + (", ..." if len(names) > MAX_LISTED else "")


YEARS = re.compile(r"^\s*(\d{4})\s*(?:(?:-|\.\.|to)\s*(\d{4}))?\s*$")


def year_range(value: str | int) -> tuple[int, int]:
    """A year filter ("2021", "2019-2021", "2019..2021", "2019 to 2021") as (first, last)."""
    found = YEARS.match(str(value))
    if not found:
        raise TagNameError(
            f"year {str(value)!r} is not a year: use year:2021 or a range, year:2019-2021"
        )
    first, last = int(found[1]), int(found[2] or found[1])
    return min(first, last), max(first, last)


def parse_tag(
    taxonomy: Taxonomy | None, text: str, held: Mapping[str, Iterable[str]] | None = None
) -> tuple[str, str]:
    """ "KIND:NAME" -> (kind, the tag name it means); `held` (kind -> names, a report's tags)
    lets a name the taxonomy no longer knows be named, so a stale tag can be removed."""
    kind, sep, value = text.partition(":")
    kind = kind.strip().lower()
    if not sep or not value.strip():
        raise UsageError(f"{text!r} is not KIND:NAME (e.g. intervention:CIRV)")
    if kind not in TAG_KINDS:
        raise UsageError(
            f"unknown tag kind {kind!r} in {text!r}: use one of {', '.join(TAG_KINDS)}"
        )
    return kind, resolve_tag(taxonomy, kind, value, (held or {}).get(kind, ()))
