"""The store's articles as Parquet: one file, or shards that distributed engines read.

Each row is one article in store order, with its main fields as columns (for DuckDB, pandas,
Spark...), its story id when it has one, and ``record``, the whole article as JSON, so a
shard gives back exactly the stored :class:`~newsprism.model.Article`. Shards are written
``part-00000.parquet``, ``part-00001.parquet``, ... of ``rows`` articles each; reading them in
name order gives the store order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsprism.errors import NewsprismError
from newsprism.model import Article
from newsprism.store.sqlite import Store
from newsprism.util import batched

COLUMNS = ("id", "ref", "source", "outlet", "url", "title", "published", "lang", "text")
SCHEMA = pa.schema(
    [*((c, pa.string()) for c in COLUMNS), ("story_id", pa.string()), ("record", pa.string())]
)


def _stored(store: Store) -> Iterator[tuple[Article, str | None]]:
    sql = (
        "SELECT a.record, m.story_id FROM articles a "
        "LEFT JOIN memberships m ON m.article_id = a.id ORDER BY a.rowid"
    )
    for record, story in store.conn.execute(sql):
        yield Article.from_dict(json.loads(record)), story


def _table(rows: list[tuple[Article, str | None]]) -> pa.Table:
    cols: dict[str, list[str | None]] = {c: [] for c in SCHEMA.names}
    for a, story in rows:
        d = a.to_dict()
        for c in COLUMNS:
            cols[c].append(d.get(c))
        cols["story_id"].append(story)
        cols["record"].append(json.dumps(d, ensure_ascii=False))
    return pa.table(cols, schema=SCHEMA)


def write_file(store: Store, path: Path, rows: int = 10_000) -> int:
    """Every stored article into one Parquet file (row groups of ``rows``); returns the count."""
    n = 0
    with pq.ParquetWriter(path, SCHEMA) as writer:
        for chunk in batched(_stored(store), rows):
            writer.write_table(_table(chunk))
            n += len(chunk)
    return n


def write_shards(store: Store, folder: Path, rows: int = 10_000) -> list[Path]:
    """Every stored article into shards of ``rows`` articles in ``folder`` (created; former
    shards there are replaced). Returns the shard paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    paths: list[Path] = []
    for k, chunk in enumerate(batched(_stored(store), max(1, rows))):
        path = folder / f"part-{k:05d}.parquet"
        pq.write_table(_table(chunk), path)
        paths.append(path)
    return paths


def shards(folder: Path) -> list[Path]:
    """The shard files of ``folder``, in store order."""
    found = sorted(folder.glob("part-*.parquet"))
    if not found:
        raise NewsprismError(f"{folder}: no Parquet shards (part-*.parquet) here")
    return found


def read_shard(path: Path) -> list[Article]:
    """The articles of one shard (or of a file written by :func:`write_file`)."""
    try:
        table = pq.read_table(path, columns=["record"])
    except (OSError, pa.ArrowException) as exc:
        raise NewsprismError(f"{path}: not a newsprism Parquet shard ({exc})") from exc
    return [Article.from_dict(json.loads(r)) for r in table.column("record").to_pylist()]


def read_stories(path: Path) -> dict[str, str]:
    """Article id -> story id of one shard's articles that are in a story."""
    table = pq.read_table(path, columns=["id", "story_id"])
    ids, stories = table.column("id").to_pylist(), table.column("story_id").to_pylist()
    return {a: s for a, s in zip(ids, stories, strict=True) if s is not None}
