"""Story clustering: quality floors on BASIL and AllSides, and the mechanics on hand-made articles.

The floors sit ~0.01 under the figures measured by ``benchmarks/bench_cluster.py`` with the
shipped ``cluster-v1`` (trained on BASIL): see FLOORS. AllSides is held out for that model;
BASIL is in-sample. The held-out BASIL figure comes from a model trained here on AllSides.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newsprism.cluster import ClusterConfig, Clusterer, cluster
from newsprism.cluster_model import (
    DENSE_FEATURES,
    FEATURES,
    MODEL_NAME,
    STAGES,
    PairModel,
    default_model,
)
from newsprism.embed import Vectors
from newsprism.evaluate import bcubed, load_story_set, unrelated_articles
from newsprism.model import Article

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering"

# Measured (bench_cluster.py, shuffle seed 0), shipped model (trained on BASIL): AllSides BCubed
# F1 0.830 (content only, held out; 0.824-0.830 over shuffle seeds 0-2), BASIL 1.000 (with
# dates, in-sample; 0.987 in 3-fold story CV at full density). AllSides-trained model on BASIL
# (held out): 0.980. Floors below.
FLOORS = {"basil": 0.97, "allsides": 0.82, "basil_held_out": 0.97}


def _load(name: str, dated: bool) -> tuple[list[Article], dict[str, str]]:
    """As benchmarks/train_cluster.py: shuffled (seed 0), dated sets then sorted by date."""
    if not DATA.is_dir():
        pytest.skip(f"{DATA} not found: the clustering evaluation data lives beside the checkout")
    return load_story_set(DATA / name, dated=dated, seed=0)


def _f1(name: str, dated: bool) -> float:
    arts, gold = _load(name, dated)
    return bcubed({a.article_id: a.story_id for a in cluster(arts)}, gold)[2]


@pytest.fixture(scope="module")
def basil_f1() -> float:
    return _f1("basil_triplets.jsonl", dated=True)


@pytest.fixture(scope="module")
def allsides_f1() -> float:
    return _f1("allsides_neus_2021.jsonl", dated=False)


def test_basil_floor(basil_f1: float) -> None:
    assert basil_f1 >= FLOORS["basil"]


def test_allsides_floor(allsides_f1: float) -> None:
    assert allsides_f1 >= FLOORS["allsides"]


def test_allsides_trained_model_on_held_out_basil() -> None:
    """The cross-set protocol the other way: a model trained and tuned on AllSides alone (as the
    benchmark's ``allsides-model`` rows) clusters all of BASIL, with its dates; held out."""
    _load("allsides_neus_2021.jsonl", dated=False)  # skips without the data
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import train_cluster as tc

    emb = tc.CachedEmbedder()
    model = PairModel.from_dict(tc.train("allsides", emb))
    arts, gold = _load("basil_triplets.jsonl", dated=True)
    pred = {a.article_id: a.story_id for a in cluster(arts, model=model, embedder=emb)}
    assert bcubed(pred, gold)[2] >= FLOORS["basil_held_out"]


def test_shipped_model_names_its_training_set() -> None:
    m = default_model()
    assert m.name == MODEL_NAME
    assert "basil" in m.trained_on.lower()
    assert set(m.stages) == set(STAGES)


# -- mechanics on hand-made articles ----------------------------------------------------------


def _hand_stage() -> dict[str, object]:
    """A stage whose probability comes from the TF-IDF cosine alone (or, across languages, the
    dense cosine)."""

    def logistic(names: Sequence[str], feature: str) -> dict[str, object]:
        w = [20.0 if n == feature else 0.0 for n in names]
        return {
            "features": list(names),
            "mean": [0.0] * len(names),
            "scale": [1.0] * len(names),
            "weights": w,
            "bias": -7.0,
        }

    return {
        "full": logistic(FEATURES, "lex"),
        "dense": logistic(DENSE_FEATURES, "dense"),
        "threshold": 0.5,
        "merge_threshold": 0.5,
    }


def _hand_model() -> PairModel:
    """Probability from the TF-IDF cosine alone (or, across languages, the dense cosine)."""
    stage = _hand_stage()
    return PairModel.from_dict(
        {"format": 1, "name": "hand", "trained_on": "nothing", "add": stage, "revisit": stage}
    )


class _Embedder:
    """Deterministic stand-in for USE: a random unit vector per text, except that texts
    starting with the same ``[tag]`` share one (to play a translation)."""

    def __call__(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), 512), dtype=np.float32)
        for k, t in enumerate(texts):
            key = t.split("]")[0] if t.startswith("[") else t
            v = np.random.default_rng(zlib.crc32(key.encode())).standard_normal(512)
            out[k] = v / np.linalg.norm(v)
        return out


def _art(id_: str, title: str, text: str, day: str | None, lang: str = "en") -> Article:
    return Article(id=id_, source=id_, outlet="o", text=text, title=title, published=day, lang=lang)


