"""Step 3 of the reuse index: align candidate pairs into shared passages.

Exact word k-gram seeds (from each :class:`~newsprism.reuse_types.ArticleSketch`) are cut into
runs along diagonals, chained greedily with small gaps and shifts allowed (so typos, OCR noise
and inserted or dropped words do not break a passage), chains that continue one another across
a noisy stretch are merged while the span stays dense, and each span is extended over equal
tokens at both ends. :func:`align_pairs` finds the seeds and runs of a batch of pairs in a few
vectorised passes (one sort of the batch's k-grams, a join on equal k-grams) and chains each
pair's runs; :func:`align_pair` is the same for one pair. Both are pure: they can run as a map
over batches of pairs on a cluster.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsprism.reuse_types import (
    U64,
    ArticleSketch,
    ReuseConfig,
    ReuseLink,
    ReuseSide,
    direction,
)

I64 = npt.NDArray[np.int64]
#: A run of seeds on one diagonal: (i0, j0, i1, j1), first and last seed.
Run = tuple[int, int, int, int]


def _seed_groups(sketches: Sequence[ArticleSketch], limit: int) -> tuple[U64, I64, I64, I64, I64]:
    """The (k-gram, article) groups of a batch, sorted by k-gram then article, leaving out the
    k-grams an article repeats more than ``limit`` times: each group's k-gram, article index,
    first index into the positions and count; and the positions (sorted within a group)."""
    lens = np.array([len(s.grams) for s in sketches], dtype=np.int64)
    grams: U64 = np.concatenate([s.grams for s in sketches]).astype(np.uint64, copy=False)
    doc = np.repeat(np.arange(len(sketches), dtype=np.int64), lens)
    pos = np.arange(len(grams), dtype=np.int64) - np.repeat(np.cumsum(lens) - lens, lens)
    order = np.argsort(grams, kind="stable")  # the concatenation is in (article, position) order
    g, doc, pos = grams[order], doc[order], pos[order]
    new = np.ones(len(g), dtype=np.bool_)
    new[1:] = (g[1:] != g[:-1]) | (doc[1:] != doc[:-1])
    first = np.flatnonzero(new)
    count = np.diff(np.append(first, len(g)))
    ok = count <= limit
    return g[first[ok]], doc[first[ok]], first[ok], count[ok], pos


def _shared_groups(gram: U64) -> tuple[I64, I64]:
    """Every two groups (indices, the first lower) of one k-gram, i.e. of two articles."""
    first = np.flatnonzero(np.concatenate(([True], gram[1:] != gram[:-1])))
    size = np.diff(np.append(first, len(gram)))
    # group x, at place r of a k-gram's m groups, pairs with the m - r - 1 groups after it
    after = np.repeat(first + size, size) - np.arange(len(gram), dtype=np.int64) - 1
    lo = np.repeat(np.arange(len(gram), dtype=np.int64), after)
    step = np.arange(len(lo), dtype=np.int64) - np.repeat(np.cumsum(after) - after, after) + 1
    return lo, lo + step


def _pair_seeds(
    sketches: Sequence[ArticleSketch], codes: I64, config: ReuseConfig
) -> tuple[I64, I64, I64]:
    """Seeds of the pairs ``codes`` (``first * len(sketches) + second``, sorted, distinct):
    (pair index, i, j) where the same k-gram starts at token i of the first article and token
    j of the second, sorted; pairs with fewer than two k-grams in common have none."""
    n = len(sketches)
    gram, doc, first, count, pos = _seed_groups(sketches, config.max_seed_repeats)
    ga, gb = _shared_groups(gram)
    code = doc[ga] * n + doc[gb]
    at = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
    hit = codes[at] == code
    pair, ga, gb = at[hit], ga[hit], gb[hit]
    common = np.bincount(pair, minlength=len(codes))
    ca, cb = count[ga], count[gb]
    many = ca * cb
    if (many == 1).all():
        i, j = pos[first[ga]], pos[first[gb]]
    else:  # a k-gram repeated in an article: every position in one with every one in the other
        rep = np.repeat(np.arange(len(pair), dtype=np.int64), many)
        offs = np.arange(len(rep), dtype=np.int64) - np.repeat(np.cumsum(many) - many, many)
        i = pos[first[ga][rep] + offs // cb[rep]]
        j = pos[first[gb][rep] + offs % cb[rep]]
        pair = pair[rep]
    keep = common[pair] >= 2
    pair, i, j = pair[keep], i[keep], j[keep]
    width = max((len(s.tokens) for s in sketches), default=0) + 1
    if len(codes) * width * width < 2**62:
        order = np.argsort((pair * width + i) * width + j)
    else:
        order = np.lexsort((j, i, pair))
    return pair[order], i[order], j[order]


def _pair_runs(
    sketches: Sequence[ArticleSketch], codes: I64, config: ReuseConfig, prune: bool = True
) -> tuple[I64, list[Run]]:
    """Runs of seeds of the pairs ``codes``: seeds sorted by (i, j) are cut into runs of seeds
    that each continue the previous one on its diagonal (0 < di <= k, dj == di); a single seed
    is a run with i0 == i1. Returns each run's pair index (ascending) and the runs, less (with
    ``prune``) the runs that cannot change a pair's links (see :func:`_unreachable`)."""
    k = config.seed_words
    pair, i, j = _pair_seeds(sketches, codes, config)
    if not len(pair):
        return pair, []
    same = pair[1:] == pair[:-1]
    di, dj = np.diff(i), np.diff(j)
    breaks = np.flatnonzero(~(same & (di > 0) & (di <= k) & (dj == di))) + 1
    start = np.concatenate(([0], breaks))
    last = np.concatenate((breaks - 1, [len(pair) - 1]))
    rp, i0, j0, i1, j1 = pair[start], i[start], j[start], i[last], j[last]
    if prune:
        kept = ~_unreachable(sketches, codes, config, (pair, i, j), (rp, i0, j0, i1, j1))
        rp, i0, j0, i1, j1 = rp[kept], i0[kept], j0[kept], i1[kept], j1[kept]
    runs = list(zip(i0.tolist(), j0.tolist(), i1.tolist(), j1.tolist(), strict=True))
    return rp, runs


