"""Across articles: one canonical name per speaker, the same quote in several articles, and
the same quantity reported with different values, sources or times."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher

import numpy as np
import numpy.typing as npt

from newsprism.quotes_model import (
    ArticleQuotes,
    NumberDiscrepancy,
    NumberRef,
    QuoteGroup,
    QuoteRef,
)
from newsprism.text import normalise_lang, split_cjk

_WORD = re.compile(r"\w+")
_STOP = frozenset(
    """the a an of to in on for and or but is are was were be been it its that this with as at
    by from their his her they he she we our you your there than more""".split()
)
_MIN_WORDS = 4
_SAME_RATIO = 0.6  # SequenceMatcher ratio over words for "the same quote, edited"
_SAME_CONTAINED = 0.8  # or this share of the shorter quote's words, in order, in the longer
_COUNTS_SAME = 0.5


def _words(text: str) -> list[str]:
    """Lower-cased words; Chinese characters and kana as bigrams (:func:`split_cjk`)."""
    return [t for w in _WORD.findall(text.replace("’", "'")) for t in split_cjk(w.lower())]


def canonical_speakers(articles: Iterable[ArticleQuotes]) -> dict[str, str]:
    """Map every speaker name to one canonical name across articles: a shorter name ("Lavrov")
    goes to the only longer name that ends with it or contains it ("Sergei Lavrov"); when
    several longer names fit ("Clinton": "Hillary Clinton", "Bill Clinton") it is kept. Names
    that spell one name differently ("Sergueï Lavrov" in French) are first taken as its most
    used spelling."""
    names: Counter[str] = Counter()
    for aq in articles:
        for q in aq.quotes:
            if q.speaker:
                names[q.speaker] += 1
        for n in aq.numbers:
            if n.source:
                names[n.source] += 1
    spelt = _merge_spellings({name: name for name in names}, names)
    kept: Counter[str] = Counter()
    for name, count in names.items():
        kept[spelt[name]] += count
    out: dict[str, str] = {}
    for name in kept:
        key = _words(name)
        longer = [
            other
            for other in kept
            if other != name
            and len(_words(other)) > len(key)
            and _is_subname(key, _words(other))
            and other[:1].isupper()
        ]
        longest = {
            o
            for o in longer
            if not any(_is_subname(_words(o), _words(x)) and x != o for x in longer)
        }
        out[name] = next(iter(longest)) if len(longest) == 1 else name
    return {name: out[spelt[name]] for name in names}


def _folded(name: str) -> list[str]:
    """The name's words lower-cased without accents ("Sergueï" -> "serguei")."""
    plain = unicodedata.normalize("NFKD", name)
    return _words("".join(ch for ch in plain if not unicodedata.combining(ch)))


def _spellings_of_one(a: str, b: str) -> bool:
    """ "Sergei Lavrov" / "Sergueï Lavrov" / "Serguéi Lavrov": the same number of words, the
    same surname once accents are dropped, and each other word spelt nearly alike (starting
    with the same letter): transliterations of one name across languages, not two people
    ("John Smith" / "Jane Smith")."""
    fa, fb = _folded(a), _folded(b)
    if len(fa) != len(fb) or len(fa) < 2 or fa[-1] != fb[-1]:
        return False
    return all(
        x[:1] == y[:1] and SequenceMatcher(None, x, y).ratio() >= 0.87
        for x, y in zip(fa[:-1], fb[:-1], strict=True)
    )


def _merge_spellings(out: dict[str, str], counts: Counter[str]) -> dict[str, str]:
    """Names that are spellings of one name become one: the most used spelling."""
    canon = sorted(set(out.values()), key=lambda n: (-counts[n], n))
    chosen: dict[str, str] = {}
    for k, name in enumerate(canon):
        chosen[name] = next(
            (c for c in canon[:k] if chosen[c] == c and _spellings_of_one(c, name)), name
        )
    return {name: chosen[c] for name, c in out.items()}


