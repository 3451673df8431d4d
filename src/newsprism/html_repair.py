"""Repairs of an extracted HTML body: article text that the extractor left out.

**Split bodies.** Sites often cut an article's text into several sibling blocks of the same
kind (the same tag and class) with advertisements or asides between them; an extractor that
picks one block keeps only part of the article. When most of the extracted body sits in one
such block and other blocks of exactly the same kind hold paragraphs of prose that the body
lacks, those blocks are part of the article and their lines are added in page order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from newsprism.html_lines import (
    IN_CAPTION,
    IN_COMMENTS,
    IN_FORM,
    IN_HEADER,
    IN_HIDDEN,
    IN_LIST,
    IN_NAV,
    PageLine,
    PageText,
    line_key,
)

__all__ = ["recover_split_body"]

#: The block holding the body must hold at least this share of the body's characters.
MAIN_BOX_SHARE = 0.6
#: A sibling block is article text when it has at least this many lines of prose.
MIN_PROSE_LINES = 2
_CHROME = IN_NAV | IN_HEADER | IN_HIDDEN | IN_FORM | IN_CAPTION | IN_COMMENTS
_SENTENCE_END = re.compile(r"[.!?…:\"”’)]$")


class _Index(Protocol):
    keys: list[str]

    def position(self, key: str) -> int | None: ...


def _is_prose(line: PageLine) -> bool:
    """A paragraph of prose: a sentence-like line of at least 12 words, not mostly a link, not
    a list item (a block of bulleted points, such as "key points", is a summary)."""
    return (
        not line.context & IN_LIST
        and len(line.text.split()) >= 12
        and line.link_share < 0.5
        and bool(_SENTENCE_END.search(line.text))
    )


def _main_box(body: Sequence[str], at: Sequence[int | None], lines: Sequence[PageLine]) -> int:
    """The box that holds most of the body's characters (0 when none holds enough)."""
    weight: Counter[int] = Counter()
    for text, i in zip(body, at, strict=True):
        if i is not None:
            weight[lines[i].box] += len(text)
    if not weight:
        return 0
    box, chars = weight.most_common(1)[0]
    total = sum(len(t) for t in body) or 1
    return box if box and chars >= MAIN_BOX_SHARE * total else 0


def recover_split_body(body: list[str], page: PageText, index: _Index) -> list[str]:
    """``body`` with the article's other blocks added (see the module), in page order."""
    at = [index.position(line_key(t)) for t in body]
    main = _main_box(body, at, page.lines)
    if not main:
        return body
    kind = page.boxes[main]
    siblings = {b for b, k in enumerate(page.boxes) if k == kind and b != main}
    if not siblings:
        return body
    have = "\n".join(line_key(t) for t in body)
    extra: dict[int, list[tuple[int, str]]] = {}
    for i, ln in enumerate(page.lines):
        if ln.box in siblings and not ln.context & _CHROME and index.keys[i] not in have:
            extra.setdefault(ln.box, []).append((i, ln.text))
    added = [
        item
        for box, items in extra.items()
        if sum(_is_prose(page.lines[i]) for i, _ in items) >= MIN_PROSE_LINES
        for item in items
    ]
    if not added:
        return body
    return _merge(body, at, added)


def _merge(body: list[str], at: Sequence[int | None], added: list[tuple[int, str]]) -> list[str]:
    """Body lines and added lines in page order (a body line not found on the page keeps its
    place after the line before it)."""
    keyed: list[tuple[float, int, str]] = []
    last = -1.0
    for n, (text, i) in enumerate(zip(body, at, strict=True)):
        last = float(i) if i is not None and i > last else last + 1e-6
        keyed.append((last, n, text))
    keyed.extend((float(i), len(body) + n, text) for n, (i, text) in enumerate(added))
    return [text for _, _, text in sorted(keyed)]