def _unreachable(
    sketches: Sequence[ArticleSketch],
    codes: I64,
    config: ReuseConfig,
    seeds: tuple[I64, I64, I64],
    runs: tuple[I64, I64, I64, I64, I64],
) -> npt.NDArray[np.bool_]:
    """Runs that cannot change their pair's links: shorter than ``min_words`` words, with
    different tokens on both sides just before and just after them (so they do not grow), and
    no other seed of the pair within ``far = 2 * (max_gap + k)`` tokens before or after them
    in one of the two articles. A chain reaches a seed at most ``max_gap + k`` tokens on in
    both articles, and a merge joins a span to one that ends (in each article, by some seed)
    at most ``2 * max_gap + k`` tokens before it starts, so such a run forms a chain and a span
    of its own that nothing joins and that joins nothing, and its span is too short to be a
    link. Leaving it out changes nothing else: the chaining of the other runs never looks at
    it (and its fast path is taken only where the search would pick the same chain)."""
    k, n = config.seed_words, len(sketches)
    pair, i, j = seeds
    rp, i0, j0, i1, j1 = runs
    at = np.flatnonzero(i1 + k - i0 < config.min_words)  # short; narrowed down below
    lens = np.array([len(s.tokens) for s in sketches], dtype=np.int64)
    offs = np.cumsum(lens) - lens
    tok = np.concatenate([s.tokens for s in sketches])
    a, b = codes[rp[at]] // n, codes[rp[at]] % n
    x0, y0, x1, y1 = i0[at], j0[at], i1[at] + k, j1[at] + k
    top = max(len(tok) - 1, 0)
    before = (x0 > 0) & (y0 > 0)
    before &= tok[np.clip(offs[a] + x0 - 1, 0, top)] == tok[np.clip(offs[b] + y0 - 1, 0, top)]
    behind = (x1 < lens[a]) & (y1 < lens[b])
    behind &= tok[np.clip(offs[a] + x1, 0, top)] == tok[np.clip(offs[b] + y1, 0, top)]
    at = at[~(before | behind)]
    far = 2 * (config.max_gap + k)
    width = int(max(i.max(), j.max())) + far + 1

    def alone(keys: I64, first: I64, last: I64, at: I64) -> npt.NDArray[np.bool_]:
        """No seed of the pair in [first - far, first) or (last, last + far]."""
        base = rp[at] * width
        lo, hi = base + np.maximum(first[at] - far, 0), base + last[at] + far + 1
        found = (
            np.searchsorted(keys, base + first[at])
            - np.searchsorted(keys, lo)
            + np.searchsorted(keys, hi)
            - np.searchsorted(keys, base + last[at] + 1)
        )
        out: npt.NDArray[np.bool_] = found == 0
        return out

    out = np.zeros(len(rp), dtype=np.bool_)
    in_a = alone(pair * width + i, i0, i1, at)  # the seeds are sorted by (pair, i)
    out[at[in_a]] = True
    at = at[~in_a]
    out[at[alone(np.sort(pair * width + j), j0, j1, at)]] = True
    return out


