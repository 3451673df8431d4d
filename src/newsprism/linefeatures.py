"""Line features of the plain-text line model (``lines-v1``), computed for a whole page at once.

A page's lines are described by numbers computed with numpy (the characters are classified
through Unicode lookup tables, word tokens through one dictionary of keyword groups, and counts
go to their lines with ``bincount``):

* each line's own shape: length, shares of capitals, digits, punctuation and symbols, whether
  it ends like a sentence, keyword hits (share bars, sign-in, cookies, dates, links), how often
  the same line recurs in the page, its relative position;
* the explainable rules of :mod:`newsprism.lines` as hints (headline, dateline, chrome phrase,
  related-articles tail, menu run, repetition across an outlet);
* its context: the neighbours' shape (±2 lines), the share of prose in windows around it, the
  distance to the nearest prose line, whether it lies in the page's main run of prose (the
  maximum-sum segment where prose lines count their words and other lines a small penalty),
  and, with a larger penalty, the run of prose it lies in relative to the largest one and
  whether it lies between the first and the last large run (an article parted by headings,
  pictures or product boxes is several runs, not one);
* lists and tables: the run of non-prose lines the line lies in (its length, whether a line
  of it above ends with a colon, its nav hits and words), and how many of the 3 lines on either
  side open with the same word or have the same shape (list items and table rows are
  parallel).

:func:`page_features` feeds the first tree ensemble of :mod:`newsprism.linemodel`,
:func:`stage2_features` the later ones.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The rule outputs of :mod:`newsprism.lines` that the model sees as features (index = code;
#: code 0 is "no rule fired"; the chrome phrases are the reasons of ``lines._RULES``).
HINTS = tuple(
    "none|headline|dateline|dated teaser|related-articles heading|link label|share bar|about box"
    "|advertisement|comments|newsletter or follow box|cookie or legal notice|copyright footer"
    "|navigation|tags|related-article teaser|menu|repeated across outlet".split("|")
)
#: Rules after whose line the rest of the page is likely not body (a flag per rule: "seen
#: above").
_ZONE_HINTS = ("related-articles heading", "comments", "copyright footer", "cookie or legal notice")

# Character classes of the lookup table (_WIDE: Chinese and Japanese characters, written
# without spaces between words).
_SPACE, _UPPER, _LOWER, _LETTER, _DIGIT, _PUNCT, _SYMBOL, _OTHER, _WIDE = range(9)
_WIDE_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
#: Wide characters counted as one word.
_WIDE_PER_WORD = 2.0
_TERMINAL = frozenset(".!?。！？؟।۔")
_CLOSERS = frozenset("\"'”’»)]")
_SOFT_END = frozenset(",;-–—|»›>/·•")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Keyword groups: per line, how many of its lower-cased words (or phrases) are in the group.
_NAV = _words(
    "share shares shared tweet subscribe subscription newsletter newsletters cookie cookies "
    "privacy copyright login logout signin signup register comment comments advertisement "
    "advertising advert ads ad sponsored promoted follow facebook twitter instagram youtube "
    "linkedin whatsapp pinterest reddit telegram email mail print menu search home contact "
    "terms click download skip navigation related trending popular recommended podcast "
    "podcasts watch listen account profile cart shop app apps more next previous prev close "
    "toggle accept careers jobs feedback help faq sitemap rss premium deals"
)
_NAV_PHRASES = tuple(
    "log in|log out|sign in|sign up|rights reserved|back to top|read more|about us|free trial"
    "|view all".split("|")
)
_META = _words(
    "by posted published updated modified photo photos image images credit getty reuters afp "
    "ap file caption staff editor writer correspondent reporter read"
)
_DATE = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december ago am pm yesterday today"
)
_LINK = _words("http https www com org net html")
_TALK = _words(
    "said says wrote reply replies response responses commented like likes upvote upvotes "
    "report permalink quote"
)
_PHRASES = frozenset(_NAV_PHRASES)
_PHRASE_FIRST = frozenset(p.split()[0] for p in _NAV_PHRASES)
_TOKEN = re.compile(r"[^\W_]+")


def _keyword_table() -> dict[str, int]:
    """Word -> bit mask of its keyword groups (bit g for ``_HIT_GROUPS[g]``); years are dates."""
    table: dict[str, int] = {}
    years = {str(y) for y in range(1900, 2100)}
    for bit, words in enumerate((_NAV, _META, _DATE | years, _LINK, _TALK)):
        for w in words:
            table[w] = table.get(w, 0) | (1 << bit)
    return table


_KEYWORDS = _keyword_table()
_HIT_GROUPS = ("nav", "meta", "date", "link", "talk")


# Flags of the second lookup table.
_F_TERMINAL, _F_CLOSER, _F_SOFT, _F_NAVSYM, _F_COMMA = 1, 2, 4, 8, 16
_FLAG_CHARS = (
    (_F_TERMINAL, _TERMINAL),
    (_F_CLOSER, _CLOSERS),
    (_F_SOFT, _SOFT_END),
    (_F_NAVSYM, frozenset("©®™»›|•")),
    (_F_COMMA, frozenset(",،、")),
)


@lru_cache(maxsize=1)
def _flag_table() -> npt.NDArray[np.uint8]:
    """Punctuation flags of every BMP code point (index 0x10000: astral)."""
    table = np.zeros(0x10001, dtype=np.uint8)
    for flag, chars in _FLAG_CHARS:
        for c in chars:
            table[ord(c)] |= flag
    return table


@lru_cache(maxsize=1)
def _char_table() -> npt.NDArray[np.uint8]:
    """Character class of every BMP code point (index 0x10000: any astral one, mostly emoji)."""
    table = np.full(0x10001, _SYMBOL, dtype=np.uint8)
    major = {"L": _LETTER, "N": _DIGIT, "P": _PUNCT, "S": _SYMBOL, "Z": _SPACE}
    for cp in range(0x10000):
        cat = unicodedata.category(chr(cp))
        if cat == "Lu" or cat == "Lt":
            table[cp] = _UPPER
        elif cat == "Ll":
            table[cp] = _LOWER
        else:
            table[cp] = major.get(cat[0], _OTHER)
    for ws in "\t\n\r\v\f":
        table[ord(ws)] = _SPACE
    for lo, hi in _WIDE_RANGES:
        table[lo : hi + 1] = np.where(table[lo : hi + 1] == _LETTER, _WIDE, table[lo : hi + 1])
    return table


def _window_sum(x: FloatArray, half: int) -> FloatArray:
    """Sum of ``x`` over the centred window ``[i - half, i + half]`` (clipped at the ends)."""
    c = np.concatenate(([0.0], np.cumsum(x)))
    i = np.arange(len(x))
    return c[np.minimum(i + half + 1, len(x))] - c[np.maximum(i - half, 0)]


def _shift(x: FloatArray, k: int, fill: float) -> FloatArray:
    """``x`` moved by ``k`` lines (``k > 0``: the value of the line ``k`` above)."""
    out = np.full_like(x, fill)
    if k > 0:
        out[k:] = x[:-k]
    elif k < 0:
        out[:k] = x[-k:]
    return out


def _gap_to(flag: npt.NDArray[np.bool_]) -> tuple[FloatArray, FloatArray]:
    """Lines to the nearest flagged line above and below (excluding the line; n+1 if none)."""
    n = len(flag)
    idx = np.arange(n)
    above = np.maximum.accumulate(np.where(flag, idx, -(n + 1)))
    above = np.concatenate(([-(n + 1)], above[:-1]))
    below = np.minimum.accumulate(np.where(flag, idx, 2 * n + 1)[::-1])[::-1]
    below = np.concatenate((below[1:], [2 * n + 1]))
    return (idx - above).astype(np.float64), (below - idx).astype(np.float64)


def _main_block(gain: FloatArray) -> tuple[int, int]:
    """The segment ``[start, end)`` with the largest sum of ``gain`` (maximum subarray)."""
    c = np.concatenate(([0.0], np.cumsum(gain)))
    lowest = np.minimum.accumulate(c)
    end = int(np.argmax(c - lowest))
    start = int(np.argmin(c[: end + 1]))
    return start, end


def _block_features(gain: FloatArray) -> list[FloatArray]:
    """Inside the main block, log lines before its start, log lines after its end."""
    n = len(gain)
    start, end = _main_block(gain)
    idx = np.arange(n, dtype=np.float64)
    inside = ((idx >= start) & (idx < end)).astype(np.float64)
    before = np.log1p(np.maximum(start - idx, 0.0))
    after = np.log1p(np.maximum(idx - (end - 1), 0.0))
    return [inside, before, after]


def _sections(gain: FloatArray, min_mass: float) -> list[tuple[int, int, float]]:
    """Disjoint blocks ``(start, end, sum)`` of ``gain``: the main block, then again the best
    block on each side of every block found, while a block's sum is at least ``min_mass``.
    An article can be several runs of prose parted by headings, pictures or product boxes;
    each run is a block of its own."""
    found: list[tuple[int, int, float]] = []
    todo = [(0, len(gain))]
    while todo:
        a, b = todo.pop()
        if b - a < 1:
            continue
        start, end = _main_block(gain[a:b])
        mass = float(gain[a + start : a + end].sum())
        if end <= start or mass < min_mass:
            continue
        found.append((a + start, a + end, mass))
        todo += [(a, a + start), (a + end, b)]
    return found


def _section_features(gain: FloatArray, min_mass: float = 8.0) -> list[FloatArray]:
    """The sum of the line's own block (see :func:`_sections`) relative to the largest one's
    (0 outside every block), and whether the line lies between the first and the last block
    that holds at least a quarter of the largest one's sum (the article with its sections)."""
    n = len(gain)
    share = np.zeros(n, dtype=np.float64)
    span = np.zeros(n, dtype=np.float64)
    blocks = _sections(gain, min_mass)
    if not blocks:
        return [share, span]
    top = max(m for _, _, m in blocks)
    for a, b, m in blocks:
        share[a:b] = m / top
    big = [(a, b) for a, b, m in blocks if m >= 0.25 * top]
    span[min(a for a, _ in big) : max(b for _, b in big)] = 1.0
    return [share, span]


