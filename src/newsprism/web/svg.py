"""Small SVG charts made on the server: a story's timeline, its coverage matrix, and a
coverage bar per article.

Every attribute value and text node goes through :func:`markupsafe.escape` (outlet names and
titles are untrusted input). Colours are presentation attributes, not ``style``, so the
pages' Content-Security-Policy (no inline styles) does not block them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from markupsafe import Markup, escape

KIND_COLOUR = {
    "verbatim": "#2e7d32",
    "near": "#c77c00",
    "paraphrase": "#0277bd",
    "unique": "#9e9e9e",
}
EMPTY_COLOUR = "#eeeeee"
INK = "#212121"
MUTED = "#616161"
LABEL_CHARS = 24


def _attrs(attrs: dict[str, object]) -> str:
    return "".join(
        f' {k.rstrip("_").replace("_", "-")}="{escape(str(v))}"'
        for k, v in attrs.items()
        if v is not None
    )


def el(tag: str, *children: str, **attrs: object) -> str:
    """One SVG element; ``children`` are elements made by :func:`el` or :func:`text`."""
    return f"<{tag}{_attrs(attrs)}>{''.join(children)}</{tag}>"


def text(value: str) -> str:
    return str(escape(value))


def short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg(width: float, height: float, title: str, desc: str, ident: str, body: str) -> Markup:
    return Markup(
        el(
            "svg",
            el("title", text(title), id=f"{ident}-title"),
            el("desc", text(desc), id=f"{ident}-desc"),
            body,
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {width:.0f} {height:.0f}",
            width=f"{width:.0f}",
            height=f"{height:.0f}",
            role="img",
            aria_labelledby=f"{ident}-title {ident}-desc",
            class_=f"chart {ident}",
            font_family="system-ui, sans-serif",
        )
    )


# ---------------------------------------------------------------------------------------------
# Timeline


@dataclass(frozen=True, slots=True)
class Event:
    """One article on the timeline."""

    outlet: str
    published: str | None
    title: str


def parse_when(value: str | None) -> datetime | None:
    """A stored ``published`` value (ISO date or date-time) as a naive datetime."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:
            when = datetime.combine(date.fromisoformat(value[:10]), datetime.min.time())
        except ValueError:
            return None
    return when.replace(tzinfo=None)


