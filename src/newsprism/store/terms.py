"""The store's word and phrase counts: the prior of the framing scores.

``newsprism reuse`` (the corpus-wide pass) counts the words and two-word phrases of every
stored article (:class:`newsprism.framing.Background`) and saves them here: the terms seen at
least ``min_count`` times in table ``terms``, and the totals per phrase length (over *all*
terms, before pruning) in ``meta``. Reading back only the terms one story uses keeps a story
page cheap on a large store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from newsprism.errors import StoreError
from newsprism.framing import Background, term_counts


def save(conn: sqlite3.Connection, bg: Background, min_count: int = 3) -> int:
    """Replace the stored counts with ``bg``'s (terms under ``min_count`` are left out; the
    totals keep them). Returns the number of terms stored."""
    stats = {str(k): list(bg.stats(k)) for k in range(1, bg.max_n + 1)}
    meta = {"documents": bg.documents, "max_n": bg.max_n, "stats": stats, "min_count": min_count}
    rows = [(t, n) for t, n in bg.counts.items() if n >= min_count]
    try:
        with conn:
            conn.execute("DELETE FROM terms")
            conn.executemany("INSERT INTO terms VALUES (?, ?)", rows)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('terms', ?)", (json.dumps(meta),))
    except sqlite3.Error as exc:
        raise StoreError(f"cannot save term counts ({exc})") from exc
    return len(rows)


def background(conn: sqlite3.Connection, texts: Iterable[str] | None = None) -> Background | None:
    """The stored counts (None when never computed); with ``texts``, only the terms those
    texts use, with the totals of the whole store."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'terms'").fetchone()
    except sqlite3.OperationalError:  # a store from before schema 4
        return None
    if row is None:
        return None
    meta = json.loads(row[0])
    max_n = int(meta["max_n"])
    if texts is None:
        counts = dict(conn.execute("SELECT term, n FROM terms").fetchall())
    else:
        keys = sorted({k for t in texts for k in term_counts(t, max_n)})
        counts = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            sql = f"SELECT term, n FROM terms WHERE term IN ({','.join('?' * len(chunk))})"
            counts.update(conn.execute(sql, chunk).fetchall())
    bg = Background(counts, int(meta["documents"]), max_n)
    # the totals are those of every term counted, not only of the ones read back
    bg._stats = {int(k): (int(v[0]), int(v[1])) for k, v in meta["stats"].items()}
    return bg
