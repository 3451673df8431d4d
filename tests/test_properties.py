"""Property tests (hypothesis): no exception on any input, offsets always inside the text."""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism import Article, Drop, RawDocument, compare, read
from newsprism.embed import Vectors
from newsprism.text import sentence_spans, tokens

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
