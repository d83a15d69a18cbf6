"""Parse PDFs in worker processes, each file under a time limit and every worker under a memory
limit, so that a file which raises, hangs or blows up costs only itself.

Workers are long-lived (a fork per file would cost more than small PDFs take to parse) and send
pages back as they are read, a few at a time (a message per page cost the parent, which every
page passes through, more than the pages themselves). A worker that overruns its deadline is
killed and replaced.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from ..errors import ExtractError
from ..extract.pdf import describe_exception, iter_extraction, load_pypdf
from ..models import ExtractedReport, PageText, PdfInfo, ReadSummary

DONE = "done"
OWN_DEADLINE_GRACE_S = 5  # a worker stops itself this long after the time limit
BATCH_CHARS = 32_000  # pages go to the parent in batches of about this much text
BATCH_PAGES = 32
BATCH_SECONDS = 0.5  # and at least this often, so slow pages (OCR: ~1 s each) show progress

# What a worker runs on each file: its info, then its pages, then maybe a summary.
Reader = Callable[[str], Iterable[PdfInfo | PageText | ReadSummary]]


@dataclass
class ParseJob:
    """One file to parse; `key` lets the caller find its own record again."""

    key: Any
    path: str
    timeout: float | None = None  # seconds for this file, if not the pool's (OCR: per page)


@dataclass
class ParseResult:
    job: ParseJob
    report: ExtractedReport | None = None
    error: str | None = None
    seconds: float = 0.0


class PageSink(Protocol):
    """Takes each file's info and pages as they arrive, instead of the pool holding them until
    the file is done (its ParseResult then has no pages)."""

    def info(self, job: ParseJob, info: PdfInfo) -> None: ...

    def page(self, job: ParseJob, page: PageText) -> None: ...

    def summary(self, job: ParseJob, summary: ReadSummary) -> None: ...


@dataclass
class _Slot:
    """A worker process and what it is doing."""

    process: Any
    conn: Connection
    job: ParseJob | None = None
    deadline: float = 0.0
    started: float = 0.0
    info: PdfInfo | None = None
    pages: list[PageText] = field(default_factory=list)


def _context() -> Any:
    # fork starts a worker in milliseconds; elsewhere fall back to the platform default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the time limit remains
        pass


def _next_job_coming(conn: Connection, parent_pid: int) -> bool:
    """Wait for a job; False once the parent is gone (a killed ingest sends none, and the pipe
    may never report EOF: later workers hold copies of its end)."""
    while not conn.poll(1.0):
        if os.getppid() != parent_pid:
            return False
    return True


def _send_batched(conn: Connection, items: Iterable[PdfInfo | PageText | ReadSummary]) -> None:
    """Send what the reader yields, pages gathered into lists of up to BATCH_CHARS of text
    (BATCH_PAGES pages, BATCH_SECONDS since the last were sent)."""
    batch: list[PageText] = []
    chars, sent = 0, time.monotonic()
    for item in items:
        if isinstance(item, PageText):
            batch.append(item)
            chars += len(item.text)
            waited = time.monotonic() - sent
            if chars < BATCH_CHARS and len(batch) < BATCH_PAGES and waited < BATCH_SECONDS:
                continue
        if batch:
            conn.send(batch)
            batch, chars, sent = [], 0, time.monotonic()
        if not isinstance(item, PageText):
            conn.send(item)
    if batch:
        conn.send(batch)


def _worker_main(
    conn: Connection, read: Reader, memory_mb: int, timeout: float, parent_pid: int
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _limit_memory(memory_mb)
    # The parent kills a worker at the time limit; if the parent was killed itself, this alarm
    # (whose default action ends the process) stops the worker soon after instead.
    own_deadline = min(math.ceil(timeout) + OWN_DEADLINE_GRACE_S, 2**31 - 1)
    while True:
        try:
            if not _next_job_coming(conn, parent_pid):
                return
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        seconds = math.ceil(job.timeout) + OWN_DEADLINE_GRACE_S if job.timeout else own_deadline
        signal.alarm(min(seconds, 2**31 - 1))
        out_of_memory = False
        try:
            _send_batched(conn, read(job.path))
            conn.send(DONE)
        except ExtractError as exc:
            conn.send(ExtractError(str(exc)))
        except MemoryError:
            # Report it after the except block: until then the traceback keeps the parser's
            # frames, and their memory, alive, so sending would fail and lose the reason.
            out_of_memory = True
        except (BrokenPipeError, ConnectionResetError):
            return  # the parent is gone: nobody to tell
        except BaseException as exc:
            conn.send(ExtractError(describe_exception(exc)))
        signal.alarm(0)
        if out_of_memory:
            conn.send(ExtractError(f"too large: exceeded the memory limit of {memory_mb} MB"))
            return  # a heap that hit its limit is not worth reusing


class WorkerPool:
    """Runs ParseJobs on `jobs` processes, yielding results as they finish. Each worker runs
    `read` on a file (by default extract.iter_extraction)."""

    def __init__(
        self,
        jobs: int,
        timeout: float,
        memory_mb: int,
        sink: PageSink | None = None,
        read: Reader = iter_extraction,
    ) -> None:
        self.sink = sink
        self.read = read
        self.size = max(1, jobs)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.slots: list[_Slot] = []
        # Called when the pool is about to wait for its workers with nothing to hand back: the
        # moment for the caller to commit what it has stored (ingest's group commit).
        self.idle: Callable[[], None] | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self) -> _Slot:
        load_pypdf()  # once, here, so forked workers start with it imported
        parent_conn, child_conn = _context().Pipe()
        process = _context().Process(
            target=_worker_main,
            args=(child_conn, self.read, self.memory_mb, self.timeout, os.getpid()),
            daemon=True,
        )
        process.start()
        child_conn.close()
        return _Slot(process=process, conn=parent_conn)

    def run(self, jobs: Iterable[ParseJob]) -> Iterator[ParseResult]:
        queue = deque(jobs)
        while len(self.slots) < min(self.size, len(queue)):
            self.slots.append(self._spawn())
        while queue or any(slot.job for slot in self.slots):
            for slot in self.slots:
                if slot.job is None and queue:
                    self._assign(slot, queue.popleft())
            yield from self._collect(queue)

    def _assign(self, slot: _Slot, job: ParseJob) -> None:
        slot.job, slot.info, slot.pages = job, None, []
        slot.started = time.monotonic()
        slot.deadline = slot.started + (job.timeout or self.timeout)
        slot.conn.send(job)

    def _collect(self, queue: deque[ParseJob]) -> Iterator[ParseResult]:
        busy = [slot for slot in self.slots if slot.job]
        ready = wait([slot.conn for slot in busy], timeout=0)
        if not ready:
            if self.idle is not None:
                self.idle()
            wait_for = max(0.0, min(slot.deadline for slot in busy) - time.monotonic())
            ready = wait([slot.conn for slot in busy], timeout=wait_for)
        for slot in busy:
            result = None
            if slot.conn in ready:
                result = self._receive(slot)
            elif time.monotonic() >= slot.deadline:
                seconds = (slot.job.timeout if slot.job else None) or self.timeout
                result = self._fail(slot, f"timed out after {seconds:g} s")
            if result:
                # Hand the worker its next file before the caller stores this one: otherwise it
                # idles for the whole store (tagging, indexing), and ingest runs at parse + store
                # instead of parse alone.
                if slot.job is None and queue:
                    self._assign(slot, queue.popleft())
                yield result

    def _receive(self, slot: _Slot) -> ParseResult | None:
        """Drain what the worker has sent; a result once the file is done or has failed."""
        job = slot.job
        assert job is not None
        while slot.conn.poll():
            try:
                message = slot.conn.recv()
            except (EOFError, OSError):
                return self._fail(slot, self._crash_reason(slot))
            if isinstance(message, PdfInfo):
                slot.info = message
                if self.sink:
                    self.sink.info(job, message)
            elif isinstance(message, list):  # a batch of pages
                if self.sink:
                    for page in message:
                        self.sink.page(job, page)
                else:
                    slot.pages += message
            elif isinstance(message, ReadSummary):
                if self.sink:
                    self.sink.summary(job, message)
            elif isinstance(message, ExtractError):
                result = self._finish(slot, error=str(message))
                if not slot.process.is_alive() or "memory limit" in str(message):
                    self._replace(slot)
                return result
            elif message == DONE:
                assert slot.info is not None
                return self._finish(slot, report=ExtractedReport(slot.info, slot.pages))
        return None

    def _finish(
        self, slot: _Slot, report: ExtractedReport | None = None, error: str | None = None
    ) -> ParseResult:
        assert slot.job is not None
        result = ParseResult(slot.job, report, error, time.monotonic() - slot.started)
        slot.job, slot.info, slot.pages = None, None, []
        return result

    def _fail(self, slot: _Slot, reason: str) -> ParseResult:
        result = self._finish(slot, error=reason)
        self._replace(slot)
        return result

    def _crash_reason(self, slot: _Slot) -> str:
        slot.process.join(timeout=1)
        code = slot.process.exitcode
        if code == -signal.SIGALRM:  # its own deadline: the parent was too busy to stop it
            return f"timed out after {self.timeout:g} s"
        if code == -signal.SIGABRT:  # PDFium aborts when an allocation fails
            return (f"the PDF reader crashed (SIGABRT), probably out of memory: the limit is "
                    f"{self.memory_mb} MB (--memory-limit)")  # fmt: skip
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            return f"the PDF reader crashed ({name})"
        return "the PDF reader stopped unexpectedly"

    def _replace(self, slot: _Slot) -> None:
        _kill(slot)
        fresh = self._spawn()
        slot.process, slot.conn = fresh.process, fresh.conn

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError, ValueError):  # already gone
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(timeout=2)
            _kill(slot)
        self.slots = []


def _kill(slot: _Slot) -> None:
    if slot.process.is_alive():
        os.kill(slot.process.pid, signal.SIGKILL)
    slot.process.join(timeout=5)
    slot.conn.close()
