"""Finding direct quotations by their quote marks, character by character.

Handles straight and curly double quotes, « » and ‹ ›, „ “ / „ ”, the corner brackets of
Japanese and Chinese 「 」 and 『 』, and single quotes used as quote marks (‘ ’ and ' '),
telling them from apostrophes (``don’t``, ``NATO’s``, ``terrorists’``) by position. A
paragraph that opens a quote without closing it continues in the next paragraph when that
paragraph opens with a quote mark (the newspaper convention); otherwise the quote ends with
its paragraph, so a stray mark never swallows the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.text import CJK_RUN

# opening mark -> the marks that may close it
_CLOSERS: dict[str, str] = {
    "“": '”“"',
    '"': '"”“',
    "«": "»",
    "‹": "›",
    "„": '“”"',
    "‘": "’‘'",
    "'": "'’",
    "”": '”"',
    "「": "」",
    "『": "』",
}
_DOUBLE_OPEN = '“"«„‹「『'
_SINGLE_OPEN = "‘'"
_ALL_MARKS = set("“”\"«»„‹›‘’'「」『』")
_PARA = re.compile(r"\n\s*\n|\n")
_MAX_SINGLE = 1500  # a single-quoted passage longer than this is not a quote


@dataclass(frozen=True, slots=True)
class MarkedQuote:
    """A run of quoted text: ``parts`` are the (start, end) spans of the words inside the
    marks, one per paragraph the quote runs over; ``start``/``end`` include the marks."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    closed: bool


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph (a line, or lines between blank lines)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def _is_wordish(ch: str) -> bool:
    return ch.isalnum()


def _can_open(text: str, i: int, lo: int) -> bool:
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "«‹「『":  # French spacing puts a space inside guillemets; corner brackets
        return True  # (Japanese, Chinese) are never apostrophes
    after = text[i + 2] if i + 2 < len(text) else " "
    if nxt == "." and (after == "@" or after.isalnum()):
        pass  # “.@BernieSanders prioritized ...”
    elif nxt == " " and text[i + 2 : i + 3] in ("'", "‘") and text[i + 3 : i + 4].isalnum():
        pass  # " 'Well done,' he said": a nested opener after a space
    elif nxt.isspace() or nxt in ".,;:!?)]":
        return False
    if text[i] in "“„":  # typographic openers: “ after a comma with no space opens too
        return not _is_wordish(prev)
    return not _is_wordish(prev) and prev not in ".,;"


def _can_close(text: str, i: int, hi: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if text[i] in "»›」』":
        return True
    if prev == " " and i >= 2 and text[i - 2] in "'’" and not _is_wordish(nxt):
        return True  # "... what they call 'a flight to quality,' " he said: a nested closer
    if prev.isspace():
        return False
    if text[i] == "”" and prev in ",.!?":  # “We won,”said Smith: a typographic closer glued on
        return True
    if text[i] in "”’" and (prev in "。！？，、；：" or CJK_RUN.match(nxt)):
        return True  # Chinese puts no space after a quote: “…。”他说 / “达伊沙”的
    return not _is_wordish(nxt)


def _opens_single(text: str, i: int, lo: int) -> bool:
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in '([—–-“"' or i == lo) and _is_wordish(nxt)


def _closes_single(text: str, i: int, hi: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if _is_wordish(prev) and _is_wordish(nxt):  # don’t, O’Brien
        return False
    return not prev.isspace() and (nxt.isspace() or nxt in '.,;:!?)]—–-"”' or i + 1 >= hi)


def _scan_paragraph(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int, str]], int | None]:
    """Closed quotes in text[lo:hi] as (open index, close index, open mark), and the index of
    an opening mark left unclosed at the paragraph's end (or None)."""
    found: list[tuple[int, int, str]] = []
    open_at: int | None = None
    open_mark = ""
    depth = 0  # curly quotes nested in curly quotes (“... “your team” needs ...”)
    i = lo
    while i < hi:
        ch = text[i]
        if ch not in _ALL_MARKS:
            i += 1
            continue
        if open_at is not None and open_mark == "“" and ch == "“" and _nests(text, i, hi, depth):
            depth += 1
        elif open_at is not None and depth and ch == "”" and _can_close(text, i, hi):
            depth -= 1
        elif open_at is None:
            if ch in _DOUBLE_OPEN and _can_open(text, i, lo):
                open_at, open_mark = i, ch
            elif ch == "”" and _can_open(text, i, lo) and not _can_close(text, i, hi):
                open_at, open_mark = i, ch  # a closing mark used as an opening one
            elif ch in _SINGLE_OPEN and _opens_single(text, i, lo):
                end = _single_close(text, i, hi)
                if end is not None:
                    found.append((i, end, ch))
                    i = end
        elif ch in _CLOSERS[open_mark]:
            single = open_mark in _SINGLE_OPEN
            closes = _closes_single(text, i, hi) if single else _can_close(text, i, hi)
            if closes:
                found.append((open_at, i, open_mark))
                open_at = None
        i += 1
    return found, open_at


