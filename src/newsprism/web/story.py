"""What a story page shows, derived from the story's (cached) Comparison: the side-by-side
rows with each passage's corroboration, who is quoted by which outlet and how the wording
differs, the numbers that disagree, each outlet's distinctive terms, and which article
likely copied which.

Everything here is plain data for the template and the JSON twin; article text stays text
(the template escapes it).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from markupsafe import Markup

from newsprism.model import Article, Comparison, Passage, Span
from newsprism.report import coverage, number_note, quote_note, story_articles
from newsprism.store.stories import Member, StoryRow
from newsprism.text import content_words
from newsprism.web import svg

DISTINCTIVE_TERMS = 8
#: Quotes shown in the page's table (all of them are in the JSON twin).
MAX_QUOTES = 150
#: Speakers in the speaker × outlet summary.
MAX_SPEAKERS = 30
MAX_QUOTE_CHARS = 600
MAX_REUSE_CHARS = 300
MAX_REUSE_LINKS = 100


@dataclass(frozen=True, slots=True)
class Column:
    """One article of a compared story, as a column of the side-by-side view."""

    article: Article
    score: float | None
    reason: str | None
    coverage: dict[str, float]
    bar: Markup

    @property
    def shared(self) -> float:
        """Share of the article's text in passages it shares with another outlet."""
        return min(1.0, sum(v for k, v in self.coverage.items() if k != "unique"))


@dataclass(frozen=True, slots=True)
class ViewRow:
    """A row of the side-by-side view: a shared passage (numbered) or the unique material.
    ``outlet_names`` carry the passage; ``origins`` is how many independent origins they
    amount to (None: not computed)."""

    number: int | None
    kind: str
    score: float | None
    outlets: int
    cells: tuple[tuple[str, ...], ...]
    outlet_names: tuple[str, ...] = ()
    origins: int | None = None


CellState = Literal["same", "changed", "unquoted", "absent"]


@dataclass(frozen=True, slots=True)
class QuoteCell:
    """How one outlet carries a quote: in the same words, in other words (``text``), as
    the same words without quotation marks, or not at all."""

    state: CellState
    text: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    speaker: str
    first: bool  # first row of its speaker (the speaker cell spans ``span`` rows)
    span: int
    kind: str
    text: str
    cells: tuple[QuoteCell, ...]
    note: str


@dataclass(frozen=True, slots=True)
class NumberValue:
    outlet: str
    article: str
    text: str
    source: str | None
    when: str | None


@dataclass(frozen=True, slots=True)
class NumberRow:
    what: str
    values: tuple[NumberValue, ...]
    note: str
    flagged: bool
    outlets: int
    origins: int | None


@dataclass(frozen=True, slots=True)
class ReuseSideView:
    id: str
    outlet: str
    title: str | None
    published: str | None
    text: str


@dataclass(frozen=True, slots=True)
class ReuseRow:
    """A passage two of the story's articles share: ``source`` is the likely original when
    ``directed`` (else the two sides in id order)."""

    source: ReuseSideView
    copier: ReuseSideView
    directed: bool
    words: int
    kind: str
    edited: bool  # the two sides' texts differ


@dataclass(frozen=True, slots=True)
class StoryView:
    story: StoryRow
    members: tuple[Member, ...]
    comparison: Comparison
    columns: tuple[Column, ...]
    rows: tuple[ViewRow, ...]
    unrelated: tuple[Member, ...]
    not_compared: tuple[Member, ...]
    n_outlets: int
    corroboration: tuple[tuple[int, int], ...]
    distinctive: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    framing: tuple[tuple[Article, tuple[tuple[str, float], ...]], ...]
    undated: tuple[Article, ...]
    timeline: Markup | None
    matrix: Markup | None
    quote_outlets: tuple[str, ...]
    quotes: tuple[QuoteRow, ...]
    quotes_total: int
    speakers: tuple[tuple[str, tuple[int, ...]], ...]
    numbers: tuple[NumberRow, ...]
    reuse: tuple[ReuseRow, ...]
    analyses: Mapping[str, bool]

    @property
    def origins_known(self) -> bool:
        return any(r.origins is not None for r in self.rows)

    def to_dict(self) -> dict[str, Any]:
        """The Comparison's ``to_dict`` plus the story's fields and what the page derives."""
        c = self.comparison
        s = self.story.to_dict()
        s["n_articles"] = s.pop("articles")
        outlet = {a.id: a.outlet for a in c.articles}
        return {
            **s,
            **c.to_dict(),
            "members": [
                {"article": m.article.id, "score": m.score, "reason": m.reason}
                for m in self.members
            ],
            "not_compared": [m.article.id for m in self.not_compared],
            "coverage": {col.article.id: col.coverage for col in self.columns},
            "corroboration": [
                {
                    "outlets": list(p.outlets) or sorted({outlet[sp.article] for sp in p.spans}),
                    "independent_origins": p.independent_origins,
                }
                for p in c.passages
            ],
            "distinctive_terms": {o: [list(t) for t in terms] for o, terms in self.distinctive},
            "analyses": dict(self.analyses),
        }