@dataclass(frozen=True, slots=True)
class _Shape:
    """Per-line counts computed over the whole page."""

    chars: FloatArray
    words: FloatArray  # whitespace-separated words, plus wide characters / _WIDE_PER_WORD
    upper: FloatArray
    letters: FloatArray
    cap_words: FloatArray
    digits: FloatArray
    punct: FloatArray
    symbols: FloatArray
    inner_stops: FloatArray
    commas: FloatArray
    junctions: FloatArray  # "AthleteA", "Rise?Violence": two texts run together
    first: npt.NDArray[np.uint8]
    last: npt.NDArray[np.uint8]
    ends_sentence: FloatArray
    ends_colon: FloatArray
    ends_ellipsis: FloatArray
    ends_soft: FloatArray
    hits: FloatArray  # (n, len(_HIT_GROUPS))


@dataclass(frozen=True, slots=True)
class _Tokens:
    """The page's lower-cased word tokens, flat, with the line of each."""

    words: list[str]
    line: IntArray
    length: IntArray

    @classmethod
    def of(cls, lines: Sequence[str]) -> _Tokens:
        per_line = [_TOKEN.findall(x.lower()) for x in lines]
        counts = np.fromiter(map(len, per_line), dtype=np.int64, count=len(per_line))
        words = list(chain.from_iterable(per_line))
        line = np.repeat(np.arange(len(per_line), dtype=np.int64), counts)
        return cls(words, line, np.fromiter(map(len, words), dtype=np.int64, count=len(words)))


