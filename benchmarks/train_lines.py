"""Train newsprism's plain-text line model (``lines-v1``) on the Zyte plain-text pages.

    python benchmarks/train_lines.py [--data DIR] [--out FILE] [--folds 5] [--no-cv]

Reads ``pages.jsonl`` (Zyte, 181 pages) from ``--data`` (default
``../shared/data/extraction/plaintext``). WCXB (``wcxb_pages.jsonl``) is never read here: it
is the held-out set, scored only by ``benchmarks/bench_clean_text.py``.

Labels. A line is body when its tokens occur in the gold body: a line of 4 or more ``\\w+``
tokens when at least half of its 4-token shingles are shingles of the gold body; a shorter
line (a subheading, "Yes.") when its tokens occur, in order and contiguous, in the gold body
within 3 tokens after where the previous body line ended (so a stray "Share" is not body just
because the word occurs somewhere in the article). Keeping exactly these lines scores F1 0.988
on the Zyte set: the ceiling of any line classifier under this metric.

Model. Two ``HistGradientBoostingClassifier`` stages (see :mod:`newsprism.linemodel`): the
first on the line and context features, the second also on the first stage's probabilities
around each line, trained on out-of-fold first-stage probabilities (5 folds by page). Lines
are weighted so that every page weighs the same, and within a page by their token count (as
the metric counts shingles). Each training page also gives two already-cleaned variants (its
body lines alone; the page cut to its body with 0-3 lines of context), so that the model knows
that a text may begin or end inside the body; variants are never scored and always sit in the
fold of their page. ``classify`` runs the rules and the model to a fixed point, so from its
second pass on the model reads text that is already cleaned. ``FIRST_PASS`` (off) adds a third
variant, the text that a first pass leaves of each page (decided out of fold at
``PASS_THRESHOLD``), and fits the model again with it: it raised the fold-honest Zyte figure
(0.909 -> 0.912) but lowered WCXB's held-out F1 (0.919 -> 0.906), so it is not used.

Threshold and figures. ``--folds``-fold cross-validation by page gives every page a model that
never saw it. The threshold maximises the F1 of those out-of-fold predictions with each page
cleaned exactly as ``classify`` cleans it (rules and model, to the fixed point), and is
reported with that F1, and with a fold-honest F1 where each fold's threshold is chosen on the
other folds; the first pass alone is reported beside them (``first_pass_only``). The final
model is then fitted on all pages and written to ``--out`` with its
sha256 (copy it into ``MODEL_SHA256`` in ``src/newsprism/linemodel.py``).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn import __version__ as sklearn_version
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from newsprism.evaluate import Scores, page_precision_recall, score
from newsprism.linemodel import (
    MODEL_FORMAT,
    MODEL_NAME,
    LineModel,
    TreeEnsemble,
    page_features,
    stage2_features,
)
from newsprism.lines import RuleMarks, _smoothed_keep, apply_rules, classify, decide

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction" / "plaintext"
DEFAULT_OUT = REPO / "src" / "newsprism" / "models" / f"{MODEL_NAME}.json"
TRAIN_FILE = "pages.jsonl"
SEED = 20260101
#: Hyper-parameters of both stages (set by hand, checked by Zyte cross-validation only).
PARAMS: dict[str, Any] = {
    "max_iter": 100,
    "learning_rate": 0.1,
    "max_leaf_nodes": 20,
    "max_depth": 6,
    "min_samples_leaf": 30,
    "l2_regularization": 1.0,
    "early_stopping": False,
}
#: Stacked stages (the second and later ones see the previous one's probabilities around
#: each line).
STAGES = 2
THRESHOLDS = np.round(np.arange(0.10, 0.91, 0.02), 2)
#: Train also on the text that a first pass leaves of each page (see :func:`fit_model`; off:
#: better on Zyte cross-validation, worse on WCXB held out).
FIRST_PASS = False
#: The threshold at which that first pass decides (the one cross-validation chose for the
#: model trained without it).
PASS_THRESHOLD = 0.38

_TOKEN = re.compile(r"\w+")
FloatArray = npt.NDArray[np.float64]


@dataclass(slots=True)
class Page:
    """One training page: its lines, rule marks, features, labels and line weights."""

    id: str
    body: str
    lines: list[str]
    rules: RuleMarks
    x1: FloatArray
    y: npt.NDArray[np.int64]
    weight: FloatArray
    #: Training-only texts made from this page (see :func:`variants`); never scored.
    variants: list[Page] = field(default_factory=list)


def line_labels(lines: list[str], body: str, short: int = 4, window: int = 3) -> list[int]:
    """1 for the lines that are gold body (see the module docstring), else 0."""
    gold = _TOKEN.findall(body)
    gold_shingles = {tuple(gold[i : i + 4]) for i in range(max(1, len(gold) - 3))}
    joined = " " + " ".join(gold) + " "
    starts = list(np.cumsum([1] + [len(t) + 1 for t in gold[:-1]])) if gold else []
    cursor, out = 0, []
    for line in lines:
        toks = _TOKEN.findall(line)
        if not toks:
            out.append(0)
            continue
        if len(toks) >= short:
            sh = [tuple(toks[i : i + 4]) for i in range(max(1, len(toks) - 3))]
            label = int(sum(s in gold_shingles for s in sh) >= 0.5 * len(sh))
            if label:
                k = joined.find(" " + " ".join(toks[:4]) + " ", cursor)
                k = joined.find(" " + " ".join(toks[:4]) + " ") if k < 0 else k
                cursor = k + len(" ".join(toks)) + 1 if k >= 0 else cursor
        else:
            needle = " " + " ".join(toks) + " "
            k = joined.find(needle, max(0, cursor - 1))
            at = bisect.bisect_left(starts, k + 1) if k >= 0 else -1
            now = bisect.bisect_left(starts, cursor) if cursor > 0 else 0
            label = int(k >= 0 and at - now <= window)
            cursor = k + len(needle) - 1 if label else cursor
        out.append(label)
    return out


def make_page(
    pid: str, body: str, lines: list[str], y: npt.NDArray[np.int64], want_title: bool = True
) -> Page:
    """A page featurised as ``classify`` would see it (rules with their default arguments;
    ``want_title=False`` as the later passes of the fixed point see a text)."""
    rules = apply_rules(lines, want_title=want_title)
    tokens = np.asarray([len(_TOKEN.findall(x)) for x in lines], dtype=np.float64) + 1.0
    return Page(
        id=pid,
        body=body,
        lines=lines,
        rules=rules,
        x1=page_features(lines, rules.hints),
        y=y,
        weight=tokens / tokens.sum() * 100.0,
    )


def variants(page: Page, rng: np.random.Generator) -> list[Page]:
    """Already-cleaned texts made from ``page``, so that the model also sees texts whose first
    or last line is body (a feed's or a user's text, the seed articles): its body lines alone,
    and the page cut to its body with 0 to 3 lines of the page on either side."""
    idx = np.flatnonzero(page.y)
    if len(idx) == 0:
        return []
    n = len(page.lines)
    start = max(0, int(idx[0]) - int(rng.integers(0, 4)))
    end = min(n, int(idx[-1]) + 1 + int(rng.integers(0, 4)))
    only = [page.lines[i] for i in idx]
    return [
        make_page(f"{page.id}#body", page.body, only, np.ones(len(only), dtype=np.int64)),
        make_page(f"{page.id}#cut", page.body, page.lines[start:end], page.y[start:end]),
    ]


def load_pages(path: Path, augment: bool = True) -> list[Page]:
    """The pages with a gold body (and, with ``augment``, their training variants)."""
    pages: list[Page] = []
    rng = np.random.default_rng(SEED)
    for raw in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(raw)
        if not (rec.get("body") or "").strip():
            continue
        lines = [s for s in (ln.strip() for ln in rec["text"].splitlines()) if s]
        y = np.asarray(line_labels(lines, rec["body"]), dtype=np.int64)
        page = make_page(str(rec["id"]), rec["body"], lines, y)
        if augment:
            page.variants = variants(page, rng)
        pages.append(page)
    return pages


def _stack(pages: list[Page], what: str) -> Any:
    return np.concatenate([getattr(p, what) for p in pages])


def _fit(x: FloatArray, y: npt.NDArray[np.int64], w: FloatArray) -> HistGradientBoostingClassifier:
    clf = HistGradientBoostingClassifier(random_state=SEED, **PARAMS)
    clf.fit(x, y, sample_weight=w)
    return clf


def export(clf: HistGradientBoostingClassifier) -> TreeEnsemble:
    """Flatten a fitted binary ``HistGradientBoostingClassifier`` into node arrays."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        base = len(feature)
        roots.append(base)
        for k, nd in enumerate(nodes):
            leaf = bool(nd["is_leaf"])
            feature.append(0 if leaf else int(nd["feature_idx"]))
            threshold.append(0.0 if leaf else float(nd["num_threshold"]))
            left.append(base + k if leaf else base + int(nd["left"]))
            right.append(base + k if leaf else base + int(nd["right"]))
            value.append(float(nd["value"]) if leaf else 0.0)
            depth = max(depth, int(nd["depth"]))
    return TreeEnsemble(
        feature=np.asarray(feature, dtype=np.int64),
        threshold=np.asarray(threshold, dtype=np.float64),
        left=np.asarray(left, dtype=np.int64),
        right=np.asarray(right, dtype=np.int64),
        value=np.asarray(value, dtype=np.float64),
        roots=np.asarray(roots, dtype=np.int64),
        depth=depth,
        baseline=float(np.ravel(clf._baseline_prediction)[0]),
    )