def build(
    row: StoryRow,
    members: Sequence[Member],
    compared: Sequence[Member],
    rest: Sequence[Member],
    c: Comparison,
    analyses: Mapping[str, bool],
) -> StoryView:
    by_id = {m.article.id: m for m in compared}
    arts = story_articles(c)
    cov = coverage(c)
    columns = tuple(
        Column(a, by_id[a.id].score, by_id[a.id].reason, cov[a.id], svg.bar(cov[a.id]))
        for a in arts
    )
    view_rows = side_by_side(c, arts)
    passages = [r for r in view_rows if r.number is not None]
    carried = [
        svg.MatrixRow(r.number or 0, r.kind, frozenset(i for i, x in enumerate(r.cells) if x))
        for r in passages
    ]
    events = [svg.Event(a.outlet, a.published, a.title or "untitled") for a in arts]
    outlets = tuple(dict.fromkeys(a.outlet for a in arts))
    quotes = quote_rows(c.quotes, outlets, {a.id: a.outlet for a in c.articles})
    return StoryView(
        story=row,
        members=tuple(members),
        comparison=c,
        columns=columns,
        rows=view_rows,
        unrelated=tuple(by_id[i] for i in c.unrelated if i in by_id),
        not_compared=tuple(rest),
        n_outlets=len(outlets),
        corroboration=tuple(sorted(Counter(r.outlets for r in passages).items(), reverse=True)),
        distinctive=() if c.framing else distinctive_terms(arts),
        framing=framing(c, arts),
        undated=tuple(a for a in arts if svg.parse_when(a.published) is None),
        timeline=svg.timeline(events),
        matrix=svg.matrix([a.outlet for a in arts], carried),
        quote_outlets=outlets,
        quotes=grouped(quotes[:MAX_QUOTES]),
        quotes_total=len(quotes),
        speakers=speaker_matrix(c.quotes, outlets),
        numbers=number_rows(c),
        reuse=reuse_rows(c),
        analyses=dict(analyses),
    )


# -- side by side ---------------------------------------------------------------------------


def side_by_side(c: Comparison, arts: Sequence[Article]) -> tuple[ViewRow, ...]:
    """Shared passages in the order of where they start in the first article (as
    :func:`newsprism.report.rows`), numbered, then each article's unique material."""
    outlet = {a.id: a.outlet for a in c.articles}
    order = {a.id: i for i, a in enumerate(arts)}

    def position(p: Passage) -> tuple[int, int]:
        first = min(p.spans, key=lambda s: (order.get(s.article, 1 << 20), s.start))
        return order.get(first.article, 1 << 20), first.start

    def cells(spans: Sequence[Span]) -> tuple[tuple[str, ...], ...]:
        by_article: dict[str, list[str]] = defaultdict(list)
        for s in spans:
            by_article[s.article].append(s.text)
        return tuple(tuple(by_article.get(a.id, ())) for a in arts)

    out: list[ViewRow] = []
    for number, p in enumerate(sorted(c.passages, key=position), start=1):
        names = p.outlets or tuple(sorted({outlet[s.article] for s in p.spans}))
        out.append(
            ViewRow(
                number=number,
                kind=p.kind,
                score=p.score,
                outlets=len({outlet[s.article] for s in p.spans}),
                cells=cells(p.spans),
                outlet_names=names,
                origins=p.independent_origins,
            )
        )
    unique = [u for u in c.unique if u.article in order]
    if unique:
        out.append(ViewRow(None, "unique", None, 1, cells(unique)))
    return tuple(out)


# -- quotes ---------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_QUOTE_MARKS = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛‹›′"})


def _same_words(a: str, b: str) -> bool:
    def norm(t: str) -> str:
        return _SPACE.sub(" ", t.translate(_QUOTE_MARKS)).strip().casefold()

    return norm(a) == norm(b)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote_rows(
    speakers: Sequence[Mapping[str, Any]], outlets: Sequence[str], outlet_of: Mapping[str, str]
) -> list[QuoteRow]:
    """One row per quote, grouped by speaker; a cell per outlet saying how it carries the
    quote (with its own wording when the wording differs)."""
    out: list[QuoteRow] = []
    for sp in speakers:
        entries = list(sp.get("quotes") or ())
        for q in entries:
            text = str(q.get("text") or "")
            wording: dict[str, str] = {}
            for m in q.get("members") or ():
                o = outlet_of.get(str(m.get("article")))
                if o is not None and o not in wording:
                    wording[o] = str(m.get("text") or "")
            unquoted = set(q.get("unquoted_in") or ())
            changed = bool(q.get("wording_changed"))
            cells = []
            for o in outlets:
                if o in wording:
                    differs = changed and not _same_words(wording[o], text)
                    cells.append(
                        QuoteCell("changed", _clip(wording[o], MAX_QUOTE_CHARS))
                        if differs
                        else QuoteCell("same")
                    )
                elif o in unquoted:
                    cells.append(QuoteCell("unquoted"))
                else:
                    cells.append(QuoteCell("absent"))
            out.append(
                QuoteRow(
                    speaker=str(sp.get("speaker") or "(unattributed)"),
                    first=True,
                    span=1,
                    kind=str(q.get("kind") or ""),
                    text=_clip(text, MAX_QUOTE_CHARS),
                    cells=tuple(cells),
                    note=quote_note(dict(q)),
                )
            )
    return out


