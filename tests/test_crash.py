"""Crash safety: SIGKILL at random points of an ingest loses and duplicates nothing.

The ingest and its worker processes are killed together (a power cut, as far as the store can
tell), at random times and at random amounts of progress; after each kill the store opens and
is consistent, and a rerun completes it: every input stored or dropped once, every article in
exactly one story, and the stories those of an ingest that was never interrupted.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, shared_data

N_ARTICLES = 5000
N_SMALL = 600


def _write_corpus(out: Path, recs: list[dict[str, Any]], n: int) -> Path:
    """``n`` articles cycling over ``recs``, each with its own id, URL and closing line."""
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            r = recs[i % len(recs)]
            rec = {
                "id": f"{r['id']}#{i}",
                "title": r["title"],
                "text": f"{r['text']}\n\nEdition {i}: reported by the desk.",
                "outlet": r["source"],
                "url": f"https://example.org/{r['source']}/{i}",  # a distinct article each
                "published": r["date"],
            }
            fh.write(json.dumps(rec) + "\n")
    return out


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    """Real articles: AllSides/NeuS and BASIL (1,779 records)."""
    src = shared_data("clustering")
    return [
        json.loads(line)
        for name in ("allsides_neus_2021.jsonl", "basil_triplets.jsonl")
        for line in (src / name).read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, records: list[dict[str, Any]]) -> Path:
    """5,000 real articles, repeated with ids and a sentence changed."""
    return _write_corpus(tmp_path_factory.mktemp("crash") / "corpus.jsonl", records, N_ARTICLES)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, records: list[dict[str, Any]]) -> Path:
    """600 articles over every eighth record (both data sets): each about three times."""
    out = tmp_path_factory.mktemp("crash-small") / "corpus.jsonl"
    return _write_corpus(out, records[::8], N_SMALL)


def _ingest_cmd(corpus: Path, db: Path, batch_size: int) -> list[str]:
    return [sys.executable, "-m", "newsprism", "ingest", str(corpus), "--db", str(db),
            "--batch-size", str(batch_size)]  # fmt: skip


def _stored(db: Path) -> int:
    """Articles committed so far, read as a bystander would (0 before the schema exists)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _run_and_kill(
    cmd: list[str],
    db: Path,
    rng: random.Random,
    *,
    after: float = 0.0,
    more: int = 0,
    jitter: float = 1.0,
) -> bool:
    """Start an ingest; once it has run ``after`` seconds and committed ``more`` articles
    beyond what was stored when it started, wait a random moment more (the kill then lands
    anywhere in a batch: reading, cleaning, clustering or committing) and SIGKILL it with its
    workers. Returns whether it was killed (False: it finished first)."""
    target = _stored(db) + more
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    t0 = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - t0 < 120:
            if time.monotonic() - t0 >= after and _stored(db) >= target:
                break
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, jitter))
        killed = proc.poll() is None
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes
        proc.wait(timeout=30)
        return killed
    finally:
        if proc.poll() is None:  # pragma: no cover - only when an assertion interrupted us
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _check(db: Path) -> dict[str, str]:
    """Assert the store is consistent; return its memberships (article id -> story id).

    Articles: stored once each. Stories: every article in exactly one, no membership of a
    missing article, no story row without members (unless merged into another)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        total, refs = conn.execute("SELECT count(*), count(DISTINCT ref) FROM articles").fetchone()
        assert total == refs  # nothing twice
        members = dict(conn.execute("SELECT article_id, story_id FROM memberships").fetchall())
        ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
        assert set(members) == ids, (
            f"{len(ids - set(members))} articles without a story, "
            f"{len(set(members) - ids)} memberships of missing articles"
        )
        assert all(members.values()), "a membership names no story"
        empty = conn.execute(
            "SELECT count(*) FROM stories s WHERE merged_into IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM memberships m WHERE m.story_id = s.id)"
        ).fetchone()[0]
        assert empty == 0, f"{empty} empty stories"
        return members
    finally:
        conn.close()


def _finish(cmd: list[str], db: Path) -> None:
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_sigkill_at_random_points(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    cmd = _ingest_cmd(corpus, db, 100)
    rng = random.Random(20261124)
    kills = 0
    # once during start-up or the first batches, then twice after a random amount of progress
    plan = [(rng.uniform(1.0, 5.0), 0), (0.0, rng.randint(100, 600)), (0.0, rng.randint(100, 600))]
    stored_at_kill = []
    for after, more in plan:
        kills += _run_and_kill(cmd, db, rng, after=after, more=more)
        _check(db)  # the store opens and is consistent after every kill
        stored_at_kill.append(_stored(db))
    assert kills >= 2, stored_at_kill
    assert stored_at_kill[-1] < N_ARTICLES
    _finish(cmd, db)
    members = _check(db)
    conn = sqlite3.connect(db)
    dropped = conn.execute("SELECT count(*) FROM drops").fetchone()[0]
    conn.close()
    assert len(members) + dropped == N_ARTICLES  # nothing lost: each input stored or dropped
    print(f"\n{kills} kills survived (stored at each: {stored_at_kill}); "
          f"{len(members)} articles in {len(set(members.values()))} stories")  # fmt: skip


def test_stories_after_kills_equal_an_uninterrupted_run(small_corpus: Path, tmp_path: Path) -> None:
    """Story assignment is rebuilt from the store on a rerun: the memberships after kills and
    a rerun are those of one uninterrupted ingest of the same input."""
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    _finish(_ingest_cmd(small_corpus, clean_db, 40), clean_db)
    expected = _check(clean_db)
    assert len(expected) == N_SMALL
    assert len(set(expected.values())) < N_SMALL * 0.6  # the repeats were grouped

    cmd = _ingest_cmd(small_corpus, killed_db, 40)
    rng = random.Random(7)
    kills, stored_at_kill = 0, []
    for target in sorted(rng.sample(range(40, N_SMALL - 200), 3)):  # work left for the rerun
        more = max(1, target - _stored(killed_db))
        kills += _run_and_kill(cmd, killed_db, rng, more=more, jitter=0.5)
        stored_at_kill.append(_stored(killed_db))
    assert kills >= 2, stored_at_kill
    assert stored_at_kill[-1] < N_SMALL
    _finish(cmd, killed_db)
    got = _check(killed_db)
    assert len(set(got.values())) == len(set(expected.values()))
    assert got == expected  # the same stories, under the same ids
    print(f"\n{kills} kills survived (stored at each: {stored_at_kill}); {len(got)} articles "
          f"in {len(set(got.values()))} stories, as in the uninterrupted run")  # fmt: skip
