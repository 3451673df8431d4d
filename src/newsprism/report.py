"""Comparison -> terminal (Rich), JSON and a self-contained HTML report.

All three are built from the same rows (:func:`rows`): one row per shared passage, in the
order of the first article, then each article's unique material.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsprism.model import PASSAGE_KINDS, Article, Comparison, Passage, Span
from newsprism.text import word_count

if TYPE_CHECKING:
    from newsprism.reuse import ReuseLink
    from newsprism.store.reuse import Flow

KIND_STYLE = {"verbatim": "bold green", "near": "yellow", "paraphrase": "cyan", "unique": "dim"}
KIND_MARK = {"verbatim": "≡", "near": "≈", "paraphrase": "∼", "unique": "·"}


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the side-by-side view: a kind, a score and the spans of each article."""

    kind: str
    score: float | None
    cells: dict[str, list[Span]]
    #: Corroboration: "2 outlets, 1 independent origin" ("" when not computed).
    origins: str = ""


def origins_label(p: Passage) -> str:
    """ "3 outlets, 1 independent origin" for a passage whose corroboration is known."""
    if p.independent_origins is None:
        return ""
    n, k = len(p.outlets), p.independent_origins
    return f"{n} outlet{'s' * (n != 1)}, {k} independent origin{'s' * (k != 1)}"


DIRECTION_TEXT = {"a_to_b": "→", "b_to_a": "←", "unknown": "↔"}


def reuse_rows(c: Comparison) -> list[dict[str, Any]]:
    """The reuse links of a comparison, source first when the direction is known."""
    out = []
    for r in c.reuse:
        a, b = r["a"], r["b"]
        if r["direction"] == "b_to_a":
            a, b = b, a
        out.append({"source": a, "copy": b, "words": r["words"], "kind": r["kind"],
                    "known": r["direction"] != "unknown"})  # fmt: skip
    return sorted(out, key=lambda x: -int(x["words"]))


def story_articles(c: Comparison) -> list[Article]:
    """The articles that take part in the story (not the unrelated ones), in input order."""
    return [a for a in c.articles if a.id not in c.unrelated]


def rows(c: Comparison) -> list[Row]:
    """Shared passages ordered by where they start in the first article, then one row with
    each article's unique material."""
    arts = story_articles(c)
    order = {a.id: i for i, a in enumerate(arts)}

    def position(p_spans: tuple[Span, ...]) -> tuple[int, int]:
        first = min(p_spans, key=lambda s: (order.get(s.article, 1 << 20), s.start))
        return order.get(first.article, 1 << 20), first.start

    out: list[Row] = []
    for p in sorted(c.passages, key=lambda p: position(p.spans)):
        cells: dict[str, list[Span]] = {}
        for s in p.spans:
            cells.setdefault(s.article, []).append(s)
        out.append(Row(p.kind, p.score, cells, origins_label(p)))
    unique_cells = {a.id: [u for u in c.unique if u.article == a.id] for a in arts}
    if any(unique_cells.values()):
        out.append(Row("unique", None, unique_cells))
    return out


def coverage(c: Comparison) -> dict[str, dict[str, float]]:
    """Per article, the share of its text in each passage kind and in unique material."""
    out: dict[str, dict[str, float]] = {}
    for a in c.articles:
        total = max(1, len(a.text))
        shares = dict.fromkeys((*PASSAGE_KINDS, "unique"), 0.0)
        for p in c.passages:
            for s in p.spans:
                if s.article == a.id:
                    shares[p.kind] += (s.end - s.start) / total
        for u in c.unique:
            if u.article == a.id:
                shares["unique"] += (u.end - u.start) / total
        out[a.id] = {k: round(min(v, 1.0), 4) for k, v in shares.items()}
    return out


def story_title(c: Comparison) -> str:
    for a in story_articles(c) or list(c.articles):
        if a.title:
            return a.title
    return "Untitled story"


# ---------------------------------------------------------------------------------------------
# JSON


def to_json(c: Comparison) -> str:
    """The JSON contract of docs/json.md."""
    return json.dumps(c.to_dict(), ensure_ascii=False, indent=2)


# ---------------------------------------------------------------------------------------------
# Terminal