def _is_subname(short: Sequence[str], full: Sequence[str]) -> bool:
    if not short:
        return False
    if list(full[-len(short) :]) == list(short):
        return True
    return len(short) == 1 and short[0] in full and short[0][:1].isalpha()


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def _similar(a: Sequence[str], b: Sequence[str]) -> float:
    """How alike two quotes' words are (0..1): the SequenceMatcher ratio, or, when one is a
    trimmed version of the other, the matched share of the shorter one."""
    sm = SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in sm.get_matching_blocks())
    ratio = 2 * matched / (len(a) + len(b))
    contained = matched / min(len(a), len(b))
    return ratio if ratio >= _SAME_RATIO else (contained if contained >= _SAME_CONTAINED else ratio)


def match_quotes(
    per_article: Mapping[str, ArticleQuotes],
    texts: Mapping[str, str] | None = None,
    langs: Mapping[str, str | None] | None = None,
    embed: Callable[[Sequence[str]], npt.NDArray[np.float32]] | None = None,
) -> list[QuoteGroup]:
    """Groups of the same quote (verbatim or edited) in two or more articles.

    ``texts`` (article id -> the text the quotes were extracted from), when given, also finds
    a quote's words in articles that did not present them as a quote (``unquoted_in``).
    With ``langs`` (article id -> language) and a multilingual ``embed``, a quote is also
    matched with its translation in an article of another language: same canonical speaker,
    embedding cosine at least :data:`TRANSLATED_COSINE` (``translated``).
    """
    canon = canonical_speakers(per_article.values())
    refs: list[QuoteRef] = []
    words: list[list[str]] = []
    for art, aq in per_article.items():
        for k, q in enumerate(aq.quotes):
            w = _words(q.text)
            if len(w) >= _MIN_WORDS:
                speaker = canon.get(q.speaker, q.speaker) if q.speaker else None
                refs.append(QuoteRef(art, k, q.kind, q.text, speaker, q.cue, q.start, q.end))
                words.append(w)
    union = _Union(len(refs))
    sims: dict[tuple[int, int], float] = {}
    for i, j in _candidate_pairs(refs, words):
        s = _similar(words[i], words[j])
        if s >= _SAME_RATIO:
            union.join(i, j)
            sims[(i, j)] = s
    translated: set[tuple[int, int]] = set()
    if langs is not None and embed is not None:
        for i, j, cos in _translations(refs, langs, embed, union):
            union.join(i, j)
            sims[(i, j)] = cos
            translated.add((i, j))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(refs)):
        groups[union.find(i)].append(i)
    norm_texts = {a: " ".join(_words(t)) for a, t in (texts or {}).items()}
    out: list[QuoteGroup] = []
    for members in groups.values():
        arts = {refs[i].article for i in members}
        unquoted = _unquoted(members, refs, words, norm_texts, arts)
        if len(arts) + len(unquoted) < 2:
            continue
        group = _group(members, refs, words, sims, unquoted)
        if any(i in members and j in members for i, j in translated):
            group = replace(group, translated=True)
        out.append(group)
    out.sort(key=lambda g: (g.members[0].article, g.members[0].start))
    return out


#: Cosine of multilingual (USE) embeddings from which a quote in one language and a quote of
#: the same speaker in another are one quote translated. Chosen by hand, not measured on
#: annotated data: on the founding example's quotes and a French version of them, translations
#: score 0.75-0.86 and other quotes of the same speaker at most 0.59.
TRANSLATED_COSINE = 0.7


def _translations(
    refs: Sequence[QuoteRef],
    langs: Mapping[str, str | None],
    embed: Callable[[Sequence[str]], npt.NDArray[np.float32]],
    union: _Union,
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) of quotes of one speaker in articles of different known
    languages, not already one group, whose embeddings are close; each quote keeps its best
    match per other article."""
    pairs = [
        (i, j)
        for i in range(len(refs))
        for j in range(i + 1, len(refs))
        if refs[i].speaker is not None
        and refs[i].speaker == refs[j].speaker
        and refs[i].article != refs[j].article
        and normalise_lang(langs.get(refs[i].article)) is not None
        and normalise_lang(langs.get(refs[j].article)) is not None
        and normalise_lang(langs.get(refs[i].article)) != normalise_lang(langs.get(refs[j].article))
        and union.find(i) != union.find(j)
    ]
    if not pairs:
        return []
    used = sorted({k for p in pairs for k in p})
    vecs = np.asarray(embed([refs[k].text for k in used]), dtype=np.float64)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    row = {k: n for n, k in enumerate(used)}
    scored = sorted(((float(vecs[row[i]] @ vecs[row[j]]), i, j) for i, j in pairs), reverse=True)
    taken: set[tuple[int, str]] = set()
    out: list[tuple[int, int, float]] = []
    for cos, i, j in scored:
        if cos < TRANSLATED_COSINE:
            break
        if (i, refs[j].article) in taken or (j, refs[i].article) in taken:
            continue
        taken.update({(i, refs[j].article), (j, refs[i].article)})
        out.append((i, j, cos))
    return out


def _candidate_pairs(
    refs: Sequence[QuoteRef], words: Sequence[list[str]]
) -> Iterable[tuple[int, int]]:
    """Pairs from different articles sharing at least three content words."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(words):
        for word in set(w) - _STOP:
            index[word].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in index.values():
        if len(ids) > 200:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                if refs[i].article != refs[j].article:
                    shared[(i, j)] += 1
    return (pair for pair, n in shared.items() if n >= min(3, len(set(words[pair[0]]) - _STOP)))


