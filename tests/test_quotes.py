"""Quotes, speakers and numeric claims (newsprism.quotes) on the bundled seeds and on small
hand-made texts; the pinned spaCy model package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsprism import Article, clean, read
from newsprism.nlp import MODEL_SHA256, ModelError, check_model, model_dir, model_files_sha256
from newsprism.quotes import (
    ArticleQuotes,
    NumberClaim,
    Quote,
    canonical_speakers,
    extract,
    extract_many,
    match_quotes,
    number_discrepancies,
)
from newsprism.quotes_numbers import parse_value

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "daesh-afghanistan"


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, ArticleQuotes]]:
    articles = [a for a in clean(read([str(SEEDS)])) if isinstance(a, Article)]
    assert len(articles) == 2
    results = extract_many([a.text for a in articles])
    return {Path(a.source).stem: (a.text, r) for a, r in zip(articles, results, strict=True)}


def _with(aq: ArticleQuotes, fragment: str) -> list[Quote]:
    return [q for q in aq.quotes if fragment in q.text]


LAVROV = (
    "We are alarmed as unfortunately",
    "According to our data",
    "This increases the risk of the terrorists",
)


@pytest.mark.parametrize("outlet", ["ariana-news", "press-tv"])
def test_every_lavrov_quote_goes_to_sergei_lavrov(
    seeds: dict[str, tuple[str, ArticleQuotes]], outlet: str
) -> None:
    text, aq = seeds[outlet]
    for fragment in LAVROV:
        found = [q for q in _with(aq, fragment) if q.kind == "direct"]
        assert found, fragment
        assert {q.speaker for q in found} == {"Sergei Lavrov"}, fragment
        assert all(q.role == "Russian Foreign Minister" for q in found)
    (added,) = [q for q in _with(aq, "This increases the risk") if q.kind == "direct"]
    assert (added.speaker_mention, added.cue) == ("he", "added")
    assert added.speaker_start is not None and added.speaker_end is not None
    assert text[added.speaker_start : added.speaker_end] == "he"
    assert text[added.start : added.end].startswith(("“", '"'))


@pytest.mark.parametrize(("outlet", "cue"), [("ariana-news", "noted"), ("press-tv", "added")])
def test_indirect_moscow_suspicions_go_to_lavrov(
    seeds: dict[str, tuple[str, ArticleQuotes]], outlet: str, cue: str
) -> None:
    text, aq = seeds[outlet]
    (q,) = _with(aq, "Moscow is harboring suspicions")
    assert (q.kind, q.speaker, q.speaker_mention, q.cue) == ("indirect", "Sergei Lavrov", "He", cue)
    assert q.text.startswith("that Moscow") and q.text.endswith("in Afghanistan")
    assert text[q.start : q.end] == q.text


def test_asif_quotes_go_to_khawaja_asif(seeds: dict[str, tuple[str, ArticleQuotes]]) -> None:
    _text, aq = seeds["ariana-news"]
    fragments = (
        "Pakistan has sustained a lot of damage",  # “...,” he added.
        "threats posed by prevailing situation",  # Asif stated that ... “threats ...”
        "the unchecked and increasing presence of Daesh",  # ... has declared that ...
        "scapegoating",
    )
    for fragment in fragments:
        found = _with(aq, fragment)
        assert found, fragment
        assert {q.speaker for q in found} == {"Khawaja Asif"}, fragment
    (added,) = _with(aq, "Pakistan has sustained")
    assert (added.kind, added.speaker_mention, added.cue) == ("direct", "he", "added")
    assert added.role == "Pakistani Foreign Minister"


def test_hatami_however_he_said_and_the_description(
    seeds: dict[str, tuple[str, ArticleQuotes]],
) -> None:
    _text, aq = seeds["press-tv"]
    however = _with(aq, "after heavy blows suffered in these two countries")
    assert any(q.kind == "direct" for q in however)
    assert {(q.speaker, q.speaker_mention) for q in however} == {("Amir Hatami", "he")}
    (desc,) = _with(aq, "the US created Daesh")
    assert (desc.speaker, desc.speaker_mention) == ("Amir Hatami", "The Iranian defense minister")
    (first,) = _with(aq, "the US is transferring Daesh")
    assert first.speaker == "Amir Hatami"
    assert first.role is not None and first.role.startswith("Iranian Defense Minister")
    assert first.when == "Earlier in the month"


def test_ten_thousand_flagged_as_attributed_differently(
    seeds: dict[str, tuple[str, ArticleQuotes]],
) -> None:
    per_article = {k: aq for k, (_t, aq) in seeds.items()}
    for _text, aq in seeds.values():
        (n,) = [n for n in aq.numbers if n.value == 10000]
        assert n.counts == "members of the Takfiri Daesh terrorist group"
    a = next(n for n in seeds["ariana-news"][1].numbers if n.value == 10000)
    p = next(n for n in seeds["press-tv"][1].numbers if n.value == 10000)
    assert (a.source, a.when) == ("Zamir Kabulov", "recently")
    assert (p.source, p.when) == ("Russian", "In December last year")
    flagged = [d for d in number_discrepancies(per_article) if d.flagged]
    (d,) = [d for d in flagged if {m.claim.value for m in d.members} == {10000.0}]
    assert d.source_differs and d.time_differs and not d.value_differs
    assert {m.article for m in d.members} == {"ariana-news", "press-tv"}


def test_match_quotes_across_the_seeds(seeds: dict[str, tuple[str, ArticleQuotes]]) -> None:
    per_article = {k: aq for k, (_t, aq) in seeds.items()}
    texts = {k: t for k, (t, _aq) in seeds.items()}
    groups = match_quotes(per_article, texts)
    alarmed = [g for g in groups if "We are alarmed" in g.members[0].text]
    assert len(alarmed) == 1
    assert alarmed[0].speakers == ("Sergei Lavrov",) and not alarmed[0].speaker_conflict
    assert not alarmed[0].wording_changed
    moscow = next(g for g in groups if "Moscow is harboring" in g.members[0].text)
    assert {m.cue for m in moscow.members} == {"noted", "added"}
    kabulov = next(g for g in groups if "10,000 members" in g.members[0].text)
    assert kabulov.speaker_conflict and set(kabulov.speakers) == {"Zamir Kabulov", "Russian"}
    json.dumps([g.to_dict() for g in groups])


def test_records_serialise_and_offsets_hold(seeds: dict[str, tuple[str, ArticleQuotes]]) -> None:
    for text, aq in seeds.values():
        json.dumps(aq.to_dict())
        for q in aq.quotes:
            assert 0 <= q.start < q.end <= len(text)
            for a, b in q.parts:
                assert q.start <= a < b <= q.end
            if q.speaker_start is not None and q.speaker_end is not None:
                assert text[q.speaker_start : q.speaker_end] == q.speaker_mention
        for n in aq.numbers:
            assert text[n.start : n.end] == n.text


# -- hand-made texts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10,000", 10_000.0),
        ("ten thousand", 10_000.0),
        ("10k", 10_000.0),
        ("3.5 million", 3_500_000.0),
        ("$2bn", 2e9),
        ("an estimated 10,000", 10_000.0),
        ("twenty-five", 25.0),
        ("a dozen", 12.0),
        ("40 percent", 40.0),
        ("10 000", 10_000.0),  # grouped with spaces (French, SI style)
        ("1\u202f234\u202f567", 1_234_567.0),
    ],
)
def test_parse_value(text: str, value: float) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10.000", 10_000.0),
        ("3,5 Millionen", 3_500_000.0),
        ("1.234,5", 1234.5),
        ("2 milliards", 2e9),
    ],
)
def test_parse_value_decimal_comma(text: str, value: float) -> None:
    assert parse_value(text, decimal_comma=True) == value


FRENCH = """Le ministre russe des Affaires étrangères, Sergueï Lavrov, a exprimé son inquiétude.