def ensemble_dict(ens: TreeEnsemble) -> dict[str, Any]:
    """The JSON form of a tree ensemble (read by ``TreeEnsemble.from_dict``)."""
    return {
        "baseline": ens.baseline,
        "depth": ens.depth,
        "roots": ens.roots.tolist(),
        "feature": ens.feature.tolist(),
        "threshold": ens.threshold.tolist(),
        "left": ens.left.tolist(),
        "right": ens.right.tolist(),
        "value": ens.value.tolist(),
    }


def model_dict(model: LineModel, training: dict[str, Any]) -> dict[str, Any]:
    """The JSON form of a line model (read by ``LineModel.from_json``)."""
    return {
        "name": model.name,
        "format": MODEL_FORMAT,
        "threshold": model.threshold,
        "training": training,
        "stages": [ensemble_dict(st) for st in model.stages],
    }


def _stage_inputs(pages: list[Page], p: FloatArray | None) -> FloatArray:
    """The features of the next stage: the page features, then the previous stage's."""
    if p is None:
        return np.asarray(_stack(pages, "x1"))
    bounds = np.cumsum([0] + [len(pg.y) for pg in pages])
    return np.concatenate(
        [
            stage2_features(pg.x1, p[a:b])
            for pg, a, b in zip(pages, bounds, bounds[1:], strict=False)
        ]
    )


