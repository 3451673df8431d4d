"""Corpus-wide jobs over a store: the reuse index (with the framing term counts) and a full
re-clustering, each on an engine (:mod:`newsprism.engine`) over Parquet shards of the store.

The store is written to shards in a temporary folder (or ``shards_dir``), the engine runs
the stage, and the results are written back in one transaction each.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.engine import CorpusReuse, Engine, corpus_reuse, corpus_stories
from newsprism.errors import StoreError
from newsprism.reuse import ReuseConfig
from newsprism.settings import ClusterConfig
from newsprism.store import Store
from newsprism.store import reuse as reuse_store
from newsprism.store import terms as terms_store
from newsprism.store.parquet import write_shards

log = logging.getLogger(__name__)


@contextmanager
def _shards(store: Store, shards_dir: Path | None, rows: int) -> Iterator[list[Path]]:
    if shards_dir is not None:
        yield write_shards(store, shards_dir, rows)
        return
    with tempfile.TemporaryDirectory(prefix="newsprism-shards-") as tmp:
        yield write_shards(store, Path(tmp), rows)


def _state(store: Store) -> dict[str, Any]:
    n, last = store.conn.execute("SELECT count(*), max(rowid) FROM articles").fetchone()
    return {"articles": n, "last_rowid": last}


def reuse_is_current(store: Store, config: ReuseConfig) -> bool:
    """Whether the stored links were computed over exactly the stored articles with
    ``config``."""
    done = reuse_store.computed(store.conn) or {}
    return done.get("state") == _state(store) and done.get("config") == repr(config)


def run_reuse(
    store: Store,
    engine: Engine,
    config: ReuseConfig = ReuseConfig(),
    *,
    shards_dir: Path | None = None,
    shard_rows: int = 5_000,
) -> CorpusReuse:
    """Find reuse across the whole store on ``engine``; save the links, the near-duplicate
    groups and the term counts."""
    state = _state(store)
    with _shards(store, shards_dir, shard_rows) as paths:
        result = corpus_reuse(paths, engine, config)
    reuse_store.save(store.conn, result.links, result.groups)
    terms_store.save(store.conn, result.background)
    done = reuse_store.computed(store.conn) or {}
    done.update(state=state, config=repr(config), engine=engine.name,
                candidate_pairs=result.candidate_pairs)  # fmt: skip
    with store.conn:
        store.conn.execute("INSERT OR REPLACE INTO meta VALUES ('reuse', ?)", (json.dumps(done),))
    return result


@dataclass(frozen=True, slots=True)
class Reclustered:
    articles: int
    stories: int
    moved: int


def run_recluster(
    store: Store,
    engine: Engine,
    config: ClusterConfig = ClusterConfig(),
    *,
    shards_dir: Path | None = None,
    shard_rows: int = 5_000,
) -> Reclustered:
    """Cluster every stored article again from scratch (in store order, with the revisit
    passes of ``config``), and replace the memberships. Story ids stay those most of a
    story's articles had; a story with none gets ``st-<its first article>``."""
    with _shards(store, shards_dir, shard_rows) as paths:
        clusterer, articles = corpus_stories(paths, engine, config)
    old = dict(store.conn.execute("SELECT article_id, story_id FROM memberships").fetchall())
    clusters = sorted(clusterer.stories().values(), key=lambda ms: (-len(ms), ms[0]))
    used: set[str] = set()
    final: list[tuple[str, str]] = []
    for members in clusters:  # larger stories pick their id first
        votes = Counter(old[m] for m in members if m in old and old[m] not in used)
        sid = min(votes, key=lambda s: (-votes[s], s)) if votes else f"st-{members[0]}"
        used.add(sid)
        final += [(m, sid) for m in members]
    moved = sum(1 for m, sid in final if old.get(m) != sid)
    why = f"recluster ({engine.name}): batch clustering, {config.revisit_passes} revisit pass(es)"
    try:
        with store.conn:
            store.conn.execute("DELETE FROM memberships")
            store.conn.executemany(
                "INSERT INTO memberships VALUES (?,?,?,?,datetime('now'))",
                [(m, sid, None, why) for m, sid in final],
            )
    except sqlite3.Error as exc:
        raise StoreError(f"{store.path}: cannot write memberships ({exc})") from exc
    # the incremental clusterer's snapshot no longer matches: the next ingest rebuilds it
    Path(f"{store.path}-stories").unlink(missing_ok=True)
    return Reclustered(len(articles), len(used), moved)
