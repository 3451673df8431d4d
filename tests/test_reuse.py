"""Text reuse index: the seed articles' shared Lavrov passages, and synthetic copies."""

from __future__ import annotations

import dataclasses
import pickle
import random

import numpy as np
import pytest

from newsprism import Article, clean, read
from newsprism.errors import InputError, SettingsError
from newsprism.reuse import (
    ArticleSketch,
    ReuseConfig,
    ReuseLink,
    ReuseResult,
    align_pair,
    align_pairs,
    candidate_pairs,
    direction,
    find_reuse,
    link_record,
    sketch_article,
    sketch_articles,
)
from newsprism.reuse_align import _pair_runs
from tests.conftest import SEEDS

LAVROV = [
    "We are alarmed as unfortunately, the US and NATO military in Afghanistan makes every effort"
    " to silence and deny the Daesh group’s presence in Afghanistan",
    "Moscow is harboring suspicions towards the NATO coalition",
    "According to our data, the Daesh presence in northern and eastern Afghanistan is rather"
    " serious, there are already thousands of gunmen",
    "This increases the risk of the terrorists’ penetration to Central Asia and it is not that"
    " difficult to get to Russia",
    "an estimated 10,000 members of the Takfiri Daesh terrorist group are currently present in"
    " Afghanistan",
]


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    arts = [a for a in clean(read([SEEDS])) if isinstance(a, Article)]
    by_outlet = {a.outlet: a for a in arts}
    assert set(by_outlet) == {"Ariana News", "Press TV"}
    return by_outlet


def _check_offsets(result: ReuseResult, arts: list[Article]) -> None:
    texts = {a.id: a.text for a in arts}
    for link in result.links:
        assert link.a.article_id < link.b.article_id
        for side in (link.a, link.b):
            text = texts[side.article_id]
            assert 0 <= side.start < side.end <= len(text)
            assert text[side.start].isalnum() and text[side.end - 1].isalnum()
        assert link.words >= ReuseConfig().min_words


def _linking(result: ReuseResult, needle: str, arts: dict[str, Article]) -> list[ReuseLink]:
    out = []
    for link in result.links:
        a, b = arts[link.a.article_id], arts[link.b.article_id]
        if (
            needle in a.text[link.a.start : link.a.end]
            and needle in b.text[link.b.start : link.b.end]
        ):
            out.append(link)
    return out


@pytest.mark.parametrize("needle", LAVROV)
def test_seed_passages_linked_with_offsets(seeds: dict[str, Article], needle: str) -> None:
    arts = list(seeds.values())
    by_id = {a.id: a for a in arts}
    for a in arts:
        assert needle in a.text
    result = find_reuse(arts)
    _check_offsets(result, arts)
    found = _linking(result, needle, by_id)
    assert len(found) == 1, needle
    link = found[0]
    assert link.kind in {"verbatim", "near"}
    assert link.direction == "unknown"  # Press TV gives no date
    rec = link_record(link, by_id)
    assert set(rec) == {"a", "b", "words", "kind", "direction"}
    for side, s in (("a", link.a), ("b", link.b)):
        assert set(rec[side]) == {"id", "ref", "outlet", "published", "start", "end", "text"}
        assert rec[side]["text"] == by_id[s.article_id].text[s.start : s.end]
        assert needle in rec[side]["text"]
    assert {rec["a"]["outlet"], rec["b"]["outlet"]} == {"Ariana News", "Press TV"}
    assert result.groups == []  # each outlet adds much of its own: not near-duplicates


def test_seed_direction_follows_dates(seeds: dict[str, Article]) -> None:
    ariana, presstv = seeds["Ariana News"], seeds["Press TV"]
    assert ariana.published == "2018-02-21" and presstv.published is None

    def ways(a: Article, b: Article) -> set[tuple[str, str]]:
        """(id of the side called the source, direction) for every link."""
        out: set[tuple[str, str]] = set()
        for link in find_reuse([a, b]).links:
            src = {"a_to_b": link.a.article_id, "b_to_a": link.b.article_id}.get(link.direction)
            out.add((src or "", link.direction))
        return out

    earlier = dataclasses.replace(presstv, published="2018-02-20")
    assert {s for s, _ in ways(ariana, earlier)} == {presstv.id}
    later = dataclasses.replace(presstv, published="2018-02-22T08:30:00+00:00")
    assert {s for s, _ in ways(ariana, later)} == {ariana.id}
    same_day = dataclasses.replace(presstv, published="2018-02-21T23:00:00")
    assert {w for _, w in ways(ariana, same_day)} == {"unknown"}
    no_dates = dataclasses.replace(ariana, published=None)
    assert {w for _, w in ways(no_dates, presstv)} == {"unknown"}


