"""Build each font of a PDF once per document, not once per page (part of the extract stage).

pypdf's `extract_text` builds a `Font` (encoding, ToUnicode CMap, glyph widths) from every
font dictionary of the page it reads, though a report's pages share a handful of fonts: about
8% of extraction time on report-like PDFs. Inside `reuse_fonts()`, `Font.from_font_resource`
returns the Font it already built from the same dictionary object (pypdf resolves an indirect
object once per reader, so a page's font is the same object as on the page before).

The text is unchanged: a Font depends only on its dictionary, and the one change pypdf makes to
it afterwards (a default space width, 200 for every page) is the same each time. With a pypdf
that has no `Font.from_font_resource`, nothing is patched and pages are read as pypdf does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_built: dict[int, tuple[Any, Any]] = {}  # id(font dictionary) -> (the dictionary, its Font)
_state = {"depth": 0, "installed": False}


def _install() -> bool:
    """Wrap Font.from_font_resource once per process; False if this pypdf has no such thing."""
    if _state["installed"]:
        return True
    try:
        from pypdf.generic import _font

        font_class = _font.Font
        original = font_class.__dict__["from_font_resource"].__func__
    except (ImportError, AttributeError, KeyError):
        return False

    def from_font_resource(cls: Any, pdf_font_dict: Any) -> Any:
        if not _state["depth"]:
            return original(cls, pdf_font_dict)
        held = _built.get(id(pdf_font_dict))
        if held is None or held[0] is not pdf_font_dict:  # the dictionary is kept, so an id
            held = (pdf_font_dict, original(cls, pdf_font_dict))  # is never another's
            _built[id(pdf_font_dict)] = held
        return held[1]

    setattr(font_class, "from_font_resource", classmethod(from_font_resource))  # noqa: B010
    _state["installed"] = True
    return True


@contextmanager
def reuse_fonts() -> Iterator[None]:
    """Fonts built while one document is read are reused; forgotten when it is done."""
    _install()
    _state["depth"] += 1
    try:
        yield
    finally:
        _state["depth"] -= 1
        if not _state["depth"]:
            _built.clear()


def fonts_reused() -> int:
    """How many fonts are held now (for tests)."""
    return len(_built)
