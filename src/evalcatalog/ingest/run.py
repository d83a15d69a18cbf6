"""Paths -> discover -> extract (in workers) -> tag -> store. Returns what happened to each file.

Planning is cheap and happens first: an unchanged file (same path, size and mtime) costs a stat;
anything else is hashed, and content already catalogued is attached without parsing it again.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields

from ..errors import ExtractError
from ..extract.ocr import tesseract_path
from ..extract.pdf import open_regular_file
from ..extract.structure import choose_date, sections_of
from ..extract.titles import choose_title
from ..models import FileOutcome, IngestResult, PdfInfo
from ..store import FileState, KnownPath, ReportRecord, Store, display_path, iso_from_ns
from ..tagging.taxonomy import Taxonomy
from .batching import CommitBatch
from .discover import discover
from .ocr import after_ingest
from .reader import TaggingReader
from .receiver import PageReceiver, Received
from .settings import (
    IngestOptions,
    ProgressCallback,
    catalog_engine,
    catalog_taxonomy,
    remember_engine,
    remember_taxonomy,
)
from .workers import ParseJob, ParseResult, WorkerPool


@dataclass
class IngestPlan:
    """What ingest will do: files settled without parsing, and files to parse."""

    settled: list[FileOutcome] = field(default_factory=list)
    to_attach: list[tuple[FileState, int]] = field(default_factory=list)  # duplicates
    to_parse: list[FileState] = field(default_factory=list)
    waiting: dict[str, list[FileState]] = field(default_factory=dict)  # same content, parse once
    missing: list[bytes] = field(default_factory=list)
    failures_gone: list[bytes] = field(default_factory=list)  # failed files no longer there


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open_regular_file(path) as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def same_file(known: KnownPath, state: FileState) -> bool:
    return known.size_bytes == state.size_bytes and known.mtime_ns == state.mtime_ns


def plan_ingest(store: Store, paths: list[str], options: IngestOptions) -> IngestPlan:
    found = discover(paths, options.follow_symlinks)
    plan = IngestPlan(settled=list(found.passed_over))
    known = store.known_paths()
    failures = store.known_failures()
    shas = store.report_ids_by_sha()
    for state in found.files:
        known_path = known.get(state.key)
        failure = failures.get(state.key)
        if not options.force and known_path and same_file(known_path, state):
            if known_path.missing_since:
                plan.to_attach.append((state, known_path.report_id))  # back again: clear flag
            plan.settled.append(outcome(state, "unchanged", known_path.report_id))
            continue
        if (
            failure
            and not (options.retry_failed or options.force)
            and (failure.size_bytes, failure.mtime_ns) == (state.size_bytes, state.mtime_ns)
        ):
            plan.settled.append(outcome(state, "failed", error=failure.reason))
            continue  # fmt: skip
        try:
            state.sha256 = sha256_of(state.path)
        except ExtractError as exc:
            plan.settled.append(outcome(state, "failed", error=str(exc)))
            continue
        plan_one(plan, state, known_path, shas.get(state.sha256), options.force)
    seen = {state.key for state in found.files}
    scopes = [os.fsencode(root) for root in found.roots]
    for key in known:
        if key not in seen and any(in_scope(key, scope) for scope in scopes):
            plan.missing.append(key)
    for key in failures:
        if key not in seen and key not in known and any(in_scope(key, s) for s in scopes):
            plan.failures_gone.append(key)
    return plan


def plan_one(
    plan: IngestPlan, state: FileState, known: KnownPath | None, report_id: int | None, force: bool
) -> None:
    assert state.sha256 is not None
    if report_id is not None and not force:
        if known and known.report_id == report_id:  # touched, not changed
            plan.to_attach.append((state, report_id))
            plan.settled.append(outcome(state, "unchanged", report_id))
        else:
            plan.to_attach.append((state, report_id))
            plan.settled.append(outcome(state, "duplicate", report_id))
    elif state.sha256 in plan.waiting:
        plan.waiting[state.sha256].append(state)
    else:
        plan.waiting[state.sha256] = []
        plan.to_parse.append(state)


def in_scope(key: bytes, scope: bytes) -> bool:
    return key == scope or key.startswith(scope.rstrip(b"/") + b"/")


def outcome(
    state: FileState, status: str, report_id: int | None = None, error: str | None = None
) -> FileOutcome:
    return FileOutcome(display_path(state.path), status, report_id, error)


def ingest(
    store: Store,
    paths: list[str],
    options: IngestOptions,
    progress: ProgressCallback | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> IngestResult:
    """Bring the catalogue in step with the PDFs under `paths`."""
    started = time.monotonic()
    taxonomy = catalog_taxonomy(store, options.taxonomy)
    if options.taxonomy and not options.dry_run:
        remember_taxonomy(store, options.taxonomy)
    engine = catalog_engine(store, options.engine)
    if options.engine and not options.dry_run:
        remember_engine(store, engine)
    if options.ocr:
        tesseract_path()  # a missing Tesseract is said before any work, not after
    plan = plan_ingest(store, paths, options)
    result = IngestResult(dry_run=options.dry_run)
    if on_plan:
        on_plan(len(plan.settled) + len(plan.to_parse) + sum(map(len, plan.waiting.values())))
    report = progress or (lambda _: None)
    run_id = None if options.dry_run else store.start_run([display_path(p) for p in paths])
    for settled in plan.settled:
        result.files.append(settled)
        report(settled)
    if options.dry_run:
        preview_parse(plan, store, result, report)
    else:
        apply_attachments(store, plan)
        parse_and_store(store, plan, options, result, report, taxonomy, engine)
    record_missing(store, plan, options, result, report)
    if not options.dry_run:
        after_ingest(store, result, options, taxonomy)
    result.seconds = time.monotonic() - started
    if run_id is not None:
        summary = {status: value for status, value in result.to_dict().items() if status != "files"}
        store.finish_run(run_id, summary)
    return result


def preview_parse(
    plan: IngestPlan, store: Store, result: IngestResult, report: ProgressCallback
) -> None:
    known = store.known_paths()
    for state in plan.to_parse:
        previous = known.get(state.key)
        status = "updated" if previous else "added"
        if previous and store.report_id_for_sha(state.sha256 or "") == previous.report_id:
            status = "re-extracted"
        result.files.append(outcome(state, status, previous.report_id if previous else None))
        report(result.files[-1])
        for twin in plan.waiting[state.sha256 or ""]:
            result.files.append(outcome(twin, "duplicate"))
            report(result.files[-1])


def apply_attachments(store: Store, plan: IngestPlan) -> None:
    for state, report_id in plan.to_attach:
        with store.transaction():
            previous = store.report_id_for_path(state.key)
            store.attach_path(report_id, state)
            if previous is not None and previous != report_id:
                store.delete_report_if_orphaned(previous)


def parse_and_store(
    store: Store,
    plan: IngestPlan,
    options: IngestOptions,
    result: IngestResult,
    report: ProgressCallback,
    taxonomy: Taxonomy | None = None,
    engine: str | None = None,
) -> None:
    states = {state.key: state for state in plan.to_parse}
    jobs = [ParseJob(state.key, state.path) for state in plan.to_parse]
    receiver = PageReceiver(store)
    read = TaggingReader(  # tagging runs in the workers
        taxonomy or catalog_taxonomy(store), engine or catalog_engine(store)
    )
    pool = WorkerPool(options.jobs, options.timeout, options.memory_mb, receiver, read)
    with pool, CommitBatch(store) as batch:
        pool.idle = batch.commit  # group commit: store what is waiting, commit before waiting
        for parsed in pool.run(jobs):
            batch.begin()
            try:
                received = receiver.finish(parsed.job) if parsed.report else None
                done = store_parsed(store, states[parsed.job.key], parsed, received, plan, options)
            finally:
                receiver.discard(parsed.job)
            batch.stored(received.info.page_count if received else 0)
            for outcome_of_file in done:
                result.files.append(outcome_of_file)
                report(outcome_of_file)


def store_parsed(
    store: Store,
    state: FileState,
    parsed: ParseResult,
    received: Received | None,
    plan: IngestPlan,
    options: IngestOptions,
) -> list[FileOutcome]:
    """Write one parsed file with its rule tags, and any same-content twins, inside the
    caller's transaction (a CommitBatch's)."""
    twins = plan.waiting.get(state.sha256 or "", [])
    if received is None:
        reason = parsed.error or "unreadable PDF"
        for failed in [state, *twins]:
            store.record_failure(failed, reason)
        return [outcome(failed, "failed", error=reason) for failed in [state, *twins]]
    status, report_id = save_report(store, state, received, options.force)
    if status != "duplicate":  # new or re-extracted: rule tags replaced, manual ones kept
        store.replace_rule_tags(report_id, received.tags)
        store.replace_sections(report_id, sections_of(received.structure))
    for twin in twins:
        store.attach_path(report_id, twin)
    return [
        outcome(state, status, report_id),
        *(outcome(twin, "duplicate", report_id) for twin in twins),
    ]


def save_report(store: Store, state: FileState, received: Received, force: bool) -> tuple[str, int]:
    assert state.sha256 is not None
    record = build_record(state, received)
    existing = store.report_id_for_sha(state.sha256)  # another ingest may have stored it
    previous = store.report_id_for_path(state.key)
    if existing is not None:
        if force:
            store.replace_report(existing, record, received.pages, keep_version=False)
        store.attach_path(existing, state)
        status = "re-extracted" if force else "duplicate"  # same bytes: not a new version
        return status, existing
    if previous is not None and store.path_count(previous) == 1:
        store.replace_report(previous, record, received.pages, keep_version=True)
        store.attach_path(previous, state)
        return "updated", previous
    report_id = store.insert_report(record, received.pages)
    store.attach_path(report_id, state)
    return ("updated" if previous is not None else "added"), report_id


# A reports row's fields that PdfInfo holds under the same name (its title is the metadata's:
# the row's title is the chosen one, set below, as are created and the file's own facts).
FROM_INFO = tuple(
    item.name for item in fields(ReportRecord) if item.name in {f.name for f in fields(PdfInfo)}
)


def build_record(state: FileState, received: Received) -> ReportRecord:
    info = received.info
    title, title_source = choose_title(info.title, received.heading, display_path(state.path))
    created, date_source = choose_date(info, received.structure)
    assert state.sha256 is not None
    values = {name: getattr(info, name) for name in FROM_INFO}  # what the PDF says, as is
    values.update(
        sha256=state.sha256, title=title, title_source=title_source, meta_title=info.title,
        file_name=display_path(os.path.basename(state.path)), size_bytes=state.size_bytes,
        mtime=iso_from_ns(state.mtime_ns), word_count=received.word_count,
        failed_pages=received.failed_pages, created=created, date_source=date_source,
    )  # fmt: skip
    return ReportRecord(**values)


def record_missing(
    store: Store,
    plan: IngestPlan,
    options: IngestOptions,
    result: IngestResult,
    report: ProgressCallback,
) -> None:
    if not plan.missing and not plan.failures_gone:
        return
    paths = store.display_paths(plan.missing)
    ids = store.known_paths()
    for key in plan.missing:
        missing = FileOutcome(paths.get(key, ""), "missing", ids[key].report_id)
        result.files.append(missing)
        report(missing)
    for key in plan.failures_gone:  # a failed file gone is missing too
        result.files.append(FileOutcome(display_path(os.fsdecode(key)), "missing"))
        report(result.files[-1])
    if options.dry_run:
        return
    with store.transaction():
        if options.prune:
            for key in [*plan.missing, *plan.failures_gone]:
                store.remove_path(key)
            result.pruned = len(plan.missing) + len(plan.failures_gone)
        else:
            store.mark_missing(plan.missing)
