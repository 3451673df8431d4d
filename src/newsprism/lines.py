"""Plain-text cleaning: a line classifier for text that a scraper already flattened.

Each line is kept as body or removed with a reason. The rules, in order:

1. the first line is the headline when it looks like one (short, no closing full stop);
2. a dateline such as ``(Last Updated On: February 21, 2018)`` becomes the published date;
3. a line that starts with a dateline and runs on is the teaser of another article;
4. short lines that are site furniture: "Read More:", "About <outlet>", share bars, cookie,
   newsletter and copyright notices, navigation;
5. after a related-articles heading ("Check Also", "Related", "You may also like"), headlines
   and truncated teasers belong to other articles, until a line of body text comes back;
6. runs of three or more very short lines without punctuation are menus;
7. a line that repeats across many articles of the same outlet is chrome (corpus evidence).

Nothing is dropped silently: every removed line is returned with its reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsprism.dates import find_date
from newsprism.model import Removed
from newsprism.text import fold

_TAIL = (
    r"check also|related(?: (?:articles?|posts?|stories|news|content|coverage|reading))?"
    r"|you (?:may|might) (?:also )?(?:like|be interested in)|more (?:stories|news|articles)"
    r"|recommended(?: for you| stories)?|most (?:popular|read|viewed|shared)|trending(?: now)?"
    r"|top stories|latest (?:news|stories|articles)|editor'?s picks|don'?t miss|also on \S+"
)
_RULES: tuple[tuple[str, str, int], ...] = (
    # (pattern matched against the whole folded line, reason, most words the line may have)
    (_TAIL, "related-articles heading", 8),
    (r"read (?:more|also|next)|also read|see also|continue reading|full story", "link label", 6),
    (
        r"(?:share|tweet|email|e-mail|print|whatsapp|facebook|twitter|linkedin|telegram|"
        r"pinterest|reddit|copy link|share (?:this|on)\b.*)",
        "share bar",
        6,
    ),
    (r"about(?: us| the authors?)?|about [\w .'&-]{2,60}", "about box", 5),
    (r"advertisement|sponsored(?: content)?|ad|ads|promoted", "advertisement", 2),
    (r"leave a (?:reply|comment)|\d* ?comments?|post a comment|add (?:a )?comment", "comments", 5),
    (
        r"(?:subscribe|sign up|newsletter|follow us|join us|get our)\b.*",
        "newsletter or follow box",
        25,
    ),
    (r".*\b(?:cookies?|privacy policy|terms of (?:use|service))\b.*", "cookie or legal notice", 60),
    (r"(?:©|copyright|\(c\)).*|.*all rights reserved.*", "copyright footer", 40),
    (
        r"home|menu|search|skip to (?:main )?content|log ?in|log ?out|sign in|register|close"
        r"|toggle navigation|back to top|next|previous|prev",
        "navigation",
        4,
    ),
    (r"tags?:.*|filed under:?.*|categor(?:y|ies):.*", "tags", 60),
)
_COMPILED = tuple((re.compile(rf"(?:{p})\s*[:.!>»›|-]*", re.I), r, n) for p, r, n in _RULES)
_TAIL_RE = re.compile(rf"(?:{_TAIL})\s*[:.!>»›|-]*", re.I)
_DATELINE = re.compile(
    r"^\(?\s*(?:last\s+)?(?:updated|modified|published|posted|date|first published)"
    r"(?:\s+on)?\s*:?\s*",
    re.I,
)
_END_PUNCT = (".", "!", "?", '"', "'", "”", "’", "»", ")", ":", ";", ",", "…")


@dataclass(slots=True)
class LineResult:
    """What the classifier made of one text."""

    body: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    published: str | None = None


def line_key(line: str) -> str:
    """The form in which lines are compared for corpus-level repetition."""
    return fold(line).lower()


def repeated_lines(
    texts: Iterable[str], min_articles: int, min_share: float, max_words: int = 25
) -> frozenset[str]:
    """Keys of the short lines that occur in enough of ``texts`` (one outlet's articles)."""
    counts: Counter[str] = Counter()
    n = 0
    for t in texts:
        n += 1
        counts.update({line_key(x) for x in t.splitlines() if x.strip() and _words(x) <= max_words})
    if n < min_articles:
        return frozenset()
    need = max(min_articles, int(min_share * n + 0.999))
    return frozenset(k for k, c in counts.items() if c >= need)


def _words(line: str) -> int:
    return len(line.split())


def looks_like_headline(line: str, max_words: int) -> bool:
    """Short, starts with a capital or digit, not closed by a full stop or comma."""
    n = _words(line)
    if n < 3 or n > max_words or line.rstrip().endswith((".", ",", ";", ":", "…")):
        return False
    first = line.lstrip("\"'“‘«(")[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and not _DATELINE.match(line)


def _dateline(line: str) -> tuple[str, str] | None:
    """(ISO date, the text after the dateline) when ``line`` opens with a dateline."""
    m = _DATELINE.match(line)
    if not m:
        return None
    found = find_date(line[m.end() : m.end() + 40])
    if found is None or found[1] != 0:
        return None
    rest = line[m.end() + found[2] :].lstrip(" )]|-").strip()
    return found[0], rest


def _is_body_like(line: str) -> bool:
    return _words(line) >= 12 and line.rstrip().endswith(_END_PUNCT[:7]) and "…" not in line[-3:]


def _chrome_reason(line: str) -> str | None:
    folded = fold(line)
    n = _words(folded)
    for rx, reason, max_words in _COMPILED:
        if n <= max_words and rx.fullmatch(folded):
            return reason
    return None


def classify(
    text: str,
    *,
    want_title: bool = True,
    repeated: frozenset[str] = frozenset(),
    outlet: str = "",
    headline_max_words: int = 30,
) -> LineResult:
    """Split ``text`` into body lines and removed lines (with reasons), title and date."""
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    res = LineResult()
    marks: list[str | None] = [None] * len(lines)
    first_body = 0
    if want_title and lines and looks_like_headline(lines[0], headline_max_words):
        res.title = lines[0]
        marks[0] = "headline (now the title)"
        first_body = 1
    in_tail = False
    for i in range(first_body, len(lines)):
        line = lines[i]
        dl = _dateline(line)
        if dl is not None:
            date, rest = dl
            if not rest and res.published is None and i <= first_body + 2:
                res.published = date
                marks[i] = "dateline (now the published date)"
            elif rest:
                marks[i] = f"teaser of another article (dated {date})"
            else:
                marks[i] = "dateline"
            continue
        if repeated and line_key(line) in repeated:
            marks[i] = f"repeated across articles of {outlet or 'this outlet'}"
            continue
        reason = _chrome_reason(line)
        if reason is not None:
            marks[i] = reason
            in_tail = in_tail or bool(_TAIL_RE.fullmatch(fold(line)))
            continue
        if in_tail:
            if _is_body_like(line):
                in_tail = False
            elif looks_like_headline(line, 20) or line.rstrip().endswith(("…", "...")):
                marks[i] = "related-article teaser"
                continue
    _mark_menus(lines, marks)
    for line, mark in zip(lines, marks, strict=True):
        if mark is None:
            res.body.append(line)
        else:
            res.removed.append(Removed(line, mark))
    return res


def _mark_menus(lines: list[str], marks: list[str | None]) -> None:
    """Runs of 3+ consecutive lines of at most 3 words with no sentence punctuation."""

    def short(i: int) -> bool:
        ln = lines[i]
        return (
            _words(ln) <= 3
            and not ln.endswith((".", "!", "?", '"', "”"))
            and not any(c.isdigit() for c in ln)
        )

    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and short(j) and marks[j] is None:
            j += 1
        if j - i >= 3:
            for k in range(i, j):
                marks[k] = "menu"
        i = max(j, i + 1)
