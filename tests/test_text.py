"""Sentence splitting, tokens and ids."""

from __future__ import annotations

import pytest

from newsprism.dates import find_date, normalise_date
from newsprism.text import content_id, numbers, sentence_spans, tokens


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He left. She stayed.", ["He left.", "She stayed."]),
        (
            "Mr. Smith met Dr. Jones in the U.S. capital.",
            ["Mr. Smith met Dr. Jones in the U.S. capital."],
        ),
        (
            '"We are alarmed," said Lavrov. "This increases the risk," he added.',
            ['"We are alarmed," said Lavrov.', '"This increases the risk," he added.'],
        ),
        ("“Is it over?” she asked. Nobody knew.", ["“Is it over?” she asked.", "Nobody knew."]),
        ("Line one without stop\nLine two.", ["Line one without stop", "Line two."]),
        (
            "It cost 3.5 million dollars. J. R. Smith paid.",
            ["It cost 3.5 million dollars.", "J. R. Smith paid."],
        ),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _sents(text) == expected


def test_tokens_fold_quotes_and_abbreviations() -> None:
    assert (
        tokens("the U.S. and NATO’s")
        == tokens("the US and NATO's")
        == ["the", "us", "and", "nato", "s"]
    )


def test_numbers() -> None:
    assert numbers("an estimated 10,000 members and 3,000 troops") == {"10000", "3000"}


def test_content_id_stable_and_folded() -> None:
    assert content_id("A", "“x”") == content_id("A", '"x"')
    assert content_id("A", "x") != content_id("B", "x")
    assert len(content_id("a")) == 16


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("(Last Updated On: February 21, 2018)", "2018-02-21"),
        ("Published 21 Feb. 2018 at noon", "2018-02-21"),
        ("2019-05-20T10:00:00Z", "2019-05-20"),
        ("February 30, 2018", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    found = find_date(text)
    assert (found[0] if found else None) == iso
    assert normalise_date(text) == iso


@pytest.mark.parametrize(
    ("code", "iso"), [("eng", "en"), ("en-US", "en"), ("fr", "fr"), ("", None)]
)
def test_normalise_lang(code: str, iso: str | None) -> None:
    from newsprism.text import normalise_lang

    assert normalise_lang(code) == iso


def test_mojibake_is_repaired_and_clean_text_is_left_alone() -> None:
    from newsprism.text import repair_mojibake

    broken = "we’ll cover it — “all” of it ✍️".encode().decode("latin-1")
    assert "â\x80\x99" in broken
    assert repair_mojibake(broken) == "we’ll cover it — “all” of it ✍️"
    # read as cp1252 rather than Latin-1 (the commoner kind: "weâ€™ll")
    assert repair_mojibake("weâ€™ll say â€œnoâ€\x9d to CafÃ©") == "we’ll say “no” to Café"
    for clean in ("café\xa0!", "Ã la carte? No: à la carte.", "Straße, naïve, 東京, «ça»", ""):
        assert repair_mojibake(clean) == clean
    # a page that mixes repaired and broken text is repaired where it is broken
    mixed = "It’s fine. " + "It’s not.".encode().decode("latin-1")
    assert repair_mojibake(mixed) == "It’s fine. It’s not."
