"""Numeric claims: a number, what it counts, and who says so.

Numbers come from spaCy's CARDINAL, MONEY, PERCENT and QUANTITY entities (dates, times and
ordinals are not claims). Values are normalised ("10,000", "ten thousand", "10k",
"3.5 million", "$2bn", "a dozen"); what is counted is the noun the number modifies with its
"of" phrase ("members of the Takfiri Daesh terrorist group"); the source is the speaker of the
quote (direct or indirect) the number is in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from newsprism.quotes_model import NumberClaim, Quote
from newsprism.text import normalise_lang

Doc = Any
Token = Any

_LABELS = frozenset(("CARDINAL", "MONEY", "PERCENT", "QUANTITY"))
_UNITS_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "dozen": 12.0,
    "lakh": 1e5, "crore": 1e7,
    # other languages' words for large numbers ("3,5 Millionen", "10 mil", "2 milliards")
    "millions": 1e6, "millionen": 1e6, "mio": 1e6, "millón": 1e6, "millones": 1e6,
    "milione": 1e6, "milioni": 1e6, "milhão": 1e6, "milhões": 1e6, "miljoen": 1e6,
    "milliard": 1e9, "milliards": 1e9, "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9,
    "miliardo": 1e9, "miliardi": 1e9, "bilhão": 1e9, "bilhões": 1e9,
    "тысяч": 1e3, "тысячи": 1e3, "млн": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9,
}  # fmt: skip
_SMALL: dict[str, int] = {
    w: i
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen""".split()
    )
}
_TENS: dict[str, int] = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_CURRENCY: dict[str, str] = {
    "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD",
    "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "£": "GBP", "pound": "GBP", "pounds": "GBP", "gbp": "GBP", "sterling": "GBP",
    "¥": "JPY", "yen": "JPY", "yuan": "CNY", "rupees": "INR", "rubles": "RUB", "roubles": "RUB",
    "rials": "IRR", "afghanis": "AFN",
}  # fmt: skip
_PERCENT = frozenset(("%", "percent", "per cent", "pct"))
_NUM = re.compile(r"(\d+(?:[.,]\d+)*)\s*([a-zA-Z]{0,3})\b")
_HEDGES = frozenset("an a about around some nearly almost over more than estimated roughly".split())


#: Languages that write 10.000,5 for ten thousand and a half (French and others group with
#: spaces, see :data:`_SPACED`, and write the decimal comma too).
DECIMAL_COMMA = frozenset(
    "de es it pt nl tr id da nb no sv fi pl cs sk sl hr sr ro ru uk el fr".split()
)


def _digits(s: str, decimal_comma: bool = False) -> float | None:
    """ "10,000" -> 10000; "3.5" -> 3.5; "1.234.567" (European grouping) -> 1234567; with
    ``decimal_comma`` (German, Spanish...), "10.000" -> 10000 and "3,5" -> 3.5."""
    if decimal_comma and re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d+", s):
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", s):
        return float(s.replace(".", ""))
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


def _words_value(words: Sequence[str]) -> float | None:
    """ "ten thousand" -> 10000, "twenty-five" -> 25, "three hundred fifty" -> 350."""
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        for w in raw.split("-"):
            if w in ("and", ""):
                continue
            if w in _SMALL:
                current += _SMALL[w]
            elif w in _TENS:
                current += _TENS[w]
            elif w == "hundred":
                current = (current or 1) * 100
            elif w in _UNITS_WORDS and w not in ("k", "m", "b"):
                total += (current or 1) * _UNITS_WORDS[w]
                current = 0
            else:
                return None
            seen = True
    return total + current if seen else None


#: Digits grouped in threes by a space, a no-break or thin space, or an apostrophe ("10 000",
#: "1 234 567", Swiss "1'000"): one number.
_SPACED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009'’]\d{3})+(?![\d])")


