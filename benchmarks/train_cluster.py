"""Train the story-clustering pair model (``src/newsprism/models/cluster-v1.json``).

The clusterer is run over the training set with its decisions taken from the gold stories
(teacher forcing: the margin features compare a candidate's story with the best other story,
so they are recorded as a good clusterer would see them), recording the features of every
retrieval candidate pair, labelled by the gold story. A logistic regression (scikit-learn,
standardised features) is fitted on all :data:`FEATURES` and a second one on
:data:`DENSE_FEATURES` (for pairs in different languages). The join threshold and the merge
threshold are then chosen on the same training set by BCubed F1 of the incremental clusterer.
Nothing of the other set is seen.

    python benchmarks/train_cluster.py --train allsides --out src/newsprism/models/cluster-v1.json

Data: ``../shared/data/clustering`` (see its README). AllSides is clustered by content alone
(its ``date`` is the story page's date, which gives the label away) and in a shuffled order
(its file is sorted by story); BASIL uses each article's own date and arrives in date order.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.cluster import ClusterConfig, Clusterer, lead_text
from newsprism.cluster_index import FloatArray
from newsprism.cluster_model import (
    DENSE_FEATURES,
    FEATURES,
    MODEL_FORMAT,
    MODEL_NAME,
    STAGES,
    PairModel,
)
from newsprism.embed import Vectors, use_embedder
from newsprism.evaluate import bcubed, load_story_set
from newsprism.model import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "clustering"
SETS = {"basil": "basil_triplets.jsonl", "allsides": "allsides_neus_2021.jsonl"}
SEED = 0


def load(
    name: str, *, dated: bool | None = None, seed: int = SEED
) -> tuple[list[Article], dict[str, str]]:
    """The set's articles in stream order, and article id -> gold story.

    Dated (BASIL by default): in date order, ties shuffled. Undated (AllSides always, as its
    date is the label): shuffled.
    """
    dated = name == "basil" if dated is None else dated and name == "basil"
    return load_story_set(DATA / SETS[name], dated=dated, seed=seed)


class CachedEmbedder:
    """USE embeddings, computed once per text (the training and benchmark runs repeat)."""

    def __init__(self) -> None:
        self.cache: dict[str, Vectors] = {}

    def __call__(self, texts: Sequence[str]) -> Vectors:
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if todo:
            for t, v in zip(todo, use_embedder(todo), strict=True):
                self.cache[t] = v
        return np.stack([self.cache[t] for t in texts]) if texts else use_embedder([])

    def warm(self, arts: Sequence[Article], config: ClusterConfig) -> None:
        self([lead_text(a, config) for a in arts] + [a.title or "" for a in arts if a.title])


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall, F1 over same-cluster article pairs."""

    def pairs(c: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())

    tp = pairs(Counter((pred[a], gold[a]) for a in gold))
    npred, ngold = pairs(Counter(pred.values())), pairs(Counter(gold.values()))
    p, r = tp / npred if npred else 1.0, tp / ngold if ngold else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _logistic(names: Sequence[str], x: FloatArray, y: FloatArray, c: float) -> dict[str, Any]:
    """A logistic regression over standardised ``x``, as the model file stores it."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    return {
        "features": list(names),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in lr.coef_[0]],
        "bias": round(float(lr.intercept_[0]), 6),
    }


#: The share of training same-story pairs allowed under an evidence floor (see
#: ``cluster_model._Stage.floors``): under both the dense and the TF-IDF floor, and under
#: the dense cosine alone.
FLOOR_QUANTILE = 0.01
FLOOR_ALONE_QUANTILE = 0.001


def fit(x: FloatArray, y: FloatArray, c: float = 1.0) -> dict[str, Any]:
    """One stage of the model file: the full model, the dense-only (cross-language) one, and
    the evidence floors: the 1st percentile of the same-story pairs' dense and TF-IDF cosines,
    and the 0.1st of their dense cosines."""
    pos = x[y > 0]
    dense, lex = FEATURES.index("dense"), FEATURES.index("lex")
    return {
        "full": _logistic(FEATURES, x, y, c),
        "dense": _logistic(DENSE_FEATURES, x[:, : len(DENSE_FEATURES)], y, c),
        "threshold": 0.5,
        "merge_threshold": 2.0,
        "floors": {
            "dense": round(float(np.quantile(pos[:, dense], FLOOR_QUANTILE)), 6),
            "lex": round(float(np.quantile(pos[:, lex], FLOOR_QUANTILE)), 6),
            "dense_alone": round(float(np.quantile(pos[:, dense], FLOOR_ALONE_QUANTILE)), 6),
        },
    }


def null_model() -> PairModel:
    """A model that never joins: used to record candidate pairs."""

    def zero(names: Sequence[str]) -> dict[str, Any]:
        n = len(names)
        return {
            "features": list(names),
            "mean": [0.0] * n,
            "scale": [1.0] * n,
            "weights": [0.0] * n,
            "bias": -30.0,
        }

    stage = {"full": zero(FEATURES), "dense": zero(DENSE_FEATURES), "threshold": 2.0}
    return PairModel.from_dict(
        {
            "format": MODEL_FORMAT,
            "name": "null",
            "trained_on": "nothing",
            **dict.fromkeys(STAGES, stage),
        }
    )


class GoldClusterer(Clusterer):
    """A clusterer whose decisions follow the gold stories (teacher forcing): an article joins
    the story of a candidate of its gold story, so the features that look at the stories
    (the margin over the best other story) are recorded as a good clusterer would see them."""

    def __init__(
        self, config: ClusterConfig, gold: dict[str, str], embedder: CachedEmbedder, hook: Any
    ) -> None:
        forced = dataclasses.replace(
            config, threshold=0.5, merge_threshold=0.99, revisit_threshold=0.5
        )
        super().__init__(forced, null_model(), embedder, on_pairs=hook)
        self.gold = gold

    def _pair_scores(self, stage: str, d: Any, cands: list[int]) -> dict[int, float]:
        scores = super()._pair_scores(stage, d, cands)
        same = self.gold[d.id]
        return {j: float(self.gold[self._docs[j].id] == same) for j in scores}


def record_pairs(
    arts: Sequence[Article], gold: dict[str, str], embedder: CachedEmbedder, config: ClusterConfig
) -> dict[str, tuple[FloatArray, FloatArray]]:
    """Per stage, the features and labels of every retrieval candidate pair of the stream
    (added in order, then revisited), with the decisions taken from the gold stories."""
    rows: dict[str, list[FloatArray]] = {s: [] for s in STAGES}
    labels: dict[str, list[float]] = {s: [] for s in STAGES}

    def hook(stage: str, article_id: str, cands: list[str], x: FloatArray) -> None:
        rows[stage].append(x)
        labels[stage].extend(float(gold[article_id] == gold[c]) for c in cands)

    c = GoldClusterer(config, gold, embedder, hook)
    c.add_many(arts)
    c.revisit()
    return {s: (np.concatenate(rows[s]), np.asarray(labels[s])) for s in STAGES}


def run(
    arts: Sequence[Article],
    model: PairModel,
    embedder: CachedEmbedder,
    config: ClusterConfig,
    revisit: bool = True,
) -> dict[str, str]:
    """Article -> story after adding ``arts`` (and revisiting them ``config.revisit_passes``
    times)."""
    c = Clusterer(config, model, embedder)
    c.add_many(arts)
    for _ in range(config.revisit_passes if revisit else 0):
        c.revisit()
    return c.labels()


GRID = tuple(round(0.2 + 0.05 * k, 2) for k in range(13))


def tune(
    arts: Sequence[Article],
    gold: dict[str, str],
    model: dict[str, Any],
    embedder: CachedEmbedder,
    config: ClusterConfig,
    grid: Sequence[float] = GRID,
) -> dict[str, float]:
    """The thresholds that cluster the training stream best (BCubed F1), one after the other:
    joining when adding (no merges, no revisit), merging, joining when revisiting. Where
    several joining thresholds do about as well (within ``TIE``), the middle one is taken, not
    an end of a plateau that the training set cannot tell apart; merging only if it helps."""

    def f1(add: float, merge: float, again: float | None) -> float:
        cfg = dataclasses.replace(
            config, threshold=add, merge_threshold=merge, revisit_threshold=again
        )
        pred = run(arts, PairModel.from_dict(model), embedder, cfg, again is not None)
        return bcubed(pred, gold)[2]

    score, add = _middle_of_best([(f1(t, 2.0, None), t) for t in grid])
    merges = [(f1(add, m, None), m) for m in (0.95, 0.85, 0.75) if m > add]
    merge = max([(score, 2.0)] + [(f, m) for f, m in merges if f > score])[1]
    score, again = _middle_of_best([(f1(add, merge, t), t) for t in grid])
    return {"add": add, "merge": merge, "revisit": again, "bcubed_f1": score}


TIE = 0.002


def _middle_of_best(results: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """(score, threshold): the middle threshold of those scoring within TIE of the best."""
    best = max(f for f, _ in results)
    near = sorted((t, f) for f, t in results if f >= best - TIE)
    t, f = near[len(near) // 2]
    return f, t


def train(
    name: str, embedder: CachedEmbedder, config: ClusterConfig | None = None, **tune_args: Any
) -> dict[str, Any]:
    """Train on set ``name`` (``allsides`` or ``basil``) by content alone (dates withheld, so
    that the pairs include other stories' articles: the date window is a gate at run time,
    not a learned weight); returns the model file's object."""
    arts, gold = load(name, dated=False)
    label = f"{SETS[name]} ({len(arts)} articles, content only, shuffled, seed {SEED})"
    return train_on(arts, gold, label, embedder, config, **tune_args)


