"""Text reuse on syndicated variants of real articles, newsprism vs datasketch MinHashLSH.

There is no gold text-reuse data here, so the benchmark plants reuse with known truth. From
the real article bodies in ``../shared/data/clustering`` (BASIL full texts; AllSides/NeuS
excerpts) it builds, with a fixed random seed, copies of source articles:

* ``trim``: a contiguous stretch of 55-85% of the article (head and/or tail cut, snapped
  outwards to sentence ends);
* ``boilerplate``: a site header and footer line added (each under 12 words);
* ``word_edits``: about 6% of words replaced, dropped or added, plus letter swaps in ~2%;
* ``ocr``: 3% of characters substituted (look-alikes first), dropped or doubled;
* ``reorder``: the paragraphs shuffled;
* ``splice``: 2-3 consecutive paragraphs of a source (at most 60% of it) pasted into an
  unrelated article of another story (taken from a pool that is not otherwise in the corpus).

Every copied stretch keeps its provenance, so the truth passages between any two documents
are known. Scoring:

* recall per edit type: a truth passage (>= 12 words on both sides) between a source and its
  copy is found when one predicted link overlaps at least half of it in both documents;
* precision: a predicted link is *planted* when at least half of each of its sides lies in
  truth passages of that pair. A link that is not planted may still be real: the source
  articles themselves share text (same-story articles quote the same statements, outlets
  run the same wire copy, AllSides reuses an excerpt), and every copy inherits that. Such a
  link is counted *verified* when its two sides are alike (word-level difflib ratio >= 0.5).
  Reported: strict precision (planted only), verified precision (planted + verified), and
  precision on the planted pairs alone (do the spans sit where the truth says?);
* ARI of the near-duplicate groups against the planted families (a source and its whole
  copies; splices stand alone; source articles that are near-duplicates of each other by an
  exact difflib alignment, independent of newsprism, are merged);
* docs/s of the whole run (sketch, candidates, alignment, groups) on one core, best of
  ``--repeat`` runs, wall-clock and CPU time (the machine may be shared).

The peer is datasketch MinHashLSH (128 permutations, word 5-gram shingles, threshold 0.5),
run on the same documents in the same process: its connected candidate pairs are its groups,
and each candidate pair counts as a link spanning both whole documents.

Parameters were tuned on the BASIL half; the AllSides half is held out.

    python benchmarks/bench_reuse.py [--set basil|allsides|all] [--no-peer] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from datasketch import MinHash, MinHashLSH
from sklearn.metrics import adjusted_rand_score

from newsprism import Article
from newsprism.reuse import ReuseConfig, ReuseLink, find_reuse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "clustering"
SETS = {"basil": "basil_triplets.jsonl", "allsides": "allsides_neus_2021.jsonl"}
TUNED_ON = "basil"
SEED = 20240611
EDITS = ("trim", "boilerplate", "word_edits", "ocr", "reorder")
TYPES = (*EDITS, "splice")
MIN_WORDS = 12

HEADERS = (
    "{site} | Breaking news and analysis",
    "Originally published by {site}",
    "From the {site} newsroom",
    "{site} wire service",
    "Sponsored content from {site} partners",
)
FOOTERS = (
    "Copyright {year} {site}. All rights reserved.",
    "Follow {site} on Twitter and Facebook.",
    "Sign up for the {site} daily newsletter.",
    "Reporting by {site} staff; editing by the desk.",
    "Read more stories like this at {site}.",
)
SITES = ("Daily Ledger", "Metro Wire", "Coastal Times", "The Courier", "NewsHub", "Civic Post")
LOOKALIKE = {
    "l": "1",
    "1": "l",
    "i": "l",
    "o": "0",
    "0": "o",
    "e": "c",
    "c": "e",
    "a": "o",
    "n": "m",
    "m": "n",
    "u": "v",
    "s": "5",
    "t": "f",
    "h": "b",
    "r": "n",
    "B": "8",
    "S": "5",
    "O": "0",
    "I": "l",
}


@dataclass
class Piece:
    """doc text[start:end] was made from source text[src_start:src_end]."""

    start: int
    end: int
    src: str
    src_start: int
    src_end: int


@dataclass
class Doc:
    id: str
    text: str
    published: str | None
    kind: str  # original / one of TYPES
    family: str  # planted near-duplicate family (truth group)
    base: str | None  # the source article a copy was made from
    story: str
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Truth:
    p: str
    q: str
    ps: int
    pe: int
    qs: int
    qe: int
    words: int


# ---------------------------------------------------------------------------------------------
# Building the corpus


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:(?!\n\s*\n).)*", text, re.S)]


def assemble(parts: Sequence[tuple[str, str | None, int, int]]) -> tuple[str, list[Piece]]:
    """Join (text, src, src_start, src_end) paragraphs with blank lines; keep provenance."""
    out: list[str] = []
    pieces: list[Piece] = []
    pos = 0
    for i, (txt, src, s0, s1) in enumerate(parts):
        if i:
            out.append("\n\n")
            pos += 2
        if src is not None:
            pieces.append(Piece(pos, pos + len(txt), src, s0, s1))
        out.append(txt)
        pos += len(txt)
    return "".join(out), pieces


def later(day: str | None, rng: random.Random) -> str | None:
    """A copy's date: usually 1-3 days after the source, sometimes the same day or none."""
    roll = rng.random()
    if day is None or roll < 0.1:
        return None
    if roll < 0.2:
        return day
    return (date.fromisoformat(day) + timedelta(days=rng.randint(1, 3))).isoformat()


