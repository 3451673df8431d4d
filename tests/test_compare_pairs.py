"""How two sentences are classified (compare.classify_pair), on sentence pairs from BASIL
stories (Fox, NYT, HuffPost reporting one event)."""

from __future__ import annotations

import pytest

from newsprism.compare import _prepare, classify_pair
from newsprism.model import Article
from newsprism.settings import AlignConfig


def _kind(a: str, b: str) -> str | None:
    (x,), (y,) = (_prepare(Article(id=t, source=t, outlet=t, text=t)) for t in (a, b))
    found = classify_pair(x, y, cosine=0.0, config=AlignConfig())
    return found[0] if found else None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("And I say, ‘Baby, they don’t.’", "And I said, ’Baby, they don’t.’"),
        ("“They are followers of a false prophet.”", '"They\'re followers of a false prophet."'),
        ('"It\'s always been bipartisan," Rice added.', "“It’s always been bipartisan."),
        (
            "“What I have is a backbone, and I want to move Maine forward.”",
            "“What I have is a backbone.”",
        ),
        (
            '"I have people that actually have been studying it and they cannot believe what '
            'they\'re finding," Trump told NBC\'s "Today" show on Thursday.',
            'His response: "Well, I have people that actually have been studying it and they '
            "cannot believe what they're talking.\"",
        ),
    ],
)
def test_edited_quote_is_near(a: str, b: str) -> None:
    assert _kind(a, b) == "near"


def test_short_sentences_with_another_content_word_are_not_near() -> None:
    """Two statements of one list ("I think it's immoral. I think it's unethical. I think
    it's unpatriotic."), not one quote edited: with cosine 0 nothing else can link them."""
    assert _kind("I think it’s unpatriotic.", "“I think it’s immoral.") is None
    assert _kind("I think it’s unethical.", "I think it’s unethical.") == "verbatim"
