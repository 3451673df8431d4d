"""What each page shows, built from the store: plain data for the templates and the JSON twins.

Story listings and outlet counts are cached per store version (they change only when
``ingest`` commits); a story's comparison is cached by its id and member ids, and its whole
view by its id and members (ids, scores and reasons), so a story is compared once.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from markupsafe import Markup

from newsprism.model import Article, Comparison
from newsprism.report import coverage, rows, story_articles
from newsprism.store import stories
from newsprism.store.stories import Member, StoryRow
from newsprism.text import content_words
from newsprism.web import svg
from newsprism.web.db import LRU, ReadOnlyPool
from newsprism.web.params import PAGE_SIZE, ListParams, WebError

log = logging.getLogger(__name__)

T = TypeVar("T")
Compare = Callable[[list[Article]], Comparison]

#: At most this many articles of one story are compared (publication order); the others are
#: listed. Alignment is pairwise, so a story bridged into hundreds of articles stays bounded.
MAX_COMPARED = 16
DISTINCTIVE_TERMS = 8


@dataclass(frozen=True, slots=True)
class Column:
    """One article of a compared story, as a column of the side-by-side view."""

    article: Article
    score: float | None
    reason: str | None
    coverage: dict[str, float]
    bar: Markup

    @property
    def shared(self) -> float:
        """Share of the article's text in passages it shares with another outlet."""
        return min(1.0, sum(v for k, v in self.coverage.items() if k != "unique"))


@dataclass(frozen=True, slots=True)
class ViewRow:
    """A row of the side-by-side view: a shared passage (numbered) or the unique material."""

    number: int | None
    kind: str
    score: float | None
    outlets: int
    cells: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class StoryView:
    story: StoryRow
    members: tuple[Member, ...]
    comparison: Comparison
    columns: tuple[Column, ...]
    rows: tuple[ViewRow, ...]
    unrelated: tuple[Member, ...]
    not_compared: tuple[Member, ...]
    n_outlets: int
    corroboration: tuple[tuple[int, int], ...]
    distinctive: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    undated: tuple[Article, ...]
    timeline: Markup | None
    matrix: Markup | None

    def to_dict(self) -> dict[str, Any]:
        """The Comparison's ``to_dict`` plus the story's fields and what the page derives."""
        c = self.comparison
        s = self.story.to_dict()
        s["n_articles"] = s.pop("articles")
        outlet = {a.id: a.outlet for a in c.articles}
        return {
            **s,
            **c.to_dict(),
            "members": [
                {"article": m.article.id, "score": m.score, "reason": m.reason}
                for m in self.members
            ],
            "not_compared": [m.article.id for m in self.not_compared],
            "coverage": {col.article.id: col.coverage for col in self.columns},
            "corroboration": [
                {"outlets": sorted({outlet[sp.article] for sp in p.spans})} for p in c.passages
            ],
            "distinctive_terms": {o: [list(t) for t in terms] for o, terms in self.distinctive},
        }


