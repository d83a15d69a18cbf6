"""Getting a release page: over HTTP (conditionally, remembering its validators and text), or
from a saved copy on disk."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ..errors import UsageError
from ..store import Store
from ..store import releases as records
from .http import FetchError, FetchLimits, fetch_text
from .page import ALLOWED_SCHEMES, ReleasePage, parse_release_page


def load_page(
    store: Store, client: httpx.Client, ref: str, limits: FetchLimits, dry_run: bool
) -> tuple[ReleasePage, str]:
    """The page's links and how it was read: "fetched", "not modified" (304: the text kept
    from last time) or "file" (a saved copy; its relative links cannot be resolved)."""
    if os.path.isfile(ref):
        try:
            text = Path(ref).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"cannot read the release page {ref}: {exc.strerror}") from exc
        return parse_release_page(text, Path(ref).resolve().as_uri()), "file"
    if urlsplit(ref).scheme.lower() not in ALLOWED_SCHEMES:
        raise UsageError(f"{ref!r} is neither an http(s) URL nor a saved HTML file: give the "
                         "release page's address, e.g. https://example.org/releases")  # fmt: skip
    state = records.fetch_state(store, ref)
    known = state is not None and state.body is not None
    validators = (state.etag, state.last_modified) if state and known else (None, None)
    try:
        response, body = fetch_text(client, ref, validators, limits)
    except FetchError as exc:
        if not dry_run:
            with store.transaction():
                records.save_fetch_error(store, ref, str(exc))
        raise FetchError(f"cannot fetch the release page {ref}: {exc}") from exc
    if body is None:
        assert state is not None and state.body is not None
        return parse_release_page(state.body, ref), "not modified"
    if not dry_run:
        with store.transaction():
            saved = records.FetchState(ref, response.etag, response.last_modified, body=body)
            records.save_fetch_ok(store, saved)
    return parse_release_page(body, response.url or ref), "fetched"