QUAKE = "A magnitude 7.1 earthquake struck Valparaiso in Chile, damaging the port, killing 12."
VOTE = "Norwegians voted in a general election; Labour leader Jonas Gahr Store claimed victory."
ASH = "Etna volcano ash closed Catania airport. Flights to Sicily were cancelled on Tuesday."
LAVA = "Lava flows from Etna reached Zafferana; residents of Zafferana evacuated homes."


@pytest.mark.parametrize("exact_below", [8000, 3], ids=["exact", "hnsw"])
def test_two_events_undated_window_and_merge(exact_below: int) -> None:
    c = Clusterer(ClusterConfig(exact_below=exact_below), _hand_model(), _Embedder())
    q1 = c.add(_art("q1", "Earthquake in Chile", QUAKE, "2024-03-01"))
    q2 = c.add(_art("q2", "Chile earthquake kills 12", QUAKE + " Rescue teams dug.", "2024-03-02"))
    v1 = c.add(_art("v1", "Norway election", VOTE, "2024-03-02"))
    v2 = c.add(_art("v2", "Store wins Norway vote", VOTE + " Turnout was high.", None))
    late = c.add(_art("q3", "Earthquake in Chile", QUAKE, "2024-06-01"))
    assert q2.story_id == q1.story_id != v1.story_id
    assert v2.story_id == v1.story_id  # undated: compared by content alone
    assert late.story_id not in (q1.story_id, v1.story_id)  # same words, outside the window
    assert "new story" in late.reason and q1.reason.startswith("add: new story")
    ash = c.add(_art("e1", "Ash closes Catania airport", ASH, "2024-03-03"))
    lava = c.add(_art("e2", "Lava reaches Zafferana", LAVA, "2024-03-03"))
    assert ash.story_id != lava.story_id
    bridge = c.add(_art("e3", "Etna erupts", f"{ASH} {LAVA}", "2024-03-04"))
    assert len(bridge.merged) == 1
    assert c.story_of("e1") == c.story_of("e2") == c.story_of("e3") == bridge.story_id
    assert c.merges[-1].article_id == "e3"
    assert len(c.stories()) == 4  # quake, vote, late quake, Etna


def test_cross_language_pair_joins_on_the_dense_signal() -> None:
    arts = [
        _art("en", "[etna] Etna erupts", ASH, "2024-03-03"),
        _art(
            "ar",
            "[etna] ثوران بركان إتنا",
            "أغلق رماد بركان إتنا مطار كاتانيا.",
            "2024-03-03",
            lang="ar",
        ),
        _art("en2", "[vote] Norway votes", VOTE, "2024-03-03"),
    ]
    out = cluster(arts, ClusterConfig(), model=_hand_model(), embedder=_Embedder())
    assert out[0].story_id == out[1].story_id != out[2].story_id


def test_model_digest_tells_retrained_models_apart() -> None:
    """The story-index snapshot is keyed by the model's digest: a retrained model of the same
    name (other weights or thresholds) must not reuse a snapshot made with the old one."""
    m = default_model()
    assert m.digest() == default_model().digest()
    raw = _hand_model()
    other = PairModel.from_dict(
        {
            "format": 1,
            "name": raw.name,
            "trained_on": "nothing",
            "add": {**_hand_stage(), "threshold": 0.6},
            "revisit": _hand_stage(),
        }
    )
    assert other.digest() != raw.digest() != m.digest()


def _unrelated_pages(english: bool) -> list[Article]:
    root = DATA.parent / "extraction" / "plaintext"
    if not root.is_dir():
        pytest.skip(f"{root} not found: the extraction evaluation data lives beside the checkout")
    return [a for a in unrelated_articles(root) if (a.lang == "en") == english]


def test_unrelated_articles_in_other_languages_stay_apart() -> None:
    """20 unrelated pages in 7 languages (Russian, Portuguese, German ...): each is its own
    story but for one same-site pair in Indonesian (a language the sentence encoder does not
    know). Before the dense-alone floor and the languages' own stopwords, 20 made 9 stories
    (all four Russian articles in one: food bloggers, Skyrim, a model at 53, a diet)."""
    arts = _unrelated_pages(english=False)
    assert len(arts) == 20
    stories = {a.story_id for a in cluster(arts)}
    assert len(stories) >= 19


def test_dense_alone_floor_only_where_the_encoder_knows_the_languages() -> None:
    stage = default_model().stages["revisit"]
    x = np.zeros((2, len(FEATURES)))
    x[:, FEATURES.index("lex")] = 0.9  # strong lexical evidence, unrelated meaning
    x[:, FEATURES.index("lex_gap_new")] = 0.9
    x[:, FEATURES.index("dense")] = stage.floors[2] - 0.05
    cross = np.zeros(2, dtype=np.bool_)
    p = stage.probability(x, cross, np.array([True, False]))
    assert p[0] == 0.0 and p[1] > 0.0
