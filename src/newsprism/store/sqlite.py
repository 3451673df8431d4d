"""The default store: one SQLite file in WAL mode (or an in-memory database).

Articles are keyed by their content-hash id, so writing the same article twice is a no-op.
Dropped inputs are kept with their reason. The schema is versioned with ``PRAGMA
user_version`` and migrated forward on open.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from newsprism.errors import StoreError
from newsprism.model import Article, Drop

SCHEMA_VERSION = 1

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE articles (
        id          TEXT PRIMARY KEY,
        ref         TEXT,
        source      TEXT NOT NULL,
        outlet      TEXT NOT NULL,
        url         TEXT,
        title       TEXT,
        published   TEXT,
        lang        TEXT,
        text        TEXT NOT NULL,
        record      TEXT NOT NULL,   -- the whole Article as JSON (to_dict)
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE drops (
        id      INTEGER PRIMARY KEY,
        source  TEXT NOT NULL,
        reason  TEXT NOT NULL,
        at      TEXT NOT NULL,
        UNIQUE (source, reason)
    );
    """,
}


class Store:
    """Articles and drops in SQLite. Use :func:`open_store` to get one."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles not yet stored (one transaction); returns how many were new."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [
            (
                a.id,
                a.ref,
                a.source,
                a.outlet,
                a.url,
                a.title,
                a.published,
                a.lang,
                a.text,
                json.dumps(a.to_dict(), ensure_ascii=False),
                now,
            )
            for a in articles
        ]
        try:
            with self.conn:
                before = self.conn.total_changes
                self.conn.executemany(
                    "INSERT OR IGNORE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows
                )
                return self.conn.total_changes - before
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot write articles ({exc})") from exc

    def add_drops(self, drops: Iterable[Drop]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.conn:
            self.conn.executemany(
                "INSERT OR IGNORE INTO drops(source, reason, at) VALUES (?,?,?)",
                [(d.source, d.reason, now) for d in drops],
            )

    def articles(self) -> Iterator[Article]:
        for (record,) in self.conn.execute("SELECT record FROM articles ORDER BY rowid"):
            yield Article.from_dict(json.loads(record))

    def get(self, article_id: str) -> Article | None:
        row = self.conn.execute(
            "SELECT record FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def drops(self) -> list[Drop]:
        return [Drop(s, r) for s, r in self.conn.execute("SELECT source, reason FROM drops")]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def _migrate(conn: sqlite3.Connection, path: str) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer newsprism (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade newsprism"
        )
    for v in range(version + 1, SCHEMA_VERSION + 1):
        conn.executescript(f"BEGIN; {_MIGRATIONS[v]} PRAGMA user_version = {v}; COMMIT;")


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating if needed) the store at ``path``; ``None`` gives an in-memory store."""
    name = ":memory:" if path is None else str(path)
    try:
        conn = sqlite3.connect(name, timeout=30.0)
        if path is not None:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{name}: cannot switch SQLite to WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        _migrate(conn, name)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{name}: not a newsprism SQLite store ({exc})") from exc
    return Store(conn, name)
