"""Distinctive framing: the words and short phrases each outlet of a story uses distinctively.

Each article of a story is compared with the other articles of the same story by the log-odds
ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"):

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

``y_iw`` counts term ``w`` in the article, ``y_jw`` in the rest of the story, ``n_i``/``n_j``
are their totals, and the prior is ``a_w = prior_scale * (b_w + smoothing)`` with ``b_w`` the
term's count in a :class:`Background` (counts over the whole store; ``a_0`` is the sum of
``a_w`` over the vocabulary). Without a background the story itself, smoothed, is the prior.
Words and two-word phrases are scored as two vocabularies, each with its own totals and prior.

A term is a word token that is not a stopword and has a letter in it (numbers and punctuation
are skipped), or two such tokens with only a space between them (a stopword, punctuation or a
line break ends a phrase). Tokens are case-folded for counting ("US" in capitals stays apart
from the pronoun "us") and shown as the story writes them mid-sentence, so names keep their
capitals. docs/framing.md gives the parameters and the measured figures.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from newsprism.framing_lexicon import general_frequency, supported
from newsprism.framing_phrases import modified_noun
from newsprism.framing_tokens import STOP as STOP
from newsprism.framing_tokens import Occurrence as Occurrence
from newsprism.framing_tokens import Token as Token
from newsprism.framing_tokens import copied as copied
from newsprism.framing_tokens import occurrences as occurrences
from newsprism.framing_tokens import term_counts as term_counts
from newsprism.framing_tokens import term_order
from newsprism.framing_tokens import tokenize as tokenize
from newsprism.model import Article
from newsprism.text import fold, normalise_lang

#: Format tag and version written by :meth:`Background.to_dict`.
BACKGROUND_FORMAT = "newsprism-framing-background"
BACKGROUND_VERSION = 1

NamesMode = Literal["keep", "after", "drop"]
RankBy = Literal["z", "delta"]


@dataclass(frozen=True, slots=True)
class FramingConfig:
    """Settings of :func:`distinctive_terms`.

    Tuned by a grid search on the even-indexed half of the BASIL triplets and reported on the
    odd half (``benchmarks/bench_framing.py``; figures in docs/framing.md).
    """

    #: Longest phrase scored: 1 scores words only, 2 words and two-word phrases.
    max_n: int = 2
    #: A phrase is reported only when the article uses it at least this often (a phrase used
    #: once is mostly two words that happen to meet; 1 reports those too, see docs).
    phrase_min_count: int = 2
    #: Prior strength relative to the background: ``a_w = prior_scale * (b_w + smoothing)``.
    prior_scale: float = 1.0
    #: Pseudo-count added to each term's background count (the prior of unseen terms).
    smoothing: float = 0.5
    #: Least z-score reported. A word used once in a news-length article and never by the
    #: other outlets scores about 0.5-0.7, so 1.96 would keep only terms used several times.
    min_z: float = 0.25
    #: Least number of times the article must use a term.
    min_count: int = 1
    #: Leave out words between quotation marks: a quoted speaker's words are not the outlet's.
    exclude_quotes: bool = True
    #: Leave out runs of at least this many terms that another article of the story has too
    #: (copied or shared wire copy is not the outlet's own wording); 0 keeps them.
    exclude_copied: int = 5
    #: Count the headline too (skipped when the body already starts with it).
    include_title: bool = True
    #: Never report a term that every article of the story uses.
    drop_shared: bool = False
    #: The background includes the story's own articles (store-wide counts): subtract them,
    #: so that the prior comes from the rest of the store.
    prior_excludes_story: bool = True
    #: Names are terms with a word the story writes capitalised mid-sentence and never in lower
    #: case (people and places, but also labels such as "Takfiri"). ``"keep"`` ranks them like
    #: any term; ``"after"`` ranks a name the article uses only once after every other term (a
    #: passing mention: "Brigadier General Amir Hatami" is four of them); ``"drop"`` leaves
    #: names out.
    names: NamesMode = "after"
    #: Rank by the z-score (``"z"``, Monroe et al.'s choice) or by the log-odds ratio itself.
    rank_by: RankBy = "z"
    #: Size, in word tokens, of a general-text pseudo-corpus added to every word's prior
    #: (:mod:`newsprism.framing_lexicon`): an everyday word gets a larger prior than a rare
    #: one, so it needs more uses to stand out. 0 leaves it out.
    general_prior: float = 1e6
    #: Show a word the article uses once with the common noun it modifies, when spaCy tags
    #: the pair adjective/participle + noun ("occupying forces"; :mod:`framing_phrases`).
    modifier_phrases: bool = True

    def __post_init__(self) -> None:
        if self.max_n < 1:
            raise ValueError(f"max_n must be at least 1 (got {self.max_n})")
        if self.general_prior < 0:
            raise ValueError(f"general_prior must not be negative (got {self.general_prior})")
        if self.prior_scale <= 0 or self.smoothing <= 0:
            raise ValueError(
                f"prior_scale and smoothing must be positive (got {self.prior_scale}, "
                f"{self.smoothing})"
            )


@dataclass(frozen=True, slots=True)
class Term:
    """A term an article uses distinctively, with the evidence behind it."""

    key: str
    display: str
    z: float
    #: The log-odds ratio, article against the rest of the story.
    delta: float
    count: int
    rest_count: int


# ---------------------------------------------------------------------------------------------
# Background


class Background:
    """Term counts over a collection: the prior of :func:`distinctive_terms`.

    Built incrementally (:meth:`add`, :meth:`from_texts`), mergeable (:meth:`merge`: count
    each shard, then combine) and serialisable to a plain JSON-ready dict (:meth:`to_dict`,
    :meth:`from_dict`). It counts case-folded words and phrases of up to ``max_n`` words,
    quotes included.
    """

    __slots__ = ("_stats", "counts", "documents", "max_n")

    def __init__(
        self, counts: Mapping[str, int] | None = None, documents: int = 0, max_n: int = 2
    ) -> None:
        if max_n < 1:
            raise ValueError(f"max_n must be at least 1 (got {max_n})")
        self.counts: Counter[str] = Counter(counts or {})
        self.documents = documents
        self.max_n = max_n
        self._stats: dict[int, tuple[int, int]] | None = None

    def add(self, text: str) -> None:
        """Count one more document (pass a headline as part of ``text`` to count it)."""
        self.counts.update(term_counts(text, self.max_n))
        self.documents += 1
        self._stats = None

    @classmethod
    def from_texts(cls, texts: Iterable[str], max_n: int = 2) -> Background:
        """A background over ``texts``."""
        bg = cls(max_n=max_n)
        for text in texts:
            bg.add(text)
        return bg

    def merge(self, other: Background) -> Background:
        """Add ``other``'s counts to this background (in place); returns ``self``."""
        if other.max_n != self.max_n:
            raise ValueError(
                f"cannot merge backgrounds counting phrases of {self.max_n} and {other.max_n} "
                "words; build both with the same max_n"
            )
        self.counts.update(other.counts)
        self.documents += other.documents
        self._stats = None
        return self

    def pruned(self, min_count: int) -> Background:
        """A copy without the terms seen fewer than ``min_count`` times (smaller to store;
        a dropped term's prior falls back to the smoothing constant)."""
        kept = {k: v for k, v in self.counts.items() if v >= min_count}
        return Background(kept, self.documents, self.max_n)

    def stats(self, order: int) -> tuple[int, int]:
        """(total count, number of distinct terms) of the terms of ``order`` words."""
        if self._stats is None:
            acc: dict[int, list[int]] = {}
            for key, c in self.counts.items():
                s = acc.setdefault(term_order(key), [0, 0])
                s[0] += c
                s[1] += 1
            self._stats = {k: (v[0], v[1]) for k, v in acc.items()}
        return self._stats.get(order, (0, 0))

    def to_dict(self) -> dict[str, Any]:
        """A plain dict, ready for JSON, that :meth:`from_dict` reads back."""
        return {
            "format": BACKGROUND_FORMAT,
            "version": BACKGROUND_VERSION,
            "max_n": self.max_n,
            "documents": self.documents,
            "counts": dict(sorted(self.counts.items())),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Background:
        """Read a dict written by :meth:`to_dict`."""
        if d.get("format") != BACKGROUND_FORMAT or d.get("version") != BACKGROUND_VERSION:
            raise ValueError(
                f"not a {BACKGROUND_FORMAT} version {BACKGROUND_VERSION} dict "
                f"(format={d.get('format')!r}, version={d.get('version')!r}); rebuild the "
                "background with Background.from_texts"
            )
        counts = {str(k): int(v) for k, v in d["counts"].items()}
        return cls(counts, int(d["documents"]), int(d["max_n"]))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Background):
            return NotImplemented
        mine = (self.max_n, self.documents, +self.counts)
        return mine == (other.max_n, other.documents, +other.counts)

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.counts)

    def __repr__(self) -> str:
        return f"Background({len(self.counts)} terms, {self.documents} documents)"


