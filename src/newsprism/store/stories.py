"""Read-side queries over stories: listing with search and filters, members, outlets.

A story is the set of articles whose membership row names it (``memberships.story_id``);
its headline, outlets, languages and time span are derived from its articles at query time,
so they can never disagree with the membership table.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

from newsprism.model import Article

Sort = Literal["recent", "coverage"]


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story as listed: id, headline, outlets, languages, first/last seen, size."""

    id: str
    title: str | None
    outlets: tuple[str, ...]
    langs: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    n_articles: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlets": list(self.outlets),
            "languages": list(self.langs),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "articles": self.n_articles,
        }


@dataclass(frozen=True, slots=True)
class Member:
    """An article of a story, with the score and reason that put it there."""

    article: Article
    score: float | None
    reason: str | None


# The headline (earliest article's title) is looked up only for the rows returned, not for
# every story that matches (it is the costly part of a listing).
_STORY_SELECT = """
SELECT m.story_id, NULL AS title,
       group_concat(DISTINCT a.outlet), group_concat(DISTINCT a.lang),
       min(a.published), max(a.published), count(*)
FROM memberships m JOIN articles a ON a.id = m.article_id
"""
_TITLE = """
SELECT a.title FROM memberships m JOIN articles a ON a.id = m.article_id
WHERE m.story_id = ? AND a.title IS NOT NULL
ORDER BY a.published IS NULL, a.published, a.rowid LIMIT 1
"""


def _with_title(conn: sqlite3.Connection, r: tuple[Any, ...]) -> StoryRow:
    t = conn.execute(_TITLE, (r[0],)).fetchone()
    return _row((r[0], t[0] if t else None, *r[2:]))


def _fts_query(q: str) -> str:
    """A user's words as an FTS5 query: every word must occur (prefix match on the last)."""
    words = re.findall(r"\w+", q)
    if not words:
        return ""
    parts = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " AND ".join(parts)


def _row(r: tuple[Any, ...]) -> StoryRow:
    return StoryRow(
        id=r[0],
        title=r[1],
        outlets=tuple(sorted((r[2] or "").split(","))) if r[2] else (),
        langs=tuple(sorted((r[3] or "").split(","))) if r[3] else (),
        first_seen=r[4],
        last_seen=r[5],
        n_articles=int(r[6]),
    )


def list_stories(
    conn: sqlite3.Connection,
    *,
    q: str | None = None,
    outlet: str | None = None,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    sort: Sort = "recent",
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[StoryRow], int]:
    """Stories matching the filters (a story matches when any of its articles does), and
    how many match in all."""
    where: list[str] = []
    params: list[Any] = []
    if q and (fts := _fts_query(q)):
        where.append(
            "m.story_id IN (SELECT m3.story_id FROM articles_fts f "
            "JOIN articles a3 ON a3.rowid = f.rowid "
            "JOIN memberships m3 ON m3.article_id = a3.id WHERE articles_fts MATCH ?)"
        )
        params.append(fts)
    for column, value in (("outlet", outlet), ("lang", lang)):
        if value:
            where.append(
                f"m.story_id IN (SELECT m4.story_id FROM memberships m4 JOIN articles a4 "
                f"ON a4.id = m4.article_id WHERE a4.{column} = ?)"
            )
            params.append(value)
    having: list[str] = []
    if date_from:
        having.append("max(a.published) >= ?")
        params.append(date_from)
    if date_to:
        having.append("min(a.published) <= ?")
        params.append(date_to)
    sql = _STORY_SELECT
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " GROUP BY m.story_id"
    if having:
        sql += " HAVING " + " AND ".join(having)
    total = int(conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])
    order = (
        "count(DISTINCT a.outlet) DESC, count(*) DESC, max(a.published) DESC"
        if sort == "coverage"
        else "max(a.published) IS NULL, max(a.published) DESC, count(*) DESC"
    )
    sql += f" ORDER BY {order}, m.story_id LIMIT ? OFFSET ?"
    rows = [_with_title(conn, r) for r in conn.execute(sql, [*params, limit, offset]).fetchall()]
    return rows, total


def story(conn: sqlite3.Connection, story_id: str) -> StoryRow | None:
    r = conn.execute(
        _STORY_SELECT + " WHERE m.story_id = ? GROUP BY m.story_id", (story_id,)
    ).fetchone()
    return _with_title(conn, r) if r else None


def members(conn: sqlite3.Connection, story_id: str) -> list[Member]:
    """The story's articles in publication order, with their membership score and reason."""
    rows = conn.execute(
        "SELECT a.record, m.score, m.reason FROM memberships m JOIN articles a "
        "ON a.id = m.article_id WHERE m.story_id = ? "
        "ORDER BY a.published IS NULL, a.published, a.rowid",
        (story_id,),
    )
    return [Member(Article.from_dict(json.loads(rec)), sc, rs) for rec, sc, rs in rows]


def membership(conn: sqlite3.Connection, article_id: str) -> tuple[str, float | None, str | None]:
    r = conn.execute(
        "SELECT story_id, score, reason FROM memberships WHERE article_id = ?", (article_id,)
    ).fetchone()
    return (r[0], r[1], r[2]) if r else ("", None, None)


def outlets(conn: sqlite3.Connection) -> list[tuple[str, int, int]]:
    """(outlet, articles, stories) for every outlet, most articles first."""
    return [
        (o, int(n), int(k))
        for o, n, k in conn.execute(
            "SELECT a.outlet, count(*), count(DISTINCT m.story_id) FROM articles a "
            "LEFT JOIN memberships m ON m.article_id = a.id GROUP BY a.outlet "
            "ORDER BY count(*) DESC, a.outlet"
        )
    ]