def test_direction_rules() -> None:
    assert direction("2020-01-01", "2020-01-02") == "a_to_b"
    assert direction("2020-01-03", "2020-01-02") == "b_to_a"
    assert direction("2020-01-02T10:00:00", "2020-01-02T09:00:00") == "b_to_a"
    assert direction("2020-01-02", "2020-01-02T09:00:00") == "unknown"
    assert direction(None, "2020-01-02") == "unknown"
    assert direction("yesterday", "2020-01-02") == "unknown"


# ---------------------------------------------------------------------------------------------
# Synthetic articles: random prose over a fixed vocabulary, so unrelated texts share nothing.

SYLLABLES = "ba ko ri tan mel su dor vi sha nek lu pra gim o fe zal tu ren qua bis".split()


def vocabulary(size: int = 3000) -> list[str]:
    """Made-up words (two to three syllables), so that random texts share no phrases."""
    rng = random.Random(0)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(words)


VOCAB = vocabulary()


def prose(rng: random.Random, paragraphs: int, words: int = 40) -> list[str]:
    out = []
    for _ in range(paragraphs):
        ws = [rng.choice(VOCAB) for _ in range(words)]
        ws[0] = ws[0].capitalize()
        out.append(" ".join(ws) + ".")
    return out


def article(ident: str, paras: list[str], published: str | None = None) -> Article:
    return Article(
        id=ident, source=ident, outlet=ident, text="\n\n".join(paras), published=published
    )


def test_reordered_paragraphs() -> None:
    rng = random.Random(1)
    paras = prose(rng, 5)
    src = article("src", paras, "2021-05-01")
    shuffled = article("copy", [paras[i] for i in (3, 0, 4, 1, 2)], "2021-05-02")
    result = find_reuse([src, shuffled])
    _check_offsets(result, [src, shuffled])
    for p in paras:
        core = p.rstrip(".")  # a link runs from word to word
        hits = [
            x
            for x in result.links
            if src.text[x.b.start : x.b.end].count(core) == 1
            and shuffled.text[x.a.start : x.a.end].count(core) == 1
        ]
        assert hits, p[:40]
        assert all(x.direction == "b_to_a" for x in hits)  # "copy" < "src": b is the source
    assert result.groups == [["copy", "src"]]


def test_spliced_passage_in_unrelated_text() -> None:
    rng = random.Random(2)
    wire = prose(rng, 6)
    host = prose(rng, 6)
    spliced = host[:3] + wire[2:4] + host[3:]
    a, b = article("wire", wire), article("host", spliced)
    result = find_reuse([a, b])
    _check_offsets(result, [a, b])
    assert len(result.links) == 1
    link = result.links[0]
    assert (link.a.article_id, link.b.article_id) == ("host", "wire")
    passage = "\n\n".join(wire[2:4]).rstrip(".")  # a link runs from word to word
    assert b.text[link.a.start : link.a.end] == passage
    assert a.text[link.b.start : link.b.end] == passage
    assert link.kind == "verbatim" and link.words == 80
    assert result.groups == []  # a passage, not a copy of the whole article


def test_unrelated_articles_share_nothing() -> None:
    rng = random.Random(3)
    arts = [article(f"doc{i}", prose(rng, 4)) for i in range(6)]
    result = find_reuse(arts)
    assert result.links == [] and result.groups == []
    assert result.stats.articles == 6


def noisy(text: str, rng: random.Random, rate: float = 0.03) -> str:
    """OCR-style noise: a share of characters replaced, dropped or doubled."""
    out = []
    for ch in text:
        if ch == "\n" or rng.random() >= rate:
            out.append(ch)
        elif rng.random() < 0.6:
            out.append(rng.choice("abcdefghijklmnopqrstuvwxyz"))
        elif rng.random() < 0.5:
            out.append(ch + ch)
    return "".join(out)


def test_ocr_noise_and_word_edits_keep_one_passage() -> None:
    rng = random.Random(4)
    paras = prose(rng, 4)
    src = article("a-src", paras)
    ocr = article("b-ocr", [noisy(p, rng) for p in paras])
    edited_words = " ".join(
        w if rng.random() > 0.06 else "inserted words" for w in src.text.split(" ")
    )
    edited = Article(id="c-edit", source="c", outlet="c", text=edited_words)
    boiler = article(
        "d-boiler", ["Copyright Metro Wire. All rights reserved.", *paras, "Sign up now."]
    )
    arts = [src, ocr, edited, boiler]
    result = find_reuse(arts)
    _check_offsets(result, arts)
    pairs = {(x.a.article_id, x.b.article_id) for x in result.links}
    assert {("a-src", "b-ocr"), ("a-src", "c-edit"), ("a-src", "d-boiler")} <= pairs
    for x in result.links:
        if x.a.article_id == "a-src":  # one passage spanning (nearly) the whole source
            assert x.a.end - x.a.start >= 0.9 * len(src.text)
            assert x.kind == ("verbatim" if x.b.article_id == "d-boiler" else "near")
    assert result.groups == [["a-src", "b-ocr", "c-edit", "d-boiler"]]
    boiler_link = next(x for x in result.links if x.b.article_id == "d-boiler")
    assert boiler.text[boiler_link.b.start : boiler_link.b.end] == src.text.rstrip(".")


