"""Quote extraction on PolNeAR (train split, brat attributions), newsprism vs textacy.

Scores quote *content* spans at two token-overlap thresholds (0.3 and 0.8, Jaccard over word
tokens, one-to-one matching), separately for direct quotes (gold content wholly inside quote
marks) and indirect attributions, and speaker accuracy (predicted speaker mention overlaps the
gold Source span). Rules were tuned on the ``dev`` part (documents whose name hashes to 0-2
mod 10, see ``newsprism.quotes_eval``); ``test`` (the other ~70 %) is the held-out report.

The peer is textacy 0.13.0's ``extract.triples.direct_quotations`` run on the same spaCy
parses (direct quotes only; it has no indirect extractor). Install it as a dev tool:
``pip install textacy==0.13.0``; without it the peer is reported as unavailable.

    python benchmarks/bench_quotes.py [--split dev|test|all] [--every N]
        [--pronouns N] [--out benchmarks/results/quotes.json] [--cache DIR]

``--cache DIR`` keeps the spaCy parses (a ``DocBin`` per split, keyed by a hash of the texts
and the model) so that reruns while iterating skip the parse; speed figures are only
meaningful without it.

``--pronouns N`` writes N quotes whose gold source is "he"/"she" (doc, quote start, pronoun,
the name newsprism resolved, 700 characters of context) to
``benchmarks/results/quotes_pronouns.tsv`` for checking by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from newsprism import nlp
from newsprism.quotes import extract
from newsprism.quotes_eval import (
    SPLITS,
    GoldDoc,
    Predicted,
    evaluate,
    load_polnear,
    predictions,
)
from newsprism.quotes_model import ArticleQuotes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "quotes" / "polnear-train"
PRONOUNS = frozenset(("he", "she"))
log = logging.getLogger("bench_quotes")
FAILURES: list[str] = []


def textacy_loader() -> tuple[Callable[[Any], list[Predicted]] | None, str]:
    try:
        import textacy
        from textacy.extract.triples import direct_quotations
    except Exception as exc:  # reported, not fatal: the peer is optional
        return None, f"textacy not importable: {type(exc).__name__}: {exc}"

    def run(doc: Any) -> list[Predicted]:
        out: list[Predicted] = []
        try:
            trips = list(direct_quotations(doc))
        except ValueError as exc:  # it refuses texts with an odd number of quote marks
            FAILURES.append(str(exc)[:80])
            return out
        for trip in trips:
            content = trip.content
            sp = trip.speaker
            speaker = (sp[0].idx, sp[-1].idx + len(sp[-1].text)) if sp else None
            parts = ((content.start_char, content.end_char),)
            out.append(Predicted(parts, speaker, True))
        return out

    return run, f"textacy {getattr(textacy, '__version__', '?')}"


def pronoun_rows(
    docs: Sequence[GoldDoc], results: Sequence[ArticleQuotes], limit: int
) -> list[dict[str, Any]]:
    """Quotes whose gold source is "he" or "she" and whose predicted speaker mention is that
    pronoun, with the name newsprism resolved it to (at most two pronouns per document, each
    pronoun once, in document order), for checking by hand."""
    rows: list[dict[str, Any]] = []
    for doc, aq in zip(docs, results, strict=True):
        per_doc = 0
        seen: set[int] = set()
        for g in doc.attributions:
            if len(g.source) != 1 or per_doc >= 2 or g.source[0][0] in seen:
                continue
            a, b = g.source[0]
            seen.add(a)
            word = doc.text[a:b]
            if word.lower() not in PRONOUNS:
                continue
            q = next((q for q in aq.quotes if not q.embedded and _mention_at(q, a, b)), None)
            if q is None:
                continue
            lo = max(0, a - 700)
            context = doc.text[lo:a] + "[[" + word + "]]" + doc.text[b : b + 80]
            rows.append(
                {
                    "doc": doc.name,
                    "quote_start": q.start,
                    "pronoun": word,
                    "resolved": q.speaker,
                    "context": context.replace("\n", " / ").replace("\t", " "),
                }
            )
            per_doc += 1
            if len(rows) >= limit:
                return rows
    return rows


def _mention_at(q: Any, a: int, b: int) -> bool:
    return q.speaker_start is not None and q.speaker_start < b and a < (q.speaker_end or 0)


def parse_cached(texts: Sequence[str], cache: Path | None) -> list[Any]:
    """Parse with nlp.pipe (batches of 50), or load the parses from ``cache``."""
    if cache is None:
        return list(nlp.parse_many(texts))
    from spacy.tokens import DocBin

    key = hashlib.sha256("\0".join([nlp.PIPELINE_KEY, *texts]).encode()).hexdigest()[:16]
    path = cache / f"polnear-{key}.spacy"
    vocab = nlp.get_nlp().vocab
    if path.is_file():
        return list(DocBin().from_bytes(path.read_bytes()).get_docs(vocab))
    parsed = list(nlp.parse_many(texts))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(DocBin(store_user_data=False, docs=parsed).to_bytes())
    return parsed


def run_newsprism(
    docs: Sequence[GoldDoc], cache: Path | None = None
) -> tuple[dict[str, Any], list[Any], list[ArticleQuotes]]:
    """Parse (nlp.pipe, batches of 50) and extract; scores and speed."""
    nlp.get_nlp()
    t0 = time.perf_counter()
    parsed = parse_cached([d.text for d in docs], cache)
    t1 = time.perf_counter()
    results = [extract(d.text, doc=p) for d, p in zip(docs, parsed, strict=True)]
    t2 = time.perf_counter()
    speed = {
        "parse_s": round(t1 - t0, 2),
        "extract_s": round(t2 - t1, 2),
        "articles_per_s": round(len(docs) / (t2 - t0), 2),
        "articles_per_s_extract_only": round(len(docs) / max(t2 - t1, 1e-9), 1),
    }
    scores = evaluate(docs, [predictions(r) for r in results], parsed)
    return {"speed": speed, **scores}, parsed, results


def run_peer(docs: Sequence[GoldDoc], parsed: Sequence[Any], parse_s: float) -> dict[str, Any]:
    """textacy's direct_quotations on the same parses (its speed includes the parse)."""
    run, peer_name = textacy_loader()
    if run is None:
        return {"unavailable": peer_name}
    t0 = time.perf_counter()
    theirs = [run(p) for p in parsed]
    t1 = time.perf_counter()
    scores = evaluate(docs, theirs, None)
    return {
        "version": peer_name,
        "articles_per_s": round(len(docs) / (parse_s + t1 - t0), 2),
        "documents_refused": len(FAILURES),
        **{k: v for k, v in scores.items() if k.startswith("direct")},
    }