def trim(src: Doc, rng: random.Random) -> list[tuple[str, str | None, int, int]]:
    """A contiguous stretch of 55-85% of the text (snapped outwards to sentence ends)."""
    text = src.text
    n = len(text)
    keep = rng.uniform(0.55, 0.85)
    mode = rng.choice(("head", "tail", "both"))
    cut = (1 - keep) * n
    start_target = cut if mode == "head" else cut / 2 if mode == "both" else 0
    starts = [s for s, _ in paragraphs(text)] + [m.end() for m in re.finditer(r"[.!?]\s+", text)]
    start = max((s for s in starts if s <= start_target), default=0)
    end_target = min(n, start + keep * n)
    ends = [e for _, e in paragraphs(text)] + [m.start() + 1 for m in re.finditer(r"[.!?]\s", text)]
    end = min((e for e in ends if e >= end_target), default=n)
    return [(text[start:end], src.id, start, end)]


def boilerplate(src: Doc, rng: random.Random) -> list[tuple[str, str | None, int, int]]:
    site = rng.choice(SITES)
    year = (src.published or "2020")[:4]
    head = rng.choice(HEADERS).format(site=site)
    foot = rng.choice(FOOTERS).format(site=site, year=year)
    return [(head, None, 0, 0), (src.text, src.id, 0, len(src.text)), (foot, None, 0, 0)]


def edit_words(txt: str, vocab: Sequence[str], rng: random.Random) -> str:
    out: list[str] = []
    for w in txt.split(" "):
        roll = rng.random()
        if roll < 0.025:
            out.append(rng.choice(vocab))
        elif roll < 0.04:
            continue
        elif roll < 0.06:
            out.extend((w, rng.choice(vocab)))
        elif roll < 0.08 and len(w) > 3:
            k = rng.randrange(len(w) - 1)
            out.append(w[:k] + w[k + 1] + w[k] + w[k + 2 :])
        else:
            out.append(w)
    return " ".join(out)


def ocr_noise(txt: str, rng: random.Random, rate: float = 0.03) -> str:
    out: list[str] = []
    for ch in txt:
        if ch == "\n" or rng.random() >= rate:
            out.append(ch)
            continue
        roll = rng.random()
        if roll < 0.6:
            out.append(LOOKALIKE.get(ch) or rng.choice("abcdefghijklmnopqrstuvwxyz.,' "))
        elif roll < 0.8:
            continue
        else:
            out.append(ch + rng.choice("abcdefghijklmnopqrstuvwxyz.,' "))
    return "".join(out)


def per_paragraph(
    src: Doc, change: Any, order: Sequence[int] | None = None
) -> list[tuple[str, str | None, int, int]]:
    paras = paragraphs(src.text)
    idx = list(order) if order is not None else list(range(len(paras)))
    return [
        (change(src.text[paras[i][0] : paras[i][1]]), src.id, paras[i][0], paras[i][1]) for i in idx
    ]


