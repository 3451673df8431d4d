"""Train the learned cue detector of ``newsprism.quotes_learned`` on PolNeAR's dev half.

Only dev documents (``newsprism.quotes_eval.split_of``) are read. Every candidate word of
``quotes_learned.candidates`` (outside quotes and outside the rules' attributions, with a
content) is labelled 1 when its content matches, at token overlap >= 0.3, an indirect gold
attribution that the rules leave unmatched, and its speaker token overlaps the gold source
when there is one (``--speaker-free`` drops that condition: the detector then finds more gold
but costs in-scope speaker accuracy). A logistic regression (scikit-learn, here only) over
``quotes_learned.features`` scores them. The regularisation, the minimum feature count
and the threshold are chosen by 4-fold cross-validation over documents: each fold's model is
applied by the real extractor to that fold's documents, and the benchmark's figures are
computed over the four folds together. The final model is trained on all of dev and written
to ``src/newsprism/models/quote-cues-v1.json``.

    python benchmarks/train_quote_cues.py --cache /tmp/qcache        # the CV grid
    python benchmarks/train_quote_cues.py --cache /tmp/qcache --c 0.3 --min-count 2 \
        --thresholds 0.5 --write --choose 0.3,2,0.5                  # the shipped model
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_quotes as bq
from newsprism import quotes
from newsprism.quotes_cues import Context, parts_of
from newsprism.quotes_eval import (
    GoldDoc,
    _overlaps,
    evaluate,
    load_polnear,
    predictions,
    score_doc,
    split_of,
    tokens,
)
from newsprism.quotes_learned import (
    MODEL_NAME,
    CueModel,
    candidates,
    features,
    use_model,
)
from newsprism.quotes_marks import find_quotes

log = logging.getLogger("train_quote_cues")
OUT = bq.ROOT / "src" / "newsprism" / "models" / f"{MODEL_NAME}.json"
FOLDS = 4


@dataclass(slots=True)
class Example:
    doc: int
    feats: list[str]
    label: int


def collect(
    docs: Sequence[GoldDoc], parsed: Sequence[Any], speaker_free: bool = False
) -> list[Example]:
    """Candidates of every document with their features and labels (rules only, no model).
    A match counts only with the right speaker when the gold has a source, unless
    ``speaker_free``."""
    out: list[Example] = []
    with use_model(None):
        for k, (d, p) in enumerate(zip(docs, parsed, strict=True)):
            aq = quotes.extract(d.text, doc=p)
            missed = set(score_doc(d, predictions(aq), False, 0.3).misses)
            gold = [
                (tokens(d.text, g.content), g)
                for g in d.attributions
                if not g.direct and (d.name, g.content[0][0]) in missed
            ]
            ctx = Context(p, find_quotes(d.text))
            for cand in candidates(ctx, quotes.rule_attributions(ctx)):
                ct = tokens(d.text, parts_of(cand.content))
                ok = False
                for gt, g in gold:
                    if ct and len(ct & gt) / len(ct | gt) >= 0.3:
                        sp = cand.speaker
                        ok = (
                            ok
                            or not g.source
                            or speaker_free
                            or (
                                sp is not None and _overlaps([(sp.idx, sp.idx + len(sp))], g.source)
                            )
                        )
                out.append(Example(k, features(ctx, cand), int(ok)))
    return out


def fit(train: Sequence[Example], c: float, min_count: int) -> CueModel:
    counts = Counter(f for ex in train for f in set(ex.feats))
    vocab = {f: j for j, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for i, ex in enumerate(train):
        for f in set(ex.feats):
            if f in vocab:
                rows.append(i)
                cols.append(vocab[f])
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(train), len(vocab)))
    y = np.array([ex.label for ex in train])
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, y)
    names = sorted(vocab, key=vocab.__getitem__)
    weights = {f: round(float(w), 4) for f, w in zip(names, clf.coef_[0], strict=True) if w}
    return CueModel(MODEL_NAME, round(float(clf.intercept_[0]), 4), weights, 0.5)


def with_threshold(m: CueModel, t: float, training: dict[str, Any] | None = None) -> CueModel:
    return CueModel(m.name, m.bias, m.weights, t, training or m.training)


def summary(scores: dict[str, Any]) -> dict[str, float]:
    return {
        "direct_f1": scores["direct@0.3"]["f1"],
        "direct_speaker": scores["direct@0.3"]["speaker_accuracy"],
        "direct_f1_0.8": scores["direct@0.8"]["f1"],
        "indirect_p": scores["indirect@0.3"]["precision"],
        "indirect_r": scores["indirect@0.3"]["recall"],
        "indirect_f1": scores["indirect@0.3"]["f1"],
        "indirect_f1_0.8": scores["indirect@0.8"]["f1"],
        "scope_f1": scores["indirect@0.3_speech_scope"]["f1"],
        "scope_speaker": scores["indirect@0.3_speech_scope"]["speaker_accuracy"],
        "indirect_speaker_all": scores["indirect@0.3"]["speaker_accuracy"],
    }


def score_with(
    docs: Sequence[GoldDoc], parsed: Sequence[Any], models: Sequence[CueModel | None]
) -> dict[str, float]:
    preds = []
    for d, p, m in zip(docs, parsed, models, strict=True):
        with use_model(m):
            preds.append(predictions(quotes.extract(d.text, doc=p)))
    return summary(evaluate(docs, preds, parsed))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=None, help="keep spaCy parses here")
    ap.add_argument("--c", type=float, nargs="+", default=[0.1, 0.3, 1.0])
    ap.add_argument("--min-count", type=int, nargs="+", default=[2, 5])
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.4, 0.45, 0.5, 0.6])
    ap.add_argument("--speaker-free", action="store_true", help="label without the speaker")
    ap.add_argument("--write", action="store_true", help="write the chosen model's JSON")
    ap.add_argument("--choose", type=str, default=None, help="C,min_count,threshold to write")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    docs = load_polnear(bq.DATA, "dev")
    assert all(split_of(d.name) == "dev" for d in docs)  # never train on test
    parsed = bq.parse_cached([d.text for d in docs], args.cache)
    examples = collect(docs, parsed, args.speaker_free)
    pos = sum(ex.label for ex in examples)
    log.info("%d candidates, %d positive", len(examples), pos)
    base = score_with(docs, parsed, [None] * len(docs))
    log.info("rules only: %s", json.dumps(base))
    fold_of = [k % FOLDS for k in range(len(docs))]
    results: list[dict[str, Any]] = []
    for c in args.c:
        for mc in args.min_count:
            fold_models = []
            for f in range(FOLDS):
                train = [ex for ex in examples if fold_of[ex.doc] != f]
                fold_models.append(fit(train, c, mc))
            for t in args.thresholds:
                models = [with_threshold(fold_models[fold_of[k]], t) for k in range(len(docs))]
                s = score_with(docs, parsed, models)
                row = {"C": c, "min_count": mc, "threshold": t, **s}
                results.append(row)
                log.info(json.dumps(row))
    if args.write:
        if args.choose is None:
            raise SystemExit("--write needs --choose C,min_count,threshold")
        c_s, mc_s, t_s = args.choose.split(",")
        chosen = next(
            r
            for r in results
            if (r["C"], r["min_count"], r["threshold"]) == (float(c_s), int(mc_s), float(t_s))
        )
        model = fit(examples, float(c_s), int(mc_s))
        training = {
            "data": "PolNeAR v1.0.0 train split, dev half only (newsprism.quotes_eval.split_of)",
            "documents": len(docs),
            "candidates": len(examples),
            "positive": pos,
            "label": "content matches (token Jaccard >= 0.3) an indirect gold attribution "
            "that the rules leave unmatched, with the right speaker when the gold has a source",
            "learner": "sklearn LogisticRegression (L2)",
            "C": float(c_s),
            "min_count": int(mc_s),
            "cv": {"folds": FOLDS, "by": "document", "rules_only": base, "chosen": chosen},
        }
        model = with_threshold(model, float(t_s), training)
        OUT.write_text(model.to_json() + "\n", encoding="utf-8")
        log.info("wrote %s (%d weights)", OUT, len(model.weights))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
