"""Records that flow between the stages: frozen, slotted dataclasses with to_dict/from_dict.

Every record is plain data. Offsets are character offsets into an article's cleaned ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DocKind = Literal["text", "html"]
PassageKind = Literal["verbatim", "near", "paraphrase"]
PASSAGE_KINDS: tuple[PassageKind, ...] = ("verbatim", "near", "paraphrase")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as a reader found it, before cleaning.

    ``content`` is already decoded text (HTML markup or plain text). ``source`` is the input
    path (``path:LINE`` for a JSONL record, ``-`` for stdin). Fields that the input itself
    declared (a JSONL record's ``title``, ``outlet``...) are carried through unchanged.
    """

    source: str
    kind: DocKind
    content: str
    ref: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    encoding: str = "utf-8"
    #: When the document was fetched (ISO date-time: a WARC record's date, a JSONL record's
    #: ``crawled``, the time of a URL fetch); a relative dateline ("3 hours ago") counts back
    #: from it.
    crawled: str | None = None


@dataclass(frozen=True, slots=True)
class Drop:
    """An input (or part of one) that could not be used, with the reason. Never silent."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Removed:
    """A line taken out of an article's body during cleaning, why, and how sure cleaning was
    (``score``: the probability that the line is not body, when a model gave one)."""

    text: str
    reason: str
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "reason": self.reason}
        if self.score is not None:
            d["score"] = self.score
        return d


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: body text plus metadata.

    ``provenance`` names, for each metadata field, where its value came from
    (``"record"``, ``"html-meta"``, ``"dateline"``, ``"url"``, ``"filename"``...).
    """

    id: str
    source: str
    outlet: str
    text: str
    ref: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    site_name: str | None = None
    author: str | None = None
    removed: tuple[Removed, ...] = ()
    #: When the page says the article was last changed (ISO), if it says so.
    updated: str | None = None
    provenance: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ref": self.ref,
            "source": self.source,
            "outlet": self.outlet,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "updated": self.updated,
            "lang": self.lang,
            "site_name": self.site_name,
            "author": self.author,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "provenance": dict(self.provenance),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            ref=d.get("ref"),
            source=d["source"],
            outlet=d["outlet"],
            url=d.get("url"),
            title=d.get("title"),
            published=d.get("published"),
            updated=d.get("updated"),
            lang=d.get("lang"),
            site_name=d.get("site_name"),
            author=d.get("author"),
            text=d["text"],
            removed=tuple(
                Removed(r["text"], r["reason"], r.get("score")) for r in d.get("removed", [])
            ),
            provenance=tuple(sorted((d.get("provenance") or {}).items())),
        )


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, by offsets into the article's text."""

    article: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one article's cleaned text."""

    article: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(d["article"], int(d["start"]), int(d["end"]), d["text"])


@dataclass(frozen=True, slots=True)
class Passage:
    """Material shared by two or more articles: one span per article, and how alike they are."""

    kind: PassageKind
    score: float
    spans: tuple[Span, ...]
    #: Corroboration (filled by :func:`newsprism.provenance.with_provenance`): the outlets
    #: that carry the passage, and how many independent origins they amount to (outlets
    #: whose text for it is copied from one another count once). ``None``: not computed.
    outlets: tuple[str, ...] = ()
    independent_origins: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "score": round(self.score, 4),
            "spans": [s.to_dict() for s in self.spans],
        }
        if self.independent_origins is not None:
            out["outlets"] = list(self.outlets)
            out["independent_origins"] = self.independent_origins
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Passage:
        return cls(
            d["kind"],
            float(d["score"]),
            tuple(Span.from_dict(s) for s in d["spans"]),
            tuple(d.get("outlets", ())),
            d.get("independent_origins"),
        )


@dataclass(frozen=True, slots=True)
class Comparison:
    """One story compared across its articles.

    ``unrelated`` holds the ids of inputs that share nothing with the others; they are listed
    in ``articles`` but take no part in ``passages``. ``dropped`` lists inputs that could not
    be read or cleaned.
    """

    articles: tuple[Article, ...]
    passages: tuple[Passage, ...]
    unique: tuple[Span, ...]
    unrelated: tuple[str, ...] = ()
    dropped: tuple[Drop, ...] = field(default=())
    #: Who said what (filled by :func:`newsprism.quotes_story.story_quotes`): per speaker,
    #: the quotes and the outlets that carry each; and numbers per quantity with what differs.
    quotes: tuple[dict[str, Any], ...] = ()
    numbers: tuple[dict[str, Any], ...] = ()
    #: Provenance (filled by :func:`newsprism.provenance.with_provenance`): passages the
    #: articles share verbatim or lightly edited, with who likely copied whom (``reuse``,
    #: link records as ``newsprism reuse`` prints them), and per article id its distinctive
    #: terms, best first (``framing``: ``[{"term", "score"}]``).
    reuse: tuple[dict[str, Any], ...] = ()
    framing: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.to_dict() for a in self.articles],
            "passages": [p.to_dict() for p in self.passages],
            "unique": [u.to_dict() for u in self.unique],
            "unrelated": list(self.unrelated),
            "dropped": [d.to_dict() for d in self.dropped],
            "quotes": list(self.quotes),
            "numbers": list(self.numbers),
            "reuse": list(self.reuse),
            "framing": dict(self.framing),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Comparison:
        return cls(
            articles=tuple(Article.from_dict(a) for a in d["articles"]),
            passages=tuple(Passage.from_dict(p) for p in d["passages"]),
            unique=tuple(Span.from_dict(u) for u in d["unique"]),
            unrelated=tuple(d.get("unrelated", [])),
            dropped=tuple(Drop(x["source"], x["reason"]) for x in d.get("dropped", [])),
            quotes=tuple(d.get("quotes", [])),
            numbers=tuple(d.get("numbers", [])),
            reuse=tuple(d.get("reuse", [])),
            framing=dict(d.get("framing", {})),
        )
