"""Compare the articles of one story: align their sentences, group shared passages.

Each pair of articles is aligned sentence by sentence; a pair of sentences is

* ``verbatim`` when their word sequences are equal (quote marks, case, dashes and dotted
  abbreviations folded);
* ``near`` when one is the other with small edits: most of the shorter sentence lies in
  common runs of words and there are few edit operations ("... in Moscow" / "... in Moscow on
  Tuesday");
* ``paraphrase`` when the multilingual sentence embeddings are close **and** there is lexical
  evidence (shared content words) **and** their facts agree (the same numbers, compatible
  names), so that same-topic sentences with different facts are not called paraphrases.

Links are assigned one-to-one per pair of articles (best first), joined across articles
into passages, and consecutive passages that continue in every article are merged. What is
left in each article is its unique material. An input that shares nothing with the others is
reported as unrelated instead of being forced into the story.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsprism.embed import Embedder, use_embedder
from newsprism.model import Article, Comparison, Drop, Passage, PassageKind, Sentence, Span
from newsprism.settings import AlignConfig
from newsprism.text import content_words, numbers, sentence_spans, tokens

log = logging.getLogger(__name__)

_RANK: dict[PassageKind, int] = {"verbatim": 3, "near": 2, "paraphrase": 1}
# Bounds that keep hostile input (a 1 MB "sentence") from quadratic work: longer sentences
# are still matched verbatim, but not edit-aligned, and only their start is embedded.
_MAX_NEAR_TOKENS = 400
_MAX_EMBED_CHARS = 2000


@dataclass(frozen=True, slots=True)
class _Sent:
    sent: Sentence
    lang: str | None
    toks: tuple[str, ...]
    content: frozenset[str]
    nums: frozenset[str]
    names: frozenset[str]


@dataclass(frozen=True, slots=True)
class Link:
    """Two aligned sentences of two articles (by global sentence number)."""

    a: int
    b: int
    kind: PassageKind
    score: float


def sentences(article: Article) -> list[Sentence]:
    """The article's sentences with offsets into its text."""
    return [
        Sentence(article.id, i, s, e, article.text[s:e])
        for i, (s, e) in enumerate(sentence_spans(article.text))
    ]


def _names(text: str) -> frozenset[str]:
    """Capitalised words that are not the first word: a cheap stand-in for named entities."""
    words = text.split()
    out = set()
    for w in words[1:]:
        w = w.strip("\"'“”‘’«»()[],.;:!?")
        if len(w) > 1 and w[0].isupper():
            out.update(tokens(w))
    return frozenset(out)


def _prepare(article: Article) -> list[_Sent]:
    out = []
    for s in sentences(article):
        out.append(
            _Sent(
                sent=s,
                lang=article.lang,
                toks=tuple(tokens(s.text)),
                content=frozenset(content_words(s.text)),
                nums=frozenset(numbers(s.text)),
                names=_names(s.text),
            )
        )
    return out


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _swaps_content(x: _Sent, y: _Sent, ops: Sequence[tuple[str, int, int, int, int]]) -> bool:
    """Whether an edit replaces a content word of ``x`` by another content word of ``y``
    ("immoral" / "unpatriotic"), not a form of the same word or a function word ("say" /
    "said", "they are" / "they're")."""
    only_x, only_y = x.content - y.content, y.content - x.content
    return any(
        tag == "replace" and only_x & set(x.toks[i1:i2]) and only_y & set(y.toks[j1:j2])
        for tag, i1, i2, j1, j2 in ops
    )


def classify_pair(
    x: _Sent, y: _Sent, cosine: float, config: AlignConfig
) -> tuple[PassageKind, float] | None:
    """How two sentences relate, with a score in [0, 1]; None when they are not aligned."""
    if x.toks == y.toks:
        return "verbatim", 1.0
    overlap = _dice(x.content, y.content)
    cross = x.lang is not None and y.lang is not None and x.lang != y.lang
    if overlap >= 0.2 and max(len(x.toks), len(y.toks)) <= _MAX_NEAR_TOKENS:
        sm = difflib.SequenceMatcher(None, x.toks, y.toks, autojunk=False)
        matched = sum(b.size for b in sm.get_matching_blocks())
        short, long_ = sorted((len(x.toks), len(y.toks)))
        ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
        if (
            matched >= config.near_min_coverage * short
            and matched >= config.near_min_coverage_longer * long_
            and len(ops) <= 1 + short // 12
            and (short >= config.near_min_words_substituted or not _swaps_content(x, y, ops))
        ):
            return "near", 2 * matched / (len(x.toks) + len(y.toks))
    facts_agree = (not x.nums or not y.nums or x.nums == y.nums) and (
        cross or not x.names or not y.names or _dice(x.names, y.names) >= 0.3
    )
    if not facts_agree:
        return None
    if cross:
        if cosine >= config.cross_lingual_min_cosine:
            return "paraphrase", cosine
        return None
    if cosine >= config.paraphrase_min_cosine and overlap >= config.paraphrase_min_overlap:
        return "paraphrase", cosine
    return None


