"""HTML cleaning: one parse, the article body, metadata, and every other visible line recorded.

The page is parsed once with lxml (:mod:`newsprism.html_lines`). Then, on that one tree:

1. **visible lines**: the page's text split at block elements, each line with what it sits in
   (a heading, a list, the page header or navigation...) and how much of it is link text;
2. **metadata** from the page's own declarations (:mod:`newsprism.meta`);
3. **body**: trafilatura 2.3.1's cascade, comments excluded (:mod:`newsprism.html_extract`),
   then pruning of the lines that are not the article (:mod:`newsprism.html_chrome`);
4. **removed**: every visible line that is not in the body is kept with its reason.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml.html import HtmlElement  # type: ignore[import-untyped]

from newsprism.html_chrome import LineIndex, prune
from newsprism.html_extract import trafilatura_body
from newsprism.html_lines import PageLine, line_key, page_lines, parse_page
from newsprism.html_repair import recover_split_body
from newsprism.meta import PageMeta, page_meta
from newsprism.model import Removed

log = logging.getLogger(__name__)

__all__ = ["OUTSIDE", "HtmlResult", "clean_html", "page_line_keys", "repeated_keys"]

#: The reason given for visible lines that the extractor left out of the body.
OUTSIDE = "page text outside the article body"
_UNSEEN = ("noscript", "template", "svg")


@dataclass(slots=True)
class HtmlResult:
    """What HTML cleaning found: body paragraphs, metadata and the removed lines."""

    body: list[str]
    meta: PageMeta
    removed: list[Removed] = field(default_factory=list)


def page_chars(tree: HtmlElement, lines: Sequence[PageLine]) -> int:
    """An upper bound on the length of any text taken from the page's body."""
    unseen = sum(len(" ".join(el.text_content().split())) + 1 for el in tree.iter(*_UNSEEN))
    return sum(len(ln.text) + 1 for ln in lines) + unseen


def _outside(index: LineIndex, body: Iterable[str], pruned: Iterable[str]) -> list[Removed]:
    """The visible lines that are neither in ``body`` nor among the ``pruned`` lines."""
    kept = [line_key(x) for x in body]
    seen = set(kept) | {line_key(x) for x in pruned}
    joined = "\n".join(kept)
    return [
        Removed(ln.text, OUTSIDE)
        for ln, key in zip(index.lines, index.keys, strict=True)
        if key and key not in seen and key not in joined
    ]


def clean_html(
    html: str,
    url: str | None = None,
    *,
    record_removed: bool = True,
    repeated: frozenset[str] = frozenset(),
    crawled: str | None = None,
) -> HtmlResult | None:
    """Clean one HTML page: its body, metadata and removed lines. None if it is not HTML.

    ``repeated`` holds the keys of lines that recur on many pages of the page's site;
    ``crawled`` is when the page was fetched (ISO), for a relative dateline.
    """
    tree = parse_page(html)
    if tree is None:
        return None
    page = page_lines(tree, url)
    lines = [ln.text for ln in page.lines]
    meta = page_meta(tree, url, lines=lines, marks=page.marks, crawled=crawled)
    extracted = trafilatura_body(tree, url or meta.url, page_chars(tree, page.lines))
    index = LineIndex(page.lines)
    extracted = recover_split_body(extracted, page, index)
    titles = [meta.title, *meta.headlines] if meta.title else meta.headlines
    pruned = prune(extracted, index, titles=titles, author=meta.author, repeated=repeated)
    result = HtmlResult(body=pruned.body, meta=meta)
    if record_removed:
        outside = _outside(index, pruned.body, (r.text for r in pruned.removed))
        result.removed = pruned.removed + outside
    return result


def repeated_keys(
    pages: Sequence[set[str]], min_pages: int, min_share: float, max_words: int
) -> frozenset[str]:
    """Keys of the lines (of at most ``max_words`` words) found on at least ``min_pages`` of
    ``pages`` and on at least ``min_share`` of them: one site's furniture."""
    if len(pages) < min_pages:
        return frozenset()
    counts: Counter[str] = Counter()
    for keys in pages:
        counts.update(k for k in keys if k and len(k.split()) <= max_words)
    need = max(min_pages, math.ceil(min_share * len(pages)))
    return frozenset(k for k, n in counts.items() if n >= need)


def page_line_keys(html: str, url: str | None = None) -> set[str]:
    """The keys of a page's visible lines (for counting lines that recur across a site)."""
    tree = parse_page(html)
    if tree is None:
        return set()
    return {line_key(ln.text) for ln in page_lines(tree, url).lines}