« Nous sommes alarmés par le fait que les militaires américains tentent de passer sous \
silence la présence de Daech », a déclaré M. Lavrov lors d'une conférence de presse à Moscou.

Selon le diplomate, environ 10 000 combattants seraient présents dans le pays.

« Nous avons posé des questions, mais nous n'avons reçu aucune réponse », a-t-il insisté.
"""


def test_other_language_quotes_by_marks_with_named_speaker() -> None:
    """Outside English the cue rules do not apply: the quotes come from their marks, the
    speaker is the person named beside them, a short tail (", a-t-il insisté.") keeps the
    previous speaker, and numbers are read with the language's grouping."""
    english_rules = extract(FRENCH)
    assert not any(q.speaker == "Sergueï Lavrov" for q in english_rules.quotes)
    aq = extract(FRENCH, lang="fr")
    assert [(q.kind, q.speaker) for q in aq.quotes] == [("direct", "Sergueï Lavrov")] * 2
    assert aq.quotes[0].speaker_mention == "M. Lavrov"
    assert FRENCH[aq.quotes[0].speaker_start : aq.quotes[0].speaker_end] == "M. Lavrov"
    assert [(n.value, n.counts) for n in aq.numbers] == [(10_000.0, "combattants")]


def test_canonical_speakers_merges_short_names() -> None:
    def q(speaker: str) -> Quote:
        return Quote("direct", "x", 0, 1, speaker, speaker, 0, 1, None, "said")

    a = ArticleQuotes(quotes=[q("Sergei Lavrov")])
    b = ArticleQuotes(
        quotes=[q("Lavrov")], numbers=[NumberClaim("5", 5.0, None, "x", "Lavrov", 0, 1)]
    )
    c = ArticleQuotes(quotes=[q("Hillary Clinton"), q("Bill Clinton"), q("Clinton")])
    canon = canonical_speakers([a, b, c])
    assert canon["Lavrov"] == "Sergei Lavrov"
    assert canon["Clinton"] == "Clinton"  # ambiguous: kept
    # spellings of one name across languages are one speaker; two people are not
    d = ArticleQuotes(quotes=[q("Sergueï Lavrov"), q("Jane Smith"), q("John Smith")])
    canon = canonical_speakers([a, b, d])
    assert canon["Sergueï Lavrov"] == canon["Lavrov"] == "Sergei Lavrov"
    assert canon["Jane Smith"] != canon["John Smith"]


