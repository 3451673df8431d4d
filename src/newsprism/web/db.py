"""Read-only access to the store for the web app: a small connection pool and caches.

Every connection is opened with ``mode=ro`` (and ``PRAGMA query_only``), so the web app can
never write; WAL mode lets it read while ``newsprism ingest`` writes. Cached query results are
keyed by :meth:`ReadOnlyPool.version`, which changes when a writer commits.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Generic, TypeVar

from newsprism.errors import StoreError
from newsprism.store.sqlite import SCHEMA_VERSION

log = logging.getLogger(__name__)

T = TypeVar("T")


class ReadOnlyPool:
    """Read-only SQLite connections, reused across requests (at most ``size`` kept idle)."""

    def __init__(self, path: Path, size: int = 16) -> None:
        self.path = path
        self.uri = f"{path.resolve().as_uri()}?mode=ro"
        self.size = size
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.uri, uri=True, timeout=10.0, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store read-only ({exc})") from exc
        return conn

    def check(self) -> None:
        """Read the schema now, so that a missing, foreign or old file fails at start-up."""
        try:
            with self.connection() as conn:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                conn.execute("SELECT count(*) FROM memberships LIMIT 1").fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: not a newsprism store ({exc})") from exc
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by an older newsprism (schema {version}, this one needs "
                f"{SCHEMA_VERSION}); the web UI only reads, so open the store once with a "
                "command that writes (e.g. `newsprism drops --db PATH`) to upgrade it"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer newsprism (schema {version}); upgrade newsprism"
            )

    def version(self) -> tuple[int, ...]:
        """Changes whenever a writer commits: every commit appends to the WAL file (and a
        checkpoint rewrites the database file). Two stat calls, shared by all processes."""
        out: list[int] = []
        for p in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                st = p.stat()
                out += [st.st_mtime_ns, st.st_size, st.st_ino]
            except OSError:
                out += [0, 0, 0]
        return tuple(out)

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._open()
        try:
            yield conn
        finally:
            with self._lock:
                keep = len(self._idle) < self.size
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A connection inside one read transaction: its queries see one state of the store
        even while ``ingest`` commits."""
        with self.connection() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class LRU(Generic[T]):
    """A thread-safe LRU cache; concurrent misses on one key compute the value once."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def peek(self, key: Hashable) -> T | None:
        """The cached value, or None (without computing it)."""
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
                self.hits += 1
            return value

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            key_lock = self._pending.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._data:
                    self.hits += 1
                    return self._data[key]
                self.misses += 1
            try:
                value = compute()
                with self._lock:
                    self._data[key] = value
                    while len(self._data) > self.maxsize:
                        self._data.popitem(last=False)
            finally:
                with self._lock:
                    self._pending.pop(key, None)
        return value

    def __len__(self) -> int:
        return len(self._data)
