"""The SQLite store: a real file in WAL mode; writing the same article twice is a no-op."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism import Article, Drop, StoreError, clean, open_store, read
from newsprism.store import SCHEMA_VERSION
from tests.conftest import ROOT, SEEDS


def _seed_articles() -> list[Article]:
    return [a for a in clean(read([SEEDS])) if isinstance(a, Article)]


def test_file_store_is_wal_and_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    arts = _seed_articles()
    with open_store(db) as store:
        assert store.add_articles(arts) == 2
        assert store.add_articles(arts) == 0
        store.add_drops([Drop("x.txt", "empty file"), Drop("x.txt", "empty file")])
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM drops").fetchone()[0] == 1
    with open_store(db) as store:
        back = {a.id: a for a in store.articles()}
    assert back == {a.id: a for a in arts}


def test_memory_store() -> None:
    with open_store() as store:
        store.add_articles(_seed_articles())
        assert store.count() == 2


def test_not_a_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"bad\.db"):
        open_store(bad)


def test_newer_schema_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer newsprism"):
        open_store(db)


def test_cli_clean_db_rerun_no_duplicates(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    cmd = [sys.executable, "-m", "newsprism", "clean", str(SEEDS), "--db", str(db)]
    for _ in range(2):
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
        assert proc.returncode == 0, proc.stderr
        assert len(proc.stdout.splitlines()) == 2
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_v1_store_is_upgraded(tmp_path: Path) -> None:
    from newsprism.store.sqlite import _MIGRATIONS

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(_MIGRATIONS[1] + "PRAGMA user_version = 1;")
    conn.close()
    with open_store(db) as store:  # v1 -> current, keeping what was there
        store.add_articles(_seed_articles())
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "drops", "stories", "memberships", "vectors", "articles_fts"} <= tables