def align(prepared: Sequence[list[_Sent]], vectors: np.ndarray, config: AlignConfig) -> list[Link]:
    """One-to-one sentence links between every pair of articles."""
    offsets = np.cumsum([0] + [len(p) for p in prepared])
    links: list[Link] = []
    for i in range(len(prepared)):
        for j in range(i + 1, len(prepared)):
            xi, yj = prepared[i], prepared[j]
            if not xi or not yj:
                continue
            sims = vectors[offsets[i] : offsets[i + 1]] @ vectors[offsets[j] : offsets[j + 1]].T
            cands: list[tuple[int, float, int, int, PassageKind]] = []
            for a, x in enumerate(xi):
                if len(x.toks) < config.min_words:
                    continue
                for b, y in enumerate(yj):
                    if len(y.toks) < config.min_words:
                        continue
                    found = classify_pair(x, y, float(sims[a, b]), config)
                    if found is not None:
                        cands.append((_RANK[found[0]], found[1], a, b, found[0]))
            cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
            used_a: set[int] = set()
            used_b: set[int] = set()
            for _, score, a, b, kind in cands:
                if a in used_a or b in used_b:
                    continue
                used_a.add(a)
                used_b.add(b)
                links.append(Link(int(offsets[i]) + a, int(offsets[j]) + b, kind, score))
    return links


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(slots=True)
class _Group:
    members: list[Sentence]
    kind: PassageKind
    scores: list[float]


def _groups(flat: list[Sentence], links: list[Link]) -> list[_Group]:
    uf = _UnionFind(len(flat))
    for link in links:
        uf.union(link.a, link.b)
    comp: dict[int, _Group] = {}
    for link in links:
        root = uf.find(link.a)
        g = comp.get(root)
        if g is None:
            comp[root] = _Group([], link.kind, [link.score])
        else:
            g.scores.append(link.score)
            if _RANK[link.kind] < _RANK[g.kind]:
                g.kind = link.kind
    for idx, s in enumerate(flat):
        g = comp.get(uf.find(idx))
        if g is not None:
            g.members.append(s)
    return list(comp.values())


def _merge_runs(groups: list[_Group], order: dict[str, int]) -> list[_Group]:
    """Merge a group into the previous one when it continues it in every article."""

    def key(g: _Group) -> tuple[int, int]:
        first = min(g.members, key=lambda s: (order[s.article], s.index))
        return order[first.article], first.index

    groups = sorted(groups, key=key)
    out: list[_Group] = []
    for g in groups:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == g.kind and _continues(prev, g):
            prev.members.extend(g.members)
            prev.scores.extend(g.scores)
        else:
            out.append(_Group(list(g.members), g.kind, list(g.scores)))
    return out


def _continues(prev: _Group, nxt: _Group) -> bool:
    last: dict[str, int] = {}
    for s in prev.members:
        last[s.article] = max(last.get(s.article, -1), s.index)
    first: dict[str, int] = {}
    for s in nxt.members:
        first[s.article] = min(first.get(s.article, 1 << 30), s.index)
    return set(last) == set(first) and all(first[a] == last[a] + 1 for a in last)


def _span(article: Article, start: int, end: int) -> Span:
    return Span(article.id, start, end, article.text[start:end])


