"""Step 3 of the reuse index: align one candidate pair into shared passages.

Exact word k-gram seeds (from each :class:`~newsprism.reuse_types.ArticleSketch`) are cut into
runs along diagonals, chained greedily with small gaps and shifts allowed (so typos, OCR noise
and inserted or dropped words do not break a passage), chains that continue one another across
a noisy stretch are merged while the span stays dense, and each span is extended over equal
tokens at both ends. :func:`align_pair` is pure: it can run as a map over pairs on a cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsprism.reuse_types import ArticleSketch, ReuseConfig, ReuseLink, ReuseSide, direction

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
