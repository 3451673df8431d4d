"""Scoring of article-body extraction with the Zyte article-extraction-benchmark metric.

The metric is the one of Zyte's (Scrapinghub's) article-extraction-benchmark, as specified in
``shared/data/extraction/plaintext/README.md``:

* tokens are the ``\\w+`` runs of a text (Unicode words, case kept);
* a text is the multiset of its 4-token shingles (a text shorter than 4 tokens is one shorter
  shingle);
* per page, TP = |pred ∩ gold|, FP = |pred − gold|, FN = |gold − pred| (multisets), each divided
  by TP + FP + FN so that every page weighs the same;
* precision and recall are the means over pages of TP/(TP+FP) and TP/(TP+FN) (a page with
  FP = FN = 0 scores 1 for both), and F1 is taken from those two means, not averaged per page.

Pages whose gold body is null or empty are skipped. The loaders read the two evaluation sets
kept next to the project (``shared/data/extraction/``): Zyte's 181 hand-annotated pages and the
257 article pages of WCXB's test split.

Metadata (WCXB only: Zyte has no gold title, date or author) is scored by exact match
(:func:`score_metadata`): the title and the author after collapsing whitespace and case, the
date on its ``YYYY-MM-DD`` part, each over the pages that have a gold value.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.model import Article

__all__ = [
    "SHINGLE_SIZE",
    "GoldPage",
    "MetaRate",
    "Scores",
    "load_wcxb",
    "load_zyte",
    "page_counts",
    "page_precision_recall",
    "read_html",
    "score",
    "score_metadata",
    "shingles",
]

#: Tokens per shingle in the Zyte metric.
SHINGLE_SIZE = 4

_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text`` (Zyte benchmark tokenisation).

    A text with fewer than ``size`` tokens gives one shorter shingle (the empty tuple for a
    text with no token at all), as in the benchmark's own code.
    """
    tokens = _TOKEN.findall(text)
    n = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(n))


