"""Provenance of a compared story: who copied whom, how many independent origins back each
passage and number, and the words each outlet alone uses.

* **Reuse**: :func:`newsprism.reuse.find_reuse` over the story's articles gives the passages
  two articles share verbatim or lightly edited, with the likely direction (the earlier
  article is the source; unknown when a date is missing or equal).
* **Copy evidence**: a reuse link counts as evidence that two articles' texts are copied from
  one another (or from a common wire text) only when enough of it lies *outside* quotation
  marks (``min_own_words``): two reporters at one press conference quote the same words
  verbatim without copying each other. Articles in one near-duplicate group are copies.
* **Corroboration**: for each shared passage, the outlets that carry it and its number of
  independent origins: outlets are joined when a copy-evidence link between their articles
  covers the passage in both; the origins are the connected groups. The same for each
  numeric claim (the span of the number in each article).
* **Framing**: :func:`newsprism.framing.distinctive_terms` per article against the others
  of the story, with the store's term counts as the prior when given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsprism.framing import Background, distinctive_terms
from newsprism.model import Article, Comparison
from newsprism.quotes_marks import find_quotes
from newsprism.reuse import ReuseConfig, ReuseLink, ReuseSide, find_reuse, link_record

__all__ = ["ProvenanceConfig", "copy_edges", "origins", "with_provenance"]


@dataclass(frozen=True, slots=True)
class ProvenanceConfig:
    #: Words of a reuse link outside quotation marks needed to count it as copying.
    min_own_words: int = 8
    #: Distinctive terms kept per article.
    framing_top: int = 10


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in find_quotes(text)]


def _own_words(text: str, start: int, end: int, quoted: Sequence[tuple[int, int]]) -> int:
    """Words of ``text[start:end]`` outside the quoted regions."""
    keep = list(text[start:end])
    for qs, qe in quoted:
        for k in range(max(qs, start), min(qe, end)):
            keep[k - start] = " "
    return len("".join(keep).split())


def copy_edges(
    articles: Sequence[Article],
    links: Iterable[ReuseLink],
    groups: Iterable[Sequence[str]] = (),
    config: ProvenanceConfig = ProvenanceConfig(),
) -> list[ReuseLink]:
    """The links that are evidence of copying (enough words outside quotes on both sides);
    every pair within a near-duplicate group is evidence too (as a whole-text link)."""
    by_id = {a.id: a for a in articles}
    quoted = {a.id: _quoted(a.text) for a in articles}
    out = []
    for x in links:
        ta, tb = by_id[x.a.article_id].text, by_id[x.b.article_id].text
        own_a = _own_words(ta, x.a.start, x.a.end, quoted[x.a.article_id])
        own_b = _own_words(tb, x.b.start, x.b.end, quoted[x.b.article_id])
        if min(own_a, own_b) >= config.min_own_words:
            out.append(x)
    for g in groups:
        members = [m for m in g if m in by_id]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                whole_a = ReuseSide(a, 0, len(by_id[a].text))
                whole_b = ReuseSide(b, 0, len(by_id[b].text))
                out.append(ReuseLink(whole_a, whole_b, 0, "near", "unknown"))
    return out


def _overlaps(s: int, e: int, s2: int, e2: int) -> bool:
    return min(e, e2) > max(s, s2)


def origins(
    spans: Sequence[tuple[str, int, int]],
    outlet_of: Mapping[str, str],
    evidence: Sequence[ReuseLink],
) -> tuple[list[str], int]:
    """(outlets carrying ``spans`` — (article id, start, end) — sorted, and their number of
    independent origins): outlets are one origin when a copy-evidence link covers the
    material in an article of each."""
    outlets = sorted({outlet_of[a] for a, _, _ in spans})
    parent = {o: o for o in outlets}

    def root(o: str) -> str:
        while parent[o] != o:
            parent[o] = parent[parent[o]]
            o = parent[o]
        return o

    where: dict[str, list[tuple[int, int]]] = {}
    for a, s, e in spans:
        where.setdefault(a, []).append((s, e))
    for x in evidence:
        sa, sb = where.get(x.a.article_id), where.get(x.b.article_id)
        if not sa or not sb:
            continue
        if any(_overlaps(s, e, x.a.start, x.a.end) for s, e in sa) and any(
            _overlaps(s, e, x.b.start, x.b.end) for s, e in sb
        ):
            ra, rb = root(outlet_of[x.a.article_id]), root(outlet_of[x.b.article_id])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return outlets, len({root(o) for o in outlets})


def _framing(
    articles: Sequence[Article], background: Background | None, top: int
) -> dict[str, list[dict[str, Any]]]:
    if len(articles) < 2:
        return {}
    terms = distinctive_terms(articles, background, top=top)
    return {aid: [{"term": t, "score": round(s, 3)} for t, s in ts] for aid, ts in terms.items()}


def with_provenance(
    c: Comparison,
    background: Background | None = None,
    *,
    config: ProvenanceConfig = ProvenanceConfig(),
    reuse_config: ReuseConfig = ReuseConfig(),
) -> Comparison:
    """``c`` with reuse links, corroboration of passages and numbers, and framing filled."""
    arts = [a for a in c.articles if a.id not in c.unrelated]
    result = find_reuse(arts, reuse_config)
    by_id = {a.id: a for a in arts}
    outlet_of = {a.id: a.outlet for a in c.articles}
    evidence = copy_edges(arts, result.links, result.groups, config)
    passages = []
    for p in c.passages:
        outlets, n = origins([(s.article, s.start, s.end) for s in p.spans], outlet_of, evidence)
        passages.append(dataclasses.replace(p, outlets=tuple(outlets), independent_origins=n))
    numbers = []
    for item in c.numbers:
        spans = [
            (m["article"], int(m["start"]), int(m["end"]))
            for m in item.get("members", [])
            if m.get("article") in outlet_of
        ]
        outlets, n = origins(spans, outlet_of, evidence)
        numbers.append({**item, "outlets": outlets, "independent_origins": n})
    return dataclasses.replace(
        c,
        passages=tuple(passages),
        numbers=tuple(numbers),
        reuse=tuple(link_record(x, by_id) for x in result.links),
        framing=_framing(arts, background, config.framing_top),
    )
