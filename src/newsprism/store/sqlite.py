"""The default store: one SQLite file in WAL mode (or an in-memory database).

Articles are keyed by their content-hash id, so writing the same article twice is a no-op.
Dropped inputs are kept with their reason. The schema is versioned with ``PRAGMA
user_version`` and migrated forward on open.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from newsprism.errors import StoreError
from newsprism.model import Article, Drop

SCHEMA_VERSION = 4

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
    2: """
    CREATE TABLE stories (
        id          TEXT PRIMARY KEY,
        title       TEXT,
        first_seen  TEXT,
        last_seen   TEXT,
        merged_into TEXT,          -- set when a later article bridged this story into another
        created_at  TEXT NOT NULL
    );
    CREATE TABLE memberships (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id   TEXT NOT NULL,
        score      REAL,           -- the same-event score that put the article there
        reason     TEXT,           -- which article or story it matched, and why
        at         TEXT NOT NULL
    );
    CREATE INDEX memberships_story ON memberships(story_id);
    CREATE TABLE vectors (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        model      TEXT NOT NULL,
        data       BLOB NOT NULL   -- float32 little-endian
    );
    """,
    3: """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='unicode61'
    );
    CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    """,
    4: """
    CREATE TABLE reuse_links (      -- passages two articles share (newsprism reuse)
        a_id       TEXT NOT NULL REFERENCES articles(id),
        b_id       TEXT NOT NULL REFERENCES articles(id),
        a_start    INTEGER NOT NULL,
        a_end      INTEGER NOT NULL,
        b_start    INTEGER NOT NULL,
        b_end      INTEGER NOT NULL,
        words      INTEGER NOT NULL,
        kind       TEXT NOT NULL,   -- verbatim | near
        direction  TEXT NOT NULL,   -- a_to_b | b_to_a | unknown
        similarity REAL NOT NULL,
        PRIMARY KEY (a_id, b_id, a_start, b_start)
    );
    CREATE INDEX reuse_links_b ON reuse_links(b_id);
    CREATE TABLE reuse_groups (     -- near-duplicate articles (syndicated copies)
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        group_id   TEXT NOT NULL
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE terms (term TEXT PRIMARY KEY, n INTEGER NOT NULL);  -- framing prior
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
        return len(self.write_batch(articles, ()))

    def add_drops(self, drops: Iterable[Drop]) -> None:
        self.write_batch((), drops)

    def write_batch(
        self,
        articles: Iterable[Article],
        drops: Iterable[Drop],
        memberships: Iterable[tuple[str, str, float | None, str | None]] = (),
        vectors: Iterable[tuple[str, str, bytes]] = (),
    ) -> list[str]:
        """Write one batch in one transaction: articles not yet stored, drops, story
        memberships (article id, story id, score, reason) and embeddings (article id, model,
        float32 bytes). Returns the ids that were new.

        A crash or kill leaves either the whole batch or none of it; a rerun skips what is
        stored (content-hash ids), so nothing is duplicated."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        new: list[str] = []
        try:
            with self.conn:
                for a in articles:
                    cur = self.conn.execute(
                        "INSERT OR IGNORE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        _row(a, now),
                    )
                    if cur.rowcount:
                        new.append(a.id)
                self.conn.executemany(
                    "INSERT OR IGNORE INTO drops(source, reason, at) VALUES (?,?,?)",
                    [(d.source, d.reason, now) for d in drops],
                )
                self.conn.executemany(
                    "INSERT OR REPLACE INTO memberships VALUES (?,?,?,?,?)",
                    [(a, s, sc, r, now) for a, s, sc, r in memberships],
                )
                self.conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?,?,?)", vectors)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot write ({exc})") from exc
        return new

    def known(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored already."""
        ids = list(ids)
        out: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id FROM articles WHERE id IN ({marks})"
            out.update(r[0] for r in self.conn.execute(sql, chunk))
        return out

    def vectors(self, ids: Sequence[str], model: str) -> dict[str, bytes]:
        """The stored embeddings (float32 bytes) of ``ids`` made by ``model``."""
        out: dict[str, bytes] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT article_id, data FROM vectors WHERE model=? AND article_id IN ({marks})"
            out.update(self.conn.execute(sql, [model, *chunk]).fetchall())
        return out

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

    def drop_counts(self) -> dict[str, int]:
        """Dropped inputs per reason (the reason's text up to its first parenthesis)."""
        out: dict[str, int] = {}
        for (reason,) in self.conn.execute("SELECT reason FROM drops"):
            key = reason.split(" (")[0]
            out[key] = out.get(key, 0) + 1
        return out

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def _row(a: Article, now: str) -> tuple[str | None, ...]:
    record = json.dumps(a.to_dict(), ensure_ascii=False)
    return (a.id, a.ref, a.source, a.outlet, a.url, a.title, a.published, a.lang, a.text,
            record, now)  # fmt: skip


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
