"""Pruning of an extracted HTML body: the lines that are page furniture, not the article.

trafilatura's body is good but keeps some of the page around the article. Each body line is
found among the page's visible lines (:class:`newsprism.clean_html.PageLine`), which tell what
it sits in and how much of it is a link, and is taken out, with its reason, when:

1. it is the headline (newsprism keeps it as the article's ``title``, not in its text);
2. it sits in the page's header, navigation, footer or an aside (``<header>``, ``<nav>``,
   ``<footer>``, ``<aside>``, ``<menu>``): the standfirst, dateline and share bar live there;
3. it is hidden from readers (``hidden``, ``aria-hidden``, ``display:none``);
4. it is all, or nearly all, a link to another page of the same site: a teaser of another
   article, a "read more" or a navigation link (links to other sites, such as sources,
   products and plain URLs, are kept); next to such a line, one that is mostly such a link,
   and a short label just before two of them, are part of the same list of links;
5. with a corpus of pages from one site, it is a line found on many of them;
6. it repeats a paragraph (of :data:`REPEAT_WORDS` words or more) kept earlier in the body: a
   page that carries the article twice (an AMP copy, a hidden microdata copy, an endless
   scroll) gives each paragraph once; or it is only a machine timestamp
   (``2019-11-19T08:57:40+01:00``, the text of a microdata element), which no prose is.

The rules are general properties of web pages, chosen from the markup's meaning; their
effect was measured on the Zyte set only (see ``benchmarks/bench_clean.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsprism.html_boilerplate import boilerplate, metadata_line
from newsprism.html_lines import IN_HEADER, IN_HEADING, PageLine, line_key
from newsprism.model import Removed

__all__ = ["LINK_SHARE", "LineIndex", "Pruned", "prune"]

#: A line whose characters are at least this share of links to the same site is a link.
LINK_SHARE = 0.9
#: A line of the article's header with at most this many words is a byline, a dateline or a
#: label; a longer one is the standfirst, which is the outlet's own text and stays.
HEADER_LINE_WORDS = 8
#: Next to a link to another page of the site, a line with at least this share of such links
#: is one of a list of them ...
LIST_LINK_SHARE = 0.6
#: ... and a line of at most this many words just before two of them is the list's label.
LABEL_WORDS = 4
#: Body lines are matched to page lines by their first characters when no whole line matches.
_PREFIX = 32
#: A repeated body line this long (in words) can be a second copy; shorter ones
#: ("Advertisement", a sub-heading) are left to the other rules ...
REPEAT_WORDS = 10
#: ... and only when at least this many long lines in a row (short ones between them aside)
#: all repeat, in the order they had: a copy of the article, not a recurring list item.
REPEAT_RUN = 5
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def _second_copy(keys: Sequence[str], skip: dict[int, str]) -> dict[int, str]:
    """The long lines that, :data:`REPEAT_RUN` or more in a row, repeat earlier lines of the
    body in the same order."""
    long_ = [i for i, k in enumerate(keys) if i not in skip and len(k.split()) >= REPEAT_WORDS]
    first: dict[str, int] = {}
    for n, i in enumerate(long_):
        first.setdefault(keys[i], n)
    out: dict[int, str] = {}
    run: list[int] = []
    for n, i in enumerate([*long_, -1]):
        earlier = i >= 0 and first[keys[i]] < n
        follows = earlier and (not run or first[keys[i]] > first[keys[long_[n - 1]]])
        if follows:
            run.append(i)
            continue
        if len(run) >= REPEAT_RUN:
            out.update((j, "repeats earlier paragraphs of the body (a second copy)") for j in run)
        run = [i] if earlier else []
    return out


class LineIndex:
    """Finds the page line that a body line came from (trafilatura may join lines: a list
    item made of a link and its teaser; a paragraph with a ``<br>`` in it)."""

    def __init__(self, lines: Sequence[PageLine]) -> None:
        self.lines = lines
        self.keys = [line_key(ln.text) for ln in lines]
        self.whole: dict[str, int] = {}
        self.prefix: dict[str, int] = {}
        for i, k in enumerate(self.keys):
            self.whole.setdefault(k, i)
            if len(k) >= _PREFIX:
                self.prefix.setdefault(k[:_PREFIX], i)

    def position(self, key: str) -> int | None:
        """The index of the first page line with ``key`` (or with its first characters)."""
        found = self.whole.get(key)
        if found is None and len(key) >= _PREFIX:
            found = self.prefix.get(key[:_PREFIX])
        return found

    def find(self, key: str) -> PageLine | None:
        at = self.position(key)
        return None if at is None else self.lines[at]


@dataclass(slots=True)
class Pruned:
    """The body after pruning and the lines taken out."""

    body: list[str]
    removed: list[Removed]


Rule = Callable[[str, PageLine | None], bool]
#: A structural rule (header, navigation) that would take more than this share of the body's
#: characters is wrong about the page (its article sits inside such an element): not applied.
MAX_STRUCTURAL_SHARE = 0.4


def _in(flag: int) -> Rule:
    return lambda key, ln: ln is not None and bool(ln.context & flag)


def _site_link(key: str, ln: PageLine | None) -> bool:
    return ln is not None and ln.internal_share >= LINK_SHARE


def _is_prose(line: PageLine | None, text: str) -> bool:
    return (line is None or line.link_share < 0.5) and len(text.split()) >= 12


def _structural(body: Sequence[str], found: Sequence[PageLine | None]) -> dict[int, str]:
    """Lines of the article's header (a ``<header>`` run at the start of the body: bylines,
    datelines, labels; a standfirst of a full sentence stays) and of navigation, asides and
    footers, by body position, unless they would be most of the body."""
    out: dict[int, str] = {}
    leading = True
    for i, ln in enumerate(found):
        if ln is not None and ln.context & IN_HEADER and leading:
            if len(body[i].split()) <= HEADER_LINE_WORDS:
                out[i] = "article header (byline, dateline, labels)"
            continue
        leading = False
    total = sum(len(x) for x in body) or 1
    if sum(len(body[i]) for i in out) > MAX_STRUCTURAL_SHARE * total:
        return {}
    return out


def _pointers(body: Sequence[str], found: Sequence[PageLine | None]) -> dict[int, str]:
    """Links to other pages of the site, by body position. A linked heading that the next
    line elaborates in prose is a section heading (a listicle's item), not a pointer. Lines
    that are mostly such a link (a teaser with a "[VIDEO]" tag after it) are pointers too
    when they come two or more in a row or next to a pointer (a list of links), and a short
    line just before two or more pointers is their label ("DON'T MISS", "Related")."""
    out: dict[int, str] = {}
    for i, ln in enumerate(found):
        if ln is None or not _site_link(line_key(body[i]), ln):
            continue
        if ln.context & IN_HEADING and i + 1 < len(body) and _is_prose(found[i + 1], body[i + 1]):
            continue
        out[i] = "link to another page of the site"
    mostly = [
        ln is not None and ln.internal_share >= LIST_LINK_SHARE and i not in out
        for i, ln in enumerate(found)
    ]
    for i, m in enumerate(mostly):
        # runs of such lines, or one such line next to a pointer: a list of links
        if m and ((i > 0 and mostly[i - 1]) or (i + 1 < len(mostly) and mostly[i + 1])):
            out[i] = "in a list of links to other pages of the site"
    grown = True
    while grown:
        grown = False
        for i, m in enumerate(mostly):
            if m and i not in out and (i - 1 in out or i + 1 in out):
                out[i] = "in a list of links to other pages of the site"
                grown = True
    for i in range(len(body) - 2):
        if i in out or i + 1 not in out or i + 2 not in out:
            continue
        words = body[i].split()
        if 0 < len(words) <= LABEL_WORDS and body[i].rstrip()[-1:] not in ".!?":
            out[i] = "label of a list of links"
    return out


#: A closing box about the people behind the article or whom to call: its heading.
_CLOSING_BOX = re.compile(
    r"(?:about|meet) the (?:authors?|reviewers?|writers?|contributors?|experts?)"
    r"|media (?:contacts?|inquiries|enquiries)",
    re.I,
)
#: At most this many lines may follow a closing box's heading (the box runs to the end).
CLOSING_BOX_LINES = 8


def _closing_box(body: Sequence[str]) -> dict[int, str]:
    """An author or press-contact box at the end of the body ("About the Author", a name, a
    bio; "Media Contact", a name, an address): its heading and every line after it."""
    for i in range(max(len(body) // 2 + 1, len(body) - CLOSING_BOX_LINES - 1), len(body)):
        if _CLOSING_BOX.fullmatch(body[i].strip().rstrip(":")):
            return {j: "author or contact box" for j in range(i, len(body))}
    return {}


def prune(
    body: Sequence[str],
    index: LineIndex,
    *,
    titles: Sequence[str] = (),
    author: str | None = None,
    repeated: frozenset[str] = frozenset(),
) -> Pruned:
    """Take the furniture out of ``body`` (see the module's rules, in order).

    ``index`` finds the page line of a body line; ``titles`` are the headline's forms;
    ``author`` is the article's author; ``repeated`` holds the keys of lines that recur across
    the site's pages.
    """
    title_keys = frozenset(k for k in (line_key(t) for t in titles) if k)
    rules: list[tuple[str, Rule]] = [
        ("repeated on many pages of the site", lambda key, ln: key in repeated),
    ]
    keys = [line_key(x) for x in body]
    found = [index.find(k) for k in keys]
    structural = _structural(body, found) | _pointers(body, found) | _closing_box(body)
    first_prose = next(
        (i for i, x in enumerate(body) if _is_prose(found[i], x) and keys[i] not in title_keys),
        len(body),
    )
    last_prose = max((i for i, x in enumerate(body) if _is_prose(found[i], x)), default=len(body))
    for i in range(first_prose):
        if keys[i] in title_keys:
            structural[i] = "headline (kept as the title)"
    for i in [*range(first_prose), *range(last_prose + 1, len(body))]:
        why = metadata_line(body[i], author)
        if why and i not in structural:
            structural[i] = why
    structural.update(_second_copy(keys, structural))
    kept: list[str] = []
    removed: list[Removed] = []
    for i, (text, key, line) in enumerate(zip(body, keys, found, strict=True)):
        reason = (
            structural.get(i)
            or next((why for why, rule in rules if rule(key, line)), None)
            or boilerplate(text)
            or ("a bare machine timestamp" if _TIMESTAMP.fullmatch(text.strip()) else None)
        )
        if reason is None:
            kept.append(text)
        else:
            removed.append(Removed(text, reason))
    return Pruned(kept, removed)
