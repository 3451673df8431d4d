"""Distinctive framing terms against BASIL's gold lexical-bias spans.

For each of the 300 BASIL articles (100 stories, one article each from Fox, NYT and HuffPost)
the top 10 distinctive terms of :mod:`newsprism.framing` (story = the article's triplet,
background = all 300 articles, the story's own counts taken out by default) are scored by
precision@10: the share of the terms with an occurrence that lies inside one of the article's
gold ``lexical`` bias spans (Fan et al. 2019; body spans, by ``char_start``/``char_end``).
Compared in the same run with

* TF-IDF top 10 (scikit-learn ``TfidfVectorizer`` fitted on the 300 articles) over the same
  terms as newsprism (same tokens, stopwords and phrases), over words only, and with
  scikit-learn's own defaults (English stopwords, 1-2-grams);
* random terms: the expected precision of terms drawn at random from the article's candidate
  terms, and the share of its candidate word tokens that lie inside lexical spans.

Stories with an even index (in file order) are the tune half, odd ones the test half. The
settings were chosen on the tune half only; both halves are printed. ``--tune`` reruns the grid
search on the tune half (about 10 minutes on one core) and prints its best settings.

    python benchmarks/bench_framing.py [--tune] [--out benchmarks/results/framing.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from newsprism.framing import (
    Background,
    FramingConfig,
    Token,
    distinctive_terms,
    occurrences,
    score_tokens,
    tokenize,
)
from newsprism.model import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TEXTS = DATA / "clustering" / "basil_triplets.jsonl"
SPANS = DATA / "framing" / "basil_bias_spans.jsonl"
TOP = 10
NO_FLOOR = -1e9
BOOTSTRAP = 2000

#: The grid search's best settings on the tune half (``--tune``; precision@10, no floor).
TUNED = FramingConfig(
    max_n=1,
    prior_scale=0.1,
    exclude_quotes=False,
    exclude_copied=5,
    prior_excludes_story=True,
    names="drop",
    rank_by="delta",
)

#: Term keys chosen for each article id.
Picks = dict[str, list[str]]
#: Character ranges of each term's occurrences in one article.
OccIndex = dict[str, list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Doc:
    article: Article
    story: str
    half: str  # "tune" (even story index) or "test"
    lexical: tuple[tuple[int, int], ...]
    tokens: tuple[Token, ...]
    occ: OccIndex


def load() -> list[Doc]:
    texts = [json.loads(line) for line in TEXTS.read_text().splitlines() if line.strip()]
    gold = {
        d["id"]: d for d in (json.loads(x) for x in SPANS.read_text().splitlines() if x.strip())
    }
    story_index: dict[str, int] = {}
    docs: list[Doc] = []
    for row in texts:
        idx = story_index.setdefault(row["story"], len(story_index))
        art = Article(
            id=row["id"], source="basil", outlet=row["source"], text=row["text"], title=row["title"]
        )
        spans = tuple(
            (int(s["char_start"]), int(s["char_end"]))
            for s in gold[row["id"]]["spans"]
            if s["bias"] == "lexical" and s["char_start"] is not None
        )
        toks = tuple(tokenize(art.text))
        occ: OccIndex = {}
        for o in occurrences(toks, 2):
            occ.setdefault(o.key, []).append((o.start, o.end))
        docs.append(Doc(art, row["story"], "tune" if idx % 2 == 0 else "test", spans, toks, occ))
    return docs


def stories(docs: Sequence[Doc]) -> dict[str, list[Doc]]:
    out: dict[str, list[Doc]] = {}
    for d in docs:
        out.setdefault(d.story, []).append(d)
    return out


def inside(occ: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= a and b <= e for a, b in occ for s, e in spans)


def overlaps(occ: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in occ for s, e in spans)


# ---------------------------------------------------------------------------------------------
# Methods


def ours(docs: Sequence[Doc], background: Background | None, config: FramingConfig) -> Picks:
    """Top terms of each article. BASIL bodies start with the headline, so the headline adds
    nothing: the precomputed body tokens are what ``article_tokens`` gives."""
    picks: Picks = {}
    for group in stories(docs).values():
        scored = score_tokens(
            [d.article.id for d in group], [d.tokens for d in group], background, TOP, config
        )
        for art_id, terms in scored.items():
            picks[art_id] = [t.key for t in terms]
    return picks


def tfidf_same_terms(docs: Sequence[Doc], max_n: int) -> Picks:
    from sklearn.feature_extraction.text import TfidfVectorizer

    by_id = {d.article.id: d for d in docs}

    def analyse(doc_id: str) -> list[str]:
        return [o.key for o in occurrences(by_id[doc_id].tokens, max_n)]

    vec = TfidfVectorizer(analyzer=analyse)
    m = vec.fit_transform([d.article.id for d in docs])
    return _top_rows(m, vec.get_feature_names_out(), [d.article.id for d in docs])


def _top_rows(m: Any, names: Sequence[str], ids: Sequence[str]) -> Picks:
    out: Picks = {}
    for row, art_id in enumerate(ids):
        r = m.getrow(row)
        pairs = sorted(zip(r.data, r.indices, strict=True), key=lambda p: (-p[0], names[p[1]]))
        out[art_id] = [str(names[i]) for _, i in pairs[:TOP]]
    return out


_SK_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def tfidf_sklearn_default(docs: Sequence[Doc]) -> tuple[Picks, dict[str, OccIndex]]:
    """``TfidfVectorizer(stop_words="english", ngram_range=(1, 2))``, with each article's term
    occurrences rebuilt the way its analyser makes terms (lower case, ``\\w\\w+`` tokens,
    stopwords out, then n-grams of the remaining tokens)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", ngram_range=(1, 2))
    m = vec.fit_transform([d.article.text for d in docs])
    picks = _top_rows(m, vec.get_feature_names_out(), [d.article.id for d in docs])
    occs: dict[str, OccIndex] = {}
    for d in docs:
        toks = [
            (x.group(0), x.start(), x.end())
            for x in _SK_TOKEN.finditer(d.article.text.lower())
            if x.group(0) not in ENGLISH_STOP_WORDS
        ]
        occ: OccIndex = {}
        for i, (w, s, e) in enumerate(toks):
            occ.setdefault(w, []).append((s, e))
            if i + 1 < len(toks):
                occ.setdefault(f"{w} {toks[i + 1][0]}", []).append((s, toks[i + 1][2]))
        occs[d.article.id] = occ
    return picks, occs