def _keyword_hits(toks: _Tokens, n: int) -> FloatArray:
    """(n, len(_HIT_GROUPS)) counts of each keyword group's words (and phrases) in each line."""
    hits = np.zeros((n, len(_HIT_GROUPS)), dtype=np.float64)
    if not toks.words:
        return hits
    masks = np.fromiter(map(_KEYWORDS.get, toks.words, repeat(0)), np.int64, len(toks.words))
    for g in range(len(_HIT_GROUPS)):
        hits[:, g] = np.bincount(toks.line[(masks >> g) & 1 > 0], minlength=n)
    words, line = toks.words, toks.line
    for i in (i for i, w in enumerate(words[:-1]) if w in _PHRASE_FIRST):
        if line[i] == line[i + 1] and f"{words[i]} {words[i + 1]}" in _PHRASES:
            hits[line[i], 0] += 1
    return hits


def _shape(lines: Sequence[str], toks: _Tokens) -> _Shape:
    n = len(lines)
    joined = "\n".join(lines)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    cls = _char_table()[np.minimum(codes, 0x10000)]
    is_nl = codes == 10
    line_id = np.cumsum(is_nl)
    lens = np.fromiter((len(s) for s in lines), dtype=np.int64, count=n)
    starts = np.concatenate(([0], np.cumsum(lens + 1)[:-1]))
    ends = starts + lens - 1  # index of each line's last character

    def per_line(mask: npt.NDArray[np.bool_]) -> FloatArray:
        return np.bincount(line_id[mask], minlength=n).astype(np.float64)

    space = cls == _SPACE
    prev_space = np.concatenate(([True], space[:-1]))
    word_start = ~space & prev_space
    upper = cls == _UPPER
    flags = _flag_table()[np.minimum(codes, 0x10000)]
    terminal = (flags & _F_TERMINAL) > 0
    next_space = np.concatenate((space[1:], [True]))
    last, before_last = codes[ends], codes[np.maximum(ends - 1, starts)]
    last_flags, before_flags = flags[ends], flags[np.maximum(ends - 1, starts)]
    ends_term = (last_flags & _F_TERMINAL) > 0
    ends_term |= ((last_flags & _F_CLOSER) > 0) & ((before_flags & _F_TERMINAL) > 0)
    ellipsis = (last == ord("…")) | ((last == ord(".")) & (before_last == ord(".")))
    hits = _keyword_hits(toks, n)
    hits[:, 0] += per_line((flags & _F_NAVSYM) > 0)
    hits[:, 3] += per_line(codes == ord("@"))
    digit = cls == _DIGIT
    colon = (codes == ord(":")) & np.concatenate(([False], digit[:-1]))
    colon &= np.concatenate((digit[1:], [False]))
    hits[:, 2] += per_line(colon)  # clock times
    next_upper = np.concatenate((upper[1:], [False]))
    junction = ((cls == _LOWER) | terminal) & next_upper
    wide = cls == _WIDE
    return _Shape(
        chars=lens.astype(np.float64),
        words=per_line(word_start & ~is_nl) + per_line(wide) / _WIDE_PER_WORD,
        upper=per_line(upper),
        letters=per_line(upper | (cls == _LOWER) | (cls == _LETTER) | wide),
        cap_words=per_line(word_start & upper),
        digits=per_line(digit),
        punct=per_line(cls == _PUNCT),
        symbols=per_line(cls == _SYMBOL),
        inner_stops=per_line(terminal & next_space),
        commas=per_line((flags & _F_COMMA) > 0),
        junctions=per_line(junction),
        first=cls[starts],
        last=cls[ends],
        ends_sentence=(ends_term & ~ellipsis).astype(np.float64),
        ends_colon=(last == ord(":")).astype(np.float64),
        ends_ellipsis=ellipsis.astype(np.float64),
        ends_soft=((last_flags & _F_SOFT) > 0).astype(np.float64),
        hits=hits,
    )