# ---------------------------------------------------------------------------------------------
# Scoring


def article_tokens(article: Article, config: FramingConfig = FramingConfig()) -> list[Token]:
    """The candidate words of an article: its headline (when counted), then its body. Headline
    tokens have offsets -1 (they are not in ``article.text``)."""
    body = tokenize(article.text, lang=article.lang)
    title = (article.title or "").strip()
    if not (config.include_title and title):
        return body
    if fold(article.text[: len(title) + 20]).startswith(fold(title)):
        return body  # the body repeats the headline
    head = [replace(t, start=-1, end=-1) for t in tokenize(title, headline=True, lang=article.lang)]
    if body:
        body[0] = replace(body[0], joins=False)
    return head + body


def _prior(
    keys: Sequence[str],
    background: Background | None,
    story: Counter[str],
    config: FramingConfig,
    lang: str | None = None,
) -> tuple[dict[str, float], float]:
    """``a_w`` for the story's terms of one order, and ``a_0`` for that vocabulary; words of
    a language wordfreq covers get the general-text pseudo-corpus too."""
    s = config.smoothing
    if background is None:
        counts = {k: story[k] for k in keys}
        total, vocab = sum(counts.values()), len(keys)
    else:
        total, vocab = background.stats(term_order(keys[0]))
        bg = background.counts
        if config.prior_excludes_story:
            counts = {k: max(0, bg.get(k, 0) - story[k]) for k in keys}
            total -= sum(min(bg.get(k, 0), story[k]) for k in keys)
            vocab -= sum(1 for k in keys if 0 < bg.get(k, 0) <= story[k])
        else:
            counts = {k: bg.get(k, 0) for k in keys}
        vocab += sum(1 for k in keys if counts[k] == 0)
    base = {k: float(c) for k, c in counts.items()}
    mass = float(total)
    if config.general_prior > 0 and term_order(keys[0]) == 1 and lang and supported(lang):
        # The general-text pseudo-corpus (framing_lexicon), the same size with or without a
        # store. Without one it is nearly the whole prior: it ranks a rare word the article
        # alone uses ("occupying", "Takfiri") above an everyday one, where the story's own
        # counts would tie every word used once (BASIL: test-half P@10 without a store
        # 0.016 with a story-sized pseudo-corpus, 0.027 with 1e6 tokens).
        weight = config.general_prior
        for k in keys:
            base[k] += weight * general_frequency(k, lang)
        mass += weight
    scale = config.prior_scale
    return {k: scale * (base[k] + s) for k in keys}, scale * (mass + s * vocab)


