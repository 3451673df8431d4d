"""Distinctive framing terms (newsprism.framing) on the seeds, and the Background record."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from newsprism import Article, clean, read
from newsprism.framing import (
    Background,
    FramingConfig,
    distinctive_terms,
    score_story,
    term_counts,
    tokenize,
)
from tests.conftest import SEEDS, shared_data


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    arts = [a for a in clean(read([SEEDS])) if isinstance(a, Article)]
    assert len(arts) == 2
    return {a.outlet: a for a in arts}


@pytest.fixture(scope="module")
def terms(seeds: dict[str, Article]) -> dict[str, list[tuple[str, float]]]:
    """Each seed's distinctive terms, default settings, no background (the story is the
    prior): what `compare` on two files can do without a store."""
    found = distinctive_terms(list(seeds.values()))
    return {a.outlet: found[a.id] for a in seeds.values()}


def _words(found: list[tuple[str, float]]) -> set[str]:
    return {w for term, _ in found for w in term.split()}


def test_press_tv_takfiri_without_background(
    terms: dict[str, list[tuple[str, float]]],
) -> None:
    presstv = [t for t, _ in terms["Press TV"]]
    assert len(presstv) == 10
    # "Takfiri" (3 uses to Ariana's 1, which sits in a sentence both carry) is distinctive,
    # shown on its own or as the phrase that holds all its own uses ("Takfiri terrorist").
    assert "Takfiri" in _words(terms["Press TV"]), presstv
    # The display keeps the proper-noun capital.
    assert "takfiri" not in _words(terms["Press TV"])
    # "occupying" (once, never in Ariana) outranks the everyday words used once thanks to the
    # general-text prior, and is shown with the noun it modifies.
    assert "occupying forces" in presstv, presstv


@pytest.fixture(scope="module")
def store_background(seeds: dict[str, Article]) -> Background:
    """A news background standing in for a store: the seeds plus the BASIL and AllSides texts
    from the shared evaluation data (read in place, never copied)."""
    data = shared_data("clustering")
    texts = [a.text for a in seeds.values()]
    for name in ("basil_triplets.jsonl", "allsides_neus_2021.jsonl"):
        with (data / name).open() as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return Background.from_texts(texts)


def test_press_tv_with_store_background(
    seeds: dict[str, Article], store_background: Background
) -> None:
    found = distinctive_terms(list(seeds.values()), store_background)
    presstv = [t for t, _ in found[seeds["Press TV"].id]]
    ariana = [t for t, _ in found[seeds["Ariana News"].id]]
    assert "Takfiri terrorist" in presstv[:3], presstv
    assert "occupying forces" in presstv, presstv  # "occupying" used once, never by Ariana
    assert ariana and not set(ariana) & set(presstv)


def test_occupying_forces_as_a_phrase(
    seeds: dict[str, Article], store_background: Background
) -> None:
    """ "occupying forces" is used once: it is reported as a phrase only when phrases used once
    count (phrase_min_count=1), and then it ties with the other once-used phrases that Ariana
    lacks and the store has never seen, about 20 of them, at the top score a single use can
    reach. Its place in that tie is not a measurement, so the test asks for the top 20 and
    for the tie."""
    cfg = FramingConfig(phrase_min_count=1)
    terms = score_story(list(seeds.values()), store_background, 20, cfg)[seeds["Press TV"].id]
    shown = {t.display: t for t in terms}
    assert "occupying forces" in shown, list(shown)
    once = [t.z for t in terms if t.count == 1]
    assert shown["occupying forces"].z == pytest.approx(max(once), abs=0.005)


def test_ariana_gets_its_own(terms: dict[str, list[tuple[str, float]]]) -> None:
    ariana = _words(terms["Ariana News"])
    assert {"Pakistan", "Asif"} <= ariana, terms["Ariana News"]
    assert not _words(terms["Press TV"]) & {"Pakistan", "Asif"}


def test_no_term_distinctive_for_both(terms: dict[str, list[tuple[str, float]]]) -> None:
    a = {t for t, _ in terms["Ariana News"]}
    p = {t for t, _ in terms["Press TV"]}
    assert a and p and not a & p


def test_shared_wording_does_not_come_out(
    seeds: dict[str, Article], terms: dict[str, list[tuple[str, float]]]
) -> None:
    # Words both outlets use about equally (the shared Lavrov quotes) are not distinctive of
    # either. (Press TV's body says "Afghanistan" 6 times and "Daesh" 5 times to Ariana's 3 and
    # 3 in a body of similar length: without a store they may come out for Press TV, low.)
    everything = _words(terms["Ariana News"]) | _words(terms["Press TV"])
    for shared in ("Lavrov", "alarmed", "harboring", "suspicions", "Russia"):
        assert shared not in _words(terms["Press TV"])
    for shared in ("Lavrov", "Afghanistan", "Daesh", "alarmed", "harboring", "suspicions"):
        assert shared not in _words(terms["Ariana News"])
    assert not everything & {"said", "told", "added"}
    # Above the floor; best first (with names="keep": "after" moves names used once last).
    for found in terms.values():
        assert all(z >= FramingConfig().min_z for _, z in found)
    plain = distinctive_terms(list(seeds.values()), config=FramingConfig(names="keep"))
    for found in plain.values():
        zs = [z for _, z in found]
        assert zs == sorted(zs, reverse=True)


def test_quotes_excluded_or_kept(seeds: dict[str, Article]) -> None:
    presstv = seeds["Press TV"]
    quoted = {t.key for t in tokenize(presstv.text) if t.quoted}
    assert {"shameless", "alarmed"} <= quoted
    keep = score_story(list(seeds.values()), top=200, config=FramingConfig(exclude_quotes=False))
    drop = score_story(list(seeds.values()), top=200)
    assert any("shameless" in t.key for t in keep[presstv.id])
    assert not any("shameless" in t.key for t in drop[presstv.id])


def test_identical_and_single_article_stories(seeds: dict[str, Article]) -> None:
    a = seeds["Press TV"]
    assert distinctive_terms([a]) == {a.id: []}
    bg = Background.from_texts([a.text, seeds["Ariana News"].text])
    assert distinctive_terms([a], bg) == {a.id: []}  # the background does not decide
    twin = Article(id="twin", source="x", outlet="Copy", text=a.text)
    assert distinctive_terms([a, twin]) == {a.id: [], "twin": []}


def test_word_choice_compared_within_one_language(seeds: dict[str, Article]) -> None:
    """A French article in the story does not change the English outlets' terms (across
    languages every word would be distinctive) and gets none itself: it is alone in French."""
    english = [replace(a, lang="en") for a in seeds.values()]
    french = Article(id="fr", source="fr.txt", outlet="Le Monde", lang="fr",
                     text="Le ministre russe Sergueï Lavrov dénonce la présence de Daech en "
                          "Afghanistan et les hélicoptères non identifiés. " * 3)  # fmt: skip
    alone = distinctive_terms(english)
    mixed = distinctive_terms([*english, french])
    assert mixed["fr"] == []
    assert {a.id: mixed[a.id] for a in english} == alone
    assert any(alone.values())


def test_stopwords_of_the_article_language() -> None:
    """A French text loses French function words (spaCy's list); English keeps its own list."""
    text = "Les militaires tentent de passer sous silence la présence de Daech dans le nord."
    fr = [t.key for t in tokenize(text, lang="fr")]
    assert "dans" not in fr and "sous" not in fr and "silence" in fr and "daech" in fr
    english = "The United States says the talks will go on in Geneva."
    assert tokenize(english, lang="en") == tokenize(english) == tokenize(english, lang="xx")


def test_tokens_skip_stopwords_numbers_punctuation() -> None:
    toks = tokenize('The U.S.-led forces, 3,000 strong, said "it is 2014" -- NATO\'s top-rated.')
    keys = [t.key for t in toks]
    assert keys == ["us-led", "forces", "strong", "nato", "top-rated"]
    assert not any(t.key.isdigit() for t in toks)
    # A comma or a quotation mark ends a phrase; a possessive does not ("NATO's top-rated").
    assert [t.joins for t in toks] == [False, True, False, False, True]
    assert term_counts("occupying forces occupying forces")["occupying forces"] == 2
    # "US" in capitals is a term; the pronoun "us" is a stopword.
    assert [t.key for t in tokenize("The US told us.")] == ["US"]


def test_background_round_trip_and_merge() -> None:
    texts = [
        "The occupying forces left the city.",
        "Occupying forces returned; the city braced.",
        "A quiet day in the city.",
    ]
    whole = Background.from_texts(texts)
    assert whole.documents == 3
    assert whole.counts["occupying forces"] == 2 and whole.counts["city"] == 3
    d = whole.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert Background.from_dict(json.loads(json.dumps(d))) == whole
    shard1 = Background.from_texts(texts[:1])
    shard2 = Background()
    for t in texts[1:]:
        shard2.add(t)
    assert shard1.merge(shard2) == whole
    assert whole.pruned(2).counts == {k: v for k, v in whole.counts.items() if v >= 2}
    with pytest.raises(ValueError, match="max_n"):
        whole.merge(Background(max_n=1))
    with pytest.raises(ValueError, match="rebuild"):
        Background.from_dict({"format": "other", "version": 1})


def test_background_phrase_length_must_cover_config(seeds: dict[str, Article]) -> None:
    with pytest.raises(ValueError, match="max_n=2"):
        distinctive_terms(list(seeds.values()), Background(max_n=1))
    with pytest.raises(ValueError):
        FramingConfig(prior_scale=0)