def _nests(text: str, i: int, hi: int, depth: int) -> bool:
    """Whether “ at i opens a quote inside the open one: it can open, and enough closing
    marks follow in the paragraph to close both."""
    return _can_open(text, i, 0) and text.count("”", i, hi) >= depth + 2


def _single_close(text: str, i: int, hi: int) -> int | None:
    """Where a single-quoted passage opened at i closes (None when it does not, in bounds)."""
    limit = min(hi, i + _MAX_SINGLE)
    for j in range(i + 2, limit):
        if text[j] in "’'" and _closes_single(text, j, hi):
            inner = text[i + 1 : j]
            if inner.endswith("s") and " " not in inner[-3:] and j + 1 < hi and text[j + 1] == " ":
                # "the players’ union" inside a longer span: keep looking only if another
                # closing mark follows in the paragraph
                rest = text[j + 1 : limit]
                if any(
                    rest[k] in "’'" and _closes_single(text, j + 1 + k, hi)
                    for k in range(len(rest))
                ):
                    continue
            return j
        if text[j] in '“”"«»':
            return None
    return None


def _strip_part(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _opens_with_mark(text: str, lo: int, hi: int) -> bool:
    j = lo
    while j < hi and text[j].isspace():
        j += 1
    return j < hi and text[j] in _DOUBLE_OPEN + "‘'”"


def _ascii_doubles(text: str) -> str:
    """Same-length copy of ``text`` in which the ASCII stand-ins for double quotes (two
    apostrophes ``''``, two backticks) become one straight double quote plus a space on the
    outer side, so the rules below see one mark."""
    if "''" not in text and "``" not in text:
        return text
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        pair = text[i : i + 2]
        if pair == "``" or (
            pair == "''" and (i == 0 or text[i - 1].isspace() or text[i - 1] in "([—–-")
        ):
            chars[i], chars[i + 1] = " ", '"'
            i += 2
        elif pair == "''":
            chars[i], chars[i + 1] = '"', " "
            i += 2
        else:
            i += 1
    return "".join(chars)


def find_quotes(text: str) -> list[MarkedQuote]:
    """Every quoted run in ``text``, in order (nested quotes are part of their outer quote)."""
    norm = _ascii_doubles(text)
    return [_widen(text, norm, q) for q in _find(norm)] if norm is not text else _find(text)


def _widen(orig: str, norm: str, q: MarkedQuote) -> MarkedQuote:
    """Let a quote's span cover both characters of a two-apostrophe mark."""
    start, end = q.start, q.end
    if start > 0 and norm[start - 1] == " " and orig[start - 1 : start + 1] in ("''", "``"):
        start -= 1
    if end < len(orig) and norm[end : end + 1] == " " and orig[end - 1 : end + 1] == "''":
        end += 1
    return MarkedQuote(start, end, q.parts, q.closed)


def _find(text: str) -> list[MarkedQuote]:
    out: list[MarkedQuote] = []
    paras = paragraphs(text)
    pending: list[tuple[int, int]] = []  # parts of a quote still open from earlier paragraphs
    pending_start = -1
    for k, (lo, hi) in enumerate(paras):
        if pending and not _opens_with_mark(text, lo, hi):
            # the earlier paragraph's quote is not continued here: it ended with its paragraph
            out.append(MarkedQuote(pending_start, pending[-1][1], tuple(pending), False))
            pending = []
        found, open_at = _scan_paragraph(text, lo, hi)
        if pending:
            first = found[0] if found else None
            if first is not None and first[0] == _first_mark(text, lo, hi):
                pending.append(_strip_part(text, first[0] + 1, first[1]))
                out.append(MarkedQuote(pending_start, first[1] + 1, tuple(pending), True))
                pending = []
                found = found[1:]
            elif open_at is not None and open_at == _first_mark(text, lo, hi) and not found:
                pending.append(_strip_part(text, open_at + 1, hi))
                open_at = None
            else:
                out.append(MarkedQuote(pending_start, pending[-1][1], tuple(pending), False))
                pending = []
        for a, b, _mark in found:
            out.append(MarkedQuote(a, b + 1, (_strip_part(text, a + 1, b),), True))
        if open_at is not None:
            pending = [_strip_part(text, open_at + 1, hi)]
            pending_start = open_at
            if k == len(paras) - 1:
                out.append(MarkedQuote(pending_start, hi, tuple(pending), False))
                pending = []
    if pending:
        out.append(MarkedQuote(pending_start, pending[-1][1], tuple(pending), False))
    out.sort(key=lambda q: q.start)
    return [q for q in out if any(b > a for a, b in q.parts)]


def _first_mark(text: str, lo: int, hi: int) -> int:
    j = lo
    while j < hi and text[j].isspace():
        j += 1
    return j
