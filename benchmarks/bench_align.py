"""Alignment sanity on real stories (AllSides, BASIL), newsprism vs a TF-IDF sentence baseline.

There is no gold sentence alignment in the evaluation data, so this measures what can be
measured without one. The sentence thresholds were set on the seeds; the one document-level
threshold (``align.related_min_doc_cosine``) was chosen on AllSides, so BASIL is held out:

* **same story** (BASIL: 100 triplets, Fox, NYT, HuffPost on one event; AllSides/NeuS: 505
  left/center/right excerpt groups): the share of groups whose articles are all kept in the
  story, and the sentence links per group;
* **different stories** (each article paired with an article of the next story in the file,
  a different event, usually the same year): any link is false; we count false links per
  pair and how often the pair is correctly reported as unrelated.

The peer links two sentences when their TF-IDF cosine (scikit-learn, fitted on the pair's
sentences) is at least 0.5, one-to-one, best first.

    python benchmarks/bench_align.py [--set allsides|basil|all] [--limit N] [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism import Article, RawDocument, clean_document, compare
from newsprism.compare import sentences

ROOT = Path(__file__).resolve().parents[1]
TFIDF_MIN_COSINE = 0.5


def load_stories(path: Path) -> dict[str, list[Article]]:
    stories: dict[str, list[Article]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc = RawDocument(
            source=rec["id"],
            kind="text",
            content=rec["text"],
            ref=rec["id"],
            title=rec["title"],
            outlet=rec["source"],
            published=rec["date"],
            url=rec["url"],
        )
        art = clean_document(doc)
        if isinstance(art, Article):
            stories[rec["story"]].append(art)
    return dict(stories)


def tfidf_links(arts: Sequence[Article]) -> tuple[int, int]:
    """(links, sentences) of the TF-IDF peer over all pairs of ``arts``."""
    sents = [[s.text for s in sentences(a) if len(s.text.split()) >= 4] for a in arts]
    flat = [s for ss in sents for s in ss]
    if not flat:
        return 0, 0
    vec = TfidfVectorizer(sublinear_tf=True).fit(flat)
    mats = [vec.transform(ss) if ss else None for ss in sents]
    links = 0
    for i in range(len(arts)):
        for j in range(i + 1, len(arts)):
            mi, mj = mats[i], mats[j]
            if mi is None or mj is None:
                continue
            sims = (mi @ mj.T).toarray()
            cands = sorted(
                (
                    (sims[a, b], a, b)
                    for a, b in zip(*(sims >= TFIDF_MIN_COSINE).nonzero(), strict=True)
                ),
                reverse=True,
            )
            used_a: set[int] = set()
            used_b: set[int] = set()
            for _, a, b in cands:
                if a not in used_a and b not in used_b:
                    used_a.add(a)
                    used_b.add(b)
                    links += 1
    return links, len(flat)


def newsprism_links(arts: Sequence[Article]) -> tuple[int, int, int, list[dict[str, Any]]]:
    """(sentence links, sentences, unrelated inputs, passages) of newsprism over ``arts``."""
    c = compare(arts)
    n_sent = sum(len(sentences(a)) for a in arts)
    links = 0
    for p in c.passages:
        links += len(p.spans) - 1
    return links, n_sent, len(c.unrelated), [p.to_dict() for p in c.passages]


SETS = {"allsides": "allsides_neus_2021.jsonl", "basil": "basil_triplets.jsonl"}


def evaluate(name: str, path: Path, limit: int, show: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    stories = load_stories(path)
    keys = list(stories)[: limit or None]
    same = {"stories": 0, "all_related": 0, "np_links": 0, "tf_links": 0, "sentences": 0}
    diff = {"pairs": 0, "np_false_links": 0, "tf_false_links": 0, "np_unrelated_pairs": 0}
    kinds: dict[str, int] = defaultdict(int)
    shown = 0
    for k_i, key in enumerate(keys):
        arts = stories[key]
        links, n_sent, unrelated, passages = newsprism_links(arts)
        same["stories"] += 1
        same["all_related"] += unrelated == 0
        same["np_links"] += links
        same["sentences"] += n_sent
        same["tf_links"] += tfidf_links(arts)[0]
        for p in passages:
            kinds[p["kind"]] += 1
            if p["kind"] == "paraphrase" and shown < show:
                shown += 1
                print("PARAPHRASE", p["score"], *(s["text"][:160] for s in p["spans"]), sep="\n  ")
        other = stories[keys[(k_i + 1) % len(keys)]]
        for a, b in zip(arts, other, strict=False):
            nl, _, nu, _ = newsprism_links([a, b])
            diff["pairs"] += 1
            diff["np_false_links"] += nl
            diff["np_unrelated_pairs"] += nu == 2
            diff["tf_false_links"] += tfidf_links([a, b])[0]
    secs = time.perf_counter() - t0
    res = {
        "set": name,
        "same_story": same,
        "different_story": diff,
        "passage_kinds": dict(kinds),
        "tfidf_min_cosine": TFIDF_MIN_COSINE,
        "seconds": round(secs, 1),
        "np_all_related_rate": round(same["all_related"] / same["stories"], 3),
        "np_links_per_story": round(same["np_links"] / same["stories"], 2),
        "tf_links_per_story": round(same["tf_links"] / same["stories"], 2),
        "np_false_links_per_pair": round(diff["np_false_links"] / diff["pairs"], 3),
        "tf_false_links_per_pair": round(diff["tf_false_links"] / diff["pairs"], 3),
        "np_unrelated_rate": round(diff["np_unrelated_pairs"] / diff["pairs"], 3),
    }
    print(f"{name}: {same['stories']} same-story groups, {diff['pairs']} different-story pairs")
    print(f"  {'':32}{'newsprism':>12}{'TF-IDF>=0.5':>13}")
    print(
        f"  {'links per same-story group':32}{res['np_links_per_story']:>12}"
        f"{res['tf_links_per_story']:>13}"
    )
    print(
        f"  {'false links per different pair':32}{res['np_false_links_per_pair']:>12}"
        f"{res['tf_false_links_per_pair']:>13}"
    )
    print(f"  groups kept whole (no input called unrelated): {res['np_all_related_rate']:.1%}")
    print(f"  different-story pairs reported unrelated: {res['np_unrelated_rate']:.1%}")
    print(f"  passage kinds: {dict(kinds)}; {secs:.0f} s")
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "clustering")
    ap.add_argument("--set", choices=[*SETS, "all"], default="all")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=0, help="print N paraphrase passages to read")
    args = ap.parse_args()
    names = list(SETS) if args.set == "all" else [args.set]
    results = []
    for name in names:
        path = args.data / SETS[name]
        if not path.exists():
            print(f"{path} not found: the evaluation data lives in ../shared/data", file=sys.stderr)
            return 2
        results.append(evaluate(name, path, args.limit, args.show))
    print("tuned on: allsides (align.related_min_doc_cosine); basil is held out")
    if not args.limit:
        out = ROOT / "benchmarks" / "results" / "align.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