# ---------------------------------------------------------------------------------------------
# Features

#: A line is prose when it has at least this many words and ends like a sentence.
PROSE_MIN_WORDS = 8
#: The main prose block maximises prose words minus this penalty per other line.
_BLOCK_PENALTIES = (5.0, 25.0)
#: Only the lenient penalty's main block is a feature: with the strict one, an article parted
#: by headings, pictures or product boxes is several blocks, and the largest is not the body
#: (:func:`_section_features` describes all of them).
_MAIN_BLOCK_PENALTY = 5.0


def _own_features(s: _Shape, lines: Sequence[str]) -> list[FloatArray]:
    """The line's own shape, its repetition in the page and its position."""
    n = len(lines)
    words, chars = s.words, s.chars
    safe_w, safe_c = np.maximum(words, 1.0), np.maximum(chars, 1.0)
    counts = Counter(lines)
    repeat = np.fromiter((counts[x] for x in lines), dtype=np.float64, count=n)
    before = np.cumsum(chars) - chars
    log_words = np.log1p(words)
    return [
        np.log1p(chars),
        log_words,
        log_words - float(log_words.max()),
        s.upper / np.maximum(s.letters, 1.0),
        s.cap_words / safe_w,
        s.letters / safe_c,
        s.digits / safe_c,
        s.punct / safe_c,
        s.symbols / safe_c,
        s.ends_sentence,
        s.ends_colon,
        s.ends_ellipsis,
        s.ends_soft,
        (s.first == _UPPER).astype(np.float64),
        (s.first == _DIGIT).astype(np.float64),
        ((s.first == _PUNCT) | (s.first == _SYMBOL)).astype(np.float64),
        np.log1p(s.inner_stops),
        s.commas / safe_w,
        np.log1p(s.junctions),
        *(np.log1p(s.hits[:, g]) for g in range(len(_HIT_GROUPS))),
        np.log1p(repeat - 1.0),
        np.arange(n, dtype=np.float64) / max(n - 1, 1),
        before / max(float(chars.sum()), 1.0),
    ]


