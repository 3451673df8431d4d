"""Text reuse across a collection: shared passages with offsets, and near-duplicate groups.

The work is split into four steps so that each can run as a map or a group-by on a cluster:

1. :func:`sketch_article` (per article, pure): word tokens with their character offsets,
   stable 64-bit token hashes, and the LSH band keys of MinHash sketches (rensa) taken
   over overlapping windows of words. The result, :class:`ArticleSketch`, is plain data.
2. :func:`candidate_pairs` (group-by on band keys): two articles are a candidate pair
   when some window of one lands in the same LSH bucket as some window of the other.
3. :func:`align_pair` (per pair, pure; in :mod:`newsprism.reuse_align`): exact word
   k-gram seeds are chained along near-diagonals (small gaps and shifts allowed, so typos,
   OCR noise and inserted or dropped words do not break a passage) into maximal spans,
   reported as :class:`ReuseLink` with character offsets into both articles' texts.
4. :func:`near_duplicate_groups` (combine): connected components over the pairs whose
   links cover most of the shorter article.

:func:`find_reuse` runs the four steps in-process.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate, chain
from typing import Any

import numpy as np
import numpy.typing as npt
from rensa import RMinHash

from newsprism.errors import InputError
from newsprism.model import Article
from newsprism.reuse_align import align_pair, align_pairs, gc_paused
from newsprism.reuse_types import (
    ArticleSketch,
    Direction,
    ReuseConfig,
    ReuseKind,
    ReuseLink,
    ReuseResult,
    ReuseSide,
    ReuseStats,
    direction,
)
from newsprism.text import CJK_RUN, STOPWORDS, cjk_pieces

__all__ = [
    "ArticleSketch",
    "Direction",
    "ReuseConfig",
    "ReuseKind",
    "ReuseLink",
    "ReuseResult",
    "ReuseSide",
    "ReuseStats",
    "align_pair",
    "align_pairs",
    "candidate_pairs",
    "direction",
    "find_reuse",
    "link_record",
    "near_duplicate_groups",
    "sketch_article",
    "sketch_articles",
]

log = logging.getLogger(__name__)

U64 = npt.NDArray[np.uint64]

_TOKEN = re.compile(r"\w+")
_GAPS = re.compile(r"(\W+)")
# Odd 64-bit multipliers for mixing hashes (k-grams, band keys).
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)


# ---------------------------------------------------------------------------------------------
# 1. Per-article sketch


def _word_tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """Lower-cased (NFKC-folded) word tokens (``\\w+`` runs) and their start and end offsets."""
    low = text.lower()
    if len(low) != len(text):  # lower-casing changed lengths: take the slow road
        spans = [m.span() for m in _TOKEN.finditer(text)]
        words = [text[s:e].lower() for s, e in spans]
        starts, ends = [s for s, _ in spans], [e for _, e in spans]
    else:
        # Words and the runs between them alternate: [word?, gap, word, gap, ..., word?].
        parts = _GAPS.split(low)
        bounds = list(accumulate(map(len, parts)))
        # a word ends where its part does and starts where the gap before it ends
        words, ends, starts = parts[0::2], bounds[0::2], [0, *bounds[1::2]]
        if not words[-1]:
            words, ends, starts = words[:-1], ends[:-1], starts[:-1]
        if words and not words[0]:
            words, ends, starts = words[1:], ends[1:], starts[1:]
    if not low.isascii() and CJK_RUN.search(low):
        words, starts, ends = _cjk_tokens(text, words, starts, ends)
    if not low.isascii() and not unicodedata.is_normalized("NFKC", low):
        words = [w if w.isascii() else unicodedata.normalize("NFKC", w) for w in words]
    return words, starts, ends


def _cjk_tokens(
    text: str, words: list[str], starts: list[int], ends: list[int]
) -> tuple[list[str], list[int], list[int]]:
    """The words with their runs of Chinese characters and kana as overlapping bigrams
    (:func:`newsprism.text.cjk_pieces`), each with its own offsets."""
    out: tuple[list[str], list[int], list[int]] = ([], [], [])
    for w, s, e in zip(words, starts, ends, strict=True):
        if w.isascii() or not CJK_RUN.search(w):
            pieces = [(w, s, e)]
        else:  # cut the text itself: lower-casing may have changed the word's length
            pieces = [(p.lower(), s + o, s + o + len(p)) for p, o in cjk_pieces(text[s:e])]
        for piece, start, end in pieces:
            out[0].append(piece)
            out[1].append(start)
            out[2].append(end)
    return out


@lru_cache(maxsize=1)
def _stop_hashes() -> U64:
    """Hashes of the tokens that are not content words: function words and single
    characters."""
    stop = sorted(STOPWORDS | set("abcdefghijklmnopqrstuvwxyz0123456789_"))
    return np.array(RMinHash.hash_token_sets([stop])[0], dtype=np.uint64)


def _window_starts(n: int, width: int, stride: int) -> list[int]:
    """Starts of windows of ``width`` tokens every ``stride`` tokens; the last one ends at
    the last token."""
    if n <= width:
        return [0]
    out = list(range(0, n - width + 1, stride))
    if out[-1] != n - width:
        out.append(n - width)
    return out


def _band_keys(digests: npt.NDArray[np.uint32], bands: int, rows: int) -> U64:
    d = digests[:, : bands * rows].astype(np.uint64).reshape(len(digests), bands, rows)
    keys = np.broadcast_to(
        np.arange(1, bands + 1, dtype=np.uint64) * _MIX2, (len(digests), bands)
    ).copy()
    for r in range(rows):
        keys = (keys ^ d[:, :, r]) * _MIX1
    return keys.reshape(-1)


def sketch_article(article: Article, config: ReuseConfig = ReuseConfig()) -> ArticleSketch:
    """Tokens, offsets, seed index and LSH band keys of one article. Pure: the same article
    and config always give the same sketch, in any process."""
    return sketch_articles([article], config)[0]


def sketch_articles(
    articles: Sequence[Article], config: ReuseConfig = ReuseConfig()
) -> list[ArticleSketch]:
    """:func:`sketch_article` over a batch (one shard): the same sketches, with the hashing
    and MinHash work done in a few vectorised calls instead of a few per article."""
    with gc_paused():
        return _sketch_batch(articles, config)


def _sketch_batch(articles: Sequence[Article], config: ReuseConfig) -> list[ArticleSketch]:
    toks = [_word_tokens(a.text) for a in articles]
    words = [t[0] for t in toks]
    lengths = np.array([len(w) for w in words], dtype=np.int64)
    total = int(lengths.sum())
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    hashed: list[list[int]] = RMinHash.hash_token_sets(words) if total else [[] for _ in words]
    flat = np.fromiter(chain.from_iterable(hashed), np.uint64, total)
    content = ~np.isin(flat, _stop_hashes())
    bands = _window_bands(flat, content, lengths, offsets, config)
    k = config.seed_words
    grams = _grams(flat, k)
    out: list[ArticleSketch] = []
    for d, art in enumerate(articles):
        n, o = int(lengths[d]), int(offsets[d])
        out.append(
            ArticleSketch(
                article_id=art.id,
                published=art.published,
                tokens=flat[o : o + n],
                starts=tuple(toks[d][1]),
                ends=tuple(toks[d][2]),
                grams=grams[o : o + max(0, n - k + 1)],
                bands=bands[d],
            )
        )
    return out


def _window_bands(
    flat: U64,
    content: npt.NDArray[np.bool_],
    lengths: npt.NDArray[np.int64],
    offsets: npt.NDArray[np.int64],
    config: ReuseConfig,
) -> list[tuple[int, ...]]:
    """Per article, the distinct LSH band keys of the MinHash sketches of its word windows
    (each window's set of content words; windows with fewer than three are skipped).
    Articles shorter than ``min_words`` get none."""
    out: list[tuple[int, ...]] = [() for _ in range(len(lengths))]
    width = config.window_words
    starts: list[int] = []
    owner: list[int] = []
    for d, n in enumerate(lengths.tolist()):
        if n >= config.min_words:
            w = _window_starts(n, width, config.window_stride)
            starts.extend(int(offsets[d]) + x for x in w)
            owner.extend([d] * len(w))
    if not starts:
        return out
    win = np.array(starts, dtype=np.int64)
    who = np.array(owner, dtype=np.int64)
    cols = np.arange(width)[None, :]
    valid = (win[:, None] + cols) < (offsets[who] + lengths[who])[:, None]
    idx = np.minimum(win[:, None] + cols, len(flat) - 1)
    keep = content[idx] & valid
    counts = keep.sum(axis=1)
    ok = counts >= 3
    if not ok.any():
        return out
    features = flat[idx[ok][keep[ok]]]
    rows = np.concatenate(([0], np.cumsum(counts[ok]))).astype(np.uint64)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(
        features, rows, config.num_perm, config.seed
    )
    digests = np.array(matrix.to_rows(), dtype=np.uint32)  # rensa 0.5: a list per window
    b, r = config.lsh_bands()
    keys = _band_keys(digests, b, r)
    # Windows come grouped by article: cut the keys at article boundaries.
    cuts = np.searchsorted(np.repeat(who[ok], b), np.arange(len(lengths) + 1))
    for d in np.flatnonzero(cuts[1:] > cuts[:-1]).tolist():
        mine = np.sort(keys[cuts[d] : cuts[d + 1]])  # np.unique is ~10x slower on these
        first = np.ones(len(mine), dtype=np.bool_)
        np.not_equal(mine[1:], mine[:-1], out=first[1:])
        out[d] = tuple(mine[first].tolist())
    return out


def _grams(h: U64, k: int) -> U64:
    if len(h) < k:
        return np.zeros(0, dtype=np.uint64)
    g = h[: len(h) - k + 1].copy()
    for off in range(1, k):
        g = (g * _MIX1) ^ h[off : len(h) - k + 1 + off]
    return g


# ---------------------------------------------------------------------------------------------
# 2. Candidate pairs


def _bucket_pairs(
    owner: npt.NDArray[np.int64],
    bucket: npt.NDArray[np.int64],
    chosen: npt.NDArray[np.bool_],
    n: int,
) -> npt.NDArray[np.int64]:
    """Pair codes (``first * n + second``) of the articles that share a chosen bucket, once
    per bucket and pair: every position is paired with the one d places further on while
    both are in the same bucket, for d = 1, 2, ... (vectorised over all buckets)."""
    pos = np.flatnonzero(chosen[bucket])
    found: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
    step = 1
    while len(pos):
        pos = pos[pos + step < len(bucket)]
        pos = pos[bucket[pos + step] == bucket[pos]]
        found.append(owner[pos] * n + owner[pos + step])
        step += 1
    codes: npt.NDArray[np.int64] = np.concatenate(found)
    out: npt.NDArray[np.int64] = codes[codes // n != codes % n]
    return out


def candidate_pairs(
    sketches: Sequence[ArticleSketch], config: ReuseConfig = ReuseConfig()
) -> tuple[list[tuple[int, int]], int]:
    """Index pairs (i < j into ``sketches``) that share an LSH bucket, sorted, and the
    number of buckets skipped for holding more than ``config.max_bucket`` articles."""
    sizes = [len(s.bands) for s in sketches]
    if sum(sizes) == 0:
        return [], 0
    keys = np.fromiter(chain.from_iterable(s.bands for s in sketches), np.uint64, sum(sizes))
    owner = np.repeat(np.arange(len(sketches), dtype=np.int64), sizes)
    order = np.lexsort((owner, keys))
    keys, owner = keys[order], owner[order]
    # Runs of equal keys are buckets.
    n = len(sketches)
    starts = np.concatenate(([True], keys[1:] != keys[:-1]))
    bucket = np.cumsum(starts) - 1
    size = np.bincount(bucket)
    too_big = size > config.max_bucket
    hub = size > config.hub_bucket
    plain = np.unique(_bucket_pairs(owner, bucket, (size >= 2) & ~hub, n))
    hubbed, shared = np.unique(_bucket_pairs(owner, bucket, hub & ~too_big, n), return_counts=True)
    # a hub pairs two articles only when a second bucket (another hub) pairs them too
    codes = np.union1d(plain, hubbed[shared >= 2])
    first, second = np.divmod(codes, n)
    pairs = list(zip(first.tolist(), second.tolist(), strict=True))
    return pairs, int(too_big.sum())


# ---------------------------------------------------------------------------------------------
# 4. Near-duplicate groups


def _covered(spans: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def near_duplicate_groups(
    links: Iterable[ReuseLink],
    lengths: Mapping[str, int],
    min_coverage: float = 0.8,
    min_longer: float = 0.5,
) -> list[list[str]]:
    """Connected components (two or more articles) over the pairs whose links cover at least
    ``min_coverage`` of the shorter article's text extent (``lengths``, in characters) and
    ``min_longer`` of the longer one's."""
    per_pair: dict[tuple[str, str], tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for link in links:
        sa, sb = per_pair.setdefault((link.a.article_id, link.b.article_id), ([], []))
        sa.append((link.a.start, link.a.end))
        sb.append((link.b.start, link.b.end))
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (ida, idb), (sa, sb) in sorted(per_pair.items()):
        la, lb = lengths.get(ida, 0), lengths.get(idb, 0)
        if la <= 0 or lb <= 0:
            continue
        ca, cb = _covered(sa) / la, _covered(sb) / lb
        short, long_ = (ca, cb) if la <= lb else (cb, ca)
        if short >= min_coverage and long_ >= min_longer:
            ra, rb = root(ida), root(idb)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        members[root(x)].append(x)
    return sorted(sorted(g) for g in members.values() if len(g) > 1)


def _extent(s: ArticleSketch) -> int:
    return s.ends[-1] - s.starts[0] if s.starts else 0


# ---------------------------------------------------------------------------------------------
# Whole collection


def find_reuse(articles: Sequence[Article], config: ReuseConfig = ReuseConfig()) -> ReuseResult:
    """Shared passages between any two of ``articles`` and groups of near-duplicates.

    Links are ordered by (a id, b id, a start, b start), with ``a`` the article whose id sorts
    first; groups are sorted lists of article ids, sorted.
    """
    seen: set[str] = set()
    for art in articles:
        if art.id in seen:
            raise InputError(art.id, "two articles share this id; pass each article once")
        seen.add(art.id)
    ordered = sorted(articles, key=lambda x: x.id)
    with gc_paused():
        sketches = sketch_articles(ordered, config)
        pairs, skipped = candidate_pairs(sketches, config)
        links = align_pairs(sketches, pairs, config)
        links.sort(key=lambda x: (x.a.article_id, x.b.article_id, x.a.start, x.b.start, x.a.end))
        lengths = {s.article_id: _extent(s) for s in sketches}
        groups = near_duplicate_groups(
            links, lengths, config.near_duplicate_coverage, config.near_duplicate_longer
        )
    stats = ReuseStats(
        articles=len(sketches),
        short_articles=sum(1 for s in sketches if len(s.tokens) < config.min_words),
        band_keys=sum(len(s.bands) for s in sketches),
        candidate_pairs=len(pairs),
        linked_pairs=len({(x.a.article_id, x.b.article_id) for x in links}),
        skipped_buckets=skipped,
    )
    if skipped:
        log.info("reuse: %d LSH buckets over %d articles skipped", skipped, config.max_bucket)
    return ReuseResult(links=links, groups=groups, stats=stats)


def link_record(link: ReuseLink, articles_by_id: Mapping[str, Article]) -> dict[str, Any]:
    """A link as JSON-ready plain data, with each side's article metadata and text."""

    def side(s: ReuseSide) -> dict[str, Any]:
        art = articles_by_id[s.article_id]
        return {
            "id": art.id,
            "ref": art.ref,
            "outlet": art.outlet,
            "published": art.published,
            "start": s.start,
            "end": s.end,
            "text": art.text[s.start : s.end],
        }

    return {
        "a": side(link.a),
        "b": side(link.b),
        "words": link.words,
        "kind": link.kind,
        "direction": link.direction,
    }