def first_pass_page(page: Page, prob: FloatArray, threshold: float = PASS_THRESHOLD) -> list[Page]:
    """The text that a first pass leaves of ``page`` (its lines decided as ``classify``
    decides them, from ``prob``), featurised as the next pass of the fixed point sees it
    (none when the first pass keeps no line)."""
    keep = np.flatnonzero(_smoothed_keep(page.lines, page.rules.marks, prob, threshold))
    if len(keep) == 0:
        return []
    lines = [page.lines[i] for i in keep]
    return [make_page(f"{page.id}#pass1", page.body, lines, page.y[keep], want_title=False)]


def _fit_stages(
    train: list[Page], groups: npt.NDArray[np.int64], folds: int, stages: int, oof: bool
) -> tuple[list[TreeEnsemble], FloatArray | None]:
    """The stacked stages on ``train``; each stage after the first learns from the previous
    stage's out-of-fold probabilities (``folds`` folds by ``groups``). With ``oof``, also the
    last stage's out-of-fold probabilities (the whole model's, as a page never seen sees it)."""
    y, w = _stack(train, "y"), _stack(train, "weight")
    fitted: list[TreeEnsemble] = []
    p: FloatArray | None = None
    for k in range(stages):
        x = _stage_inputs(train, p)
        fitted.append(export(_fit(x, y, w)))
        if k + 1 < stages or oof:
            p = np.zeros(len(y))
            for tr, te in GroupKFold(n_splits=folds).split(x, y, groups):
                p[te] = _fit(x[tr], y[tr], w[tr]).predict_proba(x[te])[:, 1]
    return fitted, p


