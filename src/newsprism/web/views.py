"""What each page shows, built from the store: plain data for the templates and the JSON twins.

Story listings, outlet counts and reuse flows are cached per store version (they change only
when a writer commits); a story's comparison (with its quotes, numbers, reuse, corroboration
and framing) is cached by its id and member ids, and its whole view by its id and members
(ids, scores and reasons), so a story is compared and analysed once.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from newsprism.model import Article, Comparison
from newsprism.store import reuse as store_reuse
from newsprism.store import stories
from newsprism.store.reuse import Flow
from newsprism.store.stories import Member, StoryRow
from newsprism.web import story as story_view
from newsprism.web.db import LRU, ReadOnlyPool
from newsprism.web.listing import MAX_INDEXED, Filters, StoryIndex, search
from newsprism.web.params import PAGE_SIZE, ListParams, WebError
from newsprism.web.story import StoryView

log = logging.getLogger(__name__)

T = TypeVar("T")
Compare = Callable[[list[Article]], Comparison]
#: One analysis added to a comparison: (name, function of the comparison and the store).
Analysis = tuple[str, Callable[[Comparison, ReadOnlyPool], Comparison]]

#: At most this many articles of one story are compared (publication order); the others are
#: listed. Alignment is pairwise, so a story bridged into hundreds of articles stays bounded.
MAX_COMPARED = 16
#: Reuse links listed on an article page (all of them are in its JSON twin).
MAX_ARTICLE_LINKS = 100


def _quotes(c: Comparison, _: ReadOnlyPool) -> Comparison:
    from newsprism.quotes_story import with_quotes

    return with_quotes(c)


def _provenance(c: Comparison, pool: ReadOnlyPool) -> Comparison:
    from newsprism.provenance import with_provenance
    from newsprism.store.terms import background

    with pool.snapshot() as conn:  # the store's term counts are the framing prior
        prior = background(conn, [a.text for a in c.articles])
    return with_provenance(c, prior)


def default_analyses() -> tuple[Analysis, ...]:
    """Quotes and numbers (spaCy), then reuse, corroboration and framing (when this
    newsprism has :mod:`newsprism.provenance`)."""
    out: list[Analysis] = [("quotes", _quotes)]
    try:
        import newsprism.provenance  # noqa: F401
    except ImportError:
        log.warning("newsprism.provenance is not available: story pages show no reuse links")
    else:
        out.append(("provenance", _provenance))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Analysed:
    """A story's comparison with its analyses, and which of them ran (False: failed or not
    available; the page says so and the error is in the log)."""

    comparison: Comparison
    analyses: dict[str, bool]


@dataclass(frozen=True, slots=True)
class LinkView:
    """A stored reuse link seen from one article: the other article, who likely copied
    whom (``role`` of the other article: ``source``, ``copier`` or ``unknown``), and the
    shared stretch of this article's text."""

    other: str
    outlet: str | None
    title: str | None
    published: str | None
    role: str
    words: int
    kind: str
    similarity: float
    start: int
    end: int
    text: str
    other_start: int
    other_end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.other,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "other_is": self.role,
            "words": self.words,
            "kind": self.kind,
            "similarity": round(self.similarity, 4),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "other_start": self.other_start,
            "other_end": self.other_end,
        }


@dataclass(frozen=True, slots=True)
class ArticleReuse:
    """An article's stored reuse links and its near-duplicate group (other members)."""

    computed: dict[str, Any] | None
    links: tuple[LinkView, ...]
    group: tuple[tuple[str, str | None, str | None, str | None], ...]  # id, outlet, title, date

    def to_dict(self) -> dict[str, Any]:
        return {
            "computed": self.computed,
            "links": [x.to_dict() for x in self.links],
            "near_duplicates": [
                {"article": i, "outlet": o, "title": t, "published": p} for i, o, t, p in self.group
            ],
        }


