"""The records of quote extraction: frozen, slotted dataclasses with to_dict.

Offsets are character offsets into the text the records were extracted from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "indirect"]
#: What kind of attribution a quote is, by its cue: reported speech or writing ("said",
#: "according to", a headline "Name: ..."; every direct quote), a belief or feeling
#: ("believes", "hopes", "appears", "is worried that"), a stance, evaluation or intention
#: ("praised", "endorsed", "wants to", "her support for"), or a finding ("a poll found",
#: "the data show").
CueClass = Literal["speech", "belief", "stance", "finding"]


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote: ``start``/``end`` cover it (quote marks included for a direct quote),
    ``parts`` are the spans of the quoted words (several for a split quote), ``text`` is
    those words joined with a space. ``embedded`` marks a direct quote inside an indirect
    one ("stated that ... “threats posed ...”"). ``cue_class`` says what kind of attribution it
    is (:data:`CueClass`), so that reported speech can be told from a stance or a finding."""

    kind: QuoteKind
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    role: str | None
    cue: str | None
    parts: tuple[tuple[int, int], ...] = ()
    when: str | None = None
    embedded: bool = False
    cue_class: CueClass = "speech"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_mention": self.speaker_mention,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "role": self.role,
            "cue": self.cue,
            "parts": [list(p) for p in self.parts],
            "when": self.when,
            "embedded": self.embedded,
            "cue_class": self.cue_class,
        }


@dataclass(frozen=True, slots=True)
class NumberClaim:
    """A number in the text: ``value`` normalised ("ten thousand", "10k" -> 10000.0), its
    ``unit`` ("%", "USD", "km"... or None), what it ``counts``, and who says so (``source``,
    the canonical speaker of the quote it is in, else None) and when (``when``)."""

    text: str
    value: float
    unit: str | None
    counts: str | None
    source: str | None
    start: int
    end: int
    when: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "counts": self.counts,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "when": self.when,
        }


@dataclass(frozen=True, slots=True)
class ArticleQuotes:
    """The quotes and numeric claims of one article, in text order."""

    quotes: list[Quote] = field(default_factory=list)
    numbers: list[NumberClaim] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "quotes": [q.to_dict() for q in self.quotes],
            "numbers": [n.to_dict() for n in self.numbers],
        }


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """One article's quote inside a :class:`QuoteGroup` (``index`` into its ``quotes``)."""

    article: str
    index: int
    kind: QuoteKind
    text: str
    speaker: str | None
    cue: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "index": self.index,
            "kind": self.kind,
            "text": self.text,
            "speaker": self.speaker,
            "cue": self.cue,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same quote in several articles. ``wording_changed``: the words differ somewhere;
    ``speaker_conflict``: it is given to different speakers; ``unquoted_in``: articles whose
    text has the same words without presenting them as a quote; ``translated``: some members
    are in another language (matched by meaning: same speaker, close multilingual embedding)."""

    members: tuple[QuoteRef, ...]
    similarity: float
    wording_changed: bool
    speakers: tuple[str, ...]
    speaker_conflict: bool
    unquoted_in: tuple[str, ...] = ()
    translated: bool = False

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({m.article for m in self.members} | set(self.unquoted_in)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": [m.to_dict() for m in self.members],
            "similarity": round(self.similarity, 4),
            "wording_changed": self.wording_changed,
            "speakers": list(self.speakers),
            "speaker_conflict": self.speaker_conflict,
            "unquoted_in": list(self.unquoted_in),
            "translated": self.translated,
        }


@dataclass(frozen=True, slots=True)
class NumberRef:
    """One article's numeric claim inside a :class:`NumberDiscrepancy`."""

    article: str
    claim: NumberClaim

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, **self.claim.to_dict()}


@dataclass(frozen=True, slots=True)
class NumberDiscrepancy:
    """The same quantity (what is counted) reported in several articles, with what differs."""

    members: tuple[NumberRef, ...]
    value_differs: bool
    source_differs: bool
    time_differs: bool

    @property
    def flagged(self) -> bool:
        return self.value_differs or self.source_differs or self.time_differs

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": [m.to_dict() for m in self.members],
            "value_differs": self.value_differs,
            "source_differs": self.source_differs,
            "time_differs": self.time_differs,
            "flagged": self.flagged,
        }
