"""The plain data of the reuse index: its settings, an article's sketch, the links it finds,
and the rule that says which side of a link was published first.

Kept apart from the steps (:mod:`newsprism.reuse` sketches and pairs, :mod:`newsprism.reuse_align`
aligns) so that each step imports the types without importing the other steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from newsprism.errors import SettingsError

ReuseKind = Literal["verbatim", "near"]
Direction = Literal["a_to_b", "b_to_a", "unknown"]
U64 = npt.NDArray[np.uint64]


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


@dataclass(frozen=True, slots=True, eq=False)
class ArticleSketch:
    """What the reuse index needs of one article (picklable plain data).

    ``tokens`` are stable 64-bit hashes of the lower-cased word tokens, ``starts``/``ends``
    their character offsets in the article's text, ``grams`` the hash of the word k-gram
    (``seed_words`` tokens) starting at each token position (``len(tokens) - k + 1`` of them,
    none for a shorter article), ``bands`` the article's distinct LSH band keys (one per window
    and band). Equal when all fields are.
    """

    article_id: str
    published: str | None
    tokens: U64
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    grams: U64
    bands: tuple[int, ...]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArticleSketch):
            return NotImplemented
        return (
            (self.article_id, self.published, self.starts, self.ends, self.bands)
            == (other.article_id, other.published, other.starts, other.ends, other.bands)
            and np.array_equal(self.tokens, other.tokens)
            and np.array_equal(self.grams, other.grams)
        )

    @classmethod
    def of_bands(cls, article_id: str, bands: tuple[int, ...]) -> ArticleSketch:
        """A sketch with band keys only: enough for :func:`~newsprism.reuse.candidate_pairs`."""
        empty = np.zeros(0, dtype=np.uint64)
        return cls(article_id, None, empty, (), (), empty, bands)


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