def test_translated_quote_matched_across_languages() -> None:
    """The same speaker's quote in French and in English is one quote, marked translated;
    another quote of his is not taken for it (real multilingual embedder)."""
    from newsprism.embed import use_embedder

    def q(text: str, speaker: str) -> Quote:
        return Quote("direct", text, 0, len(text), speaker, speaker, 0, 1, None, "said")

    en = ArticleQuotes(quotes=[
        q("We are alarmed as unfortunately, the US and NATO military in Afghanistan makes every "
          "effort to silence and deny the Daesh group's presence in Afghanistan", "Sergei Lavrov"),
        q("According to our data, the Daesh presence in northern and eastern Afghanistan is "
          "rather serious, there are already thousands of gunmen", "Sergei Lavrov"),
    ])  # fmt: skip
    fr = ArticleQuotes(quotes=[
        q("Nous sommes alarmés par le fait que les militaires américains et de l'OTAN en "
          "Afghanistan tentent de passer sous silence la présence de Daech", "Sergueï Lavrov"),
    ])  # fmt: skip
    per = {"en": en, "fr": fr}
    assert match_quotes(per) == []  # without languages: no words in common
    (g,) = match_quotes(per, langs={"en": "en", "fr": "fr"}, embed=use_embedder)
    assert g.translated and {(m.article, m.index) for m in g.members} == {("en", 0), ("fr", 0)}
    assert g.speakers == ("Sergei Lavrov",) and not g.speaker_conflict


def test_doc_must_match_text() -> None:
    from newsprism.nlp import parse

    with pytest.raises(ValueError):
        extract("Another text.", doc=parse("Some text."))


# -- the pinned model package ------------------------------------------------------------------


def test_model_package_hashes_to_the_pinned_value() -> None:
    assert model_files_sha256() == MODEL_SHA256
    check_model()


def test_a_changed_model_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    meta = next(copy.rglob("meta.json"))
    meta.write_text(meta.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(ModelError, match="does not hash"):
        check_model(copy)
