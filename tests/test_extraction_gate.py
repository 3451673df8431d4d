"""Quality gate for HTML article-body extraction, plus unit tests of the Zyte metric.

The gate runs ``clean_document`` (default ``CleanConfig``) over every page of the Zyte
article-extraction-benchmark (181 pages) and of the WCXB test-split articles (256 scored pages)
kept in ``shared/data/extraction/`` beside the checkout, and fails if the Zyte-metric F1 drops
below a floor pinned a little under the measured figure. ``benchmarks/bench_clean.py`` gives
the full comparison with trafilatura.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.clean import clean_document
from newsprism.evaluate import (
    GoldPage,
    Scores,
    load_wcxb,
    load_zyte,
    page_counts,
    read_html,
    score,
    shingles,
)
from newsprism.model import Article, RawDocument
from newsprism.settings import CleanConfig

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction"

# Measured on 2026-11-24 with trafilatura 2.3.1 (benchmarks/results/clean.json):
# Zyte F1 0.9598 (P 0.942, R 0.978, 181 pages); WCXB F1 0.9522 (P 0.945, R 0.960, 256 pages).
ZYTE_F1_FLOOR = 0.945
WCXB_F1_FLOOR = 0.940


def _require_data() -> None:
    if not DATA.is_dir():
        pytest.skip(
            "../shared/data/extraction not found: evaluation data is only in the project "
            "checkout's sibling shared/ folder"
        )


def _newsprism_scores(pages: list[GoldPage]) -> Scores:
    config = CleanConfig()
    pairs: list[tuple[str, str]] = []
    for page in pages:
        if page.body is None:
            continue
        doc = RawDocument(
            source=str(page.html_path), kind="html", content=read_html(page.html_path), url=page.url
        )
        res = clean_document(doc, config)
        pairs.append((res.text if isinstance(res, Article) else "", page.body))
    return score(pairs)


@pytest.fixture(scope="module")
def zyte_scores() -> Scores:
    _require_data()
    return _newsprism_scores(load_zyte(DATA / "zyte-article-extraction-benchmark"))


@pytest.fixture(scope="module")
def wcxb_scores() -> Scores:
    _require_data()
    return _newsprism_scores(load_wcxb(DATA / "wcxb-test-articles"))


def test_zyte_f1_floor(zyte_scores: Scores) -> None:
    assert zyte_scores.pages == 181
    assert zyte_scores.f1 >= ZYTE_F1_FLOOR, zyte_scores


def test_wcxb_f1_floor(wcxb_scores: Scores) -> None:
    assert wcxb_scores.pages == 256  # 257 pages, one with a null gold body
    assert wcxb_scores.f1 >= WCXB_F1_FLOOR, wcxb_scores


# ---------------------------------------------------------------------------------------------
# The metric on hand-made strings


def test_shingles_tokens_and_short_text() -> None:
    assert shingles("It's a b-c, d!") == {
        ("It", "s", "a", "b"): 1,
        ("s", "a", "b", "c"): 1,
        ("a", "b", "c", "d"): 1,
    }
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }


def test_identical_text_scores_one() -> None:
    text = "The minister said on Tuesday that the bill would pass."
    s = score([(text, text), ("short", "short")])
    assert (s.precision, s.recall, s.f1, s.pages) == (1.0, 1.0, 1.0, 2)


def test_disjoint_text_scores_zero() -> None:
    s = score([("alpha beta gamma delta epsilon", "one two three four five"), ("", "a b c d")])
    assert (s.precision, s.recall, s.f1, s.pages) == (0.0, 0.0, 0.0, 2)


def test_partial_overlap_by_hand() -> None:
    # pred shingles {abcd, bcde}, gold {abcd, bcdf}: TP = FP = FN = 1, normalised to 1/3 each.
    assert page_counts("a b c d e", "a b c d f") == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # Page 1: P = R = 1/2. Page 2: pred has 2 shingles, gold 4, all of pred's in gold:
    # P = 1, R = 2/4. Means: P = 3/4, R = 1/2; F1 = 2 * 3/4 * 1/2 / (5/4) = 0.6.
    s = score([("a b c d e", "a b c d f"), ("1 2 3 4 5", "1 2 3 4 5 6 7")])
    assert s.pages == 2
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.6)


def test_pages_without_gold_body_are_skipped() -> None:
    assert score([("a b c d", "a b c d"), ("anything", "  \n")]).pages == 1
    with pytest.raises(ValueError):
        score([("anything", "")])
