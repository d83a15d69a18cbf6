"""`section:cost` and `section:effect` in search: a dimension's name (or label, or alias)
stands for every heading in the catalogue that the dimension's rules map to it, as the
evidence map does. Passed to search as its `HeadingResolver`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..tagging.taxonomy import Taxonomy


class DimensionHeadings:
    """The headings a `section:` value stands for when it names an evidence dimension.
    `titles` gives the catalogue's distinct headings; it is read only for such a value."""

    def __init__(self, taxonomy: Taxonomy, titles: Callable[[], Iterable[str]]) -> None:
        self.taxonomy = taxonomy
        self.titles = titles

    def headings_for(self, value: str) -> list[str]:
        dimension = self.taxonomy.dimension(value)
        if dimension is None:
            return []
        return [title for title in self.titles() if dimension.matches(title)]