def _texts(pages: list[Page]) -> tuple[list[Page], npt.NDArray[np.int64]]:
    """Every training text (pages and their variants) and the source page of each line."""
    train = [q for p in pages for q in (p, *p.variants)]
    groups = np.concatenate(
        [np.full(len(q.y), i) for i, p in enumerate(pages) for q in (p, *p.variants)]
    )
    return train, groups


def fit_model(
    pages: list[Page], folds: int = 5, stages: int = STAGES, first_pass: bool = FIRST_PASS
) -> LineModel:
    """The stacked stages on ``pages`` and their variants. With ``first_pass``, a first model
    gives each page its out-of-fold probabilities, the text its first pass would leave of the
    page becomes one more variant (see :func:`first_pass_page`), and the model is fitted
    again with it."""
    train, groups = _texts(pages)
    fitted, p = _fit_stages(train, groups, folds, stages, oof=first_pass)
    if p is None:
        return LineModel(name=MODEL_NAME, stages=tuple(fitted), threshold=0.5)
    bounds = np.cumsum([0] + [len(q.y) for q in train])
    at = {id(q): (int(a), int(b)) for q, a, b in zip(train, bounds, bounds[1:], strict=False)}
    more = [
        replace(pg, variants=[*pg.variants, *first_pass_page(pg, p[slice(*at[id(pg)])])])
        for pg in pages
    ]
    train, groups = _texts(more)
    fitted, _ = _fit_stages(train, groups, folds, stages, oof=False)
    return LineModel(name=MODEL_NAME, stages=tuple(fitted), threshold=0.5)


def page_figures(
    pages: list[Page],
    probs: list[FloatArray],
    models: list[LineModel],
    fold_of: npt.NDArray[np.int64],
    threshold: float,
    fixed_point: bool,
) -> FloatArray:
    """Each page's precision and recall (one row per page) when its lines are decided at
    ``threshold``: by the first pass alone (``decide`` over ``probs``), or as ``classify``
    decides them, to the fixed point, with the model of the page's fold."""
    rows = []
    for page, prob, k in zip(pages, probs, fold_of.tolist(), strict=True):
        if fixed_point:
            model = LineModel(MODEL_NAME, models[k].stages, threshold)
            body = classify("\n".join(page.lines), model=model).body
        else:
            body = decide(page.lines, page.rules, prob, threshold).body
        rows.append(page_precision_recall("\n".join(body), page.body))
    return np.asarray(rows, dtype=np.float64)


def _scores(rows: FloatArray) -> Scores:
    """The metric's figures (mean precision, mean recall, F1 of the means) of page rows."""
    p, r = float(rows[:, 0].mean()), float(rows[:, 1].mean())
    return Scores(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0, pages=len(rows))


def out_of_fold(
    pages: list[Page], folds: int
) -> tuple[list[FloatArray], npt.NDArray[np.int64], list[LineModel]]:
    """Each page's body probabilities from a model fitted on the other folds, its fold, and
    the fold models."""
    probs: list[FloatArray] = [np.zeros(0)] * len(pages)
    fold_of = np.zeros(len(pages), dtype=np.int64)
    models = []
    order = np.random.default_rng(SEED).permutation(len(pages))
    for k in range(folds):
        test = set(order[k::folds].tolist())
        model = fit_model([p for i, p in enumerate(pages) if i not in test], folds)
        models.append(model)
        for i in test:
            fold_of[i] = k
            probs[i] = model.body_probability(pages[i].lines, pages[i].rules.hints)
        print(f"  fold {k + 1}/{folds} done", file=sys.stderr)
    return probs, fold_of, models