def _unquoted(
    members: Sequence[int],
    refs: Sequence[QuoteRef],
    words: Sequence[list[str]],
    norm_texts: Mapping[str, str],
    arts: set[str],
) -> tuple[str, ...]:
    found: list[str] = []
    for art, text in norm_texts.items():
        if art in arts:
            continue
        if any(len(words[i]) >= 6 and " ".join(words[i]) in text for i in members):
            found.append(art)
    return tuple(sorted(found))


def _group(
    members: Sequence[int],
    refs: Sequence[QuoteRef],
    words: Sequence[list[str]],
    sims: Mapping[tuple[int, int], float],
    unquoted: tuple[str, ...],
) -> QuoteGroup:
    ms = sorted(members, key=lambda i: (refs[i].article, refs[i].start))
    pair_sims = [s for (i, j), s in sims.items() if i in members and j in members]
    speakers = tuple(sorted({s for s in (refs[i].speaker for i in ms) if s is not None}))
    return QuoteGroup(
        members=tuple(refs[i] for i in ms),
        similarity=min(pair_sims) if pair_sims else 1.0,
        wording_changed=len({tuple(words[i]) for i in ms}) > 1,
        speakers=speakers,
        speaker_conflict=len(speakers) > 1,
        unquoted_in=unquoted,
    )


def _counts_key(counts: str | None) -> set[str]:
    return {w for w in _words(counts or "") if w not in _STOP}


def number_discrepancies(
    per_article: Mapping[str, ArticleQuotes], texts: Mapping[str, str] | None = None
) -> list[NumberDiscrepancy]:
    """The same quantity in two or more articles (same unit, alike "counts"), with flags for
    a different value, source (canonical speaker) or time ("recently" vs "In December")."""
    del texts  # accepted for symmetry with match_quotes
    canon = canonical_speakers(per_article.values())
    refs = [
        NumberRef(art, n)
        for art, aq in per_article.items()
        for n in aq.numbers
        if n.counts and _counts_key(n.counts)
    ]
    union = _Union(len(refs))
    for i in range(len(refs)):
        for j in range(i + 1, len(refs)):
            a, b = refs[i], refs[j]
            if a.article == b.article or a.claim.unit != b.claim.unit:
                continue
            ka, kb = _counts_key(a.claim.counts), _counts_key(b.claim.counts)
            if len(ka & kb) / len(ka | kb) >= _COUNTS_SAME:
                union.join(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(refs)):
        groups[union.find(i)].append(i)
    out: list[NumberDiscrepancy] = []
    for members in groups.values():
        ms = [refs[i] for i in members]
        if len({m.article for m in ms}) < 2:
            continue
        sources = {
            canon.get(m.claim.source, m.claim.source) if m.claim.source else None for m in ms
        }
        whens = {(m.claim.when or "").lower() or None for m in ms}
        out.append(
            NumberDiscrepancy(
                members=tuple(sorted(ms, key=lambda m: (m.article, m.claim.start))),
                value_differs=len({m.claim.value for m in ms}) > 1,
                source_differs=len(sources) > 1,
                time_differs=len(whens) > 1,
            )
        )
    out.sort(key=lambda d: (d.members[0].article, d.members[0].claim.start))
    return out