def log_odds(y_i: int, n_i: int, y_j: int, n_j: int, a_w: float, a_0: float) -> tuple[float, float]:
    """(delta, z) of one term: ``y_i`` of ``n_i`` in the article against ``y_j`` of ``n_j``
    in the rest, with prior ``a_w`` out of ``a_0`` (Monroe et al. 2008, eq. 16 and 18)."""
    delta = math.log((y_i + a_w) / max(n_i + a_0 - y_i - a_w, 1e-9)) - math.log(
        (y_j + a_w) / max(n_j + a_0 - y_j - a_w, 1e-9)
    )
    return delta, delta / math.sqrt(1.0 / (y_i + a_w) + 1.0 / (y_j + a_w))


def _words(key: str) -> list[str]:
    return key.split(" ")


def _select(ranked: Sequence[Term], top: int) -> list[Term]:
    """Best first; a word is left out when a chosen phrase holds all its uses, a phrase takes
    the place of a chosen word whose uses it all holds, and overlapping phrases are not both
    shown."""
    chosen: list[int] = []  # indices into ranked
    for i, cand in enumerate(ranked):
        words = _words(cand.key)
        phrases = [ranked[c] for c in chosen if " " in ranked[c].key]
        if len(words) == 1:
            if not any(cand.key in _words(p.key) and cand.count <= p.count for p in phrases):
                chosen.append(i)
        elif not any(set(_words(p.key)) & set(words) for p in phrases):
            chosen = [
                c for c in chosen if not (ranked[c].key in words and ranked[c].count <= cand.count)
            ]
            chosen.append(i)
        if len(chosen) >= top:
            break
    return [ranked[c] for c in sorted(chosen)]


def _names(token_lists: Sequence[Sequence[Token]]) -> frozenset[str]:
    """Words the story writes capitalised mid-sentence and never in lower case."""
    upper: set[str] = set()
    lower: set[str] = set()
    for toks in token_lists:
        for t in toks:
            if t.surface[:1].islower():
                lower.add(t.key)
            elif not t.initial:
                upper.add(t.key)
    return frozenset(upper - lower)