def _hint_features(hints: IntArray) -> list[FloatArray]:
    """One column per rule, and whether some rules fired on a line above (page zones)."""
    cols = [(hints == code).astype(np.float64) for code in range(1, len(HINTS))]
    for name in _ZONE_HINTS:
        seen = np.maximum.accumulate((hints == HINTS.index(name)).astype(np.float64))
        cols.append(_shift(seen, 1, 0.0))
    return cols


def _context_features(s: _Shape, prose: FloatArray) -> list[FloatArray]:
    """Neighbours' shape, prose share around the line, gaps to prose, the main prose block."""
    words = s.words
    log_words = np.log1p(words)
    nav = (s.hits[:, 0] > 0).astype(np.float64)
    cols: list[FloatArray] = []
    for k in (-2, -1, 1, 2):
        cols += [_shift(x, k, 0.0) for x in (log_words, s.ends_sentence, prose, nav)]
    prose_words = prose * words
    for half in (2, 5, 15):
        cols.append(_window_sum(prose_words, half) / np.maximum(_window_sum(words, half), 1.0))
    ones = np.ones_like(words)
    for half in (2, 5):
        cols.append(_window_sum(log_words, half) / _window_sum(ones, half))
    talk = np.minimum(s.hits[:, _HIT_GROUPS.index("talk")], 1.0)
    for half in (3, 10):
        cols.append(_window_sum(talk, half) / _window_sum(ones, half))
    above, below = _gap_to(prose > 0)
    cols += [np.log1p(above), np.log1p(below)]
    total = max(float(prose_words.sum()), 1.0)
    cols.append((np.cumsum(prose_words) - prose_words) / total)
    for penalty in _BLOCK_PENALTIES:
        gain = np.where(prose > 0, words, -penalty)
        if penalty == _MAIN_BLOCK_PENALTY:
            cols += _block_features(gain)
        cols += _section_features(gain)
    n = float(len(words))
    cols += [
        np.full_like(words, math.log1p(n)),
        np.full_like(words, math.log1p(float(words.sum()))),
        np.full_like(words, float(prose_words.sum()) / max(float(words.sum()), 1.0)),
    ]
    return cols