def parse_value(text: str, decimal_comma: bool = False) -> float | None:
    """The value of a number phrase, or None when it has no definite value; ``decimal_comma``
    for a language that writes 10.000,5 (see :data:`DECIMAL_COMMA`)."""
    low = _SPACED.sub(lambda m: re.sub(r"\D", "", m.group(0)), text.lower())
    low = low.replace("\u00a0", " ")
    low = re.sub(r"[$€£¥%]", " ", low)
    words = [w for w in re.split(r"\s+", low.strip()) if w and w not in _HEDGES]
    words = [w for w in words if w not in _CURRENCY and w not in _PERCENT]
    m = _NUM.search(" ".join(words))
    if m:
        value = _digits(m.group(1), decimal_comma)
        if value is None:
            return None
        tail = [m.group(2)] if m.group(2) else []
        rest = " ".join(words).split(m.group(0), 1)[1].split()
        for w in tail + rest:
            if w in _UNITS_WORDS:
                value *= _UNITS_WORDS[w]
            else:
                break
        return value
    return _words_value(words)


def _unit(ent: Any) -> str | None:
    low = ent.text.lower()
    if ent.label_ == "PERCENT" or "%" in low:
        return "%"
    for sym, code in _CURRENCY.items():
        if sym in low.split() or (not sym.isalpha() and sym in low):
            return code
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if ent.label_ == "MONEY" and nxt is not None and nxt.lower_ in _CURRENCY:
        return _CURRENCY[nxt.lower_]
    if ent.label_ == "QUANTITY":
        last = ent[-1]
        if not last.like_num and last.lower_ not in _UNITS_WORDS:
            return str(last.text)
    return None


def _counted(ent: Any) -> str | None:
    """The noun phrase the number counts: its head noun with modifiers after the number and a
    following "of"/"in"/"for" phrase."""
    nums = [t for t in ent if t.like_num or t.lower_ in _UNITS_WORDS]
    root = nums[-1] if nums else ent.root
    head = root.head if root.dep_ in ("nummod", "quantmod", "amod", "compound") else None
    if head is None or head.pos_ not in ("NOUN", "PROPN") or head.i < ent.start:
        head = None
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                objs = [p for p in c.children if p.dep_ == "pobj"]
                if objs:
                    toks = list(objs[0].subtree)
                    return str(ent.doc[toks[0].i : toks[-1].i + 1].text)
        return None
    end = head.i
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "for", "from"):
            end = max(t.i for t in c.subtree)
            break
    toks = ent.doc[ent.end : end + 1]
    if not len(toks):
        return None
    while len(toks) and toks[-1].is_punct:
        toks = toks[:-1]
    if len(toks) and toks[0].lower_ == "of":  # "20% of GDP" counts GDP
        toks = toks[1:]
    return str(toks.text) if len(toks) else None


def _inside(q: Quote, a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in q.parts) or (q.start <= a and b <= q.end)


def number_claims(doc: Doc, quotes: Sequence[Quote], lang: str | None = None) -> list[NumberClaim]:
    """The numeric claims of a parsed text; ``quotes`` give each number its source; ``lang``
    says how its digits are grouped (:data:`DECIMAL_COMMA`)."""
    comma = normalise_lang(lang) in DECIMAL_COMMA
    out: list[NumberClaim] = []
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        value = parse_value(ent.text, comma)
        if value is None:
            continue
        if ent.label_ == "CARDINAL" and not _worth(ent, value):
            continue
        a, b = ent.start_char, ent.end_char
        src = [q for q in quotes if _inside(q, a, b)]
        best = min(src, key=lambda q: q.end - q.start) if src else None
        out.append(
            NumberClaim(
                text=ent.text,
                value=value,
                unit=_unit(ent),
                counts=_counted(ent),
                source=best.speaker if best else None,
                start=a,
                end=b,
                when=best.when if best else None,
            )
        )
    return out


def _worth(ent: Any, value: float) -> bool:
    """A bare cardinal is a claim when written with digits or scale words, or at least 10
    ("two countries" is not news; "10,000 members" is)."""
    if any(t.like_num and any(ch.isdigit() for ch in t.text) for t in ent):
        return value >= 10 or ent.root.dep_ == "nummod"
    return value >= 10