def _choose(
    figures: dict[float, FloatArray], fold_of: npt.NDArray[np.int64], folds: int
) -> tuple[float, Scores, Scores]:
    """The threshold of the best pooled F1, that F1, and the fold-honest figures (each fold
    decided at the threshold that is best on the other folds)."""
    threshold = max(figures, key=lambda t: _scores(figures[t]).f1)
    honest = np.zeros_like(figures[threshold])
    for k in range(folds):
        rest, own = fold_of != k, fold_of == k
        t = max(figures, key=lambda t: _scores(figures[t][rest]).f1)
        honest[own] = figures[t][own]
    return threshold, _scores(figures[threshold]), _scores(honest)


def cross_validate(pages: list[Page], folds: int) -> dict[str, Any]:
    """Out-of-fold body probabilities by page, the threshold they choose, and the figures.
    The threshold and the main figures are those of the fixed point (what ``classify``
    does); the first pass alone is reported beside them."""
    probs, fold_of, models = out_of_fold(pages, folds)
    found = {}
    for fixed in (False, True):
        figures = {
            float(t): page_figures(pages, probs, models, fold_of, float(t), fixed)
            for t in THRESHOLDS
        }
        found[fixed] = _choose(figures, fold_of, folds)
    threshold, pooled, fold_honest = found[True]
    first_t, first_pooled, first_honest = found[False]
    rules_only = score(("\n".join(decide(p.lines, p.rules).body), p.body) for p in pages)
    return {
        "folds": folds,
        "fixed_point": True,
        "threshold": threshold,
        "cv_f1_at_chosen_threshold": _fig(pooled),
        "cv_f1_threshold_chosen_per_fold": _fig(fold_honest),
        "first_pass_only": {
            "threshold": first_t,
            "cv_f1_at_chosen_threshold": _fig(first_pooled),
            "cv_f1_threshold_chosen_per_fold": _fig(first_honest),
        },
        "rules_only": _fig(rules_only),
    }


def _fig(s: Scores) -> dict[str, float]:
    return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation (threshold 0.5)")
    args = ap.parse_args(argv)
    path = args.data / TRAIN_FILE
    if not path.is_file():
        print(f"{path} not found: the training data is not here", file=sys.stderr)
        return 2
    with threadpool_limits(1):  # OpenMP threads oversubscribe small fits; one is faster
        return _train(path, args.out, args.folds, not args.no_cv)


def _train(path: Path, out: Path, folds: int, cv_wanted: bool) -> int:
    t0 = time.perf_counter()
    pages = load_pages(path)
    n_lines = sum(len(p.y) for p in pages)
    extra = sum(len(q.y) for p in pages for q in p.variants)
    print(
        f"{len(pages)} pages, {n_lines} lines, {int(sum(p.y.sum() for p in pages))} body; "
        f"{extra} more lines in their training variants"
    )
    cv = cross_validate(pages, folds) if cv_wanted else {"threshold": 0.5}
    print(json.dumps(cv, indent=2))
    final = fit_model(pages, folds)
    model = LineModel(final.name, final.stages, cv["threshold"])
    training = {
        "data": f"{TRAIN_FILE} (Zyte plain-text pages), sha256 "
        + hashlib.sha256(path.read_bytes()).hexdigest(),
        "pages": len(pages),
        "lines": n_lines,
        "sklearn": sklearn_version,
        "params": PARAMS,
        "cv": cv,
    }
    text = json.dumps(model_dict(model, training), separators=(",", ":")) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    print(f"wrote {out} ({len(text) // 1024} KiB) in {time.perf_counter() - t0:.0f} s")
    print(f"sha256 {digest}  (MODEL_SHA256 in src/newsprism/linemodel.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