def test_short_passage_below_min_words_ignored() -> None:
    rng = random.Random(5)
    shared = prose(rng, 1, words=8)[0]
    a = article("a", [*prose(rng, 2), shared, *prose(rng, 2)])
    b = article("b", [*prose(rng, 2), shared, *prose(rng, 2)])
    assert find_reuse([a, b]).links == []
    sa, sb = sketch_articles([a, b], ReuseConfig(min_words=6))
    found = align_pair(sa, sb, ReuseConfig(min_words=6))
    assert len(found) == 1 and found[0].words == 8


def test_deterministic_order_independent_and_picklable() -> None:
    rng = random.Random(6)
    base = prose(rng, 5)
    arts = [
        article("x1", base),
        article("x2", base[1:]),
        article("x3", prose(rng, 3) + base[:2]),
        article("x4", prose(rng, 4)),
    ]
    first = find_reuse(arts)
    shuffled = arts[::-1]
    assert find_reuse(shuffled) == first
    sketches = sketch_articles(arts)
    assert [sketch_article(a) for a in arts] == sketches
    assert pickle.loads(pickle.dumps(sketches)) == sketches
    pairs, skipped = candidate_pairs(sketches)
    assert skipped == 0 and (0, 1) in pairs and (0, 3) not in pairs
    assert first.groups == [["x1", "x2"]]


def test_bad_input_and_settings() -> None:
    a = article("same", ["one two three"])
    with pytest.raises(InputError, match="share this id"):
        find_reuse([a, a])
    with pytest.raises(SettingsError, match="min_words"):
        ReuseConfig(min_words=0)
    with pytest.raises(SettingsError, match="window_threshold"):
        ReuseConfig(window_threshold=1.5)
    assert find_reuse([]) == ReuseResult([], [], find_reuse([]).stats)
    empty = article("empty", [""])
    assert find_reuse([empty, a]).stats.short_articles == 2
    assert ReuseConfig().lsh_bands() == (14, 4)


def test_hub_buckets_pair_only_articles_that_share_a_second_bucket() -> None:
    def sketch(n: int, bands: tuple[int, ...]) -> ArticleSketch:
        return ArticleSketch.of_bands(f"a{n:02}", bands)

    config = ReuseConfig(hub_bucket=16)
    # 20 articles share bucket 1 (a hub: a frequent name dominating the MinHash); 0 and 1
    # share a second hub, 2 and 3 a small bucket of their own
    sketches = [sketch(n, (1, 2) if n < 2 else (1, 3) if n < 4 else (1,)) for n in range(20)]
    sketches += [sketch(20 + n, (2,)) for n in range(16)]
    pairs, skipped = candidate_pairs(sketches, config)
    assert (0, 1) in pairs and (2, 3) in pairs and skipped == 0
    assert (0, 2) not in pairs and (4, 5) not in pairs and (0, 20) not in pairs
    everything, _ = candidate_pairs(sketches, ReuseConfig(hub_bucket=100))
    assert (4, 5) in everything and len(everything) > len(pairs)


def test_batch_alignment_same_as_one_pair_and_pruning_changes_nothing() -> None:
    """align_pairs leaves out seed runs that cannot change a pair's links: over texts from a
    small vocabulary (many chance 3-grams near real passages), noisy copies and repeats, the
    links with and without that cut are the same, and the same as pair by pair."""
    rng = random.Random(8)
    small = VOCAB[:15]

    def babble(words: int) -> str:
        return " ".join(rng.choice(small) for _ in range(words))

    base = [babble(60) for _ in range(4)]
    texts = [
        *base,
        babble(30) + " " + base[0] + " " + babble(30),
        noisy(base[1] + " " + base[2], rng, 0.05),
        " ".join(w for w in base[3].split() if rng.random() > 0.1) + " " + base[3][:200],
        *(babble(120) for _ in range(3)),
    ]
    arts = [article(f"t{n}", [t]) for n, t in enumerate(texts)]
    for config in (ReuseConfig(), ReuseConfig(min_words=6, max_gap=3, max_seed_repeats=2)):
        sketches = sketch_articles(arts, config)
        pairs = [(i, j) for i in range(len(arts)) for j in range(i + 1, len(arts))]
        full = align_pairs(sketches, pairs, config, prune=False)
        assert align_pairs(sketches, pairs, config) == full
        one_by_one = [x for i, j in pairs for x in align_pair(sketches[i], sketches[j], config)]
        assert one_by_one == full and len(full) >= 4
        n = len(sketches)
        codes = np.array([i * n + j for i, j in pairs], dtype=np.int64)
        kept = len(_pair_runs(sketches, codes, config)[1])
        assert kept < len(_pair_runs(sketches, codes, config, prune=False)[1])
    with pytest.raises(ValueError, match="i < j"):
        align_pairs(sketches, [(1, 0)], config)