def page_counts(pred: str, gold: str) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) of one page under the Zyte benchmark metric.

    The multiset counts of shared, predicted-only and gold-only shingles, divided by their sum
    so that each page weighs the same. Returns ``(0, 0, 0)`` only if both shingle sets are empty
    (which :func:`shingles` never produces).
    """
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_precision_recall(pred: str, gold: str) -> tuple[float, float]:
    """Precision and recall of one page (1 and 1 when nothing is wrong, 0 and 0 if TP = 0)."""
    tp, fp, fn = page_counts(pred, gold)
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    if tp == 0:
        return 0.0, 0.0
    return tp / (tp + fp), tp / (tp + fn)


@dataclass(frozen=True, slots=True)
class Scores:
    """Zyte-metric figures over a set of pages: mean precision, mean recall, F1 of the means."""

    precision: float
    recall: float
    f1: float
    pages: int


def score(pairs: Iterable[tuple[str, str]]) -> Scores:
    """Score ``(prediction, gold)`` pairs with the Zyte benchmark metric.

    Pairs whose gold body is empty (only whitespace) are skipped; an empty prediction scores 0.
    Raises ``ValueError`` when no page is left to score.
    """
    ps: list[float] = []
    rs: list[float] = []
    for pred, gold in pairs:
        if not gold.strip():
            continue
        p, r = page_precision_recall(pred, gold)
        ps.append(p)
        rs.append(r)
    if not ps:
        raise ValueError("no page with a gold body to score")
    precision, recall = sum(ps) / len(ps), sum(rs) / len(rs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision=precision, recall=recall, f1=f1, pages=len(ps))


# ---------------------------------------------------------------------------------------------
# The evaluation sets


@dataclass(frozen=True, slots=True)
class GoldPage:
    """One evaluation page: its gzip HTML file and its gold body and metadata.

    ``body`` is ``None`` when the set has no gold body for the page (skip it when scoring the
    body); ``title``, ``author`` and ``published`` are ``None`` when the set does not give them
    (Zyte gives none of them).
    """

    id: str
    url: str | None
    html_path: Path
    body: str | None
    title: str | None = None
    author: str | None = None
    published: str | None = None


def read_html(path: Path) -> str:
    """Decompress and decode one ``<id>.html.gz`` page (UTF-8, undecodable bytes replaced)."""
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def load_zyte(root: Path) -> list[GoldPage]:
    """The Zyte article-extraction-benchmark pages under ``root`` (181 pages), sorted by id.

    ``root`` is the ``zyte-article-extraction-benchmark`` folder, holding ``ground-truth.json``
    (``{id: {"articleBody", "url"}}``) and ``html/<id>.html.gz``.
    """
    truth: dict[str, dict[str, Any]] = json.loads(
        (root / "ground-truth.json").read_text(encoding="utf-8")
    )
    return [
        GoldPage(
            id=pid,
            url=_str_or_none(rec.get("url")),
            html_path=root / "html" / f"{pid}.html.gz",
            body=_str_or_none(rec.get("articleBody")),
        )
        for pid, rec in sorted(truth.items())
    ]


def load_wcxb(root: Path) -> list[GoldPage]:
    """The WCXB test-split article pages under ``root`` (257 pages), sorted by id.

    ``root`` is the ``wcxb-test-articles`` folder, holding ``ground-truth/<id>.json`` (with
    ``ground_truth.main_content``, ``title``, ``author``, ``publish_date``) and
    ``html/<id>.html.gz``. A null ``main_content`` gives ``body=None``.
    """
    pages: list[GoldPage] = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        rec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        gt: dict[str, Any] = rec.get("ground_truth") or {}
        pid = str(rec.get("file_id") or path.stem)
        pages.append(
            GoldPage(
                id=pid,
                url=_str_or_none(rec.get("url")),
                html_path=root / "html" / f"{pid}.html.gz",
                body=_str_or_none(gt.get("main_content")),
                title=_str_or_none(gt.get("title")),
                author=_str_or_none(gt.get("author")),
                published=_str_or_none(gt.get("publish_date")),
            )
        )
    return pages


# ---------------------------------------------------------------------------------------------
# Metadata


@dataclass(frozen=True, slots=True)
class MetaRate:
    """Exact-match rate of one metadata field over the pages with a gold value."""

    matched: int
    pages: int

    @property
    def rate(self) -> float:
        return self.matched / self.pages if self.pages else 0.0


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def score_metadata(
    items: Iterable[tuple[GoldPage, str | None, str | None, str | None]],
) -> dict[str, MetaRate]:
    """Exact-match rates of ``(page, title, date, author)`` predictions against the gold.

    Title and author match after whitespace is collapsed and case folded; the date matches on
    its first ten characters (``YYYY-MM-DD``; a gold "2015-11" needs a predicted "2015-11").
    A missing prediction counts as a miss; a page without a gold value is not counted.
    """
    hits = {"title": [0, 0], "date": [0, 0], "author": [0, 0]}
    for gold, title, date, author in items:
        if gold.title is not None:
            hits["title"][1] += 1
            hits["title"][0] += _norm(gold.title) == _norm(title)
        if gold.published is not None:
            hits["date"][1] += 1
            hits["date"][0] += date is not None and gold.published[:10] == date[:10]
        if gold.author is not None:
            hits["author"][1] += 1
            hits["author"][0] += _norm(gold.author) == _norm(author)
    return {k: MetaRate(m, n) for k, (m, n) in hits.items()}


# -- story clustering ------------------------------------------------------------------------


def unrelated_articles(plaintext: Path) -> list[Article]:
    """The gold bodies of the plain-text extraction sets (``plaintext/pages.jsonl``, Zyte, and
    ``wcxb_pages.jsonl``), cleaned (title, language): real articles of many sites, subjects and
    languages, nearly all on events of their own (``benchmarks/extraction_events.tsv`` lists
    the few same-event groups among the Zyte news pages, judged by hand)."""
    from newsprism.clean import clean_document
    from newsprism.model import RawDocument
    from newsprism.settings import CleanConfig

    out = []
    for name in ("pages.jsonl", "wcxb_pages.jsonl"):
        for line in (plaintext / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec.get("body"):
                doc = RawDocument(
                    source=rec["id"], kind="text", content=rec["body"], url=rec["url"]
                )
                a = clean_document(doc, CleanConfig())
                if isinstance(a, Article):
                    out.append(a)
    return out


def load_story_set(
    path: Path, *, dated: bool, seed: int = 0
) -> tuple[list[Article], dict[str, str]]:
    """A clustering set (``../shared/data/clustering/*.jsonl``) in stream order, and article
    id -> gold story. Shuffled with ``seed``; a ``dated`` set is then sorted by date (ties stay
    shuffled) and keeps its dates, an undated one has none."""
    recs = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    random.Random(seed).shuffle(recs)
    if dated:
        recs.sort(key=lambda r: r["date"])
    arts = [
        Article(
            id=r["id"],
            source=r["id"],
            outlet=r["source"],
            text=r["text"],
            title=r["title"],
            published=r["date"] if dated else None,
            lang="en",
        )
        for r in recs
    ]
    return arts, {r["id"]: r["story"] for r in recs}


def bcubed(
    pred: dict[str, str], gold: dict[str, str], items: Iterable[str] | None = None
) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 of ``pred`` (article -> cluster) against ``gold``.

    With ``items``, the means run over those articles only, while their clusters and gold
    stories still count every article (the held-out articles of a clustering of the whole set).
    """
    pc, gc = Counter(pred.values()), Counter(gold.values())
    both = Counter((pred[a], gold[a]) for a in gold)
    scored = list(gold if items is None else items)
    p = sum(both[(pred[a], gold[a])] / pc[pred[a]] for a in scored) / len(scored)
    r = sum(both[(pred[a], gold[a])] / gc[gold[a]] for a in scored) / len(scored)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0