def _header(a: Article) -> Text:
    t = Text(a.outlet, style="bold")
    if a.title:
        t.append(f"\n{a.title}", style="italic")
    meta = " · ".join(x for x in (a.published or "date unknown", a.lang or "?") if x)
    t.append(f"\n{meta}", style="dim")
    return t


#: Narrower than this many characters, outlet columns are not readable: the rows are then
#: printed one below the other (each passage with the outlets that carry it).
MIN_COLUMN = 24
_LABEL_WIDTH = 14


def _row_parts(row: Row) -> list[str]:
    """The row's kind, score and corroboration, as its label shows them."""
    parts = [f"{KIND_MARK[row.kind]} {row.kind}"]
    if row.score is not None:
        parts.append(f"{row.score:.2f}")
    if row.origins:
        parts.append(row.origins)
    return parts


def _row_label(row: Row) -> Text:
    first, *rest = _row_parts(row)
    label = Text(first, style=KIND_STYLE[row.kind])
    for part in rest:
        label.append(f"\n{part}", style="dim")
    return label


def _render_side_by_side(c: Comparison, arts: Sequence[Article], console: Console) -> None:
    table = Table(show_lines=True, expand=True)
    table.add_column("", width=_LABEL_WIDTH - 2, no_wrap=True)
    for a in arts:
        table.add_column(_header(a), ratio=1, overflow="fold")
    for row in rows(c):
        if row.kind == "unique":
            table.add_section()
        style = "" if row.kind == "unique" else KIND_STYLE[row.kind]
        cells = [
            Text("\n\n".join(s.text for s in row.cells.get(a.id, [])), style=style) for a in arts
        ]
        table.add_row(_row_label(row), *cells)
    console.print(table)


def _render_stacked(c: Comparison, arts: Sequence[Article], console: Console) -> None:
    """Too many outlets for the width: the articles in a list, then each row with the text
    of every outlet that has it, one below the other."""
    names = [a.outlet for a in arts]
    if len(set(names)) < len(names):  # one outlet, several articles: number them
        names = [f"{a.outlet} [{k}]" for k, a in enumerate(arts, 1)]
    heads = Table("article", "headline", "published", "lang", expand=True)
    for name, a in zip(names, arts, strict=True):
        heads.add_row(Text(name, style="bold"), Text(a.title or ""),
                      a.published or "date unknown", a.lang or "?")  # fmt: skip
    console.print(heads)
    for row in rows(c):
        label = Text(" · ".join(_row_parts(row)), style=KIND_STYLE[row.kind])
        style = "" if row.kind == "unique" else KIND_STYLE[row.kind]
        parts: list[Text] = []
        for name, a in zip(names, arts, strict=True):
            spans = row.cells.get(a.id, [])
            if spans:
                body = Text(f"{name}: ", style="bold")
                body.append("\n\n".join(s.text for s in spans), style=style)
                parts.extend([Text(""), body] if parts else [body])
        console.print(Panel(Group(*parts), title=label, title_align="left", expand=True))


def render_terminal(c: Comparison, console: Console) -> None:
    """Print the comparison side by side: one column per outlet."""
    arts = story_articles(c)
    console.print(
        Panel(
            Text(story_title(c), style="bold"),
            subtitle=f"{len(arts)} articles · {len(c.passages)} shared passages",
        )
    )
    if (console.width - _LABEL_WIDTH) // max(1, len(arts)) >= MIN_COLUMN:
        _render_side_by_side(c, arts, console)
    else:
        _render_stacked(c, arts, console)
    _render_quotes(c, console)
    _render_provenance(c, console)
    notes: list[Text] = []
    cov = coverage(c)
    for a in arts:
        shared = sum(v for k, v in cov[a.id].items() if k != "unique")
        notes.append(
            Text(
                f"{a.outlet}: {shared:.0%} of text shared, {len(a.removed)} "
                f"line{'' if len(a.removed) == 1 else 's'} removed by cleaning ({a.source})",
                style="dim",
            )
        )
    for art_id in c.unrelated:
        a = c.article(art_id)
        notes.append(
            Text(f"unrelated: {a.outlet} ({a.source}) shares nothing with the others", "yellow")
        )
    for d in c.dropped:
        notes.append(Text(f"dropped: {d.source}: {d.reason}", style="red"))
    console.print(Group(*notes))


