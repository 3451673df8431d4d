"""The terms of :mod:`newsprism.framing`: candidate words, phrases and copied runs.

A term is a word token that is not a stopword and has a letter in it (numbers and punctuation
are skipped), or two such tokens with only a space between them (a stopword, punctuation or a
line break ends a phrase). Text in Chinese characters or kana gives its content character
bigrams as terms, and no phrases (see :func:`newsprism.text.split_cjk`). Tokens are
case-folded for counting ("US" in capitals stays apart from the pronoun "us"); each keeps its
written form and character offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsprism.text import CJK_RUN, STOPWORDS, cjk_function, cjk_pieces, language_stopwords

# Beyond newsprism.text.STOPWORDS: pronouns, auxiliaries, contractions, connectives, titles, and
# the date and number words of news copy (a date says when, not how).
_EXTRA_STOPWORDS = frozenset(
    """my mine ours yours hers theirs myself yourself himself herself itself ourselves
    themselves yourselves i'm i've i'd i'll you're you've you'd you'll we're we've we'd we'll
    they're they've they'd they'll he'd he'll she'd she'll it'll that'd let's don't doesn't
    didn't isn't aren't wasn't weren't won't wouldn't can't cannot couldn't shouldn't haven't
    hasn't hadn't mustn't ain't am get gets got getting go goes going went gone come came let
    lets put also yet still even though although however whether either neither because unless
    whereas upon within without among amid around across toward towards ever every much many
    something anything nothing everything someone anyone everyone somebody anybody nobody
    thing things way well back now ago already yes oh like mr mrs ms dr per via
    today yesterday tomorrow tonight day days week weeks weekend month months year years
    last next earlier later monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    one two three four five six seven eight nine ten dozen dozens hundred hundreds thousand
    thousands million millions billion billions first second third percent""".split()
)
#: Every word that is never a term.
STOP = STOPWORDS | _EXTRA_STOPWORDS

# A dotted abbreviation (U.S., U.N.) or a word with inner apostrophes or hyphens.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}(?:[\-‐]\w+)*|\w+(?:['’\-‐]\w+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_QUOTE_MARK = re.compile(r"[\"“”«»„\n]")
_SENTENCE_END = ".!?:…"
_QUOTE_CHARS = "\"'“”‘’«»„(["


@dataclass(frozen=True, slots=True)
class Token:
    """A candidate word of a text: counting key, written form and character offsets."""

    key: str
    surface: str
    start: int
    end: int
    #: Starts a sentence or headline (its capital says nothing about being a name).
    initial: bool
    #: Lies between quotation marks.
    quoted: bool
    #: Only a space separates it from the previous candidate word (they can form a phrase).
    joins: bool


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a term (a word or a phrase) in a text."""

    key: str
    start: int
    end: int


# ---------------------------------------------------------------------------------------------
# Tokens and terms


def _key(surface: str) -> str:
    word = surface.replace("’", "'").replace("‐", "-")
    if "." in word:  # U.S. -> US
        word = word.replace(".", "")
    low = word.lower()
    # An acronym that spells a function word (US, IT) keeps its capitals.
    if low in STOP and len(word) > 1 and word.isupper():
        return word
    return low


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Ranges between quotation marks; a quote still open at a line break ends there."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_MARK.finditer(text):
        ch, i = m.group(0), m.start()
        if open_at is None:
            if ch in '"“«„':
                open_at = i
        elif ch in '"”»\n':
            regions.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        regions.append((open_at, len(text)))
    return regions


def _is_initial(gap: str) -> bool:
    if "\n" in gap:
        return True
    rest = gap.strip().rstrip(_QUOTE_CHARS + " ")
    return bool(rest) and rest[-1] in _SENTENCE_END


@lru_cache(maxsize=64)
def stopwords(lang: str | None) -> frozenset[str]:
    """The stopwords of a language: :data:`STOP` (English, tuned on BASIL) and, for another
    language, spaCy's stop-word list for it when spaCy has one (no model needed)."""
    return STOP | frozenset(_key(w) for w in language_stopwords(lang))