def make_copy(src: Doc, kind: str, vocab: Sequence[str], rng: random.Random) -> Doc | None:
    if kind == "trim":
        parts = trim(src, rng)
    elif kind == "boilerplate":
        parts = boilerplate(src, rng)
    elif kind == "word_edits":
        parts = per_paragraph(src, lambda t: edit_words(t, vocab, rng))
    elif kind == "ocr":
        parts = per_paragraph(src, lambda t: ocr_noise(t, rng))
    else:
        n = len(paragraphs(src.text))
        if n < 2:
            return None
        order = list(range(n))
        while order == sorted(order):
            rng.shuffle(order)
        parts = per_paragraph(src, lambda t: t, order)
    text, pieces = assemble(parts)
    return Doc(
        f"{src.id}~{kind}",
        text,
        later(src.published, rng),
        kind,
        src.family,
        src.id,
        src.story,
        pieces,
    )


def make_splice(src: Doc, host: Doc, rng: random.Random) -> Doc | None:
    paras = paragraphs(src.text)
    total = len(src.text.split())
    options = []
    for size in (2, 3):
        for first in range(len(paras) - size + 1):
            chunk = src.text[paras[first][0] : paras[first + size - 1][1]]
            if MIN_WORDS <= len(chunk.split()) <= 0.6 * total:
                options.append((first, size))
    if not options:
        return None
    first, size = rng.choice(options)
    wire = [(src.text[s:e], src.id, s, e) for s, e in paras[first : first + size]]
    hparas = [(host.text[s:e], host.id, s, e) for s, e in paragraphs(host.text)]
    at = rng.randint(0, len(hparas))
    parts: list[tuple[str, str | None, int, int]] = [*hparas[:at], *wire, *hparas[at:]]
    text, pieces = assemble(parts)
    sid = f"{host.id}+{src.id}"
    return Doc(sid, text, later(src.published, rng), "splice", sid, src.id, host.story, pieces)


def load(name: str) -> list[Doc]:
    docs = []
    for line in (DATA / SETS[name]).read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        text = r["text"].strip()
        docs.append(Doc(r["id"], text, r["date"], "original", r["id"], None, r["story"]))
        docs[-1].pieces = [Piece(0, len(text), r["id"], 0, len(text))]
    return docs


def overlapping_sources(docs: Sequence[Doc]) -> list[tuple[Doc, Doc]]:
    """Pairs of source articles that are near-duplicates by an exact word alignment (difflib)
    independent of newsprism: matching runs of 3+ words cover >= 0.8 of the shorter and
    >= 0.5 of the longer. Only pairs sharing a word 8-gram are compared."""
    words = [re.findall(r"\w+", d.text.lower()) for d in docs]
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for n, ws in enumerate(words):
        for i in range(len(ws) - 7):
            index[tuple(ws[i : i + 8])].add(n)
    pairs = {(x, y) for ids in index.values() if len(ids) < 20 for x in ids for y in ids if x < y}
    out = []
    for x, y in sorted(pairs):
        blocks = SequenceMatcher(None, words[x], words[y], autojunk=False).get_matching_blocks()
        same = sum(b.size for b in blocks if b.size >= 3)
        short, long_ = sorted((len(words[x]), len(words[y])))
        if same >= 0.8 * short and same >= 0.5 * long_:
            out.append((docs[x], docs[y]))
    return out


def build(name: str, hosts: int, splices: int) -> list[Doc]:
    rng = random.Random(f"{SEED}-{name}")
    sources = load(name)
    rng.shuffle(sources)
    host_pool, originals = sources[:hosts], sources[hosts:]
    # Originals that are near-duplicates of each other form one family (AllSides reuses a few
    # excerpts, and some outlets' excerpts are mostly one shared quote or wire text).
    for a, b in overlapping_sources(originals):
        fa, fb = a.family, b.family
        for d in originals:
            if d.family == fb:
                d.family = fa
    vocab = sorted({w for d in originals for w in d.text.split() if w.isalpha()})
    docs = list(originals)
    kinds = list(EDITS)
    for n, src in enumerate(originals):
        wanted = [kinds[n % len(kinds)]]
        if n % 3 == 0:
            wanted.append(kinds[(n + 2) % len(kinds)])
        for kind in wanted:
            copy = make_copy(src, kind, vocab, rng) or make_copy(src, "trim", vocab, rng)
            if copy is not None and copy.id not in {d.id for d in docs[-3:]}:
                docs.append(copy)
    made = 0
    wires = [d for d in originals if len(paragraphs(d.text)) >= 3]
    rng.shuffle(wires)
    for src in wires:
        if made >= splices or not host_pool:
            break
        host = next((h for h in host_pool if h.story != src.story), None)
        if host is None:
            break
        spliced = make_splice(src, host, rng)
        if spliced is not None:
            host_pool.remove(host)
            docs.append(spliced)
            made += 1
    return docs


