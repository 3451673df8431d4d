"""Story listings from an in-memory index of every story, built once per store version.

:func:`newsprism.store.stories.list_stories` aggregates all memberships on every call (tens
to hundreds of milliseconds on a 10k-article store, for each distinct search, filter, sort
and page). The web app instead reads every membership once per store version into a
:class:`StoryIndex` (one scan, ~20 ms per 10k articles) and answers each listing from it:
filters are set lookups, both sort orders are precomputed, and a search runs one FTS5 query
for the matching story ids. Rows, order and totals are those of ``list_stories``.

Past :data:`MAX_INDEXED` memberships the index would cost too much memory to hold, and the
app falls back to ``list_stories``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.store.stories import Sort, StoryRow, _fts_query

#: Above this many memberships, listings are run in SQL instead (``list_stories``).
MAX_INDEXED = 500_000

_SCAN = """
SELECT m.story_id, a.outlet, a.lang, a.published, a.title
FROM memberships m JOIN articles a ON a.id = m.article_id
ORDER BY m.story_id, a.published IS NULL, a.published, a.rowid
"""
_SEARCH = """
SELECT DISTINCT m.story_id FROM articles_fts f
JOIN articles a ON a.rowid = f.rowid
JOIN memberships m ON m.article_id = a.id
WHERE articles_fts MATCH ?
"""


@dataclass(frozen=True, slots=True)
class Filters:
    """What a listing asks for (``date_to`` already extended past any time of its day)."""

    q: str | None = None
    outlet: str | None = None
    lang: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: Sort = "recent"


class StoryIndex:
    """Every story's listing row, both sort orders, and the stories of each outlet and
    language."""

    def __init__(self, rows: Iterable[StoryRow]) -> None:
        self.rows: dict[str, StoryRow] = {r.id: r for r in rows}
        by_id = sorted(self.rows.values(), key=lambda r: r.id)

        def newest(r: StoryRow) -> tuple[bool, str]:  # max(published) DESC puts NULL last
            return r.last_seen is not None, r.last_seen or ""

        # list_stories' ORDER BY, as stable sorts from its last key to its first
        recent = sorted(by_id, key=lambda r: r.n_articles, reverse=True)
        recent.sort(key=newest, reverse=True)
        coverage = sorted(by_id, key=newest, reverse=True)
        coverage.sort(key=lambda r: (len(r.outlets), r.n_articles), reverse=True)
        self.order: dict[str, list[StoryRow]] = {"recent": recent, "coverage": coverage}
        self.position: dict[str, dict[str, int]] = {
            sort: {r.id: k for k, r in enumerate(rows)} for sort, rows in self.order.items()
        }
        self.by_outlet: dict[str, set[str]] = {}
        self.by_lang: dict[str, set[str]] = {}
        for r in by_id:
            for o in r.outlets:
                self.by_outlet.setdefault(o, set()).add(r.id)
            for lang in r.langs:
                self.by_lang.setdefault(lang, set()).add(r.id)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def build(cls, conn: sqlite3.Connection) -> StoryIndex:
        """One scan of the memberships and their articles, in each story's publication
        order (the headline is the earliest article's title)."""
        rows: list[StoryRow] = []
        current: str | None = None
        outlets: set[str] = set()
        langs: set[str] = set()
        dates: list[str] = []
        title: str | None = None
        n = 0

        def flush() -> None:
            if current is not None:
                rows.append(
                    StoryRow(
                        id=current,
                        title=title,
                        outlets=tuple(sorted(outlets)),
                        langs=tuple(sorted(langs)),
                        first_seen=min(dates) if dates else None,
                        last_seen=max(dates) if dates else None,
                        n_articles=n,
                    )
                )

        for story_id, outlet, lang, published, art_title in conn.execute(_SCAN):
            if story_id != current:
                flush()
                current, title, n = story_id, None, 0
                outlets, langs, dates = set(), set(), []
            n += 1
            outlets.add(outlet)
            if lang is not None:
                langs.add(lang)
            if published is not None:
                dates.append(published)
            if title is None and art_title is not None:
                title = art_title
        flush()
        return cls(rows)

    def matching(self, f: Filters, searched: set[str] | None) -> list[StoryRow]:
        """The stories that pass the filters, in the listing's order; ``searched`` holds the
        ids that the search matched (None: no search)."""
        keep: set[str] | None = searched
        for table, value in ((self.by_outlet, f.outlet), (self.by_lang, f.lang)):
            if value:
                ids = table.get(value, set())
                keep = ids if keep is None else keep & ids
        rows = self.order[f.sort]
        if keep is not None:
            if len(keep) < len(rows) // 8:
                position = self.position[f.sort]
                known = [i for i in keep if i in position]  # a search from a newer snapshot
                rows = [self.rows[i] for i in sorted(known, key=position.__getitem__)]
            else:
                rows = [r for r in rows if r.id in keep]
        if f.date_from:
            rows = [r for r in rows if r.last_seen is not None and r.last_seen >= f.date_from]
        if f.date_to:
            rows = [r for r in rows if r.first_seen is not None and r.first_seen <= f.date_to]
        return rows


def search(conn: sqlite3.Connection, q: str) -> set[str] | None:
    """The ids of the stories with an article matching ``q`` (None: ``q`` has no words, so
    it does not filter)."""
    fts = _fts_query(q)
    if not fts:
        return None
    return {r[0] for r in conn.execute(_SEARCH, (fts,))}