def _gap_run_features(s: _Shape, prose: FloatArray) -> list[FloatArray]:
    """The run of non-prose lines that a line lies in (between two prose lines, or at an end
    of the page): its length, whether a line of it above this one ends with a colon (a list
    or a table that the text introduces), and its lines' mean nav hits and words. A list
    inside an article is introduced and off the navigation vocabulary; a menu is neither."""
    n = len(prose)
    is_prose = prose > 0
    above, below = _gap_to(is_prose)
    length = np.where(is_prose, 0.0, np.minimum(above + below - 1.0, float(n)))
    seg = np.cumsum(is_prose)  # a prose line opens the run of the lines below it
    idx = np.arange(n)
    last_prose = np.maximum.accumulate(np.where(is_prose, idx, -1))
    colons = np.concatenate(([0.0], np.cumsum(s.ends_colon)))
    colon_above = colons[idx] - colons[last_prose + 1] > 0
    other = (~is_prose).astype(np.float64)
    lines_in = np.maximum(np.bincount(seg, weights=other), 1.0)
    nav = (s.hits[:, 0] > 0).astype(np.float64) * other
    words = np.log1p(s.words) * other
    return [
        np.log1p(length),
        (colon_above & ~is_prose).astype(np.float64),
        (np.bincount(seg, weights=nav) / lines_in)[seg],
        (np.bincount(seg, weights=words) / lines_in)[seg],
    ]


def _shape_keys(toks: _Tokens, s: _Shape) -> tuple[IntArray, IntArray]:
    """Two codes per line that the items of one list share: its first word token (any
    number as one code), and its shape (first and last character class, word count bucket,
    whether it holds digits)."""
    n = len(s.words)
    first = np.full(n, -1, dtype=np.int64)
    if toks.words:
        at = np.searchsorted(toks.line, np.arange(n))
        has = (at < len(toks.line)) & (
            toks.line[np.minimum(at, len(toks.line) - 1)] == np.arange(n)
        )
        codes: dict[str, int] = {}
        words = toks.words
        first[has] = [
            codes.setdefault("0" if w[0].isdigit() else w, len(codes))
            for w in (words[i] for i in at[has].tolist())
        ]
    bucket = np.searchsorted(np.asarray([1.5, 3.5, 7.5, 15.5]), s.words)
    shape = (
        s.first.astype(np.int64) * 1000
        + s.last.astype(np.int64) * 100
        + bucket * 10
        + (s.digits > 0).astype(np.int64)
    )
    return first, shape


def _parallel_features(toks: _Tokens, s: _Shape) -> list[FloatArray]:
    """Share of the 3 lines on either side that open with the same first word as the line,
    and that have the same shape (see :func:`_shape_keys`): the items of a list or the rows
    of a table are parallel."""
    first, shape = _shape_keys(toks, s)
    n = len(s.words)
    same_first = np.zeros(n, dtype=np.float64)
    same_shape = np.zeros(n, dtype=np.float64)
    near = np.zeros(n, dtype=np.float64)
    for k in range(1, min(3, n - 1) + 1):  # line i against line i + k, both ways
        f, sh = first[:-k] == first[k:], shape[:-k] == shape[k:]
        same_first[:-k] += f
        same_first[k:] += f
        same_shape[:-k] += sh
        same_shape[k:] += sh
        near[:-k] += 1.0
        near[k:] += 1.0
    near = np.maximum(near, 1.0)
    return [same_first / near, same_shape / near]


def _topic_overlap(toks: _Tokens, in_block: npt.NDArray[np.bool_]) -> FloatArray:
    """Share of a line's words (4+ letters) that the main prose block uses elsewhere (a word
    of a line inside the block must occur twice in it): the article's vocabulary. Teasers of
    other articles and site furniture are off topic."""
    n = len(in_block)
    long_word = toks.length >= 4
    if not long_word.any():
        return np.zeros(n, dtype=np.float64)
    words = list(compress(toks.words, long_word.tolist()))
    line = toks.line[long_word]
    inside = in_block[line]
    vocab = Counter(compress(words, inside.tolist()))
    seen = np.fromiter(map(vocab.get, words, repeat(0)), dtype=np.int64, count=len(words))
    ok = seen >= np.where(inside, 2, 1)
    total = np.bincount(line, minlength=n)
    out: FloatArray = np.bincount(line[ok], minlength=n) / np.maximum(total, 1)
    return out


