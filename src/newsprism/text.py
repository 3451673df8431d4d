"""Text primitives: normalisation, sentences with offsets, tokens, content ids."""

from __future__ import annotations

import hashlib
import importlib
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ftfy

# Quote and dash variants folded to one form when comparing (never in stored text).
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+(?:[.'’]\w+)*", re.UNICODE)
# A dotted abbreviation such as U.S. or U.N. is folded to US / UN before tokenising.
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")


# Mojibake is UTF-8 read as Latin-1 or cp1252 and saved again: "weâ€™ll" for "we’ll". Its mark
# is a lead byte of a multi-byte sequence (U+00C2-U+00F4 read as Latin-1) followed by a
# continuation byte (0x80-0xBF read as Latin-1, or as cp1252: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” •
# – — ˜ ™ š › œ ž Ÿ). Text without such a pair has none, and ftfy is not run on it.
_CP1252_HIGH = (
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a"
    "\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]")
# A run of such characters: what ftfy is given (the markup and words around it cannot change).
_MOJIBAKE_RUN = re.compile(f"[\u0080-\u00ff{_CP1252_HIGH}]{{2,}}")
# The same pair in the text's UTF-8 bytes, a test several times faster than a str pattern on
# a whole page: C3 82-B4, then C2 80-BF or the UTF-8 of a cp1252 character above.
_MOJIBAKE_UTF8 = re.compile(
    b"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92"
    b"|\xcb[\x86\x9c]|\xe2\x80[\x93\x94\x98-\x9a\x9c-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]"
    b"|\xe2\x82\xac|\xe2\x84\xa2)"
)


@lru_cache(maxsize=1)
def _encoding_fixes() -> ftfy.TextFixerConfig:
    import ftfy

    # Encoding repairs only: quotes, ligatures, widths, line breaks and entities stay as written.
    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def repair_mojibake(text: str) -> str:
    """``text`` with mojibake undone: UTF-8 that a scraper or a page decoded as Latin-1 or
    cp1252 and saved again ("weâ€™ll" -> "we’ll"), by ftfy's encoding repairs. Text that is
    not mojibake is returned unchanged (ftfy only undoes what decodes to likelier text)."""
    if text.isascii() or not _MOJIBAKE_UTF8.search(text.encode("utf-8", "surrogatepass")):
        return text
    import ftfy

    fixes = _encoding_fixes()

    def fix(m: re.Match[str]) -> str:
        run = m.group()
        return ftfy.fix_text(run, fixes) if _MOJIBAKE.search(run) else run

    return _MOJIBAKE_RUN.sub(fix, text)


def fold(text: str) -> str:
    """NFKC, unified quotes and dashes, collapsed whitespace. For comparison only."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).translate(_FOLD)).strip()


# Scripts written without spaces between words: Han (Chinese characters, kanji), hiragana and
# katakana. A run of them is one ``\w+`` match, a whole clause; it is split into overlapping
# character bigrams, as search engines index CJK text ("外務大臣" -> "外務", "務大", "大臣"),
# so that shared words count as shared tokens. Hangul is written with spaces and is left alone.
_CJK_CHARS = "\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")


def cjk_bigrams(run: str) -> list[str]:
    """The overlapping character bigrams of a CJK run (a one-character run is itself)."""
    return [run] if len(run) < 2 else [run[i : i + 2] for i in range(len(run) - 1)]


# Bigrams that are not content: any with a hiragana character (Japanese particles and verb
# endings: "は", "した", "売し"; content is written in kanji and katakana) or a Chinese
# function character ("的", "了", "是" ...).
_CJK_FUNCTION = re.compile("[\u3040-\u309f的了着们这那是在和与及也就都而之于其把被]")


def cjk_function(token: str) -> bool:
    """Whether a CJK token is a function bigram (see ``_CJK_FUNCTION``), not content."""
    return not token.isascii() and _CJK_FUNCTION.search(token) is not None


def cjk_pieces(word: str) -> Iterator[tuple[str, int]]:
    """The tokens of ``word`` (one ``\\w+`` match) with their offsets in it: its CJK runs
    as bigrams, the rest as it is ("iphoneを販売" -> "iphone" 0, "を販" 6, "販売" 7)."""
    at = 0
    for m in CJK_RUN.finditer(word):
        if m.start() > at:
            yield word[at : m.start()], at
        for i, gram in enumerate(cjk_bigrams(m.group(0))):
            yield gram, m.start() + i
        at = m.end()
    if at < len(word):
        yield word[at:], at


def split_cjk(word: str) -> list[str]:
    """``word`` as tokens: its CJK runs as bigrams, the rest as it is (:func:`cjk_pieces`)."""
    if word.isascii() or not CJK_RUN.search(word):
        return [word]
    return [piece for piece, _ in cjk_pieces(word)]


def has_no_case(ch: str) -> bool:
    """Whether ``ch`` is a letter of a script without case (Arabic, Hebrew, Devanagari, CJK
    ...), where any letter may start a sentence or a headline."""
    return ch.isalpha() and ch.lower() == ch.upper()


def word_count(text: str) -> int:
    """Words of ``text`` as a reader counts them: space-separated, with two Chinese
    characters or kana counting as one word (they are written without spaces)."""
    words = text.split()
    if text.isascii():
        return len(words)
    n = 0
    for w in words:
        cjk = sum(len(run) for run in CJK_RUN.findall(w))
        rest = CJK_RUN.sub(" ", w).split()
        n += len(rest) + (max(1, cjk // 2) if cjk else 0)
    return n


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` ("U.S." -> "us", "NATO's" -> "nato", "s"); text
    in Chinese characters and kana gives character bigrams (:func:`split_cjk`)."""
    folded = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), fold(text))
    cjk = not folded.isascii() and CJK_RUN.search(folded) is not None
    out: list[str] = []
    for m in _WORD.finditer(folded.lower()):
        for p in re.split(r"[.'’]", m.group(0)):
            if p:
                out.extend(split_cjk(p) if cjk else (p,))
    return out