class Views:
    """The pages' data, read from one store through a read-only pool, with caches."""

    def __init__(self, pool: ReadOnlyPool, compare: Compare, cache_size: int = 256) -> None:
        self.pool = pool
        self._compare = compare
        self.comparisons: LRU[Comparison] = LRU(cache_size)
        self.story_views: LRU[StoryView] = LRU(cache_size)
        self.queries: LRU[Any] = LRU(cache_size)

    def _query(self, key: Hashable, run: Callable[[sqlite3.Connection], T]) -> T:
        """``run`` on a pooled connection, cached until the store changes."""

        def compute() -> T:
            with self.pool.snapshot() as conn:
                return run(conn)

        result: T = self.queries.get((self.pool.version(), key), compute)
        return result

    # -- listings ---------------------------------------------------------------------------

    def story_list(self, p: ListParams) -> tuple[list[StoryRow], int]:
        def run(conn: sqlite3.Connection) -> tuple[list[StoryRow], int]:
            return stories.list_stories(
                conn,
                q=p.q or None,
                outlet=p.outlet or None,
                lang=p.lang or None,
                date_from=p.date_from or None,
                # published may be a date-time: "~" sorts after any time on that day
                date_to=f"{p.date_to}~" if p.date_to else None,
                sort=p.sort,
                limit=PAGE_SIZE,
                offset=p.offset,
            )

        return self._query(("list", p), run)

    def outlets(self) -> list[tuple[str, int, int]]:
        return self._query(("outlets",), stories.outlets)

    def languages(self) -> list[tuple[str, int]]:
        def run(conn: sqlite3.Connection) -> list[tuple[str, int]]:
            sql = (
                "SELECT lang, count(*) FROM articles WHERE lang IS NOT NULL "
                "GROUP BY lang ORDER BY count(*) DESC, lang"
            )
            return [(str(lang), int(n)) for lang, n in conn.execute(sql)]

        return self._query(("languages",), run)

    def outlet(self, name: str) -> tuple[str, int, int]:
        for entry in self.outlets():
            if entry[0] == name:
                return entry
        raise WebError(404, f"No outlet named {name!r} in this store")

    # -- one story --------------------------------------------------------------------------

    def story(self, story_id: str) -> StoryView:
        with self.pool.snapshot() as conn:
            row = stories.story(conn, story_id)
            members = stories.members(conn, story_id) if row else []
        if row is None or not members:
            raise WebError(404, f"No story with id {story_id!r}")
        key = (story_id, tuple((m.article.id, m.score, m.reason) for m in members))
        return self.story_views.get(key, lambda: self._build_story(row, members))

    def comparison(self, story_id: str, articles: Sequence[Article]) -> Comparison:
        key = (story_id, tuple(sorted(a.id for a in articles)))

        def run() -> Comparison:
            t0 = time.perf_counter()
            c = self._compare(list(articles))
            log.info(
                "compared story %s (%d articles) in %.0f ms",
                story_id,
                len(articles),
                (time.perf_counter() - t0) * 1000,
            )
            return c

        return self.comparisons.get(key, run)

    def _build_story(self, row: StoryRow, members: list[Member]) -> StoryView:
        compared, rest = members[:MAX_COMPARED], members[MAX_COMPARED:]
        c = self.comparison(row.id, [m.article for m in compared])
        by_id = {m.article.id: m for m in compared}
        arts = story_articles(c)
        cov = coverage(c)
        columns = tuple(
            Column(a, by_id[a.id].score, by_id[a.id].reason, cov[a.id], svg.bar(cov[a.id]))
            for a in arts
        )
        view_rows = _rows(c, arts)
        passages = [r for r in view_rows if r.number is not None]
        carried = [
            svg.MatrixRow(r.number or 0, r.kind, frozenset(i for i, x in enumerate(r.cells) if x))
            for r in passages
        ]
        events = [svg.Event(a.outlet, a.published, a.title or "untitled") for a in arts]
        return StoryView(
            story=row,
            members=tuple(members),
            comparison=c,
            columns=columns,
            rows=view_rows,
            unrelated=tuple(by_id[i] for i in c.unrelated),
            not_compared=tuple(rest),
            n_outlets=len({a.outlet for a in arts}),
            corroboration=tuple(sorted(Counter(r.outlets for r in passages).items(), reverse=True)),
            distinctive=distinctive_terms(arts),
            undated=tuple(a for a in arts if svg.parse_when(a.published) is None),
            timeline=svg.timeline(events),
            matrix=svg.matrix([a.outlet for a in arts], carried),
        )

    # -- one article ------------------------------------------------------------------------

    def article(self, article_id: str) -> tuple[Article, dict[str, Any] | None]:
        """The article and its membership (story id, title, size, score, reason), if any."""
        with self.pool.snapshot() as conn:
            r = conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
            if r is None:
                raise WebError(404, f"No article with id {article_id!r}")
            story_id, score, reason = stories.membership(conn, article_id)
            row = stories.story(conn, story_id) if story_id else None
        art = Article.from_dict(json.loads(r[0]))
        if not story_id:
            return art, None
        return art, {
            "story": story_id,
            "title": row.title if row else None,
            "articles": row.n_articles if row else None,
            "score": score,
            "reason": reason,
        }


def _rows(c: Comparison, arts: Sequence[Article]) -> tuple[ViewRow, ...]:
    outlet = {a.id: a.outlet for a in c.articles}
    out: list[ViewRow] = []
    number = 0
    for r in rows(c):
        shared = r.kind != "unique"
        number += shared
        out.append(
            ViewRow(
                number=number if shared else None,
                kind=r.kind,
                score=r.score,
                outlets=len({outlet[i] for i, spans in r.cells.items() if spans}),
                cells=tuple(tuple(s.text for s in r.cells.get(a.id, [])) for a in arts),
            )
        )
    return tuple(out)


def distinctive_terms(
    articles: Sequence[Article], limit: int = DISTINCTIVE_TERMS
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """Per outlet, the words that only it uses in this story, most used first (words of at
    least three letters, function words left out). Empty when there is only one outlet."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        counts[a.outlet].update(
            w for w in content_words(f"{a.title or ''}\n{a.text}") if len(w) > 2 and w.isalpha()
        )
    if len(counts) < 2:
        return ()
    users: Counter[str] = Counter()
    for c in counts.values():
        users.update(c.keys())
    out = []
    for name, c in counts.items():
        own = sorted(((w, n) for w, n in c.items() if users[w] == 1), key=lambda x: (-x[1], x[0]))
        out.append((name, tuple(own[:limit])))
    return tuple(out)