def tokenize(text: str, *, headline: bool = False, lang: str | None = None) -> list[Token]:
    """The candidate words of ``text`` in order (stopwords, numbers and punctuation left out).

    With ``headline`` every token counts as sentence-initial (headline capitals are style).
    ``lang``: the text's language, for its stopwords (:func:`stopwords`).
    """
    stop = stopwords(lang)
    regions = _quote_regions(text)
    out: list[Token] = []
    prev_end = 0
    prev_kept = False
    region = 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        gap = text[prev_end:start]
        initial = headline or not prev_end or _is_initial(gap)
        prev_end = end
        surface = m.group(0)
        if len(surface) > 3 and _POSSESSIVE.search(surface):
            surface = surface[:-2]
            end -= 2
        while region < len(regions) and regions[region][1] <= start:
            region += 1
        quoted = region < len(regions) and regions[region][0] <= start
        if not surface.isascii() and CJK_RUN.search(surface):
            out.extend(_cjk_terms(surface, start, initial, quoted, stop))
            prev_kept = False  # bigrams overlap: they form no phrases
            continue
        key = _key(surface)
        if key in stop or len(key) < 2 or not _HAS_LETTER.search(key):
            prev_kept = False
            continue
        joins = prev_kept and gap.isspace() and "\n" not in gap
        out.append(Token(key, surface, start, end, initial, quoted, joins))
        prev_kept = True
    return out


def _cjk_terms(
    word: str, at: int, initial: bool, quoted: bool, stop: frozenset[str]
) -> Iterator[Token]:
    """The terms of a word with Chinese characters or kana: its content bigrams
    (:func:`newsprism.text.content_words`' rule), and its other parts as words."""
    for surface, off in cjk_pieces(word):
        key = _key(surface)
        if key in stop or len(key) < 2 or not _HAS_LETTER.search(key) or cjk_function(key):
            continue
        yield Token(key, surface, at + off, at + off + len(surface), initial, quoted, False)


def occurrences(
    tokens: Sequence[Token], max_n: int = 2, skip: Sequence[bool] | None = None
) -> Iterator[Occurrence]:
    """Every word and phrase (up to ``max_n`` words) of a token sequence, with offsets.

    ``skip`` holds one flag per token; a skipped token is left out and ends a phrase.
    """
    run: list[Token] = []
    for i, tok in enumerate(tokens):
        if skip is not None and skip[i]:
            run = []
            continue
        if not tok.joins:
            run = []
        run.append(tok)
        if len(run) > max_n:
            del run[0]
        for n in range(1, len(run) + 1):
            part = run[-n:]
            yield Occurrence(" ".join(t.key for t in part), part[0].start, part[-1].end)


def term_counts(text: str, max_n: int = 2) -> Counter[str]:
    """Counts of the words and phrases of ``text`` (the keys a :class:`Background` holds)."""
    return Counter(o.key for o in occurrences(tokenize(text), max_n))


def copied(token_lists: Sequence[Sequence[Token]], run: int) -> list[list[bool]]:
    """Per article and token: is it part of a run of ``run`` consecutive candidate words that
    another article of the story has too (copied text, shared wire copy)?"""
    owners: dict[tuple[str, ...], set[int]] = {}
    keys = [[t.key for t in toks] for toks in token_lists]
    for idx, ks in enumerate(keys):
        for p in range(len(ks) - run + 1):
            owners.setdefault(tuple(ks[p : p + run]), set()).add(idx)
    out: list[list[bool]] = []
    for ks in keys:
        flags = [False] * len(ks)
        for p in range(len(ks) - run + 1):
            if len(owners[tuple(ks[p : p + run])]) > 1:
                flags[p : p + run] = [True] * run
        out.append(flags)
    return out


def term_order(key: str) -> int:
    """How many words the term ``key`` has."""
    return key.count(" ") + 1