def train_on(
    arts: Sequence[Article],
    gold: dict[str, str],
    label: str,
    embedder: CachedEmbedder,
    config: ClusterConfig | None = None,
    **tune_args: Any,
) -> dict[str, Any]:
    """Train on the stream ``arts`` (gold: article id -> story), named ``label`` in the model:
    the pair model is fitted and its thresholds chosen on these articles alone."""
    config = config or ClusterConfig()
    embedder.warm(arts, config)
    pairs = record_pairs(arts, gold, embedder, config)
    model: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "name": MODEL_NAME,
        "trained_on": label,
        "created": dt.date.today().isoformat(),
        **{s: fit(*pairs[s]) for s in STAGES},
    }
    t = tune(arts, gold, model, embedder, config, **tune_args)
    model["add"].update(threshold=t["add"], merge_threshold=t["merge"])
    model["revisit"].update(threshold=t["revisit"])
    y = pairs["add"][1]
    model["training"] = {
        "pairs": {s: len(pairs[s][1]) for s in STAGES},
        "positive_pairs": {s: int(pairs[s][1].sum()) for s in STAGES},
        "candidate_recall": round(_candidate_recall(y, gold), 4),
        "bcubed_f1_train": round(t["bcubed_f1"], 4),
        "config": {
            k: getattr(config, k)
            for k in (
                "window_days",
                "top_k",
                "entity_candidates",
                "representatives",
                "link_top",
                "neighbours",
                "lead_sentences",
                "lead_chars",
            )
        },
    }
    return model


