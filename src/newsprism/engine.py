"""Corpus-wide stages over Parquet shards of the store, in-process or on a Dask cluster.

Both engines run the same functions over the same shards, so they give the same results:

* **Reuse** (:func:`corpus_reuse`): (1) per shard, the articles' LSH band keys and extents
  (:func:`newsprism.reuse.sketch_article`) and the shard's term counts (the framing prior);
  (2) on the client, candidate pairs from the band keys of every article (a group-by on the
  keys); (3) per pair of shards, the candidate pairs aligned (sketches recomputed from the
  shards on the worker, so only band keys travel); (4) on the client, links sorted and
  near-duplicate groups formed.
* **Stories** (:func:`corpus_stories`): per shard, the embeddings the clusterer takes
  (:func:`newsprism.cluster.lead_vectors`, the costly part); on the client, the clusterer's
  decisions in store order, then its revisit passes. Clustering is incremental and
  order-dependent by design, so the decisions stay on one machine; what is parallel is the
  per-article work.

``--engine dask --scheduler tcp://host:8786`` uses a running cluster; ``--engine dask``
alone starts a ``LocalCluster`` (one worker process per core unless told otherwise).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from newsprism.cluster import Clusterer, lead_vectors
from newsprism.embed import Vectors
from newsprism.framing import Background
from newsprism.model import Article
from newsprism.reuse import (
    ArticleSketch,
    ReuseConfig,
    ReuseLink,
    align_pairs,
    candidate_pairs,
    near_duplicate_groups,
    sketch_articles,
)
from newsprism.settings import ClusterConfig
from newsprism.store.parquet import read_shard

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    name: str

    def map(self, fn: Callable[..., R], items: Sequence[Any], *args: Any) -> list[R]:
        """``[fn(item, *args) for item in items]``, in order."""
        ...


class LocalEngine:
    name = "local"

    def map(self, fn: Callable[..., R], items: Sequence[Any], *args: Any) -> list[R]:
        return [fn(item, *args) for item in items]


class DaskEngine:
    """Tasks on a Dask cluster (``distributed.Client``); results come back in order."""

    name = "dask"

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, fn: Callable[..., R], items: Sequence[Any], *args: Any) -> list[R]:
        futures = [self.client.submit(fn, item, *args, pure=False) for item in items]
        out: list[R] = self.client.gather(futures)
        return out


@contextmanager
def open_engine(
    name: str, scheduler: str | None = None, workers: int | None = None
) -> Iterator[Engine]:
    """The engine called ``name`` ("local" or "dask"); a Dask engine without ``scheduler``
    runs on a LocalCluster that is closed on exit."""
    if name == "local":
        yield LocalEngine()
        return
    if name != "dask":
        raise ValueError(f"unknown engine {name!r}: local or dask")
    import distributed

    Client: Any = distributed.Client
    LocalCluster: Any = distributed.LocalCluster
    if scheduler:
        with Client(scheduler) as client:
            yield DaskEngine(client)
        return
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster,
        Client(cluster) as client,
    ):
        yield DaskEngine(client)


# -- reuse ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Light:
    """What the client needs of one article to find candidate pairs."""

    article_id: str
    shard: int
    bands: tuple[int, ...]
    extent: int
    short: bool


def _sketch_shard(
    item: tuple[int, Path], config: ReuseConfig, max_n: int
) -> tuple[list[_Light], Background]:
    k, path = item
    lights, bg = [], Background(max_n=max_n)
    arts = read_shard(path)
    for a, s in zip(arts, sketch_articles(arts, config), strict=True):
        extent = s.ends[-1] - s.starts[0] if s.starts else 0
        lights.append(_Light(a.id, k, s.bands, extent, len(s.tokens) < config.min_words))
        bg.add(a.text)
    return lights, bg


def _align_group(
    item: tuple[tuple[Path, Path], list[tuple[str, str]]], config: ReuseConfig
) -> list[ReuseLink]:
    (pa, pb), pairs = item
    wanted = {x for pair in pairs for x in pair}
    arts = sorted(
        (a for path in dict.fromkeys((pa, pb)) for a in read_shard(path) if a.id in wanted),
        key=lambda a: a.id,
    )
    at = {a.id: n for n, a in enumerate(arts)}  # pairs are (first id, second id)
    return align_pairs(sketch_articles(arts, config), [(at[a], at[b]) for a, b in pairs], config)


@dataclass(frozen=True, slots=True)
class CorpusReuse:
    links: list[ReuseLink]
    groups: list[list[str]]
    background: Background
    articles: int
    candidate_pairs: int
    skipped_buckets: int


def corpus_reuse(
    shards: Sequence[Path],
    engine: Engine,
    config: ReuseConfig = ReuseConfig(),
    max_n: int = 2,
    pairs_per_task: int = 2_000,
) -> CorpusReuse:
    """Text reuse across every article of ``shards`` (see the module docstring)."""
    per_shard = engine.map(_sketch_shard, list(enumerate(shards)), config, max_n)
    lights = sorted((x for ls, _ in per_shard for x in ls), key=lambda x: x.article_id)
    seen = set()
    for x in lights:
        if x.article_id in seen:
            raise ValueError(f"article {x.article_id} is in two shards")
        seen.add(x.article_id)
    bg = Background(max_n=max_n)
    for _, shard_bg in per_shard:
        bg.merge(shard_bg)
    stubs = [ArticleSketch.of_bands(x.article_id, x.bands) for x in lights]
    pairs, skipped = candidate_pairs(stubs, config)
    groups: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for i, j in pairs:
        a, b = lights[i], lights[j]
        groups[(a.shard, b.shard)].append((a.article_id, b.article_id))
    tasks = [
        ((shards[sa], shards[sb]), chunk[k : k + pairs_per_task])
        for (sa, sb), chunk in sorted(groups.items())
        for k in range(0, len(chunk), pairs_per_task)
    ]
    links = [x for part in engine.map(_align_group, tasks, config) for x in part]
    links.sort(key=lambda x: (x.a.article_id, x.b.article_id, x.a.start, x.b.start, x.a.end))
    lengths = {x.article_id: x.extent for x in lights}
    dups = near_duplicate_groups(
        links, lengths, config.near_duplicate_coverage, config.near_duplicate_longer
    )
    log.info("reuse: %d articles, %d candidate pairs, %d links, %d near-duplicate groups",
             len(lights), len(pairs), len(links), len(dups))  # fmt: skip
    return CorpusReuse(links, dups, bg, len(lights), len(pairs), skipped)


# -- stories ----------------------------------------------------------------------------------


def _embed_shard(path: Path, config: ClusterConfig) -> tuple[list[str], Vectors]:
    arts = read_shard(path)
    return [a.id for a in arts], lead_vectors(arts, config)


def corpus_stories(
    shards: Sequence[Path], engine: Engine, config: ClusterConfig = ClusterConfig()
) -> tuple[Clusterer, list[Article]]:
    """Cluster every article of ``shards`` from scratch, in shard order: embeddings on the
    engine, decisions here. Returns the clusterer (for its labels and a snapshot) and the
    articles in the order they were placed."""
    embedded = engine.map(_embed_shard, list(shards), config)
    articles = [a for path in shards for a in read_shard(path)]
    ids = [i for part, _ in embedded for i in part]
    if ids != [a.id for a in articles]:
        raise ValueError("shards changed while they were being read")
    vectors = np.concatenate([v for _, v in embedded]) if articles else None
    clusterer = Clusterer(replace(config, batch_size=max(1, config.batch_size)))
    clusterer.add_many(articles, vectors)
    for _ in range(config.revisit_passes):
        clusterer.revisit()
    return clusterer, articles
