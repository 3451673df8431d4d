"""Text reuse across a collection: shared passages with offsets, and near-duplicate groups.

The work is split into four steps so that each can run as a map or a group-by on a cluster:

1. :func:`sketch_article` (per article, pure): word tokens with their character offsets,
   stable 64-bit token hashes, and the LSH band keys of MinHash sketches (rensa) taken
   over overlapping windows of words. The result, :class:`ArticleSketch`, is plain data.
2. :func:`candidate_pairs` (group-by on band keys): two articles are a candidate pair
   when some window of one lands in the same LSH bucket as some window of the other.
3. :func:`align_pair` (per pair, pure): exact word k-gram seeds are chained along
   near-diagonals (small gaps and shifts allowed, so typos, OCR noise and inserted or
   dropped words do not break a passage) into maximal spans, reported as
   :class:`ReuseLink` with character offsets into both articles' texts.
4. :func:`near_duplicate_groups` (combine): connected components over the pairs whose
   links cover most of the shorter article.

:func:`find_reuse` runs the four steps in-process.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import accumulate, chain
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from rensa import RMinHash

from newsprism.errors import InputError, SettingsError
from newsprism.model import Article
from newsprism.text import STOPWORDS

log = logging.getLogger(__name__)

ReuseKind = Literal["verbatim", "near"]
Direction = Literal["a_to_b", "b_to_a", "unknown"]

U64 = npt.NDArray[np.uint64]

_TOKEN = re.compile(r"\w+")
_GAPS = re.compile(r"(\W+)")
# Odd 64-bit multipliers for mixing hashes (k-grams, band keys).
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)


@dataclass(frozen=True, slots=True)
class ReuseConfig:
    """Settings of the reuse index. Users set what they understand; LSH bands and rows are
    derived from ``window_threshold`` and ``num_perm`` (see :meth:`lsh_bands`)."""

    #: Shortest passage reported, in words (counted on the shorter side).
    min_words: int = 12
    #: MinHash windows: this many words, a new window every ``window_stride`` words.
    window_words: int = 24
    window_stride: int = 12
    #: Window Jaccard similarity (over content words) at which windows become candidates.
    window_threshold: float = 0.5
    num_perm: int = 56
    seed: int = 7
    #: Alignment seeds are exact runs of this many words.
    seed_words: int = 3
    #: Words allowed between two seeds of one passage, and how far the two sides may drift
    #: apart (inserted or dropped words) between two seeds.
    max_gap: int = 8
    max_shift: int = 3
    #: A passage needs ``min_density`` x its length + ``density_margin`` of its words in
    #: exact matching runs (length and words counted on the longer side).
    min_density: float = 0.5
    density_margin: int = 3
    #: A k-gram found more often than this in one article is not used as a seed.
    max_seed_repeats: int = 4
    #: LSH buckets holding more articles than this are skipped (counted in the result).
    max_bucket: int = 100
    #: A bucket holding more articles than this is a hub (windows whose MinHash a frequent
    #: word such as a name in the news dominates): it pairs two of its articles only when
    #: they share a second bucket too.
    hub_bucket: int = 16
    #: Two articles are near-duplicates when their links cover this share of the shorter
    #: article and ``near_duplicate_longer`` of the longer one (a short brief quoted whole
    #: inside a long article is reuse, not a copy of that article).
    near_duplicate_coverage: float = 0.8
    near_duplicate_longer: float = 0.5

    def __post_init__(self) -> None:
        ints = {
            "min_words": self.min_words,
            "window_words": self.window_words,
            "window_stride": self.window_stride,
            "num_perm": self.num_perm,
            "seed_words": self.seed_words,
            "max_seed_repeats": self.max_seed_repeats,
            "max_bucket": self.max_bucket,
            "hub_bucket": self.hub_bucket,
        }
        for name, value in ints.items():
            if value < 1:
                raise SettingsError(f"reuse.{name} must be at least 1, not {value}")
        if self.max_gap < 0 or self.max_shift < 0 or self.density_margin < 0:
            raise SettingsError(
                "reuse.max_gap, reuse.max_shift and reuse.density_margin must not be negative"
            )
        for name, fvalue in (
            ("window_threshold", self.window_threshold),
            ("min_density", self.min_density),
            ("near_duplicate_coverage", self.near_duplicate_coverage),
            ("near_duplicate_longer", self.near_duplicate_longer),
        ):
            if not 0.0 < fvalue <= 1.0:
                raise SettingsError(f"reuse.{name} must be in (0, 1], not {fvalue}")

    def lsh_bands(self) -> tuple[int, int]:
        """(bands, rows) for ``window_threshold``: minimise the area of false positives
        below the threshold plus false negatives above it, over bands x rows <= num_perm."""
        return _lsh_params(self.window_threshold, self.num_perm)


@lru_cache(maxsize=64)
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    grid = np.linspace(0.0, 1.0, 201)
    below = grid <= threshold
    best = (math.inf, 1, num_perm)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            p = 1.0 - (1.0 - grid**rows) ** bands
            fp = float(np.trapezoid(np.where(below, p, 0.0), grid))
            fn = float(np.trapezoid(np.where(below, 0.0, 1.0 - p), grid))
            if fp + fn < best[0]:
                best = (fp + fn, bands, rows)
    return best[1], best[2]


@dataclass(frozen=True, slots=True)
class ArticleSketch:
    """What the reuse index needs of one article (picklable plain data).

    ``tokens`` are stable 64-bit hashes of the lower-cased word tokens, ``starts``/``ends``
    their character offsets in the article's text, ``seeds`` maps the hash of each word k-gram
    to the token positions where it starts (k-grams repeated more than
    ``max_seed_repeats`` times are left out), ``bands`` holds the article's distinct LSH band
    keys (one per window and band).
    """

    article_id: str
    published: str | None
    tokens: tuple[int, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    seeds: dict[int, tuple[int, ...]]
    bands: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReuseSide:
    """One side of a link: a stretch ``text[start:end]`` of one article."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """A passage two articles share. ``words`` counts the shorter side; ``similarity`` is the
    share of the longer side's words in matching runs; ``direction`` "a_to_b" means ``a``
    is the likely source (it was published first)."""

    a: ReuseSide
    b: ReuseSide
    words: int
    kind: ReuseKind
    direction: Direction
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class ReuseStats:
    """Counts of a run, so that nothing is left out silently: ``short_articles`` have fewer
    than ``min_words`` words and take no part; ``skipped_buckets`` are LSH buckets over
    ``max_bucket`` articles (boilerplate shared by very many articles), not paired."""

    articles: int = 0
    short_articles: int = 0
    band_keys: int = 0
    candidate_pairs: int = 0
    linked_pairs: int = 0
    skipped_buckets: int = 0


@dataclass(frozen=True, slots=True)
class ReuseResult:
    """Links ordered by (a id, b id, a start, b start); near-duplicate groups (two or more
    article ids each, sorted) in sorted order."""

    links: list[ReuseLink]
    groups: list[list[str]]
    stats: ReuseStats = field(default_factory=ReuseStats)


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
        words, ends = parts[0::2], bounds[0::2]
        if not words[-1]:
            words, ends = words[:-1], ends[:-1]
        if words and not words[0]:
            words, ends = words[1:], ends[1:]
        starts = [e - len(w) for w, e in zip(words, ends, strict=True)]
    if not low.isascii() and not unicodedata.is_normalized("NFKC", low):
        words = [w if w.isascii() else unicodedata.normalize("NFKC", w) for w in words]
    return words, starts, ends


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
                tokens=tuple(hashed[d]),
                starts=tuple(toks[d][1]),
                ends=tuple(toks[d][2]),
                seeds=_seed_index(grams[o : o + max(0, n - k + 1)], config.max_seed_repeats),
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
    digests = np.array(matrix.to_rows(), dtype=np.uint32)
    b, r = config.lsh_bands()
    keys = _band_keys(digests, b, r)
    # Windows come grouped by article: cut the keys at article boundaries.
    cuts = np.searchsorted(np.repeat(who[ok], b), np.arange(len(lengths) + 1))
    for d in np.unique(who[ok]).tolist():
        out[d] = tuple(np.unique(keys[cuts[d] : cuts[d + 1]]).tolist())
    return out


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
    keys = np.fromiter((k for s in sketches for k in s.bands), np.uint64, sum(sizes))
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
# 3. Pair alignment


def _date_of(published: str | None) -> datetime | date | None:
    if not published:
        return None
    s = published.strip()
    try:
        if len(s) <= 10:
            return date.fromisoformat(s)
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None


def direction(a_published: str | None, b_published: str | None) -> Direction:
    """Which side is the likely source: the one published first; "unknown" when a date is
    missing or unreadable, or both are equal (to the day when either gives only a day)."""
    da, db = _date_of(a_published), _date_of(b_published)
    if da is None or db is None:
        return "unknown"
    if (
        isinstance(da, datetime)
        and isinstance(db, datetime)
        and (da.tzinfo is None) == (db.tzinfo is None)
    ):
        if da == db:
            return "unknown"
        return "a_to_b" if da < db else "b_to_a"
    day_a = da.date() if isinstance(da, datetime) else da
    day_b = db.date() if isinstance(db, datetime) else db
    if day_a == day_b:
        return "unknown"
    return "a_to_b" if day_a < day_b else "b_to_a"


def _grams(h: U64, k: int) -> U64:
    if len(h) < k:
        return np.zeros(0, dtype=np.uint64)
    g = h[: len(h) - k + 1].copy()
    for off in range(1, k):
        g = (g * _MIX1) ^ h[off : len(h) - k + 1 + off]
    return g


def _seed_index(grams: U64, limit: int) -> dict[int, tuple[int, ...]]:
    """k-gram hash -> the positions where it starts (at most ``limit`` of them)."""
    listed = grams.tolist()
    index: dict[int, tuple[int, ...]] = dict(zip(listed, zip(range(len(listed))), strict=True))
    if len(index) < len(listed):  # repeated k-grams: list all their positions, or drop them
        order = np.argsort(grams, kind="stable")
        ordered = grams[order]
        first = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        counts = np.diff(np.concatenate((first, [len(ordered)])))
        many = counts > 1
        for f, c in zip(first[many].tolist(), counts[many].tolist(), strict=True):
            value = listed[order[f]]
            if c <= limit:
                index[value] = tuple(order[f : f + c].tolist())
            else:
                del index[value]
    return index


#: Above this many seeds a pair's seeds are sorted and cut into runs with numpy.
_VECTOR_SEEDS = 96


def _seeds(a: ArticleSketch, b: ArticleSketch, k: int) -> list[tuple[int, int, int, int]]:
    """Runs of seeds: (i, j) where the same k-gram starts at token i of a and token j of b,
    sorted, cut into runs (i0, j0, i1, j1) of seeds that each continue the previous one on
    its diagonal (0 < di <= k, dj == di); a single seed is a run with i0 == i1."""
    common = a.seeds.keys() & b.seeds.keys()
    if len(common) < 2:
        return []
    sa, sb = a.seeds, b.seeds
    pairs = [(i, j) for g in common for i in sa[g] for j in sb[g]]
    if len(pairs) > _VECTOR_SEEDS:
        arr = np.array(pairs, dtype=np.int64)
        arr = arr[np.lexsort((arr[:, 1], arr[:, 0]))]
        di, dj = np.diff(arr[:, 0]), np.diff(arr[:, 1])
        breaks = np.flatnonzero(~((di > 0) & (di <= k) & (dj == di))) + 1
        first = np.concatenate(([0], breaks))
        last = np.concatenate((breaks - 1, [len(arr) - 1]))
        return list(
            zip(
                arr[first, 0].tolist(),
                arr[first, 1].tolist(),
                arr[last, 0].tolist(),
                arr[last, 1].tolist(),
                strict=True,
            )
        )
    pairs.sort()
    runs: list[tuple[int, int, int, int]] = []
    i0 = j0 = pi = pj = -1
    for i, j in pairs:
        step = i - pi
        if i0 >= 0 and 0 < step <= k and j - pj == step:
            pi, pj = i, j
            continue
        if i0 >= 0:
            runs.append((i0, j0, pi, pj))
        i0, j0, pi, pj = i, j, i, j
    runs.append((i0, j0, pi, pj))
    return runs


@dataclass(slots=True)
class _Chain:
    first_i: int
    first_j: int
    last_i: int
    last_j: int
    matched: int


def _chains(runs: list[tuple[int, int, int, int]], config: ReuseConfig) -> list[_Chain]:
    """Greedy chaining of (i, j) seeds sorted by i: a seed joins the open chain it continues
    best (same diagonal first), else opens a chain. Seeds come in runs (see :func:`_seeds`):
    the rest of a run continues the chain its first seed went to, so it is added at once."""
    k = config.seed_words
    reach = config.max_gap + k
    open_: list[_Chain] = []
    done: list[_Chain] = []
    last: _Chain | None = None
    stale = -1  # no open chain ended before stale - reach
    for i, j, i1, j1 in runs:
        if last is not None:
            di = i - last.last_i
            if 0 < di <= k and j - last.last_j == di:  # the common case: same diagonal
                last.matched += di + i1 - i
                last.last_i, last.last_j = i1, j1
                continue
        if open_ and i > stale:  # retire chains that ended too far back
            done.extend(c for c in open_ if i - c.last_i > reach)
            open_ = [c for c in open_ if i - c.last_i <= reach]
            stale = min((c.last_i for c in open_), default=i) + reach
        best: _Chain | None = None
        best_cost = (0, 0)
        for c in open_:
            di, dj = i - c.last_i, j - c.last_j
            if di < 1 or dj < 1 or dj > reach or abs(di - dj) > config.max_shift:
                continue
            cost = (abs(di - dj), di)
            if best is None or cost < best_cost:
                best, best_cost = c, cost
        if best is None:
            best = _Chain(i, j, i, j, k)
            if not open_:
                stale = i + reach
            open_.append(best)
        else:
            best.matched += min(k, i - best.last_i, j - best.last_j)
            best.last_i, best.last_j = i, j
        last = best
        if i1 > i:  # the rest of the run, on the same diagonal
            best.matched += i1 - i
            best.last_i, best.last_j = i1, j1
    return done + open_


def _dense(matched: int, length: int, config: ReuseConfig) -> bool:
    return matched >= config.min_density * length + config.density_margin


def _merge(chains: list[_Chain], config: ReuseConfig) -> list[tuple[int, int, int, int, int]]:
    """Join chains that continue one another across a longer gap (a noisy stretch), as long
    as the joined span stays dense enough: (i0, i1, j0, j1, matched) in token positions."""
    k = config.seed_words
    bridge = 2 * config.max_gap + k
    spans = sorted((c.first_i, c.last_i + k, c.first_j, c.last_j + k, c.matched) for c in chains)
    active: list[list[int]] = []
    done: list[list[int]] = []
    for i0, i1, j0, j1, matched in spans:
        if active and min(m[1] for m in active) < i0 - bridge:
            done.extend(m for m in active if m[1] < i0 - bridge)
            active = [m for m in active if m[1] >= i0 - bridge]
        best: list[int] | None = None
        best_cost = (0, 0)
        for m in active:
            gi, gj = i0 - m[1], j0 - m[3]
            if not (-k < gi <= bridge and -k < gj <= bridge):
                continue
            if abs(gi - gj) > config.max_shift:
                continue
            total = m[4] + matched - max(0, -gi)
            if not _dense(total, max(i1 - m[0], j1 - m[2]), config):
                continue
            cost = (abs(gi - gj), -m[4])
            if best is None or cost < best_cost:
                best, best_cost = m, cost
        if best is None:
            active.append([i0, i1, j0, j1, matched])
        else:
            best[4] += matched - max(0, best[1] - i0)
            best[1], best[3] = max(best[1], i1), max(best[3], j1)
    return [(m[0], m[1], m[2], m[3], m[4]) for m in done + active]


def align_pair(
    a: ArticleSketch, b: ArticleSketch, config: ReuseConfig = ReuseConfig()
) -> list[ReuseLink]:
    """Maximal passages of at least ``config.min_words`` words that ``a`` and ``b`` share,
    verbatim or lightly edited, with character offsets into each text. Pure."""
    seeds = _seeds(a, b, config.seed_words)
    if len(seeds) < 2 and (not seeds or seeds[0][0] == seeds[0][2]):
        return []
    ta, tb = a.tokens, b.tokens
    na, nb = len(ta), len(tb)
    spans: list[tuple[int, int, int, int, int]] = []
    for i0, i1, j0, j1, matched in _merge(_chains(seeds, config), config):
        while i0 > 0 and j0 > 0 and ta[i0 - 1] == tb[j0 - 1]:
            i0, j0, matched = i0 - 1, j0 - 1, matched + 1
        while i1 < na and j1 < nb and ta[i1] == tb[j1]:
            i1, j1, matched = i1 + 1, j1 + 1, matched + 1
        if min(i1 - i0, j1 - j0) < config.min_words:
            continue
        if not _dense(matched, max(i1 - i0, j1 - j0), config):
            continue
        spans.append((i0, i1, j0, j1, matched))
    spans = _drop_contained(spans)
    way = direction(a.published, b.published)
    links: list[ReuseLink] = []
    for i0, i1, j0, j1, matched in spans:
        same = (i1 - i0) == (j1 - j0) and ta[i0:i1] == tb[j0:j1]
        links.append(
            ReuseLink(
                a=ReuseSide(a.article_id, a.starts[i0], a.ends[i1 - 1]),
                b=ReuseSide(b.article_id, b.starts[j0], b.ends[j1 - 1]),
                words=min(i1 - i0, j1 - j0),
                kind="verbatim" if same else "near",
                direction=way,
                similarity=round(min(1.0, matched / max(i1 - i0, j1 - j0)), 4),
            )
        )
    return links


def _drop_contained(
    spans: list[tuple[int, int, int, int, int]],
) -> list[tuple[int, int, int, int, int]]:
    spans = sorted(spans, key=lambda s: (s[0], -s[1], s[2], -s[3]))
    kept: list[tuple[int, int, int, int, int]] = []
    for s in spans:
        if any(o[0] <= s[0] and s[1] <= o[1] and o[2] <= s[2] and s[3] <= o[3] for o in kept):
            continue
        kept.append(s)
    return kept


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
    sketches = sketch_articles(ordered, config)
    pairs, skipped = candidate_pairs(sketches, config)
    links: list[ReuseLink] = []
    for i, j in pairs:
        links.extend(align_pair(sketches[i], sketches[j], config))
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
