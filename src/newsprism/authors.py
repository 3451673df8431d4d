"""Author names: what a person's name looks like, and the byline of an HTML page.

A byline is found, in this order, in: ``rel="author"`` links and ``itemprop="author"``
elements; links to an author page (``/author/…``, ``/authors/…``); a line near the headline
that starts with "By"; elements whose class or id names a byline or an author. The name is
the first piece of text in it that looks like a person's name, so that a role or a date
written next to it ("Jane Roe · Senior Writer · May 2") is left out. Reader comments are
never looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml.html import HtmlElement  # type: ignore[import-untyped]

__all__ = ["author_marks", "byline_author", "clean_name", "looks_like_person", "split_names"]

_BY = re.compile(
    r"^\s*(?:(?:written|posted|published|reviewed|words|story|text|article|authored)\s+)?"
    r"by\s*[:\-]?\s*|^\s*(?:authors?|writers?|posted)\s*:\s*",
    re.I,
)
_SPLIT_NAMES = re.compile(r"\s*[;,/|&]\s*|\s+and\s+|\s+und\s+|\s+et\s+|\s+y\s+")
#: A credential kept after a comma ("Jane Roe, MD"); any other comma tail is a role.
_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Za-z]{0,3}\.?){1,4}[®.]?$|^(?:[A-Z]\.){1,4}[A-Z]?\.?$")
_PARTICLES = frozenset({"de", "da", "van", "von", "der", "den", "del", "di", "la", "le", "bin"})
_UI_WORDS = frozenset(
    "sign log in view all more posts read share follow subscribe comment comments reply menu "
    "search home about contact privacy terms cookie cookies admin staff team editor editors "
    "editorial newsroom written by posted updated published author authors".split()
)
_NAME_PIECE_SPLIT = re.compile(r"\s+(?:[|•·–—]|-|on|at|updated|published)\s+|\s*[|•·]\s*", re.I)


def clean_name(text: str) -> str:
    """``text`` without a "By" prefix, parentheses, a role after a comma or a trailing mark."""
    text = " ".join(text.split())
    text = _BY.sub("", text)
    text = re.sub(r"\s*\([^)]*\)", "", text)
    head, sep, tail = text.partition(",")
    if sep and not all(_CREDENTIAL.match(p.strip()) for p in tail.split(",") if p.strip()):
        text = head
    return text.strip(" -–—|•·:*,")


def looks_like_person(name: str, *, min_words: int = 2) -> bool:
    """2 to 5 words (``min_words`` to 5), each capitalised (or a particle such as "van"), no
    digits, no web address, no interface words such as "Sign In" or "View all posts"."""
    if not 2 < len(name) <= 60 or re.search(r"\d|@|https?:|www\.|[<>{}*=]", name):
        return False
    base = name.split(",")[0]
    words = base.split()
    if not min_words <= len(words) <= 5:
        return False
    if any(w.casefold().strip(".") in _UI_WORDS for w in words):
        return False
    return all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words)


def split_names(value: str) -> list[str]:
    """ "Jane Roe and John Doe" / "Jane Roe; John Doe" -> the names, cleaned."""
    value = _BY.sub("", value)
    if "," in value and all(_CREDENTIAL.match(p.strip()) for p in value.split(",")[1:]):
        return [clean_name(value)]
    return [n for n in (clean_name(p) for p in _SPLIT_NAMES.split(value)) if n]


def _in_comments(el: HtmlElement) -> bool:
    for anc in el.iterancestors():
        hints = f"{anc.get('class') or ''} {anc.get('id') or ''}".lower()
        if "comment" in hints or anc.tag in {"form", "footer"}:
            return True
    return False


def _first_name_in(pieces: Iterable[str]) -> str | None:
    for piece in pieces:
        for part in _NAME_PIECE_SPLIT.split(_BY.sub("", " ".join(piece.split()))):
            name = clean_name(part)
            if looks_like_person(name):
                return name
    return None


def _from_elements(elements: Iterable[HtmlElement]) -> str | None:
    for el in elements:
        if el.tag in {"meta", "link", "script", "style", "body", "html", "main", "article"}:
            continue
        if _in_comments(el):
            continue
        inner = el.xpath('.//*[@itemprop="name"]')
        pieces = [inner[0].text_content()] if inner else list(el.itertext())
        name = _first_name_in(pieces)
        if name:
            return name
    return None


def byline_author(
    marks: dict[str, list[HtmlElement]], lines: Sequence[str], headline_at: int | None
) -> tuple[str, str] | None:
    """The page's byline author and where it was found, or None.

    ``marks`` holds the page's ``author_marked`` (``rel="author"``, ``itemprop="author"``),
    ``author_link`` (links to author pages) and ``author_classed`` (class or id naming a
    byline or an author) elements, in page order (:func:`author_marks` finds them).
    """
    name = _from_elements(marks.get("author_marked", [])[:20])
    if name:
        return name, "byline markup"
    name = _from_elements(marks.get("author_link", [])[:20])
    if name:
        return name, "author link"
    if headline_at is not None:
        for line in lines[max(0, headline_at - 3) : headline_at + 12]:
            if _BY.match(line) and len(line) < 200:
                name = _first_name_in([line])
                if name:
                    return name, "byline"
    name = _from_elements(marks.get("author_classed", [])[:40])
    return (name, "byline") if name else None


def author_marks(tree: HtmlElement) -> dict[str, list[HtmlElement]]:
    """The elements :func:`byline_author` reads, found with XPath (when no walk of the page
    has noted them already)."""
    return {
        "author_marked": tree.xpath('//a[@rel="author"] | //*[@itemprop="author"]'),
        "author_link": tree.xpath(
            '//a[contains(@href, "/author/") or contains(@href, "/authors/")]'
        ),
        "author_classed": tree.xpath(
            '//*[contains(@class, "byline") or contains(@class, "author")'
            ' or contains(@id, "byline") or contains(@id, "author")]'
        ),
    }