# ---------------------------------------------------------------------------------------------
# Truth


def _map(p: Piece, lo: int, hi: int) -> tuple[int, int]:
    scale = (p.end - p.start) / max(1, p.src_end - p.src_start)
    return p.start + round((lo - p.src_start) * scale), p.start + round((hi - p.src_start) * scale)


def truth_passages(docs: Sequence[Doc]) -> dict[tuple[str, str], list[Truth]]:
    by_src: dict[str, list[tuple[Doc, Piece]]] = defaultdict(list)
    for d in docs:
        for p in d.pieces:
            by_src[p.src].append((d, p))
    raw: dict[tuple[str, str], list[tuple[int, int, int, int, str, int, int]]] = defaultdict(list)
    for src, items in by_src.items():
        for x in range(len(items)):
            for y in range(x + 1, len(items)):
                (dp, pp), (dq, pq) = items[x], items[y]
                if dp.id == dq.id:
                    continue
                lo, hi = max(pp.src_start, pq.src_start), min(pp.src_end, pq.src_end)
                if hi <= lo:
                    continue
                if dp.id > dq.id:
                    (dp, pp), (dq, pq) = (dq, pq), (dp, pp)
                ps, pe = _map(pp, lo, hi)
                qs, qe = _map(pq, lo, hi)
                raw[(dp.id, dq.id)].append((ps, pe, qs, qe, src, lo, hi))
    text = {d.id: d.text for d in docs}
    out: dict[tuple[str, str], list[Truth]] = {}
    for (pid, qid), parts in raw.items():
        parts.sort()
        merged: list[list[Any]] = []
        for ps, pe, qs, qe, src, lo, hi in parts:
            last = merged[-1] if merged else None
            if (
                last is not None
                and last[4] == src
                and 0 <= lo - last[6] <= 3
                and 0 <= ps - last[1] <= 3
                and 0 <= qs - last[3] <= 3
            ):
                last[1], last[3], last[6] = pe, qe, hi
            else:
                merged.append([ps, pe, qs, qe, src, lo, hi])
        out[(pid, qid)] = [
            Truth(
                pid,
                qid,
                m[0],
                m[1],
                m[2],
                m[3],
                min(len(text[pid][m[0] : m[1]].split()), len(text[qid][m[2] : m[3]].split())),
            )
            for m in merged
        ]
    return out


# ---------------------------------------------------------------------------------------------
# Scoring

Span4 = tuple[str, str, int, int, int, int]


def overlap(s0: int, e0: int, s1: int, e1: int) -> int:
    return max(0, min(e0, e1) - max(s0, s1))


def covered(s: int, e: int, spans: Iterable[tuple[int, int]]) -> int:
    total, end = 0, s
    for a, b in sorted(spans):
        a, b = max(a, end), min(b, e)
        if b > a:
            total += b - a
            end = b
    return total


