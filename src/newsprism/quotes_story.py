"""Who said what across a story: quotes per speaker with the outlets that carry them, and
numbers per quantity with their values by outlet and what differs.

This is what ``compare`` adds to its JSON (``quotes`` and ``numbers``) and its reports.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from newsprism.embed import use_embedder
from newsprism.model import Article, Comparison
from newsprism.quotes import extract_many
from newsprism.quotes_match import canonical_speakers, match_quotes, number_discrepancies
from newsprism.quotes_model import ArticleQuotes


def story_quotes(
    articles: Sequence[Article], per_article: dict[str, ArticleQuotes] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(quotes per speaker, numbers per quantity) for the articles of one story."""
    if per_article is None:
        per_article = dict(
            zip(
                [a.id for a in articles],
                extract_many([a.text for a in articles], langs=[a.lang for a in articles]),
                strict=True,
            )
        )
    outlet = {a.id: a.outlet for a in articles}
    texts = {a.id: a.text for a in articles}
    canon = canonical_speakers(per_article.values())
    grouped: set[tuple[str, int]] = set()
    entries: list[dict[str, Any]] = []
    langs = {a.id: a.lang for a in articles}
    multilingual = len({(a.lang or "")[:2] for a in articles if a.lang}) > 1
    embed = use_embedder if multilingual else None
    for g in match_quotes(per_article, texts, langs, embed):
        grouped.update((m.article, m.index) for m in g.members)
        entries.append(
            {
                "speaker": g.speakers[0] if g.speakers else None,
                "text": g.members[0].text,
                "kind": g.members[0].kind,
                "outlets": sorted({outlet[m.article] for m in g.members}),
                "unquoted_in": sorted({outlet[a] for a in g.unquoted_in}),
                "wording_changed": g.wording_changed,
                "speaker_conflict": g.speaker_conflict,
                "translated": g.translated,
                "speakers": list(g.speakers),
                "members": [m.to_dict() for m in g.members],
            }
        )
    for art, aq in per_article.items():
        for k, q in enumerate(aq.quotes):
            if (art, k) in grouped:
                continue
            speaker = canon.get(q.speaker, q.speaker) if q.speaker else None
            entries.append(
                {
                    "speaker": speaker,
                    "text": q.text,
                    "kind": q.kind,
                    "outlets": [outlet[art]],
                    "unquoted_in": [],
                    "wording_changed": False,
                    "speaker_conflict": False,
                    "translated": False,
                    "speakers": [speaker] if speaker else [],
                    "members": [{"article": art, "index": k, **q.to_dict()}],
                }
            )
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        by_speaker[e["speaker"] or "(unattributed)"].append(e)
    quotes = [
        {"speaker": s, "outlets": sorted({o for e in es for o in e["outlets"]}), "quotes": es}
        for s, es in sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    numbers = []
    for d in number_discrepancies(per_article, texts):
        item = d.to_dict()
        item["values_by_outlet"] = {
            outlet[m.article]: m.claim.value for m in d.members
        }  # fmt: skip
        item["counts"] = d.members[0].claim.counts
        numbers.append(item)
    return quotes, numbers


def with_quotes(c: Comparison) -> Comparison:
    """``c`` with its ``quotes`` and ``numbers`` filled from the story's articles."""
    arts = [a for a in c.articles if a.id not in c.unrelated]
    quotes, numbers = story_quotes(arts)
    return dataclasses.replace(c, quotes=tuple(quotes), numbers=tuple(numbers))
