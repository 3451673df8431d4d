"""Story assignment during ingest: the incremental clusterer over the store's articles.

The clusterer is rebuilt from the stored articles (in the order they were stored) when an
ingest starts, then takes the new ones. Its internal story numbers are mapped to the store's
story ids: a clusterer story keeps the stored id most of its stored members carry (so ids
stay stable across runs); a story with no stored member gets ``st-<id of its first article>``.
When a new article bridges two stored stories, the members of the absorbed one are moved, so
memberships always agree with the clusterer.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from newsprism.cluster import Clusterer
from newsprism.model import Article
from newsprism.store import Store

log = logging.getLogger(__name__)

Membership = tuple[str, str, float | None, str]


class StoreAssigner:
    """Puts new articles into stories, consistently with what the store already holds."""

    def __init__(self, store: Store, clusterer: Clusterer | None = None) -> None:
        self.clusterer = clusterer or Clusterer()
        self.stored: dict[str, str] = dict(
            store.conn.execute("SELECT article_id, story_id FROM memberships").fetchall()
        )
        self.info: dict[str, tuple[float | None, str]] = {}
        old = [a for a in store.articles() if a.id in self.stored]
        if old:
            log.info("rebuilding the story index from %d stored articles", len(old))
            self.clusterer.add_many(old)

    def _story_ids(self) -> dict[str, str]:
        """Clusterer story -> store story id."""
        out: dict[str, str] = {}
        for internal, members in self.clusterer.stories().items():
            votes = Counter(self.stored[m] for m in members if m in self.stored)
            out[internal] = (
                min(votes, key=lambda s: (-votes[s], s)) if votes else f"st-{members[0]}"
            )
        return out

    def assign(self, articles: Sequence[Article]) -> list[Membership]:
        for a in self.clusterer.add_many(list(articles)):
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