def _ticks(t0: datetime, t1: datetime, most: int = 6) -> list[datetime]:
    first = datetime.combine(t0.date(), datetime.min.time())
    days = max(0, (t1 - first).days)
    step = max(1, -(-days // (most - 1)))
    return [first + timedelta(days=d) for d in range(0, days + 1, step)]


def label(value: str, x: float, y: float, anchor: str = "middle", size: int = 11,
          fill: str = MUTED, tip: str | None = None, **attrs: object) -> str:  # fmt: skip
    """A text element (with a tooltip when ``tip`` is given)."""
    body = (el("title", text(tip)) if tip else "") + text(value)
    return el("text", body, x=f"{x:.1f}", y=f"{y:.1f}", text_anchor=anchor, font_size=size,
              fill=fill, **attrs)  # fmt: skip


def timeline(events: Sequence[Event], width: int = 760) -> Markup | None:
    """When each outlet published: one lane per outlet, one dot per dated article."""
    dated = [(e, w) for e in events if (w := parse_when(e.published)) is not None]
    if not dated:
        return None
    lanes = list(dict.fromkeys(e.outlet for e, _ in dated))
    left, right, top, lane_h = 190, 40, 12, 26
    t0, t1 = min(w for _, w in dated), max(w for _, w in dated)
    ticks = _ticks(t0, t1)
    lo, hi = min(ticks[0], t0), max(ticks[-1], t1)
    span = (hi - lo).total_seconds()

    def x(w: datetime) -> float:
        if span == 0:
            return left + (width - left - right) / 2
        return left + (w - lo).total_seconds() / span * (width - left - right)

    def lane_y(name: str) -> float:
        return top + lane_h * lanes.index(name) + lane_h / 2

    parts: list[str] = []
    for name in lanes:
        y = lane_y(name)
        parts.append(el("line", x1=left, x2=width - right, y1=y, y2=y, stroke="#e0e0e0"))
        parts.append(label(short(name), left - 10, y + 4, "end", 12, INK, tip=name))
    axis_y = top + lane_h * len(lanes) + 6
    parts.append(el("line", x1=left, x2=width - right, y1=axis_y, y2=axis_y, stroke=MUTED))
    for t in ticks:
        parts.append(el("line", x1=x(t), x2=x(t), y1=axis_y, y2=axis_y + 5, stroke=MUTED))
        parts.append(label(t.date().isoformat(), x(t), axis_y + 20))
    for e, w in dated:
        tip = el("title", text(f"{e.outlet} · {e.published} · {e.title}"))
        parts.append(el("circle", tip, cx=f"{x(w):.1f}", cy=lane_y(e.outlet), r=6,
                        fill="#1565c0", fill_opacity="0.75", stroke="#0d47a1"))  # fmt: skip
    desc = "; ".join(f"{e.outlet}: {e.published}" for e, _ in dated)
    height = axis_y + 34
    return _svg(width, height, "When each outlet published", desc, "timeline", "".join(parts))


# ---------------------------------------------------------------------------------------------
# Coverage matrix


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One shared passage: its number on the page, kind, and which columns carry it."""

    number: int
    kind: str
    carried: frozenset[int]


def matrix(columns: Sequence[str], rows: Sequence[MatrixRow]) -> Markup | None:
    """Which outlet carries which passage: outlets down, passages across, filled by kind;
    the last line counts the outlets that carry each passage."""
    if not rows or not columns:
        return None
    left, top, cell, gap = 190, 22, 18, 3
    pitch = cell + gap

    def cx(j: int) -> float:
        return left + pitch * j + cell / 2

    parts = [label(str(r.number), cx(j), top - 7, size=10) for j, r in enumerate(rows)]
    for i, name in enumerate(columns):
        y = top + pitch * i
        parts.append(label(short(name), left - 10, y + cell - 5, "end", 12, INK, tip=name))
        for j, r in enumerate(rows):
            on = i in r.carried
            tip = f"passage {r.number} ({r.kind}): {'carried' if on else 'not carried'} by {name}"
            parts.append(el("rect", el("title", text(tip)), x=left + pitch * j, y=y, width=cell,
                            height=cell, rx=2, fill=KIND_COLOUR[r.kind] if on else EMPTY_COLOUR,
                            stroke=None if on else "#bdbdbd"))  # fmt: skip
    y = top + pitch * len(columns) + cell - 5
    parts.append(label("outlets", left - 10, y, "end", font_style="italic"))
    carriers = [sorted({columns[i] for i in r.carried}) for r in rows]
    parts += [label(str(len(names)), cx(j), y, fill=INK) for j, names in enumerate(carriers)]
    desc = "; ".join(
        f"passage {r.number} ({r.kind}) carried by {', '.join(names)}"
        for r, names in zip(rows, carriers, strict=True)
    )
    width = left + pitch * len(rows) + 10
    height = top + pitch * (len(columns) + 1) + 8
    return _svg(width, height, "Coverage matrix", desc, "matrix", "".join(parts))


# ---------------------------------------------------------------------------------------------
# Coverage bar


def bar(shares: dict[str, float], width: int = 200, height: int = 10) -> Markup:
    """An article's text by kind (shares of its length), left to right."""
    parts = [el("rect", width=width, height=height, rx=2, fill=EMPTY_COLOUR)]
    x = 0.0
    for kind, colour in KIND_COLOUR.items():
        w = shares.get(kind, 0.0) * width
        if w <= 0:
            continue
        parts.append(
            el(
                "rect",
                el("title", text(f"{kind} {shares[kind]:.0%}")),
                x=f"{x:.1f}",
                width=f"{w:.1f}",
                height=height,
                fill=colour,
            )
        )
        x += w
    desc = ", ".join(f"{k} {v:.0%}" for k, v in shares.items() if v > 0) or "no text"
    return Markup(
        el(
            "svg",
            el("title", text(f"Share of the text: {desc}")),
            "".join(parts),
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {width} {height}",
            width=width,
            height=height,
            role="img",
            class_="bar",
            aria_label=f"Share of the text: {desc}",
        )
    )