def quote_note(q: dict[str, Any]) -> str:
    """What differs about a quote across outlets, in a few words."""
    notes = []
    if q.get("translated"):
        notes.append("translated")
    elif q.get("wording_changed"):
        notes.append("wording differs")
    if q.get("speaker_conflict"):
        notes.append("given to " + " / ".join(q.get("speakers") or []))
    if q.get("unquoted_in"):
        notes.append("unquoted in " + ", ".join(q["unquoted_in"]))
    return "; ".join(notes)


def number_note(n: dict[str, Any]) -> str:
    flags = [
        k.split("_")[0] for k in ("value_differs", "source_differs", "time_differs") if n.get(k)
    ]
    return "differs: " + ", ".join(flags) if flags else ""


def _render_quotes(c: Comparison, console: Console) -> None:
    if c.quotes:
        t = Table(title="Who said what", show_lines=False, expand=True)
        t.add_column("speaker", ratio=1)
        t.add_column("quote", ratio=4, overflow="fold")
        t.add_column("outlets", ratio=1)
        t.add_column("note", ratio=1)
        for sp in c.quotes:
            for q in sp["quotes"]:
                text = q["text"] if len(q["text"]) <= 160 else q["text"][:157] + "…"
                t.add_row(Text(sp["speaker"], "bold"), Text(f"{q['kind']}: {text}"),
                          Text(", ".join(q["outlets"])), Text(quote_note(q), "yellow"))  # fmt: skip
        console.print(t)
    if c.numbers:
        t = Table(title="Numbers", expand=True)
        t.add_column("what", ratio=2)
        t.add_column("by outlet", ratio=3)
        t.add_column("note", ratio=1)
        names = {a.id: a.outlet for a in c.articles}
        for n in c.numbers:
            by = "; ".join(
                f"{names.get(m['article'], m['article'])}: {m['text']}"
                + (f" (source: {m['source']})" if m.get("source") else "")
                for m in n["members"]
            )
            t.add_row(Text(str(n.get("counts") or "")), Text(by), Text(number_note(n), "yellow"))
        console.print(t)


def _render_provenance(c: Comparison, console: Console) -> None:
    if c.reuse:
        t = Table(title="Who copied whom (passages shared word for word or lightly edited)",
                  expand=True)  # fmt: skip
        t.add_column("likely source", ratio=1)
        t.add_column("", width=2)
        t.add_column("copy", ratio=1)
        t.add_column("words", justify="right")
        t.add_column("passage", ratio=4, overflow="fold")
        for r in reuse_rows(c):
            text = r["copy"]["text"]
            text = text if len(text) <= 200 else text[:197] + "…"
            arrow = "→" if r["known"] else "↔"
            t.add_row(Text(r["source"]["outlet"]), arrow, Text(r["copy"]["outlet"]),
                      str(r["words"]), Text(f"{r['kind']}: {text}"))  # fmt: skip
        console.print(t)
        if not any(r["known"] for r in reuse_rows(c)):
            console.print(Text("↔: direction unknown (a date is missing or the dates are equal)",
                               style="dim"))  # fmt: skip
    if any(c.framing.values()):
        t = Table(title="Distinctive words (log-odds vs the other outlets)", expand=True)
        t.add_column("outlet", ratio=1)
        t.add_column("terms, most distinctive first", ratio=5, overflow="fold")
        for a in story_articles(c):
            terms = c.framing.get(a.id) or []
            t.add_row(Text(a.outlet, "bold"), Text(", ".join(x["term"] for x in terms)))
        console.print(t)


