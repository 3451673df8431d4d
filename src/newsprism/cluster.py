"""Group articles that report the same specific event into stories, one article at a time.

An article is compared only with *candidates*: its nearest neighbours by the multilingual
embedding of headline + lead (per time bucket: exact numpy search while a bucket is small, a
usearch HNSW index beyond) and the articles sharing its rarest named entities (an inverted
index). A dated article only meets articles and stories within ``window_days`` of its date (the
date distance is a gate, not a learned weight: neither evaluation set can teach one, see
``benchmarks/train_cluster.py``); undated articles are compared by content alone.

For each candidate pair the pair model (:mod:`newsprism.cluster_model`: a logistic model per
stage, ``models/cluster-v1.json``) turns the pair's features (:meth:`Clusterer._features`,
columns :data:`~newsprism.cluster_model.FEATURES`: dense and TF-IDF cosines, entities,
numbers, verbatim passages, weekdays, and how crowded and contested each side's surroundings
are) into a same-event probability.

:meth:`Clusterer.add` places an article at once: it joins the candidate story with the best
link score (mean of its best ``link_top`` pair probabilities with the story's members) when
that reaches the threshold, else it starts a story; a second story it also links to strongly
is merged in. :meth:`Clusterer.revisit` places articles again once later articles have arrived
(their surroundings are then known on both sides), with a model trained for that stage; the
batch helper :func:`cluster` does both. Work per article is bounded by the candidate count.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.cluster_index import (
    SPLIT,
    Bucket,
    FloatArray,
    IntArray,
    Lexicon,
    Sparse,
    Vector,
    best_other,
    content_tokens,
    hashes,
    near_mean,
    push_near,
    shared_count,
    tokens,
    weekdays,
)
from newsprism.cluster_model import FEATURES, PairModel, default_model
from newsprism.embed import ENCODER_LANGUAGES, Embedder, Vectors, use_embedder
from newsprism.model import Article
from newsprism.settings import ClusterConfig
from newsprism.text import (
    STOPWORDS,
    fold,
    language_stopwords,
    normalise_lang,
    numbers,
    sentence_spans,
)

# FEATURES, PairModel and default_model live in newsprism.cluster_model; they stay importable
# from here, as before the split.
__all__ = ["FEATURES", "Assignment", "ClusterConfig", "Clusterer", "Merge", "PairModel"]
__all__ += ["cluster", "default_model", "lead_text", "lead_vectors"]

log = logging.getLogger(__name__)

#: ``on_pairs(stage, article id, candidate ids, feature rows)``: what training records.
PairHook = Callable[[str, str, list[str], FloatArray], None]

_DENSE, _LEX = FEATURES.index("dense"), FEATURES.index("lex")
_MAX_TEXT_CHARS = 20_000
_SHINGLE = 6
_CAPITAL_RE = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went: ``story_id``, the link score of the decision (for a new story,
    the best score that was not enough), the most similar other article, why, and the stories
    that this article merged into ``story_id``."""

    article_id: str
    story_id: str
    score: float
    best_candidate: str | None
    reason: str
    merged: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Merge:
    """Story ``absorbed`` was merged into story ``into`` because ``article_id`` linked both."""

    into: str
    absorbed: str
    article_id: str
    score: float


def lead_text(article: Article, config: ClusterConfig | None = None) -> str:
    """Headline plus the first body sentences (skipping one that repeats the headline), capped
    at ``config.lead_chars``: the text that is embedded."""
    config = config or ClusterConfig()
    title = (article.title or "").strip()
    parts = [title] if title else []
    body = article.text[:4000]
    for s, e in sentence_spans(body):
        if len(parts) >= config.lead_sentences + bool(title):
            break
        if not (title and len(parts) == 1 and fold(body[s:e]) == fold(title)):
            parts.append(body[s:e])
    return " ".join(parts)[: config.lead_chars] or article.text[: config.lead_chars]


def lead_vectors(
    articles: Sequence[Article],
    config: ClusterConfig | None = None,
    embedder: Embedder = use_embedder,
) -> Vectors:
    """What the clusterer embeds of each article: one row per article, the vector of its
    headline + lead (:func:`lead_text`) followed by that of its headline alone."""
    config = config or ClusterConfig()
    if not articles:
        return np.zeros((0, 1024), dtype=np.float32)
    leads = [lead_text(a, config) for a in articles]
    titles = [(a.title or "").strip() or t for a, t in zip(articles, leads, strict=True)]
    vecs = embedder(leads + titles)
    out: Vectors = np.ascontiguousarray(np.hstack([vecs[: len(leads)], vecs[len(leads) :]]))
    return out


