"""Story assignment during ingest: the incremental clusterer over the store's articles.

The clusterer is rebuilt from the stored articles (in the order they were stored) when an
ingest starts, then takes the new ones. Its internal story numbers are mapped to the store's
story ids: a clusterer story keeps the stored id most of its stored members carry (so ids
stay stable across runs); a story with no stored member gets ``st-<id of its first article>``.
When a new article bridges two stored stories, the members of the absorbed one are moved, so
memberships always agree with the clusterer.

Rebuilding replays the clustering of every stored article (from their stored vectors, so
nothing is embedded again), a few ms per article. After an ingest the clusterer is saved
beside the store as ``<db>-stories`` (a pickle, keyed by a digest of the memberships, the
model and the settings); the next ingest loads it in seconds instead. A snapshot that does
not match the store (an interrupted run, a changed setting) is ignored and rebuilt; deleting
it is always safe. Like the store itself, it is trusted: do not load one from a stranger.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np

from newsprism.cluster import Clusterer, lead_vectors
from newsprism.embed import MODEL_NAME, Vectors
from newsprism.model import Article
from newsprism.store import Store

log = logging.getLogger(__name__)

Membership = tuple[str, str, float | None, str]
VectorRow = tuple[str, str, bytes]

#: Bump when the pickled clusterer's layout changes: older snapshots are then rebuilt.
SNAPSHOT_FORMAT = 3


class StoreAssigner:
    """Puts new articles into stories, consistently with what the store already holds."""

    def __init__(self, store: Store, clusterer: Clusterer | None = None) -> None:
        self.clusterer = clusterer or Clusterer()
        self.model = f"{MODEL_NAME}/lead-v1/{self.clusterer.config.lead_chars}"
        self.stored: dict[str, str] = dict(
            store.conn.execute("SELECT article_id, story_id FROM memberships").fetchall()
        )
        self.info: dict[str, tuple[float | None, str]] = {}
        self.snapshot = None if store.path == ":memory:" else Path(f"{store.path}-stories")
        if self.stored and not self._load_snapshot():
            old = [a for a in store.articles() if a.id in self.stored]
            log.info("rebuilding the story index from %d stored articles", len(old))
            self.clusterer.add_many(old, self._stored_vectors(store, old))

    def _key(self) -> str:
        """What a snapshot must match: the memberships, the model (its weights, not only its
        name) and the settings."""
        h = hashlib.sha256(f"{SNAPSHOT_FORMAT}|{self.model}|{self.clusterer.config}".encode())
        h.update(self.clusterer.model.digest().encode())  # a retrained model rebuilds
        for article, story in sorted(self.stored.items()):
            h.update(f"{article}\t{story}\n".encode())
        return h.hexdigest()

    def _load_snapshot(self) -> bool:
        if self.snapshot is None or not self.snapshot.exists():
            return False
        try:
            with self.snapshot.open("rb") as f:
                key = f.readline().decode().strip()
                if key != self._key():
                    log.info("%s is out of date: rebuilding the story index", self.snapshot)
                    return False
                clusterer = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
            log.warning("%s unreadable (%s): rebuilding the story index", self.snapshot, exc)
            return False
        if not isinstance(clusterer, Clusterer) or clusterer.config != self.clusterer.config:
            return False
        clusterer.embedder, clusterer.on_pairs = self.clusterer.embedder, None
        self.clusterer = clusterer
        log.info("story index loaded from %s", self.snapshot)
        return True

    def checkpoint(self) -> None:
        """Save the story index beside the store (``<db>-stories``), so the next ingest starts
        from it instead of rebuilding it. Call only once what :meth:`assign` returned is
        committed; a snapshot that does not match the store is ignored (and rebuilt)."""
        if self.snapshot is None:
            return
        tmp = self.snapshot.with_name(self.snapshot.name + ".tmp")
        on_pairs, self.clusterer.on_pairs = self.clusterer.on_pairs, None
        try:
            with tmp.open("wb") as f:
                f.write(self._key().encode() + b"\n")
                pickle.dump(self.clusterer, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.snapshot)
        except OSError as exc:
            log.warning("cannot save the story index to %s: %s", self.snapshot, exc)
            tmp.unlink(missing_ok=True)
        finally:
            self.clusterer.on_pairs = on_pairs

    def _stored_vectors(self, store: Store, articles: Sequence[Article]) -> Vectors:
        """The stored embeddings of ``articles``; those missing are made now."""
        have = store.vectors([a.id for a in articles], self.model)
        missing = [a for a in articles if a.id not in have]
        if missing:
            made = self.embed(missing)
            have.update((a.id, made[k].tobytes()) for k, a in enumerate(missing))
        rows = [np.frombuffer(have[a.id], dtype=np.float32) for a in articles]
        return np.stack(rows)

    @property
    def embed(self) -> Callable[[Sequence[Article]], Vectors]:
        """What :meth:`assign` needs of each article, computable in another process."""
        return partial(lead_vectors, config=self.clusterer.config)

    def vector_rows(self, articles: Sequence[Article], vectors: Vectors) -> list[VectorRow]:
        """Rows of the store's ``vectors`` table for ``articles``."""
        return [(a.id, self.model, v.tobytes()) for a, v in zip(articles, vectors, strict=True)]

    def _story_ids(self) -> dict[str, str]:
        """Clusterer story -> store story id."""
        out: dict[str, str] = {}
        for internal, members in self.clusterer.stories().items():
            votes = Counter(self.stored[m] for m in members if m in self.stored)
            out[internal] = (
                min(votes, key=lambda s: (-votes[s], s)) if votes else f"st-{members[0]}"
            )
        return out

    def assign(
        self, articles: Sequence[Article], vectors: Vectors | None = None
    ) -> list[Membership]:
        """Memberships to write after adding ``articles`` (theirs, and stored articles moved
        because a new one merged their story into another)."""
        for a in self.clusterer.add_many(list(articles), vectors):
            self.info[a.article_id] = (round(a.score, 4), a.reason)
        ids = self._story_ids()
        out: list[Membership] = []
        for internal, members in self.clusterer.stories().items():
            sid = ids[internal]
            for m in members:
                if self.stored.get(m) != sid:
                    score, reason = self.info.get(m, (None, "moved: stories merged"))
                    out.append((m, sid, score, reason))
                    self.stored[m] = sid
        return out