@dataclass(slots=True)
class _Chain:
    first_i: int
    first_j: int
    last_i: int
    last_j: int
    matched: int


def _chains(runs: list[Run], config: ReuseConfig) -> list[_Chain]:
    """Greedy chaining of (i, j) seeds sorted by i: a seed joins the open chain it continues
    best (same diagonal first), else opens a chain. Seeds come in runs (see :func:`_pair_runs`):
    the rest of a run continues the chain its first seed went to, so it is added at once."""
    k = config.seed_words
    reach = config.max_gap + k
    shift = config.max_shift
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
            kept: list[_Chain] = []
            for c in open_:
                (done if i - c.last_i > reach else kept).append(c)
            open_ = kept
            stale = min([c.last_i for c in kept]) + reach if kept else i + reach
        best: _Chain | None = None
        best_cost = best_di = best_dj = 0
        for c in open_:  # open chains ended at most reach tokens back in a
            di, dj = i - c.last_i, j - c.last_j
            if di < 1 or dj < 1 or dj > reach:
                continue
            off = di - dj if di > dj else dj - di
            if off > shift:
                continue
            cost = (off << 32) + di  # (off, di), compared in that order
            if best is None or cost < best_cost:
                best, best_cost, best_di, best_dj = c, cost, di, dj
        if best is None:
            best = _Chain(i, j, i, j, k)
            if not open_:
                stale = i + reach
            open_.append(best)
        else:
            best.matched += min(k, best_di, best_dj)
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
    if len(chains) == 1:
        c = chains[0]
        return [(c.first_i, c.last_i + k, c.first_j, c.last_j + k, c.matched)]
    bridge = 2 * config.max_gap + k
    shift, density, margin = config.max_shift, config.min_density, config.density_margin
    spans = sorted([(c.first_i, c.last_i + k, c.first_j, c.last_j + k, c.matched) for c in chains])
    active: list[list[int]] = []
    done: list[list[int]] = []
    low = 0  # at most the lowest end (in a) of an active span
    for i0, i1, j0, j1, matched in spans:
        if active and low < i0 - bridge:
            low = min([m[1] for m in active])
            if low < i0 - bridge:  # retire the spans that ended too far back
                kept: list[list[int]] = []
                for m in active:
                    (done if m[1] < i0 - bridge else kept).append(m)
                active = kept
                low = min([m[1] for m in kept]) if kept else 0
        best: list[int] | None = None
        best_off = best_size = 0
        for m in active:
            gi, gj = i0 - m[1], j0 - m[3]
            if not (-k < gi <= bridge and -k < gj <= bridge):
                continue
            off = gi - gj if gi > gj else gj - gi
            if off > shift:
                continue
            total = m[4] + matched - (-gi if gi < 0 else 0)
            if total < density * max(i1 - m[0], j1 - m[2]) + margin:  # not dense
                continue
            if best is None or off < best_off or (off == best_off and m[4] > best_size):
                best, best_off, best_size = m, off, m[4]
        if best is None:
            if not active or i1 < low:
                low = i1
            active.append([i0, i1, j0, j1, matched])
        else:
            best[4] += matched - max(0, best[1] - i0)
            best[1], best[3] = max(best[1], i1), max(best[3], j1)
    return [(m[0], m[1], m[2], m[3], m[4]) for m in done + active]