def render_reuse(
    flows: Sequence[Flow],
    undirected: Sequence[tuple[str, str, int, int]],
    links: Sequence[ReuseLink],
    get: Callable[[str], Article | None],
    console: Console,
    limit: int = 20,
) -> None:
    """``newsprism reuse``: who copies whom per outlet, pairs of unknown direction, and the
    longest links (``get`` fetches an article by id)."""
    if flows:
        t = Table("likely source", "copied by", "links", "words", "copying articles",
                  title="who copies whom (outlets; earlier article = source)")  # fmt: skip
        for f in flows:
            t.add_row(Text(f.source), Text(f.copier), str(f.links), str(f.words), str(f.articles))
        console.print(t)
    if undirected:
        why = "shared passages of unknown direction (a date is missing or equal)"
        t = Table("outlet", "outlet", "links", "words", title=why)
        for o1, o2, n, w in undirected[:limit]:
            t.add_row(Text(o1), Text(o2), str(n), str(w))
        console.print(t)
    t = Table("words", "kind", "direction", "a", "b", "passage (a)",
              title=f"{len(links)} links (longest {min(limit, len(links))})")  # fmt: skip
    for x in sorted(links, key=lambda x: -x.words)[:limit]:
        a, b = get(x.a.article_id), get(x.b.article_id)
        if a is None or b is None:
            continue
        passage = a.text[x.a.start : x.a.end]
        t.add_row(str(x.words), x.kind, x.direction, Text(a.outlet), Text(b.outlet),
                  Text(passage[:90] + ("…" if len(passage) > 90 else "")))  # fmt: skip
    console.print(t)


def render_explain(a: Article, console: Console) -> None:
    """What cleaning did to one article: its metadata with their origins, each removed line
    with the reason and score, and how much body was kept."""
    prov = dict(a.provenance)
    head = Table.grid(padding=(0, 2))
    for name in ("outlet", "title", "published", "lang", "url", "author"):
        value = getattr(a, name)
        origin = prov.get(name, "")
        head.add_row(
            Text(name, style="bold"), Text(str(value) if value else "—"), Text(origin, "dim")
        )
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column("removed line", ratio=4, overflow="fold")
    table.add_column("reason", ratio=2)
    table.add_column("score", justify="right", width=6)
    for r in a.removed:
        score = "" if r.score is None else f"{r.score:.2f}"
        table.add_row(Text(r.text), Text(r.reason, style="yellow"), score)
    words = word_count(a.text)
    console.print(
        Panel(
            Group(head, table) if a.removed else head,
            title=f"{a.source}",
            subtitle=f"kept {words} words in {a.text.count(chr(10) * 2) + 1} paragraphs · "
            f"removed {len(a.removed)} lines",
        )
    )


# ---------------------------------------------------------------------------------------------
# HTML


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("newsprism", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # A shared report shows input file names, never the local directories they sit in.
    env.filters["basename"] = lambda source: PurePath(str(source).split(":")[0]).name
    return env


def _segments(a: Article, c: Comparison) -> list[dict[str, Any]]:
    """The article's text cut into marked segments (for the full-text view)."""
    marks: list[tuple[int, int, str, int]] = []
    for i, p in enumerate(c.passages):
        for s in p.spans:
            if s.article == a.id:
                marks.append((s.start, s.end, p.kind, i))
    marks.sort()
    out: list[dict[str, Any]] = []
    pos = 0
    for start, end, kind, idx in marks:
        if start < pos:
            continue
        if start > pos:
            out.append({"text": a.text[pos:start], "kind": None, "passage": None})
        out.append({"text": a.text[start:end], "kind": kind, "passage": idx})
        pos = end
    if pos < len(a.text):
        out.append({"text": a.text[pos:], "kind": None, "passage": None})
    return out


def render_html(c: Comparison) -> str:
    """One self-contained HTML file: no external assets, article text escaped."""
    arts = story_articles(c)
    table_rows = []
    for row in rows(c):
        table_rows.append(
            {
                "kind": row.kind,
                "score": row.score,
                "cells": [[s.text for s in row.cells.get(a.id, [])] for a in arts],
                "origins": row.origins,
            }
        )
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            title=story_title(c),
            articles=arts,
            unrelated=[c.article(i) for i in c.unrelated],
            dropped=c.dropped,
            rows=table_rows,
            coverage=coverage(c),
            kinds=(*PASSAGE_KINDS, "unique"),
            marks=KIND_MARK,
            segments={a.id: _segments(a, c) for a in arts},
            quotes=c.quotes,
            numbers=c.numbers,
            outlet_of={a.id: a.outlet for a in c.articles},
            quote_note=quote_note,
            number_note=number_note,
            reuse=reuse_rows(c),
            framing=[(a, c.framing.get(a.id) or []) for a in arts if c.framing.get(a.id)],
            n_passages=len(c.passages),
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )
