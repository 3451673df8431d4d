"""The clusterer's indexes and similarity helpers (see :mod:`newsprism.cluster`).

* :class:`Lexicon`: vocabulary and document frequencies grown as articles arrive, with
  TF-IDF cosines and IDF-weighted entity overlaps against many articles at once;
* :class:`Bucket`: the embedding index of one time bucket (exact numpy search while small,
  usearch HNSW beyond; picklable for the story-index snapshot);
* neighbour-similarity bookkeeping, hashed shingles and numbers, tokens and weekdays.
"""

from __future__ import annotations

import heapq
import logging
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from newsprism.settings import ClusterConfig
from newsprism.text import CJK_RUN, STOPWORDS, cjk_function, fold, split_cjk

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Vector = npt.NDArray[np.float32]
#: A term-frequency vector: sorted term ids, 1 + log(count).
Sparse = tuple[IntArray, FloatArray]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
SPLIT = str.maketrans(".'’-", "    ")
_WORD_RE = re.compile(r"\w+(?:[.'’]\w+)*")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")


class Lexicon:
    """Vocabulary and document frequencies, grown as articles arrive. IDF is
    ``log((N + 1) / (df + 1)) + 1`` with the counts at the time of the comparison."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.df = np.zeros(1024)
        self.n_docs = 0
        self.buf = np.zeros(1024)

    def vector(self, words: Iterable[str]) -> Sparse:
        counts = Counter(self.ids.setdefault(w, len(self.ids)) for w in words)
        if len(self.ids) > len(self.df):
            grow = max(len(self.ids), 2 * len(self.df)) - len(self.df)
            self.df = np.concatenate([self.df, np.zeros(grow)])
            self.buf = np.zeros(len(self.df))
        ids = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((counts[int(i)] for i in ids), dtype=np.float64, count=len(ids))
        return ids, 1.0 + np.log(tf)

    def count(self, ids: IntArray) -> None:
        self.df[ids] += 1.0
        self.n_docs += 1

    def idf(self, ids: IntArray) -> FloatArray:
        out: FloatArray = np.log(self.n_docs + 1.0) + 1.0 - np.log1p(self.df[ids])
        return out

    def cosines(self, mine: Sparse, others: Sequence[Sparse]) -> FloatArray:
        """TF-IDF cosines of one vector with several."""
        ids, w = mine
        seg, flat = segments([o for o, _ in others])
        if not len(flat):
            return np.zeros(len(others))
        wi = w * self.idf(ids)
        self.buf[ids] = wi
        v = np.concatenate([wj for _, wj in others]) * self.idf(flat)
        dots = np.bincount(seg, self.buf[flat] * v, len(others))
        self.buf[ids] = 0.0
        norms = np.sqrt(np.bincount(seg, v * v, len(others))) * (np.linalg.norm(wi) or 1.0)
        out: FloatArray = dots / np.maximum(norms, 1e-12)
        return out

    def entities(self, ids: IntArray, others: Sequence[IntArray]) -> FloatArray:
        """Per other: IDF-weighted overlap coefficient, Dice, log(1 + shared rare entities)."""
        out = np.zeros((len(others), 3))
        seg, flat = segments(others)
        if not len(flat) or not len(ids):
            return out
        idf = self.idf(ids)
        self.buf[ids] = idf
        shared = self.buf[flat]
        self.buf[ids] = 0.0
        rare = (shared > 0) & (self.df[flat] <= max(3.0, 0.01 * self.n_docs))
        inter = np.bincount(seg, shared, len(others))
        tot_i, tot_j = float(idf.sum()), np.bincount(seg, self.idf(flat), len(others))
        out[:, 0] = inter / np.maximum(np.minimum(tot_i, tot_j), 1e-12)
        out[:, 1] = 2 * inter / np.maximum(tot_i + tot_j, 1e-12)
        out[:, 2] = np.log1p(np.bincount(seg, rare, len(others)))
        return out


def segments(arrays: Sequence[IntArray]) -> tuple[IntArray, IntArray]:
    """(segment number of each element, the arrays concatenated)."""
    if not arrays:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lens = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
    return np.repeat(np.arange(len(arrays)), lens), np.concatenate(arrays)


class Bucket:
    """The embedding index of one time bucket (or of the undated articles): exact search (a
    numpy product, faster than an index at this size) until it holds ``exact_below``
    vectors, then a usearch HNSW index."""

    def __init__(self, config: ClusterConfig) -> None:
        self.config = config
        self.vecs = np.zeros((0, 0), dtype=np.float32)
        self.keys: list[int] = []
        self.index: Any = None

    def add(self, key: int, vec: Vector) -> None:
        if not self.keys:
            self.vecs = np.zeros((64, len(vec)), dtype=np.float32)
        self.keys.append(key)
        if self.index is not None:
            self.index.add(key, vec)
            return
        if len(self.keys) > len(self.vecs):
            self.vecs = np.concatenate([self.vecs, np.zeros_like(self.vecs)])
        self.vecs[len(self.keys) - 1] = vec
        if len(self.keys) >= self.config.exact_below:
            from usearch.index import Index

            ndim, expansion = len(vec), self.config.expansion_search
            self.index = Index(ndim=ndim, metric="cos", dtype="f32", expansion_search=expansion)
            self.index.add(np.asarray(self.keys, dtype=np.uint64), self.vecs[: len(self.keys)])
            self.vecs = self.vecs[:0]
            log.info("embedding bucket of %d articles moved to an HNSW index", len(self.keys))

    def __getstate__(self) -> dict[str, Any]:
        state = {"config": self.config, "vecs": self.vecs, "keys": self.keys, "index": None}
        if self.index is not None:
            state["index"] = bytes(self.index.save())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config, self.vecs, self.keys = state["config"], state["vecs"], state["keys"]
        self.index = None
        if state["index"] is not None:
            from usearch.index import Index

            self.index = Index.restore(state["index"])

    def search(self, vec: Vector, k: int) -> list[tuple[int, float]]:
        n = len(self.keys)
        if self.index is not None:
            m = self.index.search(vec, min(k, n))
            return [(int(j), 1.0 - float(d)) for j, d in zip(m.keys, m.distances, strict=True)]
        sims = self.vecs[:n] @ vec
        top = np.argpartition(-sims, k)[:k] if n > k else np.arange(n)
        return [(self.keys[t], float(sims[t])) for t in top.tolist()]


def best_other(sims: FloatArray, stories: IntArray, n_cands: int) -> FloatArray:
    """For each row, the best similarity among the retrieval candidates (the first
    ``n_cands`` rows) of other stories than the row's: the competition of its story."""
    out = np.zeros(len(sims))
    order = np.argsort(-sims[:n_cands], kind="stable")
    for r, s in enumerate(stories.tolist()):
        for c in order.tolist():
            if stories[c] != s:
                out[r] = sims[c]
                break
    return out


def near_mean(values: Sequence[float], k: int) -> float:
    """Mean of the ``k`` best similarities, counting missing ones (few neighbours) as 0."""
    return sum(sorted(values)[-k:]) / k


def push_near(near: list[tuple[float, int]], value: tuple[float, int], k: int) -> None:
    if len(near) < k:
        heapq.heappush(near, value)
    elif value > near[0]:
        heapq.heapreplace(near, value)


def hashes(items: Iterable[str]) -> IntArray:
    return np.unique(np.fromiter((zlib.crc32(t.encode()) for t in items), dtype=np.int64))


def shared_count(mine: IntArray, others: Sequence[IntArray]) -> FloatArray:
    """How many elements of ``mine`` each of ``others`` holds (all sorted, unique)."""
    seg, flat = segments(others)
    # not assume_unique: the arrays of ``others`` share elements, so ``flat`` has repeats (with
    # assume_unique numpy counted an element found in two of them as found in ``mine``)
    shared = np.isin(flat, mine).astype(np.float64)
    out: FloatArray = np.bincount(seg, shared, len(others)).astype(np.float64)
    return out


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, as :func:`newsprism.text.tokens` gives (faster)."""
    folded = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), fold(text)).lower()
    out: list[str] = []
    for w in _WORD_RE.findall(folded):
        if "." in w or "'" in w or "’" in w:
            out.extend(w.translate(SPLIT).split())
        else:
            out.append(w)
    if folded.isascii() or not CJK_RUN.search(folded):
        return out
    return [t for w in out for t in split_cjk(w)]


def content_tokens(toks: list[str], stop: frozenset[str] = STOPWORDS) -> list[str]:
    """The tokens that carry content: not in ``stop`` (function words; a language's own list
    beside the English one, see :func:`newsprism.text.language_stopwords`), not one letter,
    not a CJK function bigram."""
    return [
        t
        for t in toks
        if t not in stop and (len(t) > 1 or t.isdigit()) and (t.isascii() or not cjk_function(t))
    ]


def weekdays(text: str) -> int:
    """Bit mask of the weekdays named in ``text``."""
    return sum(1 << _WEEKDAYS.index(w) for w in {m.lower() for m in _WEEKDAY_RE.findall(text)})