def _display_forms(token_lists: Iterable[Sequence[Token]], keys: Iterable[str]) -> dict[str, str]:
    """How to show each word of ``keys``: in lower case if the story ever writes it so
    mid-sentence, else in its commonest mid-sentence (or, failing that, any) written form."""
    wanted = {w for k in keys for w in _words(k)}
    forms: Counter[tuple[str, str, bool]] = Counter()
    for toks in token_lists:
        forms.update((t.key, t.surface, t.initial) for t in toks if t.key in wanted)
    mid: dict[str, Counter[str]] = {}
    anywhere: dict[str, Counter[str]] = {}
    for (key, surface, initial), n in forms.items():
        anywhere.setdefault(key, Counter())[surface] += n
        if not initial:
            mid.setdefault(key, Counter())[surface] += n
    out: dict[str, str] = {}
    for key, seen in anywhere.items():
        inner = mid.get(key)
        if inner is None:
            best = seen.most_common(1)[0][0]
            out[key] = best if best.isupper() and len(best) > 1 else key
        elif any(f == f.lower() for f in inner):
            out[key] = key
        else:
            out[key] = inner.most_common(1)[0][0]
    return out


def _skips(token_lists: Sequence[Sequence[Token]], config: FramingConfig) -> list[list[bool]]:
    skips = [[config.exclude_quotes and t.quoted for t in toks] for toks in token_lists]
    if config.exclude_copied > 0:
        for skip, flags in zip(skips, copied(token_lists, config.exclude_copied), strict=True):
            skip[:] = [a or b for a, b in zip(skip, flags, strict=True)]
    return skips


def _totals(counts: Counter[str]) -> dict[int, int]:
    out: dict[int, int] = {}
    for k, v in counts.items():
        out[term_order(k)] = out.get(term_order(k), 0) + v
    return out


@dataclass(frozen=True, slots=True)
class _Story:
    """What scoring one story needs: per-article counts and skips, pooled counts, priors."""

    counts: list[Counter[str]]
    skips: list[list[bool]]
    story: Counter[str]
    priors: dict[str, float]
    a_0: dict[int, float]
    everywhere: set[str]
    names: frozenset[str]


def _story(
    token_lists: Sequence[Sequence[Token]],
    background: Background | None,
    config: FramingConfig,
    lang: str | None,
) -> _Story:
    skips = _skips(token_lists, config)
    counts = [
        Counter(o.key for o in occurrences(toks, config.max_n, skip))
        for toks, skip in zip(token_lists, skips, strict=True)
    ]
    story: Counter[str] = Counter()
    for c in counts:
        story.update(c)
    by_order: dict[int, list[str]] = {}
    for k in story:
        by_order.setdefault(term_order(k), []).append(k)
    priors: dict[str, float] = {}
    a_0: dict[int, float] = {}
    for order, keys in by_order.items():
        p, a_0[order] = _prior(keys, background, story, config, lang)
        priors.update(p)
    everywhere = {k for k in story if all(k in c for c in counts)} if config.drop_shared else set()
    names = _names(token_lists) if config.names != "keep" else frozenset()
    return _Story(counts, skips, story, priors, a_0, everywhere, names)


def _rank(c: Counter[str], st: _Story, config: FramingConfig) -> list[Term]:
    """One article's terms above the floor, best first (with ``names="after"``, names it uses
    once come last)."""
    totals, story_totals = _totals(c), _totals(st.story)
    ranked: list[tuple[float, bool, Term]] = []
    for key, y_i in c.items():
        order = term_order(key)
        if y_i < (config.min_count if order == 1 else config.phrase_min_count):
            continue
        is_name = bool(st.names) and any(w in st.names for w in _words(key))
        if is_name and config.names == "after" and y_i > 1:
            is_name = False  # a name the outlet repeats is a subject of its coverage
        if key in st.everywhere or (is_name and config.names == "drop"):
            continue
        n_i, y_j = totals[order], st.story[key] - y_i
        delta, z = log_odds(y_i, n_i, y_j, story_totals[order] - n_i, st.priors[key], st.a_0[order])
        if z >= config.min_z:
            score = delta if config.rank_by == "delta" else z
            ranked.append((score, is_name, Term(key, key, z, delta, y_i, y_j)))
    ranked.sort(key=lambda r: (r[1], -r[0], -r[2].z, r[2].key))
    return [r[2] for r in ranked]