def grouped(rows: Sequence[QuoteRow]) -> tuple[QuoteRow, ...]:
    """``rows`` with each run of one speaker's quotes marked: its first row spans the run."""
    out: list[QuoteRow] = []
    start = 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or rows[k].speaker != rows[start].speaker:
            run = rows[start:k]
            out += [replace(r, first=i == 0, span=len(run)) for i, r in enumerate(run)]
            start = k
    return tuple(out)


def speaker_matrix(
    speakers: Sequence[Mapping[str, Any]], outlets: Sequence[str]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Per speaker (most quoted first), how many of their quotes each outlet carries."""
    out = []
    for sp in speakers[:MAX_SPEAKERS]:
        counts: Counter[str] = Counter()
        for q in sp.get("quotes") or ():
            counts.update(set(q.get("outlets") or ()))
        out.append((str(sp.get("speaker") or "(unattributed)"), tuple(counts[o] for o in outlets)))
    return tuple(out)


# -- numbers --------------------------------------------------------------------------------


def number_rows(c: Comparison) -> tuple[NumberRow, ...]:
    outlet_of = {a.id: a.outlet for a in c.articles}
    out = []
    for n in c.numbers:
        values = tuple(
            NumberValue(
                outlet=outlet_of.get(str(m.get("article")), str(m.get("article"))),
                article=str(m.get("article")),
                text=str(m.get("text") or ""),
                source=m.get("source"),
                when=m.get("when"),
            )
            for m in n.get("members") or ()
        )
        origins = n.get("independent_origins")
        out.append(
            NumberRow(
                what=str(n.get("counts") or ""),
                values=values,
                note=number_note(dict(n)),
                flagged=bool(n.get("flagged")),
                outlets=len(n.get("outlets") or {v.outlet for v in values}),
                origins=int(origins) if origins is not None else None,
            )
        )
    return tuple(out)


# -- framing --------------------------------------------------------------------------------


def framing(
    c: Comparison, arts: Sequence[Article]
) -> tuple[tuple[Article, tuple[tuple[str, float], ...]], ...]:
    """Per article (column order), its distinctive terms with their scores, best first."""
    if not c.framing:
        return ()
    return tuple(
        (
            a,
            tuple(
                (str(t.get("term")), float(t.get("score") or 0.0)) for t in c.framing.get(a.id, [])
            ),
        )
        for a in arts
    )


def distinctive_terms(
    articles: Sequence[Article], limit: int = DISTINCTIVE_TERMS
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """Per outlet, the words that only it uses in this story, most used first (words of at
    least three letters, function words left out). Empty when there is only one outlet.
    Shown when the comparison has no framing terms."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        counts[a.outlet].update(
            w for w in content_words(f"{a.title or ''}\n{a.text}") if len(w) > 2 and w.isalpha()
        )
    if len(counts) < 2:
        return ()
    users: Counter[str] = Counter()
    for c in counts.values():
        users.update(c.keys())
    out = []
    for name, c in counts.items():
        own = sorted(((w, n) for w, n in c.items() if users[w] == 1), key=lambda x: (-x[1], x[0]))
        out.append((name, tuple(own[:limit])))
    return tuple(out)


# -- reuse ----------------------------------------------------------------------------------


def _side(d: Mapping[str, Any], titles: Mapping[str, str | None]) -> ReuseSideView:
    aid = str(d.get("id"))
    return ReuseSideView(
        id=aid,
        outlet=str(d.get("outlet") or ""),
        title=titles.get(aid),
        published=d.get("published"),
        text=_clip(str(d.get("text") or ""), MAX_REUSE_CHARS),
    )


def reuse_rows(c: Comparison) -> tuple[ReuseRow, ...]:
    """The story's reuse links, most words first, source side first when known."""
    titles = {a.id: a.title for a in c.articles}
    out = []
    for link in sorted(c.reuse, key=lambda x: -int(x.get("words") or 0))[:MAX_REUSE_LINKS]:
        a, b = _side(link["a"], titles), _side(link["b"], titles)
        direction = link.get("direction")
        source, copier = (b, a) if direction == "b_to_a" else (a, b)
        out.append(
            ReuseRow(
                source=source,
                copier=copier,
                directed=direction in ("a_to_b", "b_to_a"),
                words=int(link.get("words") or 0),
                kind=str(link.get("kind") or ""),
                edited=not _same_words(str(link["a"].get("text")), str(link["b"].get("text"))),
            )
        )
    return tuple(out)