def _candidate_recall(y: FloatArray, gold: dict[str, str]) -> float:
    """Share of gold same-story pairs that the candidate generation found."""
    sizes = Counter(gold.values())
    return float(y.sum()) / max(1, sum(n * (n - 1) // 2 for n in sizes.values()))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--train", choices=sorted(SETS), default="allsides")
    ap.add_argument(
        "--out", type=Path, default=ROOT / "src" / "newsprism" / "models" / f"{MODEL_NAME}.json"
    )
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"clustering data not found at {DATA} (see the task's README)")
    model = train(args.train, CachedEmbedder())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    tr = model["training"]
    print(f"trained on {model['trained_on']}")
    print(
        f"  candidate pairs {tr['pairs']}, same-story {tr['positive_pairs']}, "
        f"candidate recall {tr['candidate_recall']:.3f}"
    )
    print(
        f"  thresholds: add {model['add']['threshold']}, merge {model['add']['merge_threshold']},"
        f" revisit {model['revisit']['threshold']}; training BCubed F1 {tr['bcubed_f1_train']:.4f}"
    )
    print("  weights (standardised features)    add   revisit")
    for k, n in enumerate(FEATURES):
        w = [model[s]["full"]["weights"][k] for s in STAGES]
        print(f"  {n:32s} {w[0]:+.3f} {w[1]:+.3f}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