#: "All rights reserved" and the reproduction notices of copyright footers in the languages
#: news is most published in (lower case): a line with one of them is a copyright notice.
RIGHTS_NOTICES = (
    *("all rights reserved", "alle rechte vorbehalten", "tous droits réservés"),
    *("todos los derechos reservados", "todos os direitos reservados"),
    *("tutti i diritti riservati", "все права защищены", "جميع الحقوق محفوظة"),
    *("版权所有", "版權所有", "禁止转载", "無断転載", "무단전재", "무단 전재", "재배포금지"),
    "재배포 금지",
)
#: The same as one regular expression.
RIGHTS_NOTICE_RE = "|".join(re.escape(n) for n in RIGHTS_NOTICES)


# Small function-word list: English plus the commonest of a few other Latin-script languages.
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for from with as into onto over under about
    after before than then that this these those there here is are was were be been being
    has have had do does did will would shall should can could may might must not no nor so
    too very just also its it he she they we you i his her their our your them him us me who
    whom whose which what when where why how all any both each few more most other some such
    only own same s t said says say told tells according while during since until against
    between through up down out off again further once de la le les des du et en un une el
    los las y con por para der die das und den dem ein eine zu mit von il di che e da per""".split()
)


@lru_cache(maxsize=64)
def language_stopwords(lang: str | None) -> frozenset[str]:
    """spaCy's stop-word list of a language other than English (lower case; no model is
    needed), or an empty set: English uses :data:`STOPWORDS` (and its callers' own lists)."""
    base = normalise_lang(lang) or "en"
    if base == "en" or not base.isalpha():
        return frozenset()
    try:
        module = importlib.import_module(f"spacy.lang.{base}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(w.lower().replace("’", "'") for w in getattr(module, "STOP_WORDS", ()))


def content_words(text: str) -> list[str]:
    """Tokens that carry content: not function words (nor CJK function bigrams), not
    one-letter, numbers kept."""
    return [
        t
        for t in tokens(text)
        if t not in STOPWORDS
        and (len(t) > 1 or t.isdigit())
        and (t.isascii() or not cjk_function(t))
    ]


_NUMBER = re.compile(r"\d[\d,.\u00a0 ]*\d|\d")


def numbers(text: str) -> set[str]:
    """Numbers written with digits, separators removed ("10,000" -> "10000")."""
    return {re.sub(r"[,.\u00a0 ]", "", m.group(0)) for m in _NUMBER.finditer(text)}


def content_id(*parts: str | None) -> str:
    """A stable 16-hex-digit id from the folded parts (same content, same id)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(fold(p or "").encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Sentences

_ABBREV = frozenset(
    """mr mrs ms dr prof gen lt col sgt capt cmdr adm gov sen rep rev st sr jr mt ft co corp inc
    ltd no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m
    approx dept est fig al""".split()
)
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_CJK_CLOSERS = "」』）】〉》〕”’\"')"
# Candidate sentence end: terminal punctuation (with the Arabic question mark, the Urdu full
# stop and the Devanagari danda), optional closing quotes/brackets, whitespace;
# or a full-width (CJK) stop, which needs no space after it ("…した。次に…").
_END = re.compile(
    r"(?P<p>[.!?…؟۔।]+)(?P<c>[" + re.escape(_CLOSERS) + r"]*)(?P<w>\s+)"
    r"|(?P<cp>[。！？]+)(?P<cc>[" + re.escape(_CJK_CLOSERS) + r"]*)(?P<cw>\s*)"
)


def _is_break(text: str, m: re.Match[str]) -> bool:
    if m.group("cp"):  # not inside a quote the sentence goes on after (「…。」と述べた)
        return not (m.group("cc") and text[m.end() : m.end() + 1] in ("と", "っ"))
    nxt = text[m.end() : m.end() + 2]
    if not nxt:
        return True
    first = nxt[0]
    starts = first.isupper() or first.isdigit() or first in _OPENERS or not first.isalpha()
    if not (starts or has_no_case(first)):
        return False
    if m.group("p") == "." and not m.group("c"):
        word = re.search(r"([\w.]+)$", text[: m.start()])
        if word:
            w = word.group(1).lower()
            if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                return False
            if re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):  # U.S. / e.g.: rather not split
                return False
    return True


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each sentence; a line break always ends a sentence."""
    for para in re.finditer(r"[^\n]+", text):
        p_start = para.start()
        chunk = para.group(0)
        start = 0
        for m in _END.finditer(chunk):
            if _is_break(chunk, m):
                end = m.start("cw" if m.group("cp") else "w")
                s, e = _trim(chunk, start, end)
                if e > s:
                    yield p_start + s, p_start + e
                start = m.end()
        s, e = _trim(chunk, start, len(chunk))
        if e > s:
            yield p_start + s, p_start + e


def _trim(chunk: str, s: int, e: int) -> tuple[int, int]:
    while s < e and chunk[s].isspace():
        s += 1
    while e > s and chunk[e - 1].isspace():
        e -= 1
    return s, e


_ISO639_3 = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "rus": "ru",
    "ara": "ar", "zho": "zh", "chi": "zh", "por": "pt", "ita": "it", "fas": "fa", "per": "fa",
    "urd": "ur", "tur": "tr", "ukr": "uk", "pol": "pl", "nld": "nl", "dut": "nl", "jpn": "ja",
    "kor": "ko", "hin": "hi", "pus": "ps", "heb": "he", "swe": "sv", "ind": "id",
}  # fmt: skip


def normalise_lang(code: str | None) -> str | None:
    """A record's language code to ISO 639-1 where it is a known 639-3/2 code ("eng" -> "en")."""
    if not code:
        return None
    low = code.strip().lower().replace("_", "-")
    base = low.split("-")[0]
    return _ISO639_3.get(base, base)
