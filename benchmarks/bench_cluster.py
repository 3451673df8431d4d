"""Story clustering on BASIL and AllSides/NeuS: newsprism vs a TF-IDF single-pass baseline.

Both sets are scored in one run: BCubed and pairwise precision / recall / F1 and the number of
stories against the gold count. BASIL arrives in date order with each article's own date;
AllSides is clustered by content alone (its date is the story page's, i.e. the label) in a
shuffled order (its file is sorted by story).

* newsprism, shipped model (``cluster-v1``, trained on BASIL): AllSides is held out; its BASIL
  rows are in-sample.
* newsprism, reverse direction: a model trained here on the other set (AllSides,
  ``train_cluster.train``): its BASIL rows are held out.
* Each newsprism row: after adding (incremental decisions only) and after one revisit pass
  (:func:`newsprism.cluster.cluster`, the default).
* newsprism, story-level 3-fold cross-validation on each set (:func:`story_cv`): held out.
* Baseline: scikit-learn ``TfidfVectorizer`` (sublinear TF, English stop words, fitted on the
  whole set) over title + text; each article joins the most similar cluster centroid (cosine)
  above a threshold, else starts a cluster; the same date window as newsprism. Its threshold
  is tuned on the *other* set.

Also measured: articles/s of the clusterer on all of AllSides (embedding included), and the
recall of usearch HNSW top-k against exact search on AllSides' vectors.

    python benchmarks/bench_cluster.py [--out benchmarks/results/cluster.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

import train_cluster as tc
from newsprism.cluster import ClusterConfig, Clusterer, lead_text
from newsprism.cluster_model import PairModel, default_model
from newsprism.embed import use_embedder
from newsprism.evaluate import bcubed, unrelated_articles
from newsprism.model import Article

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ClusterConfig()
SEEDS = (0, 1, 2)


def scores(pred: dict[str, str], gold: dict[str, str]) -> dict[str, Any]:
    b, p = bcubed(pred, gold), tc.pairwise(pred, gold)
    return {
        "bcubed": [round(v, 4) for v in b],
        "pairwise": [round(v, 4) for v in p],
        "stories": len(set(pred.values())),
        "gold_stories": len(set(gold.values())),
    }


def newsprism_rows(
    model: PairModel, emb: tc.CachedEmbedder, name: str, dated: bool, seed: int = tc.SEED
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Scores after adding, and after adding + one revisit pass."""
    arts, gold = tc.load(name, dated=dated, seed=seed)
    c = Clusterer(CONFIG, model, emb)
    c.add_many(arts)
    added = scores(c.labels(), gold)
    for _ in range(CONFIG.revisit_passes):
        c.revisit()
    return added, scores(c.labels(), gold)


#: The same-event groups among the extraction sets' Zyte news pages, judged by hand.
EVENTS = Path(__file__).with_name("extraction_events.tsv")


def extraction_gold(arts: Sequence[Article]) -> dict[str, str]:
    """Article -> story of the extraction sets' pages: the hand-judged same-event groups of
    :data:`EVENTS` (by record id, the article's ``source``), every other page its own."""
    group = {}
    for line in EVENTS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, record = line.split("\t")
            group[record] = name
    return {a.id: group.get(a.source, a.id) for a in arts}


def unrelated_rows(
    models: Sequence[tuple[str, PairModel]], emb: tc.CachedEmbedder, threshold: float
) -> dict[str, dict[str, Any]]:
    """Real articles of many sites, nearly all on events of their own (the extraction sets'
    gold bodies; the few same-event groups among the Zyte news pages judged by hand), by
    content alone, for each model and the TF-IDF baseline at ``threshold``."""
    root = tc.DATA.parent / "extraction" / "plaintext"
    if not root.is_dir():
        return {}
    arts = unrelated_articles(root)
    gold = extraction_gold(arts)
    rows = {}
    for tag, model in models:
        c = Clusterer(CONFIG, model, emb)
        c.add_many(arts)
        c.revisit()
        rows[f"newsprism[{tag}] unrelated pages"] = scores(c.labels(), gold)
    rows[f"tfidf-baseline unrelated pages (threshold {threshold} from allsides)"] = scores(
        baseline(arts, threshold, CONFIG.window_days), gold
    )
    return rows