def score(
    docs: Sequence[Doc],
    truth: dict[tuple[str, str], list[Truth]],
    links: Sequence[Span4],
    groups: Sequence[Sequence[str]],
    verify: bool,
) -> dict[str, Any]:
    by_id = {d.id: d for d in docs}
    by_pair: dict[tuple[str, str], list[Span4]] = defaultdict(list)
    for link in links:
        by_pair[(link[0], link[1])].append(link)
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (p, q), passages in truth.items():
        dp, dq = by_id[p], by_id[q]
        if dq.base == p:
            kind = dq.kind
        elif dp.base == q:
            kind = dp.kind
        elif dp.base is not None and dp.base == dq.base:
            kind = "copy_vs_copy"
        else:
            continue
        for t in passages:
            if t.words < MIN_WORDS:
                continue
            hit = any(
                overlap(t.ps, t.pe, x[2], x[3]) >= 0.5 * (t.pe - t.ps)
                and overlap(t.qs, t.qe, x[4], x[5]) >= 0.5 * (t.qe - t.qs)
                for x in by_pair.get((p, q), ())
            )
            found[kind][0] += hit
            found[kind][1] += 1
    planted = verified = on_pairs = 0
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for link in links:
        p, q, ps, pe, qs, qe = link
        ts = truth.get((p, q), [])
        ok = covered(ps, pe, [(t.ps, t.pe) for t in ts]) >= 0.5 * (pe - ps) and covered(
            qs, qe, [(t.qs, t.qe) for t in ts]
        ) >= 0.5 * (qe - qs)
        real = False
        on_pairs += bool(ts)
        if ok:
            planted += 1
        elif verify:
            wa = by_id[p].text[ps:pe].lower().split()
            wb = by_id[q].text[qs:qe].lower().split()
            real = SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= 0.5
            verified += real
        touched = {by_id[p].kind, by_id[q].kind} - {"original"}
        for kind in touched or {"original"}:
            per_type[kind][0] += ok
            per_type[kind][1] += real
            per_type[kind][2] += 1
    n = len(links)
    label = {}
    for g, members in enumerate(groups):
        for m in members:
            label[m] = f"g{g}"
    ari = adjusted_rand_score([d.family for d in docs], [label.get(d.id, d.id) for d in docs])
    return {
        "recall": {k: round(v[0] / v[1], 4) for k, v in sorted(found.items()) if v[1]},
        "truth_passages": {k: v[1] for k, v in sorted(found.items())},
        "links": n,
        "planted_links": planted,
        "verified_unplanted_links": verified if verify else None,
        "false_links": n - planted - verified if verify else None,
        "precision_strict": round(planted / n, 4) if n else None,
        "precision": round((planted + verified) / n, 4) if n and verify else None,
        "links_on_planted_pairs": on_pairs,
        "precision_on_planted_pairs": round(planted / on_pairs, 4) if on_pairs else None,
        "precision_by_type": {
            k: {
                "links": v[2],
                "strict": round(v[0] / v[2], 4),
                "verified": round((v[0] + v[1]) / v[2], 4) if verify else None,
            }
            for k, v in sorted(per_type.items())
            if v[2]
        },
        "ari": round(float(ari), 4),
    }


def direction_accuracy(docs: Sequence[Doc], links: Sequence[ReuseLink]) -> dict[str, Any]:
    """Over links between a source and its own copy: is the direction what the dates say?"""
    by_id = {d.id: d for d in docs}
    right = total = 0
    for link in links:
        da, db = by_id[link.a.article_id], by_id[link.b.article_id]
        if db.base == da.id:
            src, copy, forward = da, db, "a_to_b"
        elif da.base == db.id:
            src, copy, forward = db, da, "b_to_a"
        else:
            continue
        if src.published and copy.published and src.published != copy.published:
            expected = forward
        else:
            expected = "unknown"
        right += link.direction == expected
        total += 1
    return {"links": total, "accuracy": round(right / total, 4) if total else None}


# ---------------------------------------------------------------------------------------------
# Runs