def align_pairs(
    sketches: Sequence[ArticleSketch],
    pairs: Sequence[tuple[int, int]],
    config: ReuseConfig = ReuseConfig(),
    prune: bool = True,
) -> list[ReuseLink]:
    """:func:`align_pair` of ``sketches[i]`` and ``sketches[j]`` for each (i, j) of ``pairs``
    (i < j), the links in the order of ``pairs``. Pure. ``prune=False`` chains every run of
    seeds, also those that cannot change the links (for tests: the links are the same)."""
    if not pairs:
        return []
    with gc_paused():
        return _align_batch(sketches, pairs, config, prune)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs. Sketching and aligning a batch build
    many small acyclic containers that live for the whole batch (token lists, rensa's digest
    rows, runs of seeds, chains); they set off collections that walk them, and every other
    object of the process, and free nothing (the objects go by reference counting). Measured
    in the benchmark's process: 0.14 of AllSides' 0.69 CPU-seconds. Restores the previous
    state; nested or concurrent uses leave the collector enabled if it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _align_batch(
    sketches: Sequence[ArticleSketch],
    pairs: Sequence[tuple[int, int]],
    config: ReuseConfig,
    prune: bool,
) -> list[ReuseLink]:
    n = len(sketches)
    idx = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    if (idx[:, 0] >= idx[:, 1]).any() or idx.min() < 0 or idx.max() >= n:
        raise ValueError("align_pairs wants index pairs (i, j) with 0 <= i < j < len(sketches)")
    codes, which = np.unique(idx[:, 0] * n + idx[:, 1], return_inverse=True)
    owner, runs = _pair_runs(sketches, codes, config, prune)
    cuts = np.searchsorted(owner, np.arange(len(codes) + 1)).tolist()
    tokens: dict[int, list[int]] = {}
    links: list[ReuseLink] = []
    for (i, j), u in zip(pairs, which.reshape(-1).tolist(), strict=True):
        if cuts[u] == cuts[u + 1]:
            continue
        if i not in tokens:
            tokens[i] = sketches[i].tokens.tolist()
        if j not in tokens:
            tokens[j] = sketches[j].tokens.tolist()
        found = _links(
            sketches[i], sketches[j], tokens[i], tokens[j], runs[cuts[u] : cuts[u + 1]], config
        )
        links.extend(found)
    return links


def align_pair(
    a: ArticleSketch, b: ArticleSketch, config: ReuseConfig = ReuseConfig()
) -> list[ReuseLink]:
    """Maximal passages of at least ``config.min_words`` words that ``a`` and ``b`` share,
    verbatim or lightly edited, with character offsets into each text. Pure."""
    return align_pairs([a, b], [(0, 1)], config)


def _links(
    a: ArticleSketch,
    b: ArticleSketch,
    ta: list[int],
    tb: list[int],
    runs: list[Run],
    config: ReuseConfig,
) -> list[ReuseLink]:
    """The links of one pair from its runs of seeds; ``ta``, ``tb`` are the two token lists."""
    na, nb = len(ta), len(tb)
    spans: list[tuple[int, int, int, int, int]] = []
    for i0, i1, j0, j1, matched in _merge(_chains(runs, config), config):
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