def write_pronouns(rows: Sequence[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("n\tdoc\tquote_start\tpronoun\tresolved\tcontext\n")
        for n, r in enumerate(rows, 1):
            fields = [str(n), r["doc"], str(r["quote_start"]), r["pronoun"], str(r["resolved"])]
            fh.write("\t".join([*fields, r["context"]]) + "\n")
    log.info("wrote %d pronoun rows to %s", len(rows), path)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=(*SPLITS, "all"), default="test")
    ap.add_argument("--every", type=int, default=1, help="every Nth document (the gate uses 6)")
    ap.add_argument("--pronouns", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--cache", type=Path, default=None, help="keep spaCy parses here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not DATA.is_dir():
        log.error("%s not found", DATA)
        return 2
    docs = load_polnear(DATA, None if args.split == "all" else args.split)[:: args.every]
    ours, parsed, results = run_newsprism(docs, args.cache)
    report: dict[str, Any] = {
        "data": "PolNeAR v1.0.0 train split (shared/data/quotes/polnear-train)",
        "split": args.split,
        "every": args.every,
        "documents": len(docs),
        "words": sum(len(d.text.split()) for d in docs),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, spaCy model {nlp.MODEL_PACKAGE}",
        "newsprism": ours,
        "textacy": run_peer(docs, parsed, ours["speed"]["parse_s"]),
    }
    if args.pronouns:
        rows = pronoun_rows(docs, results, args.pronouns)
        write_pronouns(rows, ROOT / "benchmarks" / "results" / "quotes_pronouns.tsv")
    text = json.dumps(report, indent=2)
    sys.stdout.write(text + "\n")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