@dataclass(frozen=True, slots=True)
class OutletReuse:
    """Who an outlet copies from and who copies it (stored reuse links of known direction),
    and the outlets it shares passages with in no known direction."""

    computed: dict[str, Any] | None
    copies_from: tuple[Flow, ...]
    copied_by: tuple[Flow, ...]
    undirected: tuple[tuple[str, int, int], ...]  # other outlet, links, words
    within: Flow | None = None  # its articles reusing its own earlier text

    def to_dict(self) -> dict[str, Any]:
        def flow(f: Flow, other: str) -> dict[str, Any]:
            return {"outlet": other, "links": f.links, "words": f.words, "articles": f.articles}

        return {
            "computed": self.computed,
            "copies_from": [flow(f, f.source) for f in self.copies_from],
            "copied_by": [flow(f, f.copier) for f in self.copied_by],
            "shares_undirected": [
                {"outlet": o, "links": n, "words": w} for o, n, w in self.undirected
            ],
            "within": flow(self.within, self.within.source) if self.within else None,
        }


class Views:
    """The pages' data, read from one store through a read-only pool, with caches."""

    def __init__(
        self,
        pool: ReadOnlyPool,
        compare: Compare,
        cache_size: int = 256,
        analyses: Sequence[Analysis] | None = None,
    ) -> None:
        self.pool = pool
        self._compare = compare
        self.analyses = tuple(default_analyses() if analyses is None else analyses)
        # One story analysed at a time: spaCy pipelines are not made for concurrent calls,
        # and on a small machine two parses at once would only slow each other down.
        self._analysing = threading.Lock()
        self.comparisons: LRU[Analysed] = LRU(cache_size)
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

    def story_index(self) -> StoryIndex | None:
        """Every story's listing row (None when the store is too large to hold them)."""

        def run(conn: sqlite3.Connection) -> StoryIndex | None:
            n = int(conn.execute("SELECT count(*) FROM memberships").fetchone()[0])
            if n > MAX_INDEXED:
                return None
            t0 = time.perf_counter()
            index = StoryIndex.build(conn)
            log.info("indexed %d stories in %.0f ms", len(index), (time.perf_counter() - t0) * 1000)
            return index

        return self._query(("story index",), run)

    def story_list(self, p: ListParams) -> tuple[list[StoryRow], int]:
        # published may be a date-time: "~" sorts after any time on that day
        f = Filters(
            q=p.q or None,
            outlet=p.outlet or None,
            lang=p.lang or None,
            date_from=p.date_from or None,
            date_to=f"{p.date_to}~" if p.date_to else None,
            sort=p.sort,
        )
        index = self.story_index()
        if index is None:
            return self._query(("list", p), lambda conn: _sql_list(conn, f, p.offset))

        def run() -> tuple[list[StoryRow], int]:
            searched = self._query(("search", f.q), lambda c: search(c, f.q or ""))
            rows = index.matching(f, searched if f.q else None)
            return rows[p.offset : p.offset + PAGE_SIZE], len(rows)

        result: tuple[list[StoryRow], int] = self.queries.get((self.pool.version(), p), run)
        return result

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

    def outlet_reuse(self, name: str) -> OutletReuse:
        """Who the outlet copies from and who copies it, from the stored reuse links."""
        computed, flows, pairs = self._query(("flows",), _all_flows)
        undirected = tuple(
            (b if a == name else a, n, w) for a, b, n, w in pairs if name in (a, b) and a != b
        )
        return OutletReuse(
            computed=computed,
            copies_from=tuple(f for f in flows if f.copier == name and f.source != name),
            copied_by=tuple(f for f in flows if f.source == name and f.copier != name),
            undirected=undirected,
            within=next((f for f in flows if f.source == f.copier == name), None),
        )

    # -- one story --------------------------------------------------------------------------

    def story(self, story_id: str) -> StoryView:
        with self.pool.snapshot() as conn:
            row = stories.story(conn, story_id)
            members = stories.members(conn, story_id) if row else []
        if row is None or not members:
            raise WebError(404, f"No story with id {story_id!r}")
        key = (story_id, tuple((m.article.id, m.score, m.reason) for m in members))
        return self.story_views.get(key, lambda: self._build_story(row, members))

    def comparison(self, story_id: str, articles: Sequence[Article]) -> Analysed:
        """The story's articles compared and analysed (quotes, provenance), once."""
        key = (story_id, tuple(sorted(a.id for a in articles)))

        def run() -> Analysed:
            t0 = time.perf_counter()
            c = self._compare(list(articles))
            done: dict[str, bool] = {}
            times = [f"compared in {(time.perf_counter() - t0) * 1000:.0f} ms"]
            with self._analysing:
                for name, analyse in self.analyses:
                    t1 = time.perf_counter()
                    try:
                        c = analyse(c, self.pool)
                        done[name] = True
                    except Exception:  # the page still shows the comparison; the log says why
                        log.exception("story %s: the %s analysis failed", story_id, name)
                        done[name] = False
                    times.append(f"{name} {(time.perf_counter() - t1) * 1000:.0f} ms")
            log.info("story %s (%d articles): %s", story_id, len(articles), ", ".join(times))
            return Analysed(c, done)

        return self.comparisons.get(key, run)

    def _build_story(self, row: StoryRow, members: list[Member]) -> StoryView:
        compared, rest = members[:MAX_COMPARED], members[MAX_COMPARED:]
        analysed = self.comparison(row.id, [m.article for m in compared])
        return story_view.build(
            row, members, compared, rest, analysed.comparison, analysed.analyses
        )

    # -- one article ------------------------------------------------------------------------

    def article(self, article_id: str) -> tuple[Article, dict[str, Any] | None, ArticleReuse]:
        """The article, its membership (story id, title, size, score, reason), if any, and
        its stored reuse links and near-duplicates."""
        version = self.pool.version()
        computed = self._query(("reuse computed",), store_reuse.computed)
        # the listing index, when a listing has built it for this version, has the story row
        index: StoryIndex | None = self.queries.peek((version, ("story index",)))
        with self.pool.snapshot() as conn:
            r = conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
            if r is None:
                raise WebError(404, f"No article with id {article_id!r}")
            story_id, score, reason = stories.membership(conn, article_id)
            if not story_id:
                row = None
            elif index is not None:
                row = index.rows.get(story_id)
            else:
                row = stories.story(conn, story_id)
            art = Article.from_dict(json.loads(r[0]))
            reuse = _article_reuse(conn, art, computed)
        if not story_id:
            return art, None, reuse
        member = {
            "story": story_id,
            "title": row.title if row else None,
            "articles": row.n_articles if row else None,
            "score": score,
            "reason": reason,
        }
        return art, member, reuse