# -- story-level cross-validation on AllSides --------------------------------------------------

FOLDS = 3
CV_GRID = tc.GRID[::2]  # 0.2, 0.3, ..., 0.8: a coarser threshold grid, for time


def story_cv(
    name: str, emb: tc.CachedEmbedder, folds: int = FOLDS, seed: int = tc.SEED
) -> tuple[dict[str, Any], dict[str, Any], list[float], list[dict[str, float]]]:
    """Story-level ``folds``-fold cross-validation on set ``name`` (trained on content only,
    shuffled, as :func:`train_cluster.train`; clustered as its other rows: BASIL in date order
    with its dates, AllSides by content alone): the gold
    stories are dealt into folds at random (``seed``); for each fold a model is trained on the
    other folds' articles (pair weights *and* thresholds, :func:`train_cluster.train_on`, on a
    coarser grid) and clusters the held-out fold's articles alone (add + one revisit). Returns
    the pooled held-out scores after adding and after revisiting, the pooled BCubed P/R/F1 of
    the *full-density* protocol, and each fold's thresholds.

    Each fold clustered alone sits among ~1/``folds`` of the set's stories (fewer distractors
    than the whole set). So each fold's model also clusters the *whole* set (the same stream,
    the training folds' articles included) and only the held-out fold's articles are scored
    (:func:`~newsprism.evaluate.bcubed` with ``items``; their clusters count every article): as
    dense as the other AllSides rows, with no held-out label seen."""
    import random

    arts, gold = tc.load(name)
    undated = {a.id: a for a in tc.load(name, dated=False)[0]}
    stories = sorted(set(gold.values()))
    random.Random(seed).shuffle(stories)
    fold_of = {s: k % folds for k, s in enumerate(stories)}
    added: dict[str, str] = {}
    final: dict[str, str] = {}
    dense_sums = [0.0, 0.0]
    chosen: list[dict[str, float]] = []
    for k in range(folds):
        train = [undated[a.id] for a in arts if fold_of[gold[a.id]] != k]
        test = [a for a in arts if fold_of[gold[a.id]] == k]
        label = f"{name} folds other than {k + 1}/{folds} ({len(train)} articles)"
        model = PairModel.from_dict(
            tc.train_on(train, {a.id: gold[a.id] for a in train}, label, emb, CONFIG, grid=CV_GRID)
        )
        chosen.append(_thresholds(model))
        c = Clusterer(CONFIG, model, emb)
        c.add_many(test)
        added.update((a, f"{k}:{s}") for a, s in c.labels().items())
        for _ in range(CONFIG.revisit_passes):
            c.revisit()
        final.update((a, f"{k}:{s}") for a, s in c.labels().items())
        whole = tc.run(arts, model, emb, CONFIG)
        p, r, _ = bcubed(whole, gold, [a.id for a in test])
        dense_sums[0] += p * len(test)
        dense_sums[1] += r * len(test)
    p, r = (v / len(arts) for v in dense_sums)
    dense = [round(p, 4), round(r, 4), round(2 * p * r / (p + r) if p + r else 0.0, 4)]
    return scores(added, gold), scores(final, gold), dense, chosen


# -- baseline ---------------------------------------------------------------------------------


def _day(a: Article) -> int | None:
    return None if a.published is None else dt.date.fromisoformat(a.published).toordinal()