@lru_cache(maxsize=64)
def _stopwords(lang: str | None) -> frozenset[str]:
    """Function words left out of an article's TF-IDF vector: the English list, and its
    language's own (spaCy's) beside it: in a small collection, IDF cannot tell "и", "в",
    "не" from content words, and unrelated Russian articles looked alike."""
    return STOPWORDS | language_stopwords(lang)


def _encoded(lang: str | None) -> bool:
    """Whether the sentence encoder knows the language (an unknown one is taken as known)."""
    return lang is None or lang.split("-")[0] in ENCODER_LANGUAGES


def _day(published: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        log.debug("unreadable date %r: article treated as undated", published)
        return None


@dataclass(slots=True)
class _Doc:
    """What the clusterer keeps of one article."""

    id: str
    day: int | None
    lang: str | None
    vec: Vector
    title_vec: Vector
    words: Sparse  # title twice + text
    lead: Sparse  # title + start of the text
    ents: IntArray
    nums: IntArray
    shingles: IntArray
    weekdays: int
    story: int = -1
    # min-heaps of the best similarities with other articles: (similarity, article number)
    near_dense: list[tuple[float, int]] = field(default_factory=list)
    near_lex: list[tuple[float, int]] = field(default_factory=list)


@dataclass(slots=True)
class _Story:
    id: str
    members: list[int]
    first: int | None = None
    last: int | None = None


class Clusterer:
    """Incremental story clustering: :meth:`add` places one article, :meth:`add_many` embeds
    a batch first, :meth:`revisit` places added articles again. ``on_pairs`` (for training)
    sees the feature rows of each article's retrieval candidates."""

    def __init__(
        self,
        config: ClusterConfig | None = None,
        model: PairModel | None = None,
        embedder: Embedder = use_embedder,
        on_pairs: PairHook | None = None,
    ) -> None:
        self.config = cfg = config or ClusterConfig()
        if model is None:
            model = PairModel.load(Path(cfg.model_path)) if cfg.model_path else default_model()
        self.model = model
        add, again = model.stages["add"], model.stages["revisit"]
        pick = [(cfg.threshold, add.threshold), (cfg.merge_threshold, add.merge_threshold)]
        pick.append((cfg.revisit_threshold, again.threshold))
        self.threshold, self.merge_threshold, self.revisit_threshold = (
            learned if own is None else own for own, learned in pick
        )
        self.embedder, self.on_pairs = embedder, on_pairs
        self.merges: list[Merge] = []
        self._docs: list[_Doc] = []
        self._ids: dict[str, int] = {}
        self._stories: dict[int, _Story] = {}
        self._buckets: dict[int | None, Bucket] = {}
        self._postings: dict[int, list[int]] = {}
        self._lex = Lexicon()
        self._n_stories = 0

    def add(self, article: Article) -> Assignment:
        """Place one article; returns where it went."""
        return self.add_many([article])[0]

    def add_many(
        self, articles: Sequence[Article], vectors: Vectors | None = None
    ) -> list[Assignment]:
        """Place articles in order, embedding them in batches first unless ``vectors`` (from
        :func:`lead_vectors`, one row per article) are given."""
        out: list[Assignment] = []
        step = max(1, self.config.batch_size)
        for start in range(0, len(articles), step):
            batch = articles[start : start + step]
            if vectors is None:
                vecs = lead_vectors(batch, self.config, self.embedder)
            else:
                vecs = vectors[start : start + step]
            half = vecs.shape[1] // 2
            for a, v in zip(batch, vecs, strict=True):
                out.append(self._add(self._make_doc(a, v[:half], v[half:])))
        return out

    def revisit(self, article_ids: Iterable[str] | None = None) -> list[Assignment]:
        """Place articles again (all by default), in arrival order, now that the articles that
        came after them are known; returns their new assignments. A dated stream can revisit
        an article once its window has passed.

        An article that leaves its story leaves behind the members already placed again in this
        pass, which chose that story partly for its company: they are placed once more after the
        pass (returned last; a later entry for an article supersedes an earlier one)."""
        order = (
            range(len(self._docs))
            if article_ids is None
            else sorted(self._ids[a] for a in article_ids)
        )
        out, done, behind = [], set[int](), set[int]()
        for i in order:
            old = self._docs[i].story
            mates = [j for j in self._stories[old].members if j in done]
            out.append(self._revisit(i))
            done.add(i)
            if self._docs[i].story != old:
                behind.update(mates)
        out += [self._revisit(i) for i in sorted(behind)]
        return out

    def story_of(self, article_id: str) -> str:
        """The story an article is in now; KeyError for an unknown id."""
        return self._stories[self._docs[self._ids[article_id]].story].id

    def stories(self) -> dict[str, list[str]]:
        """Story id -> ids of its articles, in arrival order."""
        return {s.id: [self._docs[i].id for i in s.members] for s in self._stories.values()}

    def labels(self) -> dict[str, str]:
        """Article id -> its story id now (after merges and revisits)."""
        return {d.id: self._stories[d.story].id for d in self._docs}

    # -- articles -----------------------------------------------------------------------------

    def _make_doc(self, a: Article, vec: Vector, title_vec: Vector) -> _Doc:
        title, text = a.title or "", a.text[:_MAX_TEXT_CHARS]
        stop = _stopwords(a.lang)
        body, head = tokens(text), content_tokens(tokens(title), stop)
        words = head + head + content_tokens(body, stop)
        lex = self._lex
        full = lex.vector(words)
        lead = lex.vector(head + content_tokens(tokens(text[:600]), stop))
        caps = " ".join(m for m in _CAPITAL_RE.findall(f"{title}\n{text}") if m[0].isupper())
        known = set(words)
        ents = sorted({lex.ids[t] for t in caps.lower().translate(SPLIT).split() if t in known})
        lex.count(full[0])
        sh = hashes(" ".join(body[k : k + _SHINGLE]) for k in range(len(body) - _SHINGLE + 1))
        nums = hashes(n for n in numbers(f"{title}\n{text}") if len(n) > 1)
        lang = normalise_lang(a.lang)
        v, tv = np.asarray(vec, dtype=np.float32), np.asarray(title_vec, dtype=np.float32)
        e, wd = np.asarray(ents, dtype=np.int64), weekdays(f"{title}\n{text[:1500]}")
        return _Doc(a.id, _day(a.published), lang, v, tv, full, lead, e, nums, sh, wd)

    def _in_window(self, d: _Doc, first: int | None, last: int | None) -> bool:
        w = self.config.window_days
        return d.day is None or first is None or last is None or first - w <= d.day <= last + w

    def _candidates(self, d: _Doc, exclude: int = -1) -> list[int]:
        """Nearest neighbours in the buckets in reach plus rare-entity matches, in window."""
        cfg = self.config
        keys: list[int | None] = list(self._buckets)
        if d.day is not None:
            lo, hi = (d.day + x * cfg.window_days for x in (-1, 1))
            keys = [*range(lo // cfg.bucket_days, hi // cfg.bucket_days + 1), None]
        found = [
            hit
            for key in keys
            if key in self._buckets
            for hit in self._buckets[key].search(d.vec, cfg.top_k + 1)
            if hit[0] != exclude
        ]
        found.sort(key=lambda x: -x[1])
        near = [j for j, _ in found if self._in_window(d, self._docs[j].day, self._docs[j].day)]
        cands = dict.fromkeys(near[: cfg.top_k])
        posts = [
            (post, w)
            for e, w in zip(d.ents.tolist(), self._lex.idf(d.ents).tolist(), strict=True)
            if (post := self._postings.get(e)) and len(post) <= cfg.max_postings
        ]
        if posts:
            seen = np.fromiter(chain.from_iterable(p for p, _ in posts), dtype=np.int64)
            uniq, inv = np.unique(seen, return_inverse=True)
            score = np.bincount(inv, np.repeat([w for _, w in posts], [len(p) for p, _ in posts]))
            extra = 0
            for j in uniq[np.argsort(-score, kind="stable")].tolist():
                if extra >= cfg.entity_candidates:
                    break
                if j not in cands and j != exclude and self._in_window(d, *[self._docs[j].day] * 2):
                    cands[j] = None
                    extra += 1
        return list(cands)

    def _features(self, d: _Doc, js: list[int], n_cands: int) -> FloatArray:
        """Feature rows (columns :data:`FEATURES`) of ``d`` with each of ``js``; the first
        ``n_cands`` are the retrieval candidates, which describe ``d``'s surroundings."""
        docs = [self._docs[j] for j in js]
        if not js:
            return np.zeros((0, len(FEATURES)))
        lex, k = self._lex, max(1, self.config.neighbours)
        f: dict[str, Any] = {
            "dense": np.stack([o.vec for o in docs]) @ d.vec,
            "dense_title": np.stack([o.title_vec for o in docs]) @ d.title_vec,
            "lex": lex.cosines(d.words, [o.words for o in docs]),
            "lex_lead": lex.cosines(d.lead, [o.lead for o in docs]),
        }
        stories = np.array([o.story for o in docs], dtype=np.int64)
        me = self._ids.get(d.id, -1)
        for key, near in (
            ("dense", [o.near_dense for o in docs]),
            ("lex", [o.near_lex for o in docs]),
        ):
            sims = f[key]
            f[f"{key}_r_new"] = near_mean(sims[:n_cands].tolist(), k)
            f[f"{key}_r_old"] = [near_mean([s for s, _ in v], k) for v in near]
            f[f"{key}_gap_new"] = sims - best_other(sims, stories, n_cands)
            f[f"{key}_gap_old"] = sims - np.array(
                [self._best_outside(v, o.story, me) for v, o in zip(near, docs, strict=True)]
            )
        ents = lex.entities(d.ents, [o.ents for o in docs])
        f["ent_overlap"], f["ent_dice"], f["ent_rare"] = ents.T
        f["numbers"] = np.log1p(shared_count(d.nums, [o.nums for o in docs]))
        f["verbatim"] = np.log1p(shared_count(d.shingles, [o.shingles for o in docs]))
        wd = np.array([o.weekdays for o in docs], dtype=np.int64)
        f["weekday_both"] = (wd > 0) & (d.weekdays > 0)
        f["weekday_shared"] = (wd & d.weekdays) > 0
        return np.column_stack(
            [np.broadcast_to(np.asarray(f[n], dtype=np.float64), (len(js),)) for n in FEATURES]
        )

    def _best_outside(self, near: list[tuple[float, int]], story: int, me: int) -> float:
        """The best of a neighbour list's similarities with articles outside ``story`` (other
        than ``me``): the competition of that story, as its other article sees it."""
        docs = self._docs
        return max((s for s, j in near if j != me and docs[j].story != story), default=0.0)

    # -- decisions ----------------------------------------------------------------------------

    def _pair_scores(self, stage: str, d: _Doc, cands: list[int]) -> dict[int, float]:
        """Same-event probabilities of ``d`` with the candidates and with representatives of
        their stories. Adding an article also records it among its candidates' neighbours."""
        have, extras = set(cands), list[int]()
        for s, n in Counter(self._docs[j].story for j in cands).items():
            room = max(0, self.config.representatives - n)  # most recent members first
            extras += islice((j for j in reversed(self._stories[s].members) if j not in have), room)
        js = cands + extras
        x = self._features(d, js, len(cands))
        if self.on_pairs is not None and cands:
            self.on_pairs(stage, d.id, [self._docs[j].id for j in cands], x[: len(cands)])
        if stage == "add":
            k = self.config.neighbours
            dense, lex = x[: len(cands), _DENSE], x[: len(cands), _LEX]
            me = len(self._docs)
            for r, j in enumerate(cands):
                push_near(self._docs[j].near_dense, (float(dense[r]), me), k)
                push_near(self._docs[j].near_lex, (float(lex[r]), me), k)
            d.near_dense = sorted(zip(dense.tolist(), cands, strict=True))[-k:]
            d.near_lex = sorted(zip(lex.tolist(), cands, strict=True))[-k:]
        langs = [self._docs[j].lang for j in js]
        cross = np.array([bool(d.lang and o and d.lang != o) for o in langs], dtype=np.bool_)
        known = np.array([_encoded(d.lang) and _encoded(o) for o in langs], dtype=np.bool_)
        p = self.model.stages[stage].probability(x, cross, known)
        return dict(zip(js, p.tolist(), strict=True))

    def _links(self, d: _Doc, scores: dict[int, float]) -> list[tuple[float, int]]:
        """(link score, story) of the candidate stories in window, best first."""
        by_story: dict[int, list[float]] = {}
        for j, p in scores.items():
            by_story.setdefault(self._docs[j].story, []).append(p)
        out = []
        for s, ps in by_story.items():
            if self._in_window(d, self._stories[s].first, self._stories[s].last):
                top = sorted(ps)[-self.config.link_top :]
                out.append((sum(top) / len(top), s))
        return sorted(out, reverse=True)

    def _add(self, d: _Doc) -> Assignment:
        i = len(self._docs)
        scores = self._pair_scores("add", d, self._candidates(d))
        self._docs.append(d)
        self._ids[d.id] = i
        out = self._decide(i, d, scores, "add")
        key = None if d.day is None else d.day // self.config.bucket_days
        self._buckets.setdefault(key, Bucket(self.config)).add(i, d.vec)
        for e in d.ents.tolist():
            post = self._postings.setdefault(e, [])
            if len(post) <= self.config.max_postings:
                post.append(i)
        return out

    def _revisit(self, i: int) -> Assignment:
        d = self._docs[i]
        old = d.story
        self._stories[old].members.remove(i)
        self._set_range(self._stories[old])
        scores = self._pair_scores("revisit", d, self._candidates(d, exclude=i))
        out = self._decide(i, d, scores, "revisit", reuse=old)
        if not self._stories[old].members:
            del self._stories[old]
        return out

    def _decide(
        self, i: int, d: _Doc, scores: dict[int, float], stage: str, reuse: int = -1
    ) -> Assignment:
        """Join the best linked story or start one (``reuse``: an emptied story to restart)."""
        links = self._links(d, scores)
        thr = self.threshold if stage == "add" else self.revisit_threshold
        best = max(scores, key=scores.__getitem__) if scores else None
        merged: list[str] = []
        if links and links[0][0] >= thr:
            score, s = links[0]
            reason = f"{stage}: joined, link {score:.3f} >= {thr:.3f}"
            for other, b in links[1:] if stage == "add" else ():
                if other >= self.merge_threshold:
                    merged.append(self._stories[b].id)
                    self._merge(s, b, d.id, other)
        else:
            score = links[0][0] if links else 0.0
            s = reuse if reuse in self._stories and not self._stories[reuse].members else -1
            if s < 0:
                s, self._n_stories = self._n_stories, self._n_stories + 1
                self._stories[s] = _Story(f"s{s + 1}", [])
            why = f"best link {score:.3f} < {thr:.3f}" if links else "no candidate"
            reason = f"{stage}: new story, {why}"
        story = self._stories[s]
        bisect.insort(story.members, i)
        d.story = s
        if d.day is not None:
            story.first = d.day if story.first is None else min(story.first, d.day)
            story.last = d.day if story.last is None else max(story.last, d.day)
        best_id = None if best is None else self._docs[best].id
        return Assignment(d.id, story.id, score, best_id, reason, tuple(merged))

    def _set_range(self, story: _Story) -> None:
        days = [day for j in story.members if (day := self._docs[j].day) is not None]
        story.first, story.last = (min(days), max(days)) if days else (None, None)

    def _merge(self, into: int, absorbed: int, article_id: str, score: float) -> None:
        a, b = self._stories[into], self._stories.pop(absorbed)
        for j in b.members:
            self._docs[j].story = into
        a.members = sorted(a.members + b.members)
        self._set_range(a)
        self.merges.append(Merge(a.id, b.id, article_id, score))
        log.debug("story %s merged into %s by %s (link %.3f)", b.id, a.id, article_id, score)


def cluster(
    articles: Sequence[Article],
    config: ClusterConfig | None = None,
    *,
    model: PairModel | None = None,
    embedder: Embedder = use_embedder,
) -> list[Assignment]:
    """Cluster ``articles`` in the given order, then revisit them (``config.revisit_passes``).
    Each assignment carries the article's final story id and the last decision about it."""
    c = Clusterer(config, model, embedder)
    last = {a.article_id: a for a in c.add_many(articles)}
    for _ in range(c.config.revisit_passes):
        last.update((a.article_id, a) for a in c.revisit())
    final = c.labels()
    return [
        Assignment(a.article_id, final[a.article_id], a.score, a.best_candidate, a.reason, a.merged)
        for a in last.values()
    ]
