"""A large synthetic-but-real corpus for the scale benchmarks, built from the shared articles.

Every base body is a real article from ``../shared/data`` (AllSides/NeuS, BASIL, PolNeAR and
the plain-text renderings of the Zyte and WCXB pages). Each synthetic article is one base
body, perturbed so that copies are not trivial duplicates: some sentences dropped, a few
paragraphs swapped, words replaced by words of other articles, numbers changed, the headline
edited; it gets an outlet out of 60 and a date: most copies of a base body fall within a few
days of that body's own event date (so they form multi-outlet stories), the rest anywhere in
two years (the same words about a different day: near-miss events). Everything is drawn
from one seeded generator, so the same ``n`` and ``seed`` give the same corpus.

    python benchmarks/scale_corpus.py 10000 /tmp/corpus-10k.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
START = dt.date(2021, 1, 1)
DAYS = 730
OUTLETS = [f"outlet-{k:02d}" for k in range(60)]
_NUM = re.compile(r"\d+")


def base_articles(data: Path = DATA) -> list[tuple[str, str]]:
    """(title, body) of every real article in the shared data, in a fixed order."""
    out: list[tuple[str, str]] = []
    for name in ("clustering/allsides_neus_2021.jsonl", "clustering/basil_triplets.jsonl"):
        with (data / name).open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                out.append((r.get("title") or "", r["text"]))
    for name in ("extraction/plaintext/pages.jsonl", "extraction/plaintext/wcxb_pages.jsonl"):
        with (data / name).open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                body = r.get("body") or r.get("text") or ""
                out.append((r.get("title") or "", body))
    polnear = data / "quotes" / "polnear-train"
    titles: dict[str, str] = {}
    with (polnear / "metadata.tsv").open(encoding="utf-8") as f:
        next(f)
        for row in f:
            cols = row.rstrip("\n").split("\t")
            titles[cols[1]] = cols[7]
    for p in sorted((polnear / "text").glob("*.txt")):
        out.append((titles.get(p.stem, ""), p.read_text(encoding="utf-8")))
    return [(t, b) for t, b in out if len(b.split()) >= 60]


def _perturb(rng: random.Random, title: str, body: str, vocab: list[str]) -> tuple[str, str]:
    paras = [p for p in body.split("\n") if p.strip()]
    if len(paras) > 3 and rng.random() < 0.5:  # swap two paragraphs
        i, j = rng.sample(range(len(paras)), 2)
        paras[i], paras[j] = paras[j], paras[i]
    keep = max(0.6, rng.random())
    kept = [p for k, p in enumerate(paras) if k == 0 or rng.random() < keep] or paras[:1]
    out = []
    for p in kept:
        words = p.split(" ")
        for _ in range(max(1, len(words) // 40)):
            k = rng.randrange(len(words))
            words[k] = rng.choice(vocab)
        out.append(" ".join(words))
    text = "\n\n".join(out)
    text = _NUM.sub(lambda m: str(int(m.group()) + rng.randint(0, 3)), text, count=2)
    head = title.split(" ")
    if head and head[0]:
        head[rng.randrange(len(head))] = rng.choice(vocab)
    return " ".join(head), text


def records(n: int, seed: int = 0, data: Path = DATA) -> Iterator[dict[str, str]]:
    """``n`` JSONL records: id, url, outlet, title, published, text."""
    bases = base_articles(data)
    rng = random.Random(seed)
    vocab = sorted({w for _, b in bases[:300] for w in b.split() if w.isalpha() and len(w) > 3})
    event = [rng.randrange(DAYS) for _ in bases]
    for k in range(n):
        b = rng.randrange(len(bases))
        title, text = _perturb(rng, *bases[b], vocab)
        offset = event[b] + round(rng.gauss(0, 1.5)) if rng.random() < 0.7 else rng.randrange(DAYS)
        day = START + dt.timedelta(days=min(DAYS - 1, max(0, offset)))
        outlet = rng.choice(OUTLETS)
        yield {
            "id": f"scale-{seed}-{k}",
            "url": f"https://{outlet}.example/{day.isoformat()}/{k}",
            "outlet": outlet,
            "title": title,
            "published": day.isoformat(),
            "text": text,
        }


def write(n: int, out: Path, seed: int = 0) -> Path:
    with out.open("w", encoding="utf-8") as f:
        for r in records(n, seed):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    write(args.n, args.out, args.seed)
    print(f"{args.n} articles -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
