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
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from newsprism.clean import clean
from newsprism.ingest import read
from newsprism.model import Article, Drop, RawDocument
from newsprism.settings import CleanConfig
from newsprism.store import Store

log = logging.getLogger(__name__)


class Assigner(Protocol):
    """Puts new articles into stories: (article id, story id, score, reason) per article."""

    def assign(self, articles: Sequence[Article]) -> list[tuple[str, str, float | None, str]]: ...


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did."""

    seen: int = 0
    new: int = 0
    already_stored: int = 0
    moved: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())


def _batches(items: Iterable[RawDocument | Drop], size: int) -> Iterator[list[RawDocument | Drop]]:
    batch: list[RawDocument | Drop] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    store: Store,
    paths: Sequence[str | Path],
    *,
    config: CleanConfig = CleanConfig(),
    outlet: str | None = None,
    assigner: Assigner | None = None,
    batch_size: int = 256,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` into ``store``; returns counts of new, already stored and dropped."""
    report = IngestReport()
    t0 = time.perf_counter()
    for batch in _batches(read(paths), batch_size):
        articles: list[Article] = []
        drops: list[Drop] = []
        for item in clean(batch, config, outlet=outlet):
            if isinstance(item, Drop):
                drops.append(item)
                report.dropped[item.reason.split(" (")[0]] += 1
            else:
                articles.append(item)
        stored = store.known(a.id for a in articles)
        fresh: dict[str, Article] = {}
        for a in articles:
            if a.id not in stored:
                fresh.setdefault(a.id, a)
        report.already_stored += len(articles) - len(fresh)
        members = assigner.assign(list(fresh.values())) if assigner and fresh else []
        # memberships may also move stored articles (a bridge merged two stories)
        fresh_ids = set(fresh)
        report.new += len(store.write_batch(fresh.values(), drops, members))
        report.moved += sum(1 for m in members if m[0] not in fresh_ids)
        report.seen += len(batch)
        if on_progress is not None:
            on_progress(len(batch))
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