def baseline(arts: Sequence[Article], threshold: float, window: int) -> dict[str, str]:
    """TF-IDF single pass: join the most similar centroid above ``threshold``, else start."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [f"{a.title or ''}\n{a.text}" for a in arts]
    )
    sim = (x @ x.T).toarray()
    n = len(arts)
    member = np.zeros((n, n))  # cluster x article, 1 for members
    sq_norm = np.zeros(n)  # |sum of member vectors|^2 per cluster
    first, last = np.full(n, np.nan), np.full(n, np.nan)  # date range per cluster
    labels: list[int] = []
    k = 0  # clusters so far
    for i, a in enumerate(arts):
        d = _day(a)
        dots = member[:k] @ sim[i]
        cos = dots / np.sqrt(np.maximum(sq_norm[:k], 1e-12))
        if d is not None:
            cos[(first[:k] - window > d) | (last[:k] + window < d)] = -1.0  # NaN: no date
        c = int(np.argmax(cos)) if k else -1
        if c < 0 or cos[c] < threshold:
            c, k = k, k + 1
        sq_norm[c] += (2 * float(dots[c]) if c < len(dots) else 0.0) + float(sim[i, i])
        member[c, i] = 1.0
        if d is not None:
            first[c], last[c] = np.fmin(first[c], d), np.fmax(last[c], d)
        labels.append(c)
    return {a.id: str(c) for a, c in zip(arts, labels, strict=True)}


def baseline_rows(tuned: dict[str, float]) -> dict[str, dict[str, Any]]:
    """The TF-IDF baseline on each set, at the threshold tuned on the other one."""
    rows = {}
    for name, other, dated in (("basil", "allsides", True), ("allsides", "basil", False)):
        arts, gold = tc.load(name, dated=dated)
        pred = baseline(arts, tuned[other], CONFIG.window_days)
        rows[f"tfidf-baseline {name} (threshold {tuned[other]} from {other})"] = scores(pred, gold)
    return rows


def tune_baseline(name: str, dated: bool) -> float:
    arts, gold = tc.load(name, dated=dated)
    grid = [round(0.05 + 0.025 * k, 3) for k in range(31)]
    return max((bcubed(baseline(arts, t, CONFIG.window_days), gold)[2], t) for t in grid)[1]


# -- speed and index recall -------------------------------------------------------------------


def speed(model: PairModel) -> dict[str, Any]:
    """Articles/s on all of AllSides: embedding (USE, model loaded) + adding, then revisiting."""
    arts, _ = tc.load("allsides")
    use_embedder(["warm up"])
    c = Clusterer(CONFIG, model)
    t0, cpu0 = time.perf_counter(), time.process_time()
    c.add_many(arts)
    t1 = time.perf_counter()
    c.revisit()
    t2, cpu2 = time.perf_counter(), time.process_time()
    return {
        "articles": len(arts),
        "add_s": round(t1 - t0, 2),
        "revisit_s": round(t2 - t1, 2),
        "articles_per_s": round(len(arts) / (t2 - t0), 1),
        "articles_per_s_add_only": round(len(arts) / (t1 - t0), 1),
        "articles_per_cpu_s": round(len(arts) / (cpu2 - cpu0), 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def hnsw_recall(emb: tc.CachedEmbedder, k: int) -> float:
    """Share of the exact top-k neighbours that usearch HNSW returns, on AllSides."""
    from usearch.index import Index

    arts, _ = tc.load("allsides")
    vecs = emb([lead_text(a, CONFIG) for a in arts])
    index = Index(
        ndim=vecs.shape[1], metric="cos", dtype="f32", expansion_search=CONFIG.expansion_search
    )
    index.add(np.arange(len(vecs), dtype=np.uint64), vecs)
    found = index.search(vecs, k + 1).keys
    exact = np.argsort(-(vecs @ vecs.T), axis=1)[:, : k + 1]
    hits = sum(len(set(found[i].tolist()) & set(exact[i].tolist())) for i in range(len(vecs)))
    return hits / exact.size


# -- report -----------------------------------------------------------------------------------


#: The two sets, in the order their rows are printed.
SETS_ORDER = ("allsides", "basil")


def shipped_set(model: PairModel) -> str:
    """The set the shipped model was trained on (its ``trained_on`` names the file)."""
    return next(n for n in SETS_ORDER if model.trained_on.lower().startswith(n))


def protocols(ship_set: str) -> dict[str, str]:
    """Which rows count as held out, and for which set."""
    out = {}
    for n in SETS_ORDER:
        other = next(o for o in SETS_ORDER if o != n)
        who = "shipped model" if n == ship_set else "trained in this run"
        out[f"newsprism[{n}-model]"] = (
            f"{who}, trained on all of {n}: {other} rows held out, {n} rows in-sample"
        )
        out[f"newsprism[{n} {FOLDS}-fold CV]"] = (
            f"story-level CV on {n}: pair model and thresholds from the training folds only,"
            " scores pooled over the held-out folds (each clustered alone)"
        )
    return out | PROTOCOLS


#: The protocols of the rows that are not a newsprism model's.
PROTOCOLS = {
    "tfidf-baseline": "threshold tuned on the other set: held out",
    "unrelated pages": "the gold bodies of the plain-text extraction sets (Zyte, WCXB; 437"
    " articles, 20 not in English), content only, each its own story except 17 same-event"
    " groups of 2-4 Zyte news pages (45 pages) judged by hand (benchmarks/extraction_events.tsv;"
    " every pair either system put together was read): held out for every model (the"
    " dense-alone floor and the languages' stopwords were added after looking at them)",
}


#: How the held-out AllSides figure was reached, and what AllSides was used for.
NOTES = (
    "The shipped model was the AllSides-trained one until 2026-12-08, when the BASIL-trained one "
    "replaced it, chosen on three comparisons: the extraction pages (BCubed F1 0.890 against "
    "0.733; that figure is therefore no longer held out for the choice), AllSides (0.830 held out "
    "against the AllSides model's 0.829 in 3-fold CV at full density) and BASIL (0.987 in 3-fold "
    "CV at full density against the AllSides model's 0.980 held out). "
    "The basil-model rows' weights and thresholds come from BASIL alone (train_cluster.train: "
    "content only, shuffled; pairs recorded with gold-forced decisions). AllSides was used for "
    "diagnosis while the features were designed (error counts: splits dominate; pair-level AP of "
    "BASIL-trained weights on AllSides pairs), never to choose a threshold. Design changes "
    "measured on it and kept: the margin over the best article of another story (0.816 -> 0.836);"
    " the members an article leaves behind when it moves to another story are placed again after "
    "the revisit pass (0.836 -> 0.837; shuffle seeds 1, 2: 0.834 -> 0.837, 0.827 -> 0.832; 0.8395"
    " before the thresholds were retuned with it on BASIL). Measured and dropped: BASIL truncated"
    " to AllSides-length excerpts for training (0.812), or full and truncated to 100 words as two "
    "streams of one training set (shuffle seeds 0-2 mean 0.825 vs 0.829; 100-word alone 0.820), "
    "rank, headline TF-IDF, rare-word, month "
    "and whole-excerpt embedding features (pair AP unchanged), a singleton re-assignment pass (<="
    " 0.821), average-link agglomeration over revisit probabilities (<= 0.841 at the best "
    "AllSides threshold), story-centroid TF-IDF and dense cosines (0.821), thresholds tuned with "
    "2 revisit passes (0.831; 0.839 with 2 passes at the 1-pass thresholds), threshold rules for "
    "BASIL's flat optimum: the most permissive threshold within the tie (0.797) or the best of a "
    "3-point moving average of the F1 curve (0.829); link_top 1 (0.777) and 2 (0.830); pairs of "
    "adjacent capitalised words (multi-word names) as IDF-weighted entities (0.823; 0.836 at the "
    "previous thresholds; pair AP unchanged); the new/old crowding and margin features replaced "
    "by their min and max over the two articles (0.807; pair AP 0.857 -> 0.837); more candidates "
    "(top_k 40, entity_candidates 20: 0.832); a pair's probability averaged over both articles' "
    "latest views (0.822 revisit views only, 0.829 with the add views); pairs and thresholds from"
    " 3 shuffles of BASIL (0.826); stronger L2 regularisation (pair AP only: lower at every C < "
    "1)."
)


def _thresholds(m: PairModel) -> dict[str, float]:
    add, again = m.stages["add"], m.stages["revisit"]
    return {"add": add.threshold, "merge": add.merge_threshold, "revisit": again.threshold}


def _fmt(label: str, r: dict[str, Any]) -> str:
    b, p = r["bcubed"], r["pairwise"]
    return (
        f"{label:58s} {b[0]:.3f} {b[1]:.3f} {b[2]:.3f}   {p[0]:.3f} {p[1]:.3f} {p[2]:.3f}"
        f"   {r['stories']:4d}/{r['gold_stories']}"
    )


def model_rows(
    models: Sequence[tuple[str, PairModel]], emb: tc.CachedEmbedder
) -> dict[str, dict[str, Any]]:
    """Each model on BASIL (dated and undated) and AllSides, after adding and after revisiting."""
    rows: dict[str, dict[str, Any]] = {}
    for tag, model in models:
        for name, dated in (("basil", True), ("allsides", False), ("basil", False)):
            key = f"newsprism[{tag}] {name}" + ("" if dated or name == "allsides" else " undated")
            rows[f"{key} add-only"], rows[key] = newsprism_rows(model, emb, name, dated)
    return rows


def cv_rows(emb: tc.CachedEmbedder, rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each set's story-level CV: its rows go into ``rows``; returns, per set, each fold's
    thresholds and the full-density scores."""
    cv: dict[str, dict[str, Any]] = {}
    for name in SETS_ORDER:
        cv_added, cv_final, cv_dense, cv_thresholds = story_cv(name, emb)
        cv_key = f"newsprism[{name} {FOLDS}-fold CV] {name} held-out folds"
        rows[f"{cv_key} add-only"], rows[cv_key] = cv_added, cv_final
        cv[name] = {"thresholds_per_fold": cv_thresholds, "full_density_bcubed": cv_dense}
    return cv


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "cluster.json")
    args = ap.parse_args()
    if not tc.DATA.is_dir():
        print(f"clustering data not found at {tc.DATA}", file=sys.stderr)
        sys.exit(2)
    emb = tc.CachedEmbedder()
    shipped = default_model()
    ship_set = shipped_set(shipped)
    other = next(n for n in SETS_ORDER if n != ship_set)
    t0 = time.perf_counter()
    reverse = PairModel.from_dict(tc.train(other, emb, CONFIG))
    train_s = time.perf_counter() - t0
    by_set = {ship_set: shipped, other: reverse}
    models = tuple((f"{n}-model", by_set[n]) for n in SETS_ORDER)
    rows = model_rows(models, emb)
    cv = cv_rows(emb, rows)
    seeds = {
        tag: [newsprism_rows(m, emb, "allsides", False, s)[1]["bcubed"][2] for s in SEEDS]
        for tag, m in models
    }
    tuned = {"basil": tune_baseline("basil", True), "allsides": tune_baseline("allsides", False)}
    rows |= baseline_rows(tuned)
    rows |= unrelated_rows(models, emb, tuned["allsides"])
    perf = speed(shipped)
    recall = hnsw_recall(emb, CONFIG.top_k)
    report(rows, (shipped, reverse), seeds, tuned, perf, recall, train_s, cv)
    res = {
        "config": dataclasses.asdict(CONFIG),
        "shipped_model": {"name": shipped.name, "trained_on": shipped.trained_on},
        "reverse_model_trained_on": reverse.trained_on,
        "thresholds": {tag: _thresholds(m) for tag, m in models},
        "protocols": protocols(ship_set),
        "notes": NOTES,
        "story_cv": {
            "folds": FOLDS,
            "split": "by gold story id, shuffled with seed 0",
            "threshold_grid": list(CV_GRID),
            "full_density": "each fold's model clusters all of the set (one stream, add + "
            "revisit); BCubed P/R/F1 pooled over the held-out folds' articles only",
            **cv,
        },
        "rows": rows,
        "allsides_bcubed_f1_by_shuffle_seed": {
            k: dict(zip(SEEDS, v, strict=True)) for k, v in seeds.items()
        },
        "baseline_thresholds": {f"tuned_on_{k}": v for k, v in tuned.items()},
        "speed_allsides": perf,
        f"hnsw_recall_at_{CONFIG.top_k}": round(recall, 4),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def report(
    rows: dict[str, dict[str, Any]],
    models: tuple[PairModel, PairModel],
    seeds: dict[str, list[float]],
    tuned: dict[str, float],
    perf: dict[str, Any],
    recall: float,
    train_s: float,
    cv: dict[str, dict[str, Any]],
) -> None:
    print(f"{'':58s} BCubed P/R/F1          pairwise P/R/F1        stories")
    for label, r in rows.items():
        print(_fmt(label, r))
    print()
    shipped, reverse = models
    ship, other = shipped_set(shipped), shipped_set(reverse)
    print("Who tuned what:")
    print(f"  {ship}-model = shipped {shipped.name}: weights and thresholds learned on")
    print(f"    {shipped.trained_on}; its {other} rows are held out, its {ship} rows in-sample.")
    print(f"    thresholds {_thresholds(shipped)}")
    print(f"  {other}-model: trained by this run on {other} ({train_s:.0f} s; content only); its")
    print(f"    {ship} rows are held out, its {other} rows in-sample.")
    print(f"    thresholds {_thresholds(reverse)}")
    print(f"  {FOLDS}-fold CV on each set: split by gold story; per fold, weights and thresholds")
    print("    (grid 0.2..0.8 step 0.1) from the training folds only; the held-out fold is")
    print("    clustered alone (~1/3 of the stories) and the folds' scores pooled: held out.")
    print("    Full density: each fold's model clusters the whole set and only the held-out")
    print("    fold's articles are scored: BCubed P/R/F1 " + "; ".join(
        f"{n} " + " / ".join(f"{x:.3f}" for x in v["full_density_bcubed"]) for n, v in cv.items()
    ))  # fmt: skip
    print(f"  tfidf-baseline: threshold tuned on the other set (BASIL -> {tuned['basil']},")
    print(f"    AllSides -> {tuned['allsides']}); window {CONFIG.window_days} days as newsprism.")
    print("  Set by hand: window_days, top_k, entity_candidates, link_top, neighbours, lead_*")
    print("    (a few values tried on both sets: BCubed F1 moved <= ~0.01; 1 lead sentence")
    print("    kept for speed). Time window: a gate, not learned (AllSides dates are labels).")
    for tag, v in seeds.items():
        print(
            f"AllSides BCubed F1 over shuffle seeds {SEEDS} [{tag}]: "
            + ", ".join(f"{x:.3f}" for x in v)
        )
    print(
        f"Speed on AllSides ({perf['articles']} articles, 1 BLAS thread): "
        f"{perf['articles_per_s']} articles/s end to end (add incl. embedding "
        f"{perf['add_s']} s = {perf['articles_per_s_add_only']}/s, revisit {perf['revisit_s']} s);"
        f" {perf['articles_per_cpu_s']} per CPU second; load average {perf['load_average_1min']}"
    )
    print(f"usearch HNSW recall@{CONFIG.top_k} vs exact on AllSides: {recall:.4f}")


if __name__ == "__main__":
    main()