@dataclass
class Timing:
    """Best of the timed runs: wall-clock and CPU (process) seconds."""

    wall: float = float("inf")
    cpu: float = float("inf")

    def add(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = min(self.wall, wall), min(self.cpu, cpu)

    def report(self, docs: int) -> dict[str, float]:
        return {
            "seconds": round(self.wall, 3),
            "cpu_seconds": round(self.cpu, 3),
            "docs_per_s": round(docs / self.wall, 1),
            "docs_per_cpu_s": round(docs / self.cpu, 1),
        }


def run_newsprism(docs: Sequence[Doc], config: ReuseConfig, repeat: int) -> tuple[Any, Timing]:
    """find_reuse over the documents, timed ``repeat`` times."""
    arts = [
        Article(id=d.id, source=d.id, outlet="bench", text=d.text, published=d.published)
        for d in docs
    ]
    timing = Timing()
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = find_reuse(arts, config)
        timing.add(time.perf_counter() - t0, time.process_time() - c0)
    return result, timing


def run_datasketch(docs: Sequence[Doc], repeat: int) -> tuple[list[tuple[str, str]], Timing]:
    """datasketch MinHashLSH candidate pairs, timed ``repeat`` times."""
    timing = Timing()
    pairs: list[tuple[str, str]] = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        pairs = datasketch_pairs(docs)
        timing.add(time.perf_counter() - t0, time.process_time() - c0)
    return pairs, timing


def datasketch_pairs(docs: Sequence[Doc]) -> list[tuple[str, str]]:
    """The peer: word 5-gram shingles, MinHash (128 permutations), MinHashLSH at 0.5."""
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs = []
    for d in docs:
        words = d.text.lower().split()
        m = MinHash(num_perm=128)
        for i in range(max(1, len(words) - 4)):
            m.update(" ".join(words[i : i + 5]).encode("utf-8"))
        lsh.insert(d.id, m)
        sigs.append((d.id, m))
    pairs: set[tuple[str, str]] = set()
    for did, m in sigs:
        for other in lsh.query(m):
            if other != did:
                pairs.add((min(did, other), max(did, other)))
    return sorted(pairs)


def components(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        groups[root(x)].append(x)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def run_dask(docs: Sequence[Doc], config: ReuseConfig, expected: Any) -> dict[str, Any]:
    """The same documents through ``--engine dask`` (a 2-worker LocalCluster) over Parquet
    shards: links and near-duplicate groups must equal ``find_reuse``'s, and the stories of
    the Dask engine those of the local one."""
    import tempfile

    from newsprism import open_store
    from newsprism.engine import LocalEngine, corpus_reuse, corpus_stories, open_engine
    from newsprism.store.parquet import write_shards

    arts = [
        Article(id=d.id, source=d.id, outlet="bench", text=d.text, published=d.published)
        for d in docs
    ]
    with tempfile.TemporaryDirectory() as tmp, open_store(None) as store:
        store.add_articles(arts)
        shards = write_shards(store, Path(tmp), rows=max(1, len(arts) // 4 + 1))
        t0 = time.perf_counter()
        with open_engine("dask", workers=2) as eng:
            remote = corpus_reuse(shards, eng, config)
            remote_stories, _ = corpus_stories(shards, eng)
        seconds = time.perf_counter() - t0
        local_stories, _ = corpus_stories(shards, LocalEngine())
    return {
        "shards": len(shards),
        "links": len(remote.links),
        "links_identical": remote.links == expected.links,
        "groups_identical": remote.groups == expected.groups,
        "stories": len(set(remote_stories.labels().values())),
        "stories_identical": remote_stories.labels() == local_stories.labels(),
        "seconds": round(seconds, 1),
    }


def evaluate(
    name: str, peer: bool, config: ReuseConfig, repeat: int = 3, dask: bool = False
) -> dict[str, Any]:
    hosts, splices = (60, 60) if name == "basil" else (200, 150)
    docs = build(name, hosts, splices)
    truth = truth_passages(docs)
    kinds: dict[str, int] = defaultdict(int)
    for d in docs:
        kinds[d.kind] += 1
    result, timing = run_newsprism(docs, config, repeat)
    ours: list[Span4] = [
        (x.a.article_id, x.b.article_id, x.a.start, x.a.end, x.b.start, x.b.end)
        for x in result.links
    ]
    res: dict[str, Any] = {
        "set": name,
        "role": "tuning" if name == TUNED_ON else "held out",
        "docs": len(docs),
        "doc_kinds": dict(kinds),
        "newsprism": {
            **score(docs, truth, ours, result.groups, verify=True),
            **timing.report(len(docs)),
            "direction": direction_accuracy(docs, result.links),
            "stats": asdict(result.stats),
        },
    }
    if peer:
        pairs, ptiming = run_datasketch(docs, repeat)
        ln = {d.id: len(d.text) for d in docs}
        theirs: list[Span4] = [(a, b, 0, ln[a], 0, ln[b]) for a, b in pairs]
        res["datasketch"] = {
            **score(docs, truth, theirs, components(pairs), verify=False),
            **ptiming.report(len(docs)),
        }
        res["speed_ratio"] = round(ptiming.wall / timing.wall, 2)
        res["speed_ratio_cpu"] = round(ptiming.cpu / timing.cpu, 2)
    if dask:
        res["dask"] = run_dask(docs, config, result)
    return res


SHORT_LENGTHS = (16, 20, 28, 36)
SHORT_TRIALS = 150


def short_passages(config: ReuseConfig) -> dict[str, Any]:
    """How short a shared passage can be and still be found on its own: a stretch of L words
    from one BASIL article is pasted at random places into two other, unrelated BASIL
    articles (different stories), and the pair is searched alone. Found: a link covers at
    least half of the passage in both. datasketch: the pair is a candidate at all."""
    docs = [d for d in load("basil") if len(d.text.split()) > 150]
    rng = random.Random(f"{SEED}-short")
    out: dict[str, Any] = {"trials": SHORT_TRIALS, "lengths": {}}
    for length in SHORT_LENGTHS:
        ours = theirs = 0
        for _ in range(SHORT_TRIALS):
            while True:
                a, b, src = rng.sample(docs, 3)
                if len({a.story, b.story, src.story}) == 3:
                    break
            words = src.text.split()
            start = rng.randrange(0, len(words) - length)
            passage = " ".join(words[start : start + length])
            pair = []
            for host in (a, b):
                hw = host.text.split()
                at = rng.randrange(20, len(hw) - 20)
                before = " ".join(hw[:at]) + " "
                text = before + passage + " " + " ".join(hw[at:])
                pair.append((text, len(before), len(before) + len(passage)))
            arts = [
                Article(id=f"x{n}", source=f"x{n}", outlet="bench", text=t)
                for n, (t, _, _) in enumerate(pair)
            ]
            (_, s0, e0), (_, s1, e1) = pair
            found = find_reuse(arts, config).links
            ours += any(
                overlap(s0, e0, x.a.start, x.a.end) >= 0.5 * (e0 - s0)
                and overlap(s1, e1, x.b.start, x.b.end) >= 0.5 * (e1 - s1)
                for x in found
            )
            peers = [
                Doc(f"x{n}", t, None, "original", f"x{n}", None, "s")
                for n, (t, _, _) in enumerate(pair)
            ]
            theirs += bool(datasketch_pairs(peers))
        out["lengths"][str(length)] = {
            "newsprism": round(ours / SHORT_TRIALS, 3),
            "datasketch": round(theirs / SHORT_TRIALS, 3),
        }
    return out


def fmt(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.3f}" if x < 10 else f"{x:.0f}"
    return str(x)


def show(res: dict[str, Any]) -> None:
    ours, peer = res["newsprism"], res.get("datasketch", {})
    print(f"\n== {res['set']} ({res['role']}): {res['docs']} documents {res['doc_kinds']}")
    print(f"  {'':28}{'truth':>7}{'newsprism':>11}{'datasketch':>12}")
    for kind in (*TYPES, "copy_vs_copy"):
        if kind in ours["truth_passages"]:
            print(
                f"  {'recall ' + kind:28}{ours['truth_passages'][kind]:>7}"
                f"{fmt(ours['recall'].get(kind)):>11}{fmt(peer.get('recall', {}).get(kind)):>12}"
            )
    rows = [
        ("links", "links"),
        ("precision (strict, planted)", "precision_strict"),
        ("precision (+ verified real)", "precision"),
        ("precision, planted pairs", "precision_on_planted_pairs"),
        ("ARI near-duplicate groups", "ari"),
        ("docs/s (best wall-clock)", "docs_per_s"),
        ("docs per CPU-second", "docs_per_cpu_s"),
    ]
    for label, key in rows:
        print(f"  {label:28}{'':>7}{fmt(ours.get(key)):>11}{fmt(peer.get(key)):>12}")
    print("  precision of the links touching each kind of document (strict / + verified):")
    for kind, v in ours["precision_by_type"].items():
        print(f"    {kind:26}{v['links']:>7} links  {fmt(v['strict'])} / {fmt(v['verified'])}")
    print(
        f"  unplanted links verified as real shared text: {ours['verified_unplanted_links']},"
        f" false: {ours['false_links']}; direction accuracy {ours['direction']}"
    )
    if "speed_ratio" in res:
        print(
            f"  speed ratio newsprism / datasketch: {res['speed_ratio']}x wall-clock,"
            f" {res['speed_ratio_cpu']}x CPU"
        )


def goals(res: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """The targets, checked on one set: (goal, measured, met)."""
    ours = res["newsprism"]
    splice = ours["precision_by_type"].get("splice", {})
    checks = [
        ("ARI >= 0.92", fmt(ours["ari"]), ours["ari"] >= 0.92),
        (
            "splice recall >= 0.90 at precision >= 0.95",
            f"recall {fmt(ours['recall'].get('splice'))}, precision of splice links"
            f" {fmt(splice.get('verified'))} verified / {fmt(splice.get('strict'))} strict",
            ours["recall"].get("splice", 0) >= 0.9 and (splice.get("verified") or 0) >= 0.95,
        ),
        ("OCR-noise recall >= 0.8", fmt(ours["recall"].get("ocr")), ours["recall"]["ocr"] >= 0.8),
    ]
    if "speed_ratio" in res:
        checks.append(
            (
                ">= 3x datasketch docs/s",
                f"{res['speed_ratio']}x wall-clock, {res['speed_ratio_cpu']}x CPU",
                res["speed_ratio"] >= 3,
            )
        )
    return checks


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=[*SETS, "all"], default="all")
    ap.add_argument("--no-peer", action="store_true", help="skip the datasketch run")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs; the best one counts")
    ap.add_argument(
        "--dask",
        action="store_true",
        help="also run the corpus through --engine dask (2-worker LocalCluster) and check that "
        "links, groups and stories are identical",
    )
    args = ap.parse_args()
    for name in SETS:
        if not (DATA / SETS[name]).exists():
            print(
                f"{DATA / SETS[name]} not found: the data lives in ../shared/data", file=sys.stderr
            )
            return 2
    config = ReuseConfig()
    names = list(SETS) if args.set == "all" else [args.set]
    results = [evaluate(name, not args.no_peer, config, args.repeat, args.dask) for name in names]
    for res in results:
        show(res)
        if "dask" in res:
            print(f"  --engine dask (2-worker LocalCluster, {res['dask']['shards']} shards): "
                  f"links identical {res['dask']['links_identical']}, groups identical "
                  f"{res['dask']['groups_identical']}, stories identical "
                  f"{res['dask']['stories_identical']} ({res['dask']['links']} links, "
                  f"{res['dask']['stories']} stories, {res['dask']['seconds']} s)")  # fmt: skip
    short = short_passages(config)
    print(
        f"\nshort shared passages alone (BASIL hosts, {short['trials']} pairs per length): found"
        " by newsprism / candidate for datasketch"
    )
    for length, v in short["lengths"].items():
        print(f"  {length:>3} words  {v['newsprism']:.3f} / {v['datasketch']:.3f}")
    print(f"\nparameters tuned on {TUNED_ON}; the other set is held out. config: {config}")
    combined: dict[str, Any] = {}
    if len(results) > 1 and all("datasketch" in r for r in results):
        docs = sum(r["docs"] for r in results)
        ours = sum(r["newsprism"]["seconds"] for r in results)
        theirs = sum(r["datasketch"]["seconds"] for r in results)
        combined = {
            "docs": docs,
            "newsprism_docs_per_s": round(docs / ours, 1),
            "datasketch_docs_per_s": round(docs / theirs, 1),
            "speed_ratio": round(theirs / ours, 2),
        }
        print(
            f"both sets ({docs} documents): newsprism {docs / ours:.0f} docs/s, datasketch"
            f" {docs / theirs:.0f} docs/s (best wall-clock), ratio {theirs / ours:.2f}x"
        )
    for res in results:
        print(f"goals on {res['set']} ({res['role']}):")
        res["goals"] = [{"goal": g, "measured": m, "met": ok} for g, m, ok in goals(res)]
        for g, m, ok in goals(res):
            print(f"  [{'met' if ok else 'MISSED'}] {g}: {m}")
    if args.set == "all" and not args.no_peer:
        out = ROOT / "benchmarks" / "results" / "reuse.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "config": asdict(config),
            "tuned_on": TUNED_ON,
            "seed": SEED,
            "sets": results,
            "both_sets": combined,
            "short_passages": short,
        }
        out.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
