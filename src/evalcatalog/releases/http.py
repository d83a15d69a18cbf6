"""Downloading with httpx, safely: a time limit per request, a size limit on the decoded bytes,
conditional requests, a PDF check on the bytes themselves, and an atomic write.

httpx: well kept, typed, with separate connect/read timeouts, streaming, and a redirect limit.
Bodies are read raw and decompressed here, in bounded steps, so a gzip bomb stops at the limit
instead of being inflated whole in memory. The only module of ours that imports httpx.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import httpx

from ..errors import EvalcatalogError

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # PDF readers accept a little junk before the header; so do we
STEP = 64 * 1024  # the most a decompressor may produce at once
TEMP_PREFIX = ".evalcatalog-fetch-"
TEMP_SUFFIX = ".part"
USER_AGENT = "evalcatalog (+https://github.com/evalcatalog)"


class FetchError(EvalcatalogError):
    """One URL could not be fetched; the message is its one-line reason."""


class Sink(Protocol):
    """Where a body goes: told its Content-Type first, then given the decoded bytes."""

    def start(self, content_type: str) -> None: ...

    def write(self, piece: bytes) -> None: ...


@dataclass
class FetchLimits:
    timeout: float = 30.0  # seconds for a whole request, first byte to last
    max_bytes: int = 200 * 1024 * 1024  # decoded bytes of one PDF
    max_page_bytes: int = 5 * 1024 * 1024  # a release page
    max_redirects: int = 5


@dataclass
class Response:
    """A finished request: 304 (`not_modified`) or a body, with its validators."""

    not_modified: bool
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    size: int = 0
    url: str = ""  # where the answer came from, after redirects: relative links resolve here


def make_client(limits: FetchLimits) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(limits.timeout),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def get(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    limit: int,
    deadline: float,
    sink: Sink,
) -> Response:
    """GET `url`, passing the decoded body to `sink` in pieces; FetchError with a one-line
    reason for anything but a 2xx or 304 that arrives whole, within `limit` and in time."""
    try:
        with client.stream("GET", url, headers=headers) as response:
            return read_response(response, limit, deadline, sink)
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"redirect loop: more than {client.max_redirects} redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out: no answer within {client.timeout.read} s") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"unreachable: cannot connect to {host_of(url)} ({exc})") from exc
    except httpx.RemoteProtocolError as exc:
        raise FetchError(f"truncated: the connection broke mid-answer ({exc})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"request failed: {type(exc).__name__}: {exc}") from exc


def read_response(response: httpx.Response, limit: int, deadline: float, sink: Sink) -> Response:
    headers = response.headers
    result = Response(response.status_code == 304, headers.get("etag"),
                      headers.get("last-modified"), headers.get("content-type", ""),
                      url=str(response.url))  # fmt: skip
    if result.not_modified:
        return result
    if response.status_code >= 300:
        phrase = response.reason_phrase or "error"
        raise FetchError(f"HTTP {response.status_code} {phrase}")
    encoding = headers.get("content-encoding", "identity")
    length = headers.get("content-length", "")
    expected = int(length) if length.isdigit() else None
    if expected is not None and encoding == "identity" and expected > limit:
        raise FetchError(f"too large: {expected} bytes listed, the limit is {limit}")
    sink.start(result.content_type)
    decoder = BoundedDecoder(encoding, limit, sink.write)
    received = 0
    try:
        for raw in response.iter_raw():
            if time.monotonic() > deadline:
                raise FetchError("timed out: the body took longer than the time limit")
            received += len(raw)
            decoder.feed(raw)
    except httpx.RemoteProtocolError:  # the server closed before the whole body came
        if expected is None:
            raise
    if expected is not None and received != expected:
        raise FetchError(f"truncated: {received} of {expected} bytes arrived")
    decoder.finish()
    result.size = decoder.total
    return result


class BoundedDecoder:
    """Content-Encoding undone a step at a time, stopping as soon as the output passes `limit`."""

    def __init__(self, encoding: str, limit: int, sink: Callable[[bytes], None]) -> None:
        name = encoding.strip().lower()
        if name in ("", "identity"):
            self.inflater = None
        elif name in ("gzip", "x-gzip", "deflate"):
            self.inflater = zlib.decompressobj(47 if "gzip" in name else zlib.MAX_WBITS)
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}")
        self.limit, self.sink, self.total = limit, sink, 0

    def feed(self, data: bytes) -> None:
        if self.inflater is None:
            self.emit(data)
            return
        try:
            while data:
                self.emit(self.inflater.decompress(data, STEP))
                data = self.inflater.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body: {exc}") from exc

    def finish(self) -> None:
        if self.inflater is not None:
            self.emit(self.inflater.flush())
            if not self.inflater.eof:
                raise FetchError("truncated: the compressed body ends early")

    def emit(self, piece: bytes) -> None:
        self.total += len(piece)
        if self.total > self.limit:
            raise FetchError(f"too large: more than {self.limit} bytes (decompressed)")
        if piece:
            self.sink(piece)


def host_of(url: str) -> str:
    return httpx.URL(url).netloc.decode("ascii", "replace")


class PdfWriter:
    """Bytes -> a temporary file beside `target`, hashed as they come, checked to be a PDF;
    `commit()` renames it into place, `discard()` removes it. A kill leaves only the
    temporary file, which `remove_leftovers` clears on the next run."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temporary: Path | None = None
        self.stream: BinaryIO | None = None
        self.digest = hashlib.sha256()
        self.head = b""
        self.content_type = ""

    def start(self, content_type: str) -> None:
        """A body is coming (not a 304): only now is a temporary file made."""
        self.content_type = content_type
        handle, name = tempfile.mkstemp(
            dir=self.target.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX
        )
        self.temporary, self.stream = Path(name), os.fdopen(handle, "wb")

    def write(self, piece: bytes) -> None:
        if len(self.head) < MAGIC_WINDOW:
            self.head += piece[: MAGIC_WINDOW - len(self.head)]
            if len(self.head) >= MAGIC_WINDOW:
                self.check_magic()
        self.digest.update(piece)
        assert self.stream is not None
        self.stream.write(piece)

    def check_magic(self) -> None:
        if PDF_MAGIC not in self.head:
            kind = self.content_type.split(";")[0].strip()
            sent = f" ({kind})" if kind else ""
            start = self.head[:20].decode("ascii", "replace").strip()
            raise FetchError(f"not a PDF: the server sent something else{sent} "
                             f"starting {start!r}")  # fmt: skip

    def sha256(self) -> str:
        return self.digest.hexdigest()

    def commit(self) -> None:
        """Check the bytes were a PDF, then rename them into place."""
        self.check_magic()
        assert self.stream is not None and self.temporary is not None
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.replace(self.temporary, self.target)
        self.temporary = None

    def discard(self) -> None:
        if self.stream is not None:
            self.stream.close()
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)


