"""Property tests (hypothesis): no exception on any input, offsets always inside the text."""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from newsprism import Article, Drop, RawDocument, compare, read
from newsprism.clean import clean_document
from newsprism.cluster_index import shared_count
from newsprism.embed import Vectors
from newsprism.quotes import extract
from newsprism.settings import CleanConfig
from newsprism.text import repair_mojibake, sentence_spans, tokens
from tests.conftest import SEEDS

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400
) | st.lists(
    st.sampled_from(
        ['"', "“", "”", "«", "»", ".", "!", "?", "\n", " ", "U.S.", "Mr.", "Lavrov", "said",
         "10,000", "…", "'", "(", ")", "\u200b"]
    ),
    max_size=80,
).map("".join)  # fmt: skip


@given(TEXT)
def test_sentence_spans_inside_and_ordered(text: str) -> None:
    last = 0
    for s, e in sentence_spans(text):
        assert last <= s < e <= len(text)
        assert text[s:e].strip() == text[s:e]
        last = e
    tokens(text)


@given(st.binary(max_size=2000))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_reader_never_raises(data: bytes) -> None:
    for item in read(["-"], stdin=io.BytesIO(data)):
        assert isinstance(item, (RawDocument, Drop))


def _fake_vectors(texts: Sequence[str]) -> Vectors:
    n = len(texts)
    v = np.random.default_rng(n).standard_normal((n, 512)).astype(np.float32)
    out: Vectors = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    return out