# ---------------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True, slots=True)
class Score:
    p_at_10: float  # macro mean over articles with at least one term
    p_overlap: float  # same, counting a term whose occurrence merely overlaps a span
    terms: float  # terms per article
    with_terms: int  # articles with at least one term
    span_recall: float  # share of gold lexical spans holding an occurrence of a chosen term
    per_article: tuple[float, ...]  # precision of each article (0 when it has no terms)


def score(docs: Sequence[Doc], picks: Picks, occs: dict[str, OccIndex] | None = None) -> Score:
    precs: list[float] = []
    loose: list[float] = []
    per: list[float] = []
    total = spans_hit = spans_all = 0
    for d in docs:
        occ = occs[d.article.id] if occs is not None else d.occ
        terms = picks.get(d.article.id, [])
        hits = [inside(occ.get(t, []), d.lexical) for t in terms]
        if terms:
            precs.append(sum(hits) / len(terms))
            loose.append(sum(overlaps(occ.get(t, []), d.lexical) for t in terms) / len(terms))
        per.append(sum(hits) / len(terms) if terms else 0.0)
        total += len(terms)
        spans_all += len(d.lexical)
        spans_hit += sum(any(inside(occ.get(t, []), [s]) for t in terms) for s in d.lexical)
    return Score(
        statistics.fmean(precs) if precs else 0.0,
        statistics.fmean(loose) if loose else 0.0,
        total / len(docs),
        len(precs),
        spans_hit / spans_all if spans_all else 0.0,
        tuple(per),
    )