def _sql_list(conn: sqlite3.Connection, f: Filters, offset: int) -> tuple[list[StoryRow], int]:
    return stories.list_stories(
        conn,
        q=f.q,
        outlet=f.outlet,
        lang=f.lang,
        date_from=f.date_from,
        date_to=f.date_to,
        sort=f.sort,
        limit=PAGE_SIZE,
        offset=offset,
    )


def _all_flows(
    conn: sqlite3.Connection,
) -> tuple[dict[str, Any] | None, list[Flow], list[tuple[str, str, int, int]]]:
    computed = store_reuse.computed(conn)
    if computed is None:
        return None, [], []
    return computed, store_reuse.flows(conn), store_reuse.undirected(conn)


def _article_reuse(
    conn: sqlite3.Connection, art: Article, computed: dict[str, Any] | None
) -> ArticleReuse:
    if computed is None:
        return ArticleReuse(None, (), ())
    links = store_reuse.links(conn, art.id)
    group = [g for g in store_reuse.group_of(conn, art.id) if g != art.id]
    others = sorted({x.b.article_id if x.a.article_id == art.id else x.a.article_id for x in links})
    meta: dict[str, tuple[str | None, str | None, str | None]] = {}
    wanted = sorted(set(others) | set(group))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        sql = (
            "SELECT id, outlet, title, published FROM articles "
            f"WHERE id IN ({','.join('?' * len(chunk))})"
        )
        meta.update((r[0], (r[1], r[2], r[3])) for r in conn.execute(sql, chunk))
    views = []
    for x in links:
        mine, other = (x.a, x.b) if x.a.article_id == art.id else (x.b, x.a)
        if x.direction == "unknown":
            role = "unknown"
        else:
            a_is_source = x.direction == "a_to_b"
            role = "copier" if (x.a.article_id == art.id) == a_is_source else "source"
        outlet, title, published = meta.get(other.article_id, (None, None, None))
        views.append(
            LinkView(
                other=other.article_id,
                outlet=outlet,
                title=title,
                published=published,
                role=role,
                words=x.words,
                kind=x.kind,
                similarity=x.similarity,
                start=mine.start,
                end=mine.end,
                text=art.text[mine.start : mine.end],
                other_start=other.start,
                other_end=other.end,
            )
        )
    views.sort(key=lambda v: (-v.words, v.other, v.start))
    return ArticleReuse(
        computed,
        tuple(views),
        tuple((g, *meta.get(g, (None, None, None))) for g in group),
    )