@given(st.lists(TEXT, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_compare_offsets_inside(texts: list[str]) -> None:
    arts = [
        Article(id=f"a{i}", source=f"s{i}", outlet=f"o{i}", text=t) for i, t in enumerate(texts)
    ]
    c = compare(arts, embedder=_fake_vectors)
    for p in c.passages:
        assert len({s.article for s in p.spans}) >= 2
    for s in [s for p in c.passages for s in p.spans] + list(c.unique):
        assert 0 <= s.start <= s.end <= len(c.article(s.article).text)
        assert c.article(s.article).text[s.start : s.end] == s.text


# ---------------------------------------------------------------------------------------------
# The cleaner: every input line is kept or recorded as removed; cleaning again only removes

_SEED_LINES = [
    ln.strip()
    for name in ("press-tv.txt", "ariana-news.txt")
    for ln in (SEEDS / name).read_text(encoding="utf-8").splitlines()
    if ln.strip()
]
_CHROME = ["Read More:", "Share this article", "Advertisement", "Follow us on Twitter",
           "Copyright 2018 Press TV. All rights reserved.", "Check Also", "About Ariana News",
           "Home | World | Politics | Sport", "By John Smith", "February 12, 2018",
           "KABUL (AP) — Officials said on Tuesday that talks would go on.",
           "Comments (0)"]  # fmt: skip
_WORDS = st.sampled_from(
    'the minister said on Tuesday that talks in Moscow will go on . , Lavrov 10,000 Daesh " “ ” '
    "« » — ( ) Kabul Reuters More Share".split()
)
#: Article-like documents: real sentences, site chrome, word salad and odd text, line by line.
DOCUMENT = st.lists(
    st.sampled_from(_SEED_LINES)
    | st.sampled_from(_CHROME)
    | st.lists(_WORDS, max_size=30).map(" ".join)
    | TEXT.map(lambda t: t.replace("\n", " ")),
    min_size=1,
    max_size=30,
).map("\n".join)
_CLEAN = CleanConfig(detect_language=False)


def _clean_text(text: str, title: str | None = None) -> Article | Drop:
    return clean_document(RawDocument("gen.txt", "text", text, title=title, outlet="Gen"), _CLEAN)


@given(DOCUMENT)
@settings(max_examples=150, deadline=None)
def test_clean_keeps_or_records_every_line(text: str) -> None:
    a = _clean_text(text)
    if isinstance(a, Drop):
        assert a.reason
        return
    source = repair_mojibake(text)  # what cleaning reads; the article says when it differs
    assert (source != text) == (dict(a.provenance).get("text") == "mojibake repaired")
    lines = [ln.strip() for ln in source.splitlines() if ln.strip()]
    paragraphs = a.text.split("\n\n")
    assert all(p and p == p.strip() and any(p in ln for ln in lines) for p in paragraphs)
    assert any(ch.isalpha() for ch in a.text)
    kept = set(paragraphs) | {r.text.strip() for r in a.removed} | {a.title or ""}
    for ln in lines:  # a line kept with a dateline taken off still holds its paragraph
        assert ln in kept or any(p in ln for p in paragraphs), ln
    for r in a.removed:
        assert r.reason and (r.score is None or 0.0 <= r.score <= 1.0)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(x in rest for x in short)


@given(DOCUMENT)
@settings(max_examples=150, deadline=None)
def test_clean_again_only_removes_whole_paragraphs(text: str) -> None:
    a = _clean_text(text)
    if isinstance(a, Drop):
        return
    b = _clean_text(a.text, title=a.title or "")
    if isinstance(b, Article):
        assert _is_subsequence(b.text.split("\n\n"), a.text.split("\n\n"))


_LAVROV = (
    "Russian Foreign Minister Sergei Lavrov has voiced worries over the US and NATO's denial of "
    "the presence of Daesh terrorists in Afghanistan."
)
_MENU = "Home | World | Politics | Sport"


@given(DOCUMENT)
@example("\n".join([_LAVROV, _MENU, _LAVROV, "Read More:", _LAVROV, _MENU]))  # found by hypothesis
@settings(max_examples=100, deadline=None, phases=[Phase.explicit, Phase.generate])
def test_clean_is_idempotent(text: str) -> None:
    a = _clean_text(text)
    if isinstance(a, Article):
        b = _clean_text(a.text, title=a.title or "")
        assert isinstance(b, Article) and b.text == a.text


# ---------------------------------------------------------------------------------------------
# Quotes: offsets inside the text, and the text at the offsets is what is reported

_QUOTE_PIECES = st.sampled_from(
    ['"', "“", "”", "«", "»", "‘", "’", "'", ".", ",", ":", "!", "?", "\n", "said", "added",
     "told reporters", "Lavrov", "Sergei Lavrov", "he", "she", "the minister", "according to",
     "10,000", "ten thousand", "5%", "$3 million", "on Tuesday", "We will not allow it",
     "Mr.", "U.S.", "Daesh", "warned", "that", "—", "(", ")", "Kabulov", "claimed",
     "Iran's defense minister", "in December last year", "members"]
)  # fmt: skip
QUOTE_TEXT = (
    st.lists(_QUOTE_PIECES, max_size=60).map(" ".join)
    | st.lists(st.sampled_from(_SEED_LINES), max_size=4).map(" ".join)
    | TEXT
)


@given(QUOTE_TEXT)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_quotes_offsets_inside(text: str) -> None:
    aq = extract(text)
    for q in aq.quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert q.parts and all(q.start <= s <= e <= q.end for s, e in q.parts)
        assert q.text == " ".join(text[s:e] for s, e in q.parts)
        if q.speaker_start is not None and q.speaker_end is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= len(text)
            assert text[q.speaker_start : q.speaker_end] == q.speaker_mention
    for n in aq.numbers:
        assert 0 <= n.start < n.end <= len(text)
        assert text[n.start : n.end] == n.text


# ---------------------------------------------------------------------------------------------
# The aligner with the real sentence encoder, on two articles that share edited sentences


@st.composite
def _edited(draw: st.DrawFn, sentence: str) -> str:
    """A sentence as another outlet may print it: as is, shortened, with a word or number
    changed, or with other quote marks."""
    edit = draw(st.sampled_from(["same", "drop", "number", "marks", "append"]))
    words = sentence.split()
    if edit == "drop" and len(words) > 3:
        del words[draw(st.integers(0, len(words) - 1))]
    elif edit == "number":
        words.insert(draw(st.integers(0, len(words))), str(draw(st.integers(0, 20_000))))
    elif edit == "marks":
        return sentence.replace('"', "“").replace("’", "'")
    elif edit == "append":
        words.append(draw(st.sampled_from(["on Tuesday.", "officials said.", "— Reuters"])))
    return " ".join(words)


@st.composite
def _article_pair(draw: st.DrawFn) -> tuple[str, str]:
    shared = draw(st.lists(st.sampled_from(_SEED_LINES), max_size=6, unique=True))
    own = [draw(st.lists(st.sampled_from(_SEED_LINES) | TEXT, max_size=4)) for _ in range(2)]
    texts = []
    for mine in own:
        sents = [draw(_edited(s)) for s in shared] + mine
        order = draw(st.permutations(sents))
        texts.append(draw(st.sampled_from([" ", "\n", "\n\n"])).join(order))
    return texts[0], texts[1]


@given(_article_pair())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_compare_two_articles_real_encoder(pair: tuple[str, str]) -> None:
    arts = [Article(id=f"a{i}", source=f"s{i}", outlet=f"o{i}", text=t) for i, t in enumerate(pair)]
    c = compare(arts)
    for p in c.passages:
        assert {s.article for s in p.spans} == {"a0", "a1"} and len(p.spans) == 2
        assert 0.0 <= p.score <= 1.0 + 1e-6
    for s in [s for p in c.passages for s in p.spans] + list(c.unique):
        assert 0 <= s.start < s.end <= len(c.article(s.article).text)
        assert c.article(s.article).text[s.start : s.end] == s.text
    for art in c.articles:  # unique material: in text order, never overlapping
        mine = [(s.start, s.end) for s in c.unique if s.article == art.id]
        assert all(e1 <= s2 for (_, e1), (s2, _) in pairwise(mine))


_SORTED_SETS = st.lists(st.integers(0, 60), max_size=12).map(
    lambda xs: np.array(sorted(set(xs)), dtype=np.int64)
)


@given(_SORTED_SETS, st.lists(_SORTED_SETS, max_size=6))
def test_shared_count_counts_each_candidates_elements(
    mine: np.ndarray, others: list[np.ndarray]
) -> None:
    """The candidates may share elements with each other: each counts only its own."""
    got = shared_count(mine, others)
    assert got.tolist() == [float(len(set(o.tolist()) & set(mine.tolist()))) for o in others]