def random_floor(docs: Sequence[Doc], max_n: int) -> tuple[float, float]:
    """(expected precision of terms drawn at random from each article's candidate terms,
    share of its candidate word tokens inside lexical spans), each a mean over articles."""
    terms: list[float] = []
    toks: list[float] = []
    for d in docs:
        keys = {o.key for o in occurrences(d.tokens, max_n)}
        terms.append(sum(inside(d.occ[k], d.lexical) for k in keys) / max(1, len(keys)))
        inner = sum(inside([(t.start, t.end)], d.lexical) for t in d.tokens)
        toks.append(inner / max(1, len(d.tokens)))
    return statistics.fmean(terms), statistics.fmean(toks)


def bootstrap_diff(a: Sequence[float], b: Sequence[float], seed: int = 0) -> tuple[float, float]:
    """95 % interval of mean(a - b) over articles, paired bootstrap."""
    rng = random.Random(seed)
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    means = sorted(statistics.fmean(rng.choices(diffs, k=len(diffs))) for _ in range(BOOTSTRAP))
    return means[int(0.025 * BOOTSTRAP)], means[int(0.975 * BOOTSTRAP) - 1]


# ---------------------------------------------------------------------------------------------
# Tuning


GRID: dict[str, list[Any]] = {
    "prior": ["story", "all", "loo"],
    "prior_scale": [0.1, 1.0, 10.0],
    "phrases": ["words", "phrases>=1", "phrases>=2"],
    "exclude_quotes": [False, True],
    "exclude_copied": [0, 5],
    "names": ["keep", "after", "drop"],
    "rank_by": ["z", "delta"],
}


def config_for(params: dict[str, Any]) -> tuple[FramingConfig, bool]:
    """The config of one grid point, and whether it uses the background."""
    phrases = params["phrases"]
    cfg = FramingConfig(
        max_n=1 if phrases == "words" else 2,
        phrase_min_count=2 if phrases == "phrases>=2" else 1,
        prior_scale=params["prior_scale"],
        min_z=NO_FLOOR,
        exclude_quotes=params["exclude_quotes"],
        exclude_copied=params["exclude_copied"],
        prior_excludes_story=params["prior"] == "loo",
        names=params["names"],
        rank_by=params["rank_by"],
    )
    return cfg, params["prior"] != "story"


def tune(docs: Sequence[Doc], full: Background, log: Callable[[str], None]) -> list[Any]:
    """Grid search on the tune half (no floor: always 10 terms), best precision@10 first."""
    tune_docs = [d for d in docs if d.half == "tune"]
    results: list[tuple[float, dict[str, Any]]] = []
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        params = dict(zip(keys, values, strict=True))
        if params["prior"] == "story" and params["prior_scale"] != 1.0:
            continue  # the story prior's scale only rescales z (same ranking)
        cfg, uses_bg = config_for(params)
        picks = ours(tune_docs, full if uses_bg else None, cfg)
        results.append((score(tune_docs, picks).p_at_10, params))
    results.sort(key=lambda r: -r[0])
    for p, params in results[:20]:
        log(f"  {p:.4f}  {params}")
    return [{"p_at_10": round(p, 4), **params} for p, params in results]


# ---------------------------------------------------------------------------------------------
# Report


def _row(name: str, scores: dict[str, Score]) -> dict[str, Any]:
    out: dict[str, Any] = {"method": name}
    for half, s in scores.items():
        out[half] = {
            "p_at_10": round(s.p_at_10, 4),
            "p_overlap": round(s.p_overlap, 4),
            "terms_per_article": round(s.terms, 2),
            "articles_with_terms": s.with_terms,
            "span_recall": round(s.span_recall, 4),
        }
    return out


