"""Corpus-wide stages on the local engine and on Dask (a 2-worker LocalCluster) give the
same links, near-duplicate groups and stories, equal to the in-process functions."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism import open_store
from newsprism.cluster import Clusterer
from newsprism.corpus import ingest
from newsprism.engine import LocalEngine, corpus_reuse, corpus_stories, open_engine
from newsprism.reuse import find_reuse
from newsprism.settings import ClusterConfig
from newsprism.store.parquet import read_shard, write_shards
from tests.conftest import ROOT, SEEDS, shared_data


def _corpus(tmp: Path) -> Path:
    """BASIL's 300 articles plus copies: wire paragraphs spliced into other articles,
    trimmed copies, and copies with a sentence edited."""
    rows = [
        json.loads(line)
        for line in (shared_data("clustering") / "basil_triplets.jsonl").read_text().splitlines()
    ]
    rng = random.Random(3)
    extra = []
    for k in range(40):
        src, dst = rng.sample(rows, 2)
        paras = [p for p in src["text"].split("\n\n") if len(p.split()) > 15]
        host = dst["text"].split("\n\n")
        if k % 2 == 0 and len(paras) >= 2:
            cut = rng.randrange(1, len(host) + 1)
            text = "\n\n".join(host[:cut] + paras[:2] + host[cut:])
        else:
            text = "\n\n".join(src["text"].split("\n\n")[: max(3, len(paras) // 2)])
            text = text.replace(" the ", " a ", 2)
        extra.append({"id": f"copy-{k}", "title": dst["title"], "text": text,
                      "outlet": f"copier-{k % 5}", "published": "2020-01-01"})  # fmt: skip
    path = tmp / "corpus.jsonl"
    with path.open("w") as f:
        for r in [*rows, *extra]:
            f.write(json.dumps(r) + "\n")
    return path


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("engine")
    with open_store(tmp / "news.db") as store:
        ingest(store, [_corpus(tmp)])
        return write_shards(store, tmp / "shards", rows=90)


def test_reuse_same_on_local_dask_and_in_process(shards: list[Path]) -> None:
    articles = [a for p in shards for a in read_shard(p)]
    direct = find_reuse(articles)
    local = corpus_reuse(shards, LocalEngine())
    assert len(shards) >= 4
    assert local.links == direct.links
    assert local.groups == direct.groups
    assert len(local.links) >= 20  # the spliced and copied passages are found
    with open_engine("dask", workers=2) as eng:
        remote = corpus_reuse(shards, eng)
    assert remote.links == local.links
    assert remote.groups == local.groups
    assert remote.background == local.background


def test_stories_same_on_local_and_dask(shards: list[Path]) -> None:
    config = ClusterConfig()
    clusterer, articles = corpus_stories(shards, LocalEngine(), config)
    with open_engine("dask", workers=2) as eng:
        remote, _ = corpus_stories(shards, eng, config)
    assert remote.labels() == clusterer.labels()
    # and the same as clustering the articles in one process
    direct = Clusterer(config)
    direct.add_many(articles)
    for _ in range(config.revisit_passes):
        direct.revisit()
    assert direct.labels() == clusterer.labels()
    assert len(set(clusterer.labels().values())) < len(articles)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsprism", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)  # fmt: skip


def test_reuse_command_on_the_seeds(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    assert _cli("ingest", str(SEEDS), "--db", str(db)).returncode == 0
    proc = _cli("reuse", "--db", str(db), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    links = json.loads(proc.stdout)
    lavrov = [x for x in links if "are alarmed as unfortunately" in x["a"]["text"]]
    assert lavrov, links
    for x in links:
        assert {"a", "b", "words", "kind", "direction"} <= set(x)
        assert x["direction"] == "unknown"  # Press TV's text carries no date
        for side in ("a", "b"):
            s = x[side]
            with open_store(db) as store:
                art = store.get(s["id"])
            assert art is not None
            assert art.text[s["start"] : s["end"]] == s["text"]
    outlets = {lavrov[0]["a"]["outlet"], lavrov[0]["b"]["outlet"]}
    assert outlets == {"Press TV", "Ariana News"}
    text = _cli("reuse", "--db", str(db))
    assert text.returncode == 0 and "unknown direction" in text.stdout


def test_recluster_command_keeps_story_ids(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    assert _cli("ingest", str(SEEDS), "--db", str(db)).returncode == 0
    with open_store(db) as store:
        before = store.conn.execute("SELECT article_id, story_id FROM memberships").fetchall()
    proc = _cli("recluster", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    with open_store(db) as store:
        after = store.conn.execute("SELECT article_id, story_id FROM memberships").fetchall()
    assert sorted(after) == sorted(before)
    assert len({s for _, s in after}) == 1