class TextSink:
    """A release page's bytes, kept in memory (the page limit bounds them)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.charset = "utf-8"

    def start(self, content_type: str) -> None:
        for param in content_type.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                self.charset = value.strip().strip('"')

    def write(self, piece: bytes) -> None:
        self.parts.append(piece)

    def text(self) -> str:
        try:
            return b"".join(self.parts).decode(self.charset, "replace")
        except LookupError:
            return b"".join(self.parts).decode("utf-8", "replace")


def remove_leftovers(folder: Path) -> list[Path]:
    """Temporary files a killed fetch left in `folder`."""
    found = sorted(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}")) if folder.is_dir() else []
    for path in found:
        path.unlink(missing_ok=True)
    return found


@dataclass
class Downloaded:
    """A PDF link's outcome: "fetched" (new bytes in place), "unchanged" (304, or the same
    bytes as the file already there)."""

    status: str
    sha256: str | None
    etag: str | None
    last_modified: str | None


def download(
    client: httpx.Client,
    url: str,
    target: Path,
    validators: tuple[str | None, str | None],
    limits: FetchLimits,
) -> Downloaded:
    """Fetch `url` into `target` atomically; a conditional request when the file is there."""
    headers = conditional_headers(*validators) if target.is_file() else {}
    writer = PdfWriter(target)
    try:
        return download_into(client, url, target, writer, headers, validators, limits)
    except OSError as exc:  # the folder: unwritable, full, gone
        raise FetchError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        writer.discard()


def download_into(
    client: httpx.Client,
    url: str,
    target: Path,
    writer: PdfWriter,
    headers: dict[str, str],
    validators: tuple[str | None, str | None],
    limits: FetchLimits,
) -> Downloaded:
    """The request itself: a 304, the same bytes as the file there, or new bytes renamed in."""
    deadline = time.monotonic() + limits.timeout
    response = get(client, url, headers, limits.max_bytes, deadline, writer)
    if response.not_modified:
        return Downloaded("unchanged", None, response.etag or validators[0],
                          response.last_modified or validators[1])  # fmt: skip
    sha = writer.sha256()
    writer.check_magic()
    if target.is_file() and file_sha256(target) == sha:
        return Downloaded("unchanged", sha, response.etag, response.last_modified)
    writer.commit()
    return Downloaded("fetched", sha, response.etag, response.last_modified)


def fetch_text(
    client: httpx.Client, url: str, validators: tuple[str | None, str | None], limits: FetchLimits
) -> tuple[Response, str | None]:
    """A release page: its text, or None when the server says it has not changed (304)."""
    sink = TextSink()
    deadline = time.monotonic() + limits.timeout
    response = get(client, url, conditional_headers(*validators), limits.max_page_bytes,
                   deadline, sink)  # fmt: skip
    return response, None if response.not_modified else sink.text()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