def _print_table(rows: Sequence[dict[str, Any]], halves: Sequence[str]) -> None:
    head = f"{'method':<46}" + "".join(
        f" | {h + ' P@10':>10} {'overlap':>7} {'terms':>5} {'recall':>6}" for h in halves
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        line = f"{r['method']:<46}"
        for h in halves:
            c = r[h]
            if "p_overlap" in c:
                line += (
                    f" | {c['p_at_10']:>10.4f} {c['p_overlap']:>7.4f} "
                    f"{c['terms_per_article']:>5.1f} {c['span_recall']:>6.3f}"
                )
            else:
                line += f" | {c['p_at_10']:>10.4f} {'':>7} {'':>5} {'':>6}"
        print(line)


def _changed(cfg: FramingConfig) -> dict[str, Any]:
    base = asdict(FramingConfig())
    return {k: v for k, v in asdict(cfg).items() if base[k] != v}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--tune", action="store_true", help="rerun the grid search on the tune half")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "framing.json")
    args = ap.parse_args(argv)
    if not TEXTS.exists() or not SPANS.exists():
        print(f"BASIL data not found under {DATA}", file=sys.stderr)
        return 2

    def log(msg: str) -> None:
        print(msg, flush=True)

    docs = load()
    t0 = time.perf_counter()
    full = Background.from_texts(d.article.text for d in docs)
    bg_secs = time.perf_counter() - t0
    halves = {h: [d for d in docs if d.half == h] for h in ("tune", "test")}
    log(
        f"BASIL: {len(docs)} articles, {len(stories(docs))} stories "
        f"({len(halves['tune'])} tune / {len(halves['test'])} test articles); "
        f"{sum(len(d.lexical) for d in docs)} lexical spans; background {len(full)} terms"
    )
    grid: list[Any] | None = None
    if args.tune:
        log("grid search on the tune half (precision@10, no floor), best 20:")
        grid = tune(docs, full, log)

    default = FramingConfig()
    methods: list[tuple[str, Callable[[Sequence[Doc]], Score]]] = []
    same2 = tfidf_same_terms(docs, 2)
    same1 = tfidf_same_terms(docs, 1)
    sk_picks, sk_occ = tfidf_sklearn_default(docs)
    methods.append(("TF-IDF, newsprism terms (words+phrases)", lambda ds: score(ds, same2)))
    methods.append(("TF-IDF, newsprism words only", lambda ds: score(ds, same1)))
    methods.append(("TF-IDF, sklearn defaults (1-2-grams)", lambda ds: score(ds, sk_picks, sk_occ)))
    variants = {
        "log-odds, default (z >= min_z)": default,
        "log-odds, default, no floor": replace(default, min_z=NO_FLOOR),
        "log-odds, default, no background (story prior)": replace(default, min_z=NO_FLOOR),
        "log-odds, default, names kept": replace(default, names="keep"),
        "log-odds, default, quotes kept": replace(default, exclude_quotes=False),
        "log-odds, default, phrases used once too": replace(default, phrase_min_count=1),
        "log-odds, tuned on tune half, no floor": replace(TUNED, min_z=NO_FLOOR),
    }
    for name, cfg in variants.items():
        bg = None if "no background" in name else full

        def run(ds: Sequence[Doc], cfg: FramingConfig = cfg, bg: Background | None = bg) -> Score:
            return score(ds, ours(ds, bg, cfg))

        methods.append((name, run))

    rows: list[dict[str, Any]] = []
    for half_name in ("tune", "test"):
        r_terms, r_toks = random_floor(halves[half_name], 2)
        if not rows:
            rows = [
                {"method": "random candidate terms (expected)"},
                {"method": "random candidate word tokens (share in spans)"},
            ]
        rows[0][half_name] = {"p_at_10": round(r_terms, 4)}
        rows[1][half_name] = {"p_at_10": round(r_toks, 4)}
    scores: dict[str, dict[str, Score]] = {}
    for name, fn in methods:
        scores[name] = {h: fn(ds) for h, ds in halves.items()}
        rows.append(_row(name, scores[name]))
    print()
    print("precision@10 against BASIL lexical-bias spans (macro mean over articles with terms)")
    _print_table(rows, ["tune", "test"])

    tfidf_best = max(
        (n for n in scores if n.startswith("TF-IDF")), key=lambda n: scores[n]["tune"].p_at_10
    )
    print()
    print(f"paired bootstrap, test half, vs the best TF-IDF on the tune half ({tfidf_best}):")
    cis: dict[str, Any] = {}
    for name in ("log-odds, default, no floor", "log-odds, tuned on tune half, no floor"):
        a = scores[name]["test"].per_article
        b = scores[tfidf_best]["test"].per_article
        lo, hi = bootstrap_diff(a, b)
        diff = statistics.fmean(a) - statistics.fmean(b)
        cis[name] = {"diff": round(diff, 4), "ci95": [round(lo, 4), round(hi, 4)]}
        print(f"  {name:<46} {diff:+.4f}  95% CI [{lo:+.4f}, {hi:+.4f}]")

    print()
    print("floor (min_z) of the default settings: P@10 / terms per article / articles with terms")
    floors: list[dict[str, Any]] = []
    for z in (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 1.96):
        cfg = replace(default, min_z=z)
        entry: dict[str, Any] = {"min_z": z}
        line = f"  z >= {z:<5}"
        for h, ds in halves.items():
            s = score(ds, ours(ds, full, cfg))
            entry[h] = {
                "p_at_10": round(s.p_at_10, 4),
                "terms_per_article": round(s.terms, 2),
                "articles_with_terms": s.with_terms,
            }
            line += f"  {h}: {s.p_at_10:.4f} / {s.terms:4.1f} / {s.with_terms:3d}"
        floors.append(entry)
        print(line)

    # Speed: distinctive_terms from Article records, tokenising included, one story at a time.
    groups = list(stories(docs).values())
    t0 = time.perf_counter()
    for group in groups:
        distinctive_terms([d.article for d in group], full, TOP, default)
    secs = time.perf_counter() - t0
    speed = len(docs) / secs
    print()
    print(
        f"speed: distinctive_terms {speed:.0f} articles/s ({secs:.2f} s for {len(docs)}, "
        f"tokenising included); Background.from_texts {len(docs) / bg_secs:.0f} articles/s"
    )
    print(f"default settings: {asdict(default)}")
    print(f"tuned settings (changed from default): {_changed(TUNED)}")

    result: dict[str, Any] = {
        "benchmark": "framing: distinctive terms vs BASIL lexical-bias spans",
        "data": {
            "texts": str(TEXTS.relative_to(DATA.parent)),
            "spans": str(SPANS.relative_to(DATA.parent)),
            "articles": len(docs),
            "stories": len(groups),
            "lexical_spans": sum(len(d.lexical) for d in docs),
            "split": "tune = stories with an even index in file order, test = odd",
        },
        "metric": "precision@10: share of an article's top terms with an occurrence inside one "
        "of its gold lexical spans; macro mean over articles with at least one term",
        "default_config": asdict(default),
        "tuned_config_changes": _changed(TUNED),
        "rows": rows,
        "bootstrap_vs_best_tfidf_test_half": {"baseline": tfidf_best, **cis},
        "floors": floors,
        "speed": {
            "distinctive_terms_articles_per_s": round(speed, 1),
            "background_articles_per_s": round(len(docs) / bg_secs, 1),
        },
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }
    if grid is not None:
        result["grid_tune_half"] = grid
    elif args.out.exists():
        old = json.loads(args.out.read_text())
        if "grid_tune_half" in old:
            result["grid_tune_half"] = old["grid_tune_half"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
