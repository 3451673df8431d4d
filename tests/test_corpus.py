"""Corpus ingest: incremental, idempotent, and an interrupted run completes without duplicates."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newsprism import open_store
from newsprism.corpus import export, ingest
from tests.conftest import ROOT, SEEDS, shared_data


def test_ingest_twice_adds_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "news.db") as store:
        first = ingest(store, [SEEDS])
        again = ingest(store, [SEEDS])
        assert (first.new, first.already_stored) == (2, 0)
        assert (again.new, again.already_stored) == (0, 2)
        assert store.count() == 2


def test_drops_counted_by_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text('{"id": 1, "text": "x"}\n{oops\n')
    with open_store(tmp_path / "news.db") as store:
        rep = ingest(store, [tmp_path / "empty.txt", tmp_path / "bad.jsonl", SEEDS])
        assert rep.new == 2
        assert rep.dropped["empty file"] == 1
        assert rep.dropped["invalid JSON"] == 1
        assert store.drop_counts()["empty file"] == 1


def test_export_jsonl_and_csv(tmp_path: Path) -> None:
    import io

    with open_store(tmp_path / "news.db") as store:
        ingest(store, [SEEDS])
        buf = io.StringIO()
        assert export(store, buf, "jsonl") == 2
        assert buf.getvalue().count("\n") == 2
        buf = io.StringIO()
        export(store, buf, "csv")
        assert buf.getvalue().splitlines()[0].startswith("id,ref,source,outlet")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_interrupted_ingest_completes_without_duplicates(tmp_path: Path) -> None:
    data = shared_data("clustering") / "allsides_neus_2021.jsonl"
    db = tmp_path / "news.db"
    cmd = [sys.executable, "-m", "newsprism", "ingest", str(data), "--db", str(db)]
    # A process started with SIGINT ignored (as a shell does for a background job, and so
    # for a test run started with `&`) passes that on to its children, and Python then
    # installs no KeyboardInterrupt handler: Ctrl-C is ignored, as the user asked. Give the
    # ingest the default disposition so the test sends the Ctrl-C of a foreground run.
    proc = subprocess.Popen(
        [*cmd, "--batch-size", "25"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )
    # wait until some batches are committed, then interrupt as a user's Ctrl-C would
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None and seen < 100:
        time.sleep(0.05)
        if db.exists():
            conn = sqlite3.connect(db, timeout=0.1)
            try:
                seen = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                continue
            finally:
                conn.close()
    assert proc.poll() is None, f"ingest ended before it was interrupted ({seen} articles seen)"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    partial = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert proc.returncode == 130, err.decode()
    assert 0 < partial < 1479
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    conn = sqlite3.connect(db)
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    refs = conn.execute("SELECT count(DISTINCT ref) FROM articles").fetchone()[0]
    assert total == refs  # no article twice
    clean_db = tmp_path / "clean.db"
    subprocess.run([*cmd[:-1], str(clean_db)], cwd=ROOT, capture_output=True, check=False)
    expected = sqlite3.connect(clean_db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert total == expected


def test_worker_processes_give_the_same_store(tmp_path: Path) -> None:
    """Cleaning and embedding in a process pool stores what one process stores: the same
    articles, stories and vectors (batches are committed in input order)."""
    from newsprism.storyassign import StoreAssigner

    basil = shared_data("clustering") / "basil_triplets.jsonl"
    state = []
    for workers in (1, 2):
        with open_store(tmp_path / f"w{workers}.db") as store:
            rep = ingest(
                store, [basil], assigner=StoreAssigner(store), batch_size=64, workers=workers
            )
            assert rep.new == 300
            rows = store.conn.execute(
                "SELECT article_id, story_id, round(score, 6) FROM memberships ORDER BY 1"
            ).fetchall()
            n_vec = store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
            state.append((rows, n_vec))
    assert state[0] == state[1]
    assert state[0][1] == 300


def test_parquet_shards_round_trip(tmp_path: Path) -> None:
    from newsprism.store import parquet

    with open_store(tmp_path / "news.db") as store:
        ingest(store, [SEEDS])
        stored = list(store.articles())
        paths = parquet.write_shards(store, tmp_path / "shards", rows=1)
        assert parquet.write_file(store, tmp_path / "all.parquet") == 2
    assert [p.name for p in paths] == ["part-00000.parquet", "part-00001.parquet"]
    assert [a for p in parquet.shards(tmp_path / "shards") for a in parquet.read_shard(p)] == stored
    assert parquet.read_shard(tmp_path / "all.parquet") == stored


def test_story_index_snapshot_matches_a_rebuild(tmp_path: Path) -> None:
    """The second ingest starts from the saved story index (``<db>-stories``); without it the
    index is rebuilt from the stored articles and vectors; both place new articles alike. A
    snapshot that no longer matches the store is ignored."""
    from newsprism.storyassign import StoreAssigner

    lines = (shared_data("clustering") / "basil_triplets.jsonl").read_text().splitlines()
    (tmp_path / "a.jsonl").write_text("\n".join(lines[:200]) + "\n")
    (tmp_path / "b.jsonl").write_text("\n".join(lines[200:]) + "\n")
    result = []
    for name in ("snap", "rebuild"):
        db = tmp_path / f"{name}.db"
        with open_store(db) as store:
            ingest(store, [tmp_path / "a.jsonl"], assigner=StoreAssigner(store), workers=1)
        snapshot = Path(f"{db}-stories")
        assert snapshot.exists()
        if name == "rebuild":
            snapshot.unlink()
        with open_store(db) as store:
            assigner = StoreAssigner(store)
            assert (len(assigner.clusterer.labels()), assigner.snapshot) == (200, snapshot)
            ingest(store, [tmp_path / "b.jsonl"], assigner=assigner, workers=1)
            result.append(
                store.conn.execute(
                    "SELECT article_id, story_id FROM memberships ORDER BY 1"
                ).fetchall()
            )
    assert result[0] == result[1]
    assert len(result[0]) == 300
    # a stale snapshot (memberships changed behind its back) is not used
    with open_store(tmp_path / "snap.db") as store:
        store.conn.execute(
            "DELETE FROM memberships WHERE rowid IN (SELECT rowid FROM memberships LIMIT 5)"
        )
        store.conn.commit()
        assert len(StoreAssigner(store).clusterer.labels()) == 295