def page_features(lines: Sequence[str], hints: IntArray) -> FloatArray:
    """The first stage's feature matrix (one row per line) of a page's non-empty lines."""
    toks = _Tokens.of(lines)
    s = _shape(lines, toks)
    prose = ((s.words >= PROSE_MIN_WORDS) & (s.ends_sentence > 0)).astype(np.float64)
    cols = _own_features(s, lines) + _hint_features(hints) + _context_features(s, prose)
    start, end = _main_block(np.where(prose > 0, s.words, -_MAIN_BLOCK_PENALTY))
    in_block = np.zeros(len(lines), dtype=bool)
    in_block[start:end] = True
    cols.append(_topic_overlap(toks, in_block))
    cols += _gap_run_features(s, prose) + _parallel_features(toks, s)
    return np.column_stack(cols)


def _max_above_below(p: FloatArray, reach: int) -> tuple[FloatArray, FloatArray]:
    """The highest ``p`` among the ``reach`` lines above, and among the ``reach`` below."""
    n = len(p)
    if n == 0:
        return p, p
    width = min(reach, n)
    padded = np.concatenate((np.zeros(width), p, np.zeros(width)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    return windows[:n].max(axis=1), windows[width + 1 : width + 1 + n].max(axis=1)


def _span_features(p: FloatArray) -> list[FloatArray]:
    """Whether the line lies between the first and the last confident body line (p >= 0.8),
    and where in that span (0 at its first line, 1 at its last; below 0 or above 1 outside)."""
    sure = np.flatnonzero(p >= 0.8)
    if len(sure) == 0:
        return [np.zeros_like(p), np.full_like(p, -1.0)]
    first, last = int(sure[0]), int(sure[-1])
    idx = np.arange(len(p), dtype=np.float64)
    inside = ((idx >= first) & (idx <= last)).astype(np.float64)
    return [inside, (idx - first) / max(last - first, 1)]


def _run_mass(p1: FloatArray, words: FloatArray) -> list[FloatArray]:
    """The line's run of likely body (p >= 0.5, gaps of up to 2 lines bridged): the run's
    body-weighted words relative to the largest run's and to the page's total."""
    body = p1 >= 0.5
    above, below = _gap_to(body)
    in_run = body | (above + below <= 3.0)
    starts = in_run & ~np.concatenate(([False], in_run[:-1]))
    run_id = np.cumsum(starts) * in_run
    mass = np.bincount(run_id, weights=p1 * words)
    mass[0] = 0.0
    top, total = max(float(mass.max()), 1e-9), max(float(mass.sum()), 1e-9)
    return [mass[run_id] / top, mass[run_id] / total]


def stage2_features(x1: FloatArray, p1: FloatArray) -> FloatArray:
    """The second stage's features: the first stage's, plus its probabilities around the line."""
    words = np.expm1(x1[:, 1])
    weight = np.log1p(words) + 1.0
    cols: list[FloatArray] = [p1]
    cols += [_shift(p1, k, 0.0) for k in (-3, -2, -1, 1, 2, 3)]
    ones = np.ones_like(p1)
    for half in (1, 2, 4, 10):
        cols.append(_window_sum(p1, half) / _window_sum(ones, half))
    for half in (2, 5):
        cols.append(_window_sum(p1 * words, half) / np.maximum(_window_sum(words, half), 1.0))
    for reach in (3, 10, 30):
        above, below = _max_above_below(p1, reach)
        cols += [above, below, np.minimum(above, below)]
    cols += _block_features((p1 - 0.5) * weight)
    cols += _run_mass(p1, words)
    cols += _span_features(p1)
    mass = p1 * words
    cols.append((np.cumsum(mass) - mass) / max(float(mass.sum()), 1.0))
    return np.column_stack([x1, *cols])
