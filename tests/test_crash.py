"""Crash safety: SIGKILL at random points of a 5,000-article ingest loses and duplicates nothing."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_data

N_ARTICLES = 5000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5,000 real articles (AllSides + BASIL), repeated with ids and a sentence changed."""
    src = shared_data("clustering")
    recs = [
        json.loads(line)
        for name in ("allsides_neus_2021.jsonl", "basil_triplets.jsonl")
        for line in (src / name).read_text(encoding="utf-8").splitlines()
    ]
    out = tmp_path_factory.mktemp("crash") / "corpus.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for i in range(N_ARTICLES):
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


def _count(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        refs = conn.execute("SELECT count(DISTINCT ref) FROM articles").fetchone()[0]
        return int(total), int(refs)
    finally:
        conn.close()


def test_sigkill_at_random_points(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    cmd = [sys.executable, "-m", "newsprism", "ingest", str(corpus), "--db", str(db),
           "--batch-size", "100"]  # fmt: skip
    rng = random.Random(20261124)
    kills = 0
    for _ in range(3):
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        total, refs = _count(db)  # the store opens and is consistent after every kill
        assert total == refs
    assert kills >= 1
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    total, refs = _count(db)
    dropped = sqlite3.connect(db).execute("SELECT count(*) FROM drops").fetchone()[0]
    assert total == refs  # nothing twice
    assert total + dropped == N_ARTICLES  # nothing lost: each input stored or dropped