def _max_doc_cosine(prepared: Sequence[list[_Sent]], vectors: np.ndarray) -> list[float]:
    """For each article, the highest cosine of its document vector with another article's
    (a document vector is the normalised mean of its sentence vectors)."""
    if len(prepared) < 2:
        return [0.0] * len(prepared)
    docs = np.zeros((len(prepared), vectors.shape[1]), dtype=np.float32)
    pos = 0
    for i, p in enumerate(prepared):
        if p:
            v = vectors[pos : pos + len(p)].mean(axis=0)
            docs[i] = v / (np.linalg.norm(v) or 1.0)
        pos += len(p)
    sims = docs @ docs.T
    np.fill_diagonal(sims, -1.0)
    return [float(x) for x in sims.max(axis=1)]


def _unique_spans(
    article: Article, sents: list[Sentence], covered: set[tuple[str, int]]
) -> list[Span]:
    """Runs of consecutive sentences that no passage covers."""
    out: list[Span] = []
    run: list[Sentence] = []
    for s in sents:
        if (article.id, s.index) not in covered:
            run.append(s)
        elif run:
            out.append(_span(article, run[0].start, run[-1].end))
            run = []
    if run:
        out.append(_span(article, run[0].start, run[-1].end))
    return out


def _related(
    arts: Sequence[Article],
    prepared: Sequence[list[_Sent]],
    vectors: np.ndarray,
    flat: list[Sentence],
    links: list[Link],
    config: AlignConfig,
) -> set[str]:
    """The articles that share a verbatim or near passage with another, enough paraphrases,
    or a close enough whole-text meaning: the rest are unrelated to the story."""
    strong: dict[str, int] = {a.id: 0 for a in arts}
    weak: dict[str, int] = {a.id: 0 for a in arts}
    for link in links:
        for node in (link.a, link.b):
            target = weak if link.kind == "paraphrase" else strong
            target[flat[node].article] += 1
    doc_cos = _max_doc_cosine(prepared, vectors)
    return {
        a.id
        for i, a in enumerate(arts)
        if strong[a.id] > 0
        or weak[a.id] >= config.related_min_paraphrases
        or doc_cos[i] >= config.related_min_doc_cosine
    }


def _passages(
    arts: Sequence[Article], flat: list[Sentence], links: list[Link]
) -> tuple[list[Passage], set[tuple[str, int]]]:
    """The shared passages (sentence groups merged into runs), and which sentences of which
    article they cover."""
    by_id = {a.id: a for a in arts}
    order = {a.id: i for i, a in enumerate(arts)}
    passages: list[Passage] = []
    covered: set[tuple[str, int]] = set()
    for g in _merge_runs(_groups(flat, links), order):
        spans = []
        for art_id in sorted({s.article for s in g.members}, key=order.__getitem__):
            mine = [s for s in g.members if s.article == art_id]
            covered.update((art_id, s.index) for s in mine)
            spans.append(_span(by_id[art_id], min(s.start for s in mine), max(s.end for s in mine)))
        passages.append(Passage(g.kind, float(np.mean(g.scores)), tuple(spans)))
    return passages, covered


def compare(
    articles: Sequence[Article],
    config: AlignConfig = AlignConfig(),
    *,
    embedder: Embedder = use_embedder,
    dropped: Sequence[Drop] = (),
) -> Comparison:
    """Compare ``articles`` as one story. Duplicate inputs (same id) are compared once."""
    uniq: dict[str, Article] = {}
    for a in articles:
        uniq.setdefault(a.id, a)
    arts = list(uniq.values())
    prepared = [_prepare(a) for a in arts]
    flat = [s.sent for p in prepared for s in p]
    vectors = embedder([s.text[:_MAX_EMBED_CHARS] for s in flat])
    links = align(prepared, vectors, config)
    related = _related(arts, prepared, vectors, flat, links, config)
    unrelated = tuple(a.id for a in arts if a.id not in related) if len(arts) > 1 else ()
    links = [ln for ln in links if flat[ln.a].article in related and flat[ln.b].article in related]
    passages, covered = _passages(arts, flat, links)
    unique = [
        span
        for a, prep in zip(arts, prepared, strict=True)
        if a.id not in unrelated
        for span in _unique_spans(a, [p.sent for p in prep], covered)
    ]
    log.info(
        "compared %d articles: %d passages, %d unique spans", len(arts), len(passages), len(unique)
    )
    return Comparison(
        articles=tuple(arts),
        passages=tuple(passages),
        unique=tuple(unique),
        unrelated=unrelated,
        dropped=tuple(dropped),
    )
