"""Corpus ingest: read → clean → store, in batches, incrementally and crash-safe.

Each batch is cleaned together (lines repeated across an outlet's articles in the batch are
chrome), articles already in the store are skipped (content-hash ids), and the batch is
written in one transaction with its drops (and, when a clusterer is given, its story
memberships). A kill between batches loses nothing that was committed; a rerun skips what is
stored and completes the rest without duplicates.
"""

from __future__ import annotations

import csv
import json
import logging
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Protocol, TextIO

import numpy as np

from newsprism.clean import clean
from newsprism.embed import Vectors
from newsprism.ingest import read
from newsprism.model import Article, Drop, RawDocument
from newsprism.settings import CleanConfig
from newsprism.store import Store
from newsprism.util import batched

log = logging.getLogger(__name__)


Membership = tuple[str, str, float | None, str]
VectorRow = tuple[str, str, bytes]
Embed = Callable[[Sequence[Article]], Vectors]


class Assigner(Protocol):
    """Puts new articles into stories: (article id, story id, score, reason) per article."""

    @property
    def embed(self) -> Embed:
        """A picklable function giving the vectors :meth:`assign` takes (run in workers)."""
        ...

    def vector_rows(self, articles: Sequence[Article], vectors: Vectors) -> list[VectorRow]: ...

    def assign(
        self, articles: Sequence[Article], vectors: Vectors | None = None
    ) -> list[Membership]: ...

    def checkpoint(self) -> None:
        """Called once everything assigned is committed (e.g. to save an index)."""
        ...


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did."""

    seen: int = 0
    new: int = 0
    already_stored: int = 0
    moved: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    workers: int = 0

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())


@dataclass(slots=True)
class _Prepared:
    size: int
    articles: list[Article]
    drops: list[Drop]
    vectors: dict[str, Vectors] = field(default_factory=dict)


def _prepare(
    batch: list[RawDocument | Drop],
    config: CleanConfig,
    outlet: str | None,
    embed: Embed | None,
    db: str | None,
) -> _Prepared:
    """The per-batch work that needs no writing: cleaning, and the vectors clustering takes
    for the articles the store (``db``, read-only) does not hold yet."""
    out = _Prepared(len(batch), [], [])
    for item in clean(batch, config, outlet=outlet):
        if isinstance(item, Drop):
            out.drops.append(item)
        else:
            out.articles.append(item)
    if embed is not None and out.articles:
        todo = {a.id: a for a in out.articles}
        if db is not None:
            for known in _stored_ids(db, list(todo)):
                del todo[known]
        if todo:
            out.vectors = dict(zip(todo, embed(list(todo.values())), strict=True))
    return out


def _stored_ids(db: str, ids: list[str]) -> set[str]:
    conn = sqlite3.connect(Path(db).resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
    try:
        marks = ",".join("?" * len(ids))
        sql = f"SELECT id FROM articles WHERE id IN ({marks})"
        return {r[0] for r in conn.execute(sql, ids)}
    except sqlite3.Error:
        return set()
    finally:
        conn.close()


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops them, and end when the parent is
    killed outright (a pool cannot tell them then)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _prepared(
    batches: Iterator[list[RawDocument | Drop]],
    work: Callable[[list[RawDocument | Drop]], _Prepared],
    workers: int,
) -> Iterator[_Prepared]:
    """``work`` over ``batches``, in order. With ``workers`` > 1 and more than one batch, in a
    process pool, at most ``workers + 1`` batches in flight (memory stays bounded)."""
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or workers <= 1:
        yield work(first)
        if second is not None:
            yield work(second)
        yield from map(work, batches)
        return
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init)
    try:
        pending: deque[Future[_Prepared]] = deque()
        for batch in chain([first, second], batches):
            pending.append(pool.submit(work, batch))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    """Processes that clean and embed during ``ingest``: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def ingest(
    store: Store,
    paths: Sequence[str | Path],
    *,
    config: CleanConfig = CleanConfig(),
    outlet: str | None = None,
    assigner: Assigner | None = None,
    batch_size: int = 256,
    workers: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` into ``store``; returns counts of new, already stored and dropped.

    Reading and the store stay in this process; cleaning (and embedding, for ``assigner``)
    runs in ``workers`` processes when there is more than one batch. Batches are stored in
    input order, so the result does not depend on ``workers``."""
    report = IngestReport(workers=workers)
    t0 = time.perf_counter()
    embed = assigner.embed if assigner is not None else None
    db = store.path if store.path != ":memory:" else None
    work = partial(_prepare, config=config, outlet=outlet, embed=embed, db=db)
    for done in _prepared(batched(read(paths), batch_size), work, workers):
        for d in done.drops:
            report.dropped[d.reason.split(" (")[0]] += 1
        stored = store.known(a.id for a in done.articles)
        fresh: dict[str, int] = {}
        for k, a in enumerate(done.articles):
            if a.id not in stored:
                fresh.setdefault(a.id, k)
        report.already_stored += len(done.articles) - len(fresh)
        new = [done.articles[k] for k in fresh.values()]
        members: list[Membership] = []
        rows: list[VectorRow] = []
        if assigner is not None and new:
            late = [a for a in new if a.id not in done.vectors]  # stored while in flight
            if late:
                done.vectors.update(zip([a.id for a in late], assigner.embed(late), strict=True))
            vecs = np.stack([done.vectors[a.id] for a in new])
            members = assigner.assign(new, vecs)
            rows = assigner.vector_rows(new, vecs)
        # memberships may also move stored articles (a bridge merged two stories)
        report.new += len(store.write_batch(new, done.drops, members, rows))
        report.moved += sum(1 for m in members if m[0] not in fresh)
        report.seen += done.size
        if on_progress is not None:
            on_progress(done.size)
    if assigner is not None and report.new:
        assigner.checkpoint()
    report.seconds = time.perf_counter() - t0
    log.info("ingest: %d new, %d already stored, %d dropped in %.1f s", report.new,
             report.already_stored, report.dropped_total, report.seconds)  # fmt: skip
    return report


EXPORT_FIELDS = ("id", "ref", "source", "outlet", "url", "title", "published", "lang", "text")


def export(store: Store, out: TextIO, fmt: str = "jsonl") -> int:
    """Write every stored article to ``out`` as JSONL (whole records) or CSV (main fields)."""
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for a in store.articles():
            writer.writerow(a.to_dict())
            n += 1
        return n
    for a in store.articles():
        out.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def drop_record(d: Drop) -> dict[str, str | int | None]:
    """A drop as ``{"source", "line", "reason"}``: a JSONL record's ``path:LINE`` is split."""
    source, sep, line = d.source.rpartition(":")
    if sep and line.isdigit() and source:
        return {"source": source, "line": int(line), "reason": d.reason}
    return {"source": d.source, "line": None, "reason": d.reason}