def _with_nouns(
    terms: list[Term], tokens: Sequence[Token], skip: Sequence[bool], text: str, story: Counter[str]
) -> list[Term]:
    """``terms`` with each word used once shown with the noun it modifies (framing_phrases),
    unless that noun is part of another listed term."""
    out = list(terms)
    for n, t in enumerate(terms):
        if t.count != 1 or " " in t.key:
            continue
        taken = {w for u in out if u is not out[n] for w in _words(u.key)}
        noun = modified_noun(t.key, tokens, skip, text)
        if noun is not None and noun.key not in taken:
            key = f"{t.key} {noun.key}"
            out[n] = replace(t, key=key, display=key, rest_count=max(0, story[key] - 1))
    return out


def score_tokens(
    ids: Sequence[str],
    token_lists: Sequence[Sequence[Token]],
    background: Background | None = None,
    top: int = 10,
    config: FramingConfig = FramingConfig(),
    texts: Sequence[str] | None = None,
    lang: str | None = "en",
) -> dict[str, list[Term]]:
    """:func:`score_story` for articles already tokenised by :func:`article_tokens`; with
    ``texts`` (each article's text, which the token offsets point into) a word used once can
    be shown with the noun it modifies (``config.modifier_phrases``). ``lang`` picks the
    general-text word frequencies of the prior (``None``: none)."""
    if background is not None and background.max_n < config.max_n:
        raise ValueError(
            f"the background counts phrases of up to {background.max_n} words but the config "
            f"asks for {config.max_n}; rebuild the background with max_n={config.max_n}"
        )
    result: dict[str, list[Term]] = {i: [] for i in ids}
    if len(ids) < 2:
        return result  # nothing to compare with: no framing to show (docs/framing.md)
    st = _story(token_lists, background, config, lang)
    expand = texts is not None and config.modifier_phrases and config.max_n >= 2
    for k, (art_id, c) in enumerate(zip(ids, st.counts, strict=True)):
        chosen = _select(_rank(c, st, config), top)
        if expand and texts is not None:
            chosen = _with_nouns(chosen, token_lists[k], st.skips[k], texts[k], st.story)
        result[art_id] = chosen
    shown = _display_forms(token_lists, (t.key for ts in result.values() for t in ts))
    return {
        art_id: [
            replace(t, display=" ".join(shown.get(w, w) for w in _words(t.key))) for t in terms
        ]
        for art_id, terms in result.items()
    }


def score_story(
    articles: Sequence[Article],
    background: Background | None = None,
    top: int = 10,
    config: FramingConfig = FramingConfig(),
) -> dict[str, list[Term]]:
    """:func:`distinctive_terms` with each term's key, counts and log-odds ratio.

    Word choice is compared among the articles written in one language (an article whose
    language is unknown counts as in the story's main language): across languages every word
    would be distinctive. An article alone in its language gets no terms."""
    main = story_language(articles)
    groups: dict[str | None, list[Article]] = {}
    for a in articles:
        groups.setdefault(normalise_lang(a.lang) or main, []).append(a)
    out: dict[str, list[Term]] = {}
    for lang, group in groups.items():
        toks = [article_tokens(a, config) for a in group]
        texts = [a.text for a in group]
        ids = [a.id for a in group]
        out.update(score_tokens(ids, toks, background, top, config, texts, lang))
    return {a.id: out[a.id] for a in articles}


def story_language(articles: Sequence[Article]) -> str | None:
    """The language most of the story's articles are in (``None`` when none says)."""
    langs = Counter(normalise_lang(a.lang) for a in articles if a.lang)
    return langs.most_common(1)[0][0] if langs else None


def distinctive_terms(
    articles: Sequence[Article],
    background: Background | None = None,
    top: int = 10,
    config: FramingConfig = FramingConfig(),
) -> dict[str, list[tuple[str, float]]]:
    """The words and phrases each article of one story uses distinctively, best first (with
    the default ``names="after"``, names the article uses only once come last).

    Keyed by article id; each value holds up to ``top`` ``(term, z)`` pairs with
    ``z >= config.min_z``. An article with nothing distinctive gets an empty list, and so does
    the only article of a one-article story: there is nothing to compare it with.
    ``background`` (term counts over the whole store) gives the prior; without it the story
    itself, smoothed, is the prior.
    """
    scored = score_story(articles, background, top, config)
    return {k: [(t.display, round(t.z, 4)) for t in v] for k, v in scored.items()}
