"""Text reuse in the store: the links ``newsprism reuse`` found, and who copies whom.

Links are stored with ``a`` the article whose id sorts first (as :mod:`newsprism.reuse`
gives them); ``direction`` says which side is the likely source. A run replaces the whole
table in one transaction, so readers (the web UI) see the old links or the new ones.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsprism.errors import StoreError
from newsprism.reuse import ReuseLink, ReuseSide

_COLUMNS = "a_id, b_id, a_start, a_end, b_start, b_end, words, kind, direction, similarity"


def save(
    conn: sqlite3.Connection, links: Iterable[ReuseLink], groups: Sequence[Sequence[str]]
) -> int:
    """Replace the stored links and near-duplicate groups; returns the number of links."""
    rows = [
        (x.a.article_id, x.b.article_id, x.a.start, x.a.end, x.b.start, x.b.end, x.words,
         x.kind, x.direction, x.similarity)
        for x in links
    ]  # fmt: skip
    members = [(a, min(g)) for g in groups for a in g]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with conn:
            conn.execute("DELETE FROM reuse_links")
            conn.execute("DELETE FROM reuse_groups")
            conn.executemany(f"INSERT OR REPLACE INTO reuse_links ({_COLUMNS}) VALUES "
                             "(?,?,?,?,?,?,?,?,?,?)", rows)  # fmt: skip
            conn.executemany("INSERT OR REPLACE INTO reuse_groups VALUES (?,?)", members)
            meta = json.dumps({"at": now, "links": len(rows), "groups": len(groups)})
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('reuse', ?)", (meta,))
    except sqlite3.Error as exc:
        raise StoreError(f"cannot save reuse links ({exc})") from exc
    return len(rows)


def _link(row: Sequence[Any]) -> ReuseLink:
    a, b, a0, a1, b0, b1, words, kind, direction, sim = row
    return ReuseLink(ReuseSide(a, a0, a1), ReuseSide(b, b0, b1), words, kind, direction, sim)


def links(conn: sqlite3.Connection, article_id: str | None = None) -> list[ReuseLink]:
    """Every stored link, or those of one article; ordered as computed."""
    sql = f"SELECT {_COLUMNS} FROM reuse_links"
    if article_id is None:
        return [_link(r) for r in conn.execute(sql + " ORDER BY a_id, b_id, a_start, b_start")]
    sql += " WHERE a_id = ? OR b_id = ? ORDER BY a_id, b_id, a_start, b_start"
    return [_link(r) for r in conn.execute(sql, (article_id, article_id))]


def group_of(conn: sqlite3.Connection, article_id: str) -> list[str]:
    """The near-duplicates of an article (itself included), or [] when it has none."""
    sql = (
        "SELECT article_id FROM reuse_groups WHERE group_id = "
        "(SELECT group_id FROM reuse_groups WHERE article_id = ?) ORDER BY article_id"
    )
    return [r[0] for r in conn.execute(sql, (article_id,))]


def computed(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """When the links were last computed and how many (None: never)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'reuse'").fetchone()
    return None if row is None else dict(json.loads(row[0]))


@dataclass(frozen=True, slots=True)
class Flow:
    """Reuse from one outlet (the earlier, likely source) to another."""

    source: str
    copier: str
    links: int
    words: int
    articles: int  # distinct copying articles


def flows(conn: sqlite3.Connection, outlet: str | None = None) -> list[Flow]:
    """Directed reuse between outlets (links of known direction only), most words first;
    with ``outlet``, only flows from or to it."""
    sql = """
        SELECT CASE l.direction WHEN 'a_to_b' THEN oa.outlet ELSE ob.outlet END AS from_outlet,
               CASE l.direction WHEN 'a_to_b' THEN ob.outlet ELSE oa.outlet END AS to_outlet,
               count(*), sum(l.words),
               count(DISTINCT CASE l.direction WHEN 'a_to_b' THEN l.b_id ELSE l.a_id END)
        FROM reuse_links l
        JOIN articles oa ON oa.id = l.a_id
        JOIN articles ob ON ob.id = l.b_id
        WHERE l.direction != 'unknown'
        GROUP BY from_outlet, to_outlet
    """
    out = [Flow(*r) for r in conn.execute(sql)]
    if outlet is not None:
        out = [f for f in out if outlet in (f.source, f.copier)]
    return sorted(out, key=lambda f: (-f.words, f.source, f.copier))


def undirected(conn: sqlite3.Connection) -> list[tuple[str, str, int, int]]:
    """Outlet pairs (sorted) sharing passages whose direction is unknown: links, words."""
    sql = """
        SELECT min(oa.outlet, ob.outlet), max(oa.outlet, ob.outlet), count(*), sum(l.words)
        FROM reuse_links l
        JOIN articles oa ON oa.id = l.a_id
        JOIN articles ob ON ob.id = l.b_id
        WHERE l.direction = 'unknown'
        GROUP BY 1, 2 ORDER BY 4 DESC
    """
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(sql)]
