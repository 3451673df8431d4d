"""Plain-text cleaning: a line classifier for text that a scraper already flattened.

Explainable rules come first and are final; each names its reason:

1. the first line is the headline when it looks like one (short, no closing full stop);
2. a dateline such as ``(Last Updated On: February 21, 2018)`` becomes the published date;
3. a line that starts with a dateline and runs on is the teaser of another article;
4. short lines that are site furniture: "Read More:", "About <outlet>", share bars, cookie,
   newsletter and copyright notices, navigation;
5. after a related-articles heading ("Check Also", "Related", "You may also like"), headlines
   and truncated teasers belong to other articles, until a line of body text comes back;
6. runs of three or more very short lines without punctuation are menus;
7. a line that repeats across many articles of the same outlet is chrome (corpus evidence).

The trained line model (:mod:`newsprism.linemodel`, ``lines-v1``) decides every other line,
seeing the rules' outputs as features, and gives every removed line its probability of not
being body (``Removed.score``). It may keep a line that a soft rule (menu, related-article
teaser) removed when it is sure that the line is body (a list inside the article). Then a
line between two body lines stays body, and so does a closing sentence at the very end of
the text. ``classify(..., use_model=False)`` is the rules alone.

Nothing is dropped silently: every removed line is returned with its reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from newsprism.dates import crawl_time, find_date, relative_date
from newsprism.linemodel import HINTS, MODEL_NAME, LineModel, default_model
from newsprism.model import Removed
from newsprism.text import _FOLD as _FOLD_TABLE
from newsprism.text import (
    RIGHTS_NOTICE_RE,
    RIGHTS_NOTICES,
    fold,
    has_no_case,
    repair_mojibake,
    word_count,
)

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
    (rf"(?:©|copyright|\(c\)).*|.*(?:{RIGHTS_NOTICE_RE}).*", "copyright footer", 40),
    (
        r"home|menu|search|skip to (?:main )?content|log ?in|log ?out|sign in|register|close"
        r"|toggle navigation|back to top|next|previous|prev",
        "navigation",
        4,
    ),
    (r"tags?:.*|filed under:?.*|categor(?:y|ies):.*", "tags", 60),
)
_SUFFIX = r"\s*[:.!>»›|-]*"
_MAX_RULE_WORDS = max(n for _, _, n in _RULES)


def _rules_for(n_words: int) -> re.Pattern[str] | None:
    """One pattern trying, in order, the rules that allow lines of ``n_words`` words; the name
    of the group that matched is the rule's index. Equivalent to trying them one by one."""
    alts = [f"(?P<r{i}>{p})" for i, (p, _, most) in enumerate(_RULES) if n_words <= most]
    return re.compile(f"(?:{'|'.join(alts)}){_SUFFIX}", re.I) if alts else None


_BY_WORDS = tuple(_rules_for(n) for n in range(_MAX_RULE_WORDS + 1))
# Lines longer than this many words can only match rules that contain one of these keys (a
# cheap test that spares most body lines the regular expression).
_SHORT_RULE_WORDS = 8
_LONG_RULE_KEYS = (
    *("subscribe", "sign up", "newsletter", "follow us", "join us", "get our"),
    *("cookie", "privacy policy", "terms of", "©", "copyright", "(c)", *RIGHTS_NOTICES),
    *("tag", "filed under", "categor"),
)
_TAIL_REASON = "related-articles heading"
_DATELINE = re.compile(
    r"^\(?\s*(?:last\s+)?(?:updated|modified|published|posted|date|first published)"
    r"(?:\s+on)?\s*:?\s*",
    re.I,
)
_LEADING_NON_WORD = re.compile(r"^\W+")
_END_PUNCT = (".", "!", "?", '"', "'", "”", "’", "»", ")", ":", ";", ",", "…")
#: A line that a soft rule removed is kept when the model gives it a probability of not being
#: body below this.
_SOFT_KEEP = 0.2
#: Rules whose lines the model may keep when it is sure they are body (lists inside an article
#: look like menus; a list after a "Related" heading can still be the article's).
_SOFT_RULES = frozenset({"menu", "related-article teaser"})
_MENU_MAX_CHARS = 40
_SENTENCE_END = (".", "!", "?", '"', "'", "”", "’", "»")
#: Reason given to the lines that the model removes.
MODEL_REASON = f"not article text (line model {MODEL_NAME})"
_HINT = {name: code for code, name in enumerate(HINTS)}
_HINT_PREFIXES = (
    ("headline", "headline"),
    ("dateline", "dateline"),
    ("teaser of another", "dated teaser"),
    ("repeated across", "repeated across outlet"),
)


@dataclass(slots=True)
class LineResult:
    """What the classifier made of one text."""

    body: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    published: str | None = None


@dataclass(slots=True)
class RuleMarks:
    """The rules' verdicts on a page's lines: a reason per removed line (None: no rule fired),
    the matching hint codes for the model (:data:`newsprism.linemodel.HINTS`), title and date."""

    marks: list[str | None]
    hints: npt.NDArray[np.int64]
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
        lines = repair_mojibake(t).splitlines()
        counts.update({line_key(x) for x in lines if x.strip() and _words(x) <= max_words})
    if n < min_articles:
        return frozenset()
    need = max(min_articles, int(min_share * n + 0.999))
    return frozenset(k for k, c in counts.items() if c >= need)


def _words(line: str) -> int:
    return len(line.split())


_FOLDED_CHARS = re.compile("[" + "".join(chr(c) for c in _FOLD_TABLE) + "]")


def _fold(line: str) -> str:
    """:func:`newsprism.text.fold`, faster: ASCII lines need only the whitespace, and most
    other lines have none of the quotes and dashes that it folds."""
    if line.isascii():
        return " ".join(line.split())
    norm = unicodedata.normalize("NFKC", line)
    if _FOLDED_CHARS.search(norm):
        return fold(norm)
    return " ".join(norm.split())


def looks_like_headline(line: str, max_words: int) -> bool:
    """Short, starts with a capital or digit (or any letter of a script without case), not
    closed by a full stop or comma. In Chinese and Japanese, two characters count as a word."""
    n = word_count(line)
    if n < 3 or n > max_words or line.rstrip().endswith((".", ",", ";", ":", "…", "。", "、")):
        return False
    first = line.lstrip("\"'“‘«(「『【")[:1]
    return (
        bool(first)
        and (first.isupper() or first.isdigit() or has_no_case(first))
        and not _DATELINE.match(line)
    )


def _dateline(line: str, crawled: dt.datetime | None = None) -> tuple[str, str] | None:
    """(ISO date, the text after the dateline) when ``line`` opens with a dateline; with the
    crawl time, "Published 3 hours ago" is one too."""
    m = _DATELINE.match(line)
    if not m:
        return None
    found = find_date(line[m.end() : m.end() + 40])
    if found is None and crawled is not None:
        rel = relative_date(line[m.end() : m.end() + 40], crawled)
        if rel is not None and rel[1] == 0:
            return rel[0], _LEADING_NON_WORD.sub("", line[m.end() + rel[2] :]).strip()
    if found is None or found[1] != 0:
        return None
    rest = line[m.end() + found[2] :].lstrip(" )]|-").strip()
    return found[0], rest


def _is_body_like(line: str) -> bool:
    return _words(line) >= 12 and line.rstrip().endswith(_END_PUNCT[:7]) and "…" not in line[-3:]


def _chrome_reason(line: str, n_words: int) -> str | None:
    """The reason of the first furniture rule that matches the whole line, if any."""
    rx = _BY_WORDS[n_words] if n_words <= _MAX_RULE_WORDS else None
    if rx is None:
        return None
    folded = _fold(line)
    if n_words > _SHORT_RULE_WORDS:
        low = folded.lower()
        if not any(k in low for k in _LONG_RULE_KEYS):
            return None
    m = rx.fullmatch(folded)
    return _RULES[int(m.lastgroup[1:])][1] if m is not None and m.lastgroup else None


def _dateline_mark(i: int, rest: str, date: str, res: RuleMarks, first_body: int) -> str:
    if not rest and res.published is None and i <= first_body + 2:
        res.published = date
        return "dateline (now the published date)"
    return f"teaser of another article (dated {date})" if rest else "dateline"


def apply_rules(
    lines: list[str],
    *,
    want_title: bool = True,
    repeated: frozenset[str] = frozenset(),
    outlet: str = "",
    headline_max_words: int = 30,
    crawled: dt.datetime | None = None,
) -> RuleMarks:
    """The explainable rules over a page's (stripped, non-empty) lines, in the module's order.
    ``crawled`` (when the text was fetched) dates a relative dateline."""
    res = RuleMarks([None] * len(lines), np.zeros(len(lines), dtype=np.int64))
    marks = res.marks
    first_body = 0
    if want_title and lines and looks_like_headline(lines[0], headline_max_words):
        res.title, marks[0], first_body = lines[0], "headline (now the title)", 1
    in_tail = False
    n_words = [len(ln.split()) for ln in lines]
    for i in range(first_body, len(lines)):
        line = lines[i]
        dl = _dateline(line, crawled)
        if dl is not None:
            marks[i] = _dateline_mark(i, dl[1], dl[0], res, first_body)
        elif repeated and line_key(line) in repeated:
            marks[i] = f"repeated across articles of {outlet or 'this outlet'}"
        elif (reason := _chrome_reason(line, n_words[i])) is not None:
            marks[i] = reason
            in_tail = in_tail or reason == _TAIL_REASON
        elif in_tail:
            if _is_body_like(line):
                in_tail = False
            elif looks_like_headline(line, 20) or line.rstrip().endswith(("…", "...")):
                marks[i] = "related-article teaser"
    _mark_menus(lines, n_words, marks)
    for i, mark in enumerate(marks):
        if mark is not None:
            res.hints[i] = _hint_code(mark)
    return res


@lru_cache(maxsize=256)
def _hint_code(mark: str) -> int:
    """The model's hint code of a rule's reason (see :data:`newsprism.linemodel.HINTS`)."""
    for prefix, name in _HINT_PREFIXES:
        if mark.startswith(prefix):
            return _HINT[name]
    return _HINT.get(mark, 0)


#: At most this many passes of the rules and the line model (see :func:`_to_fixed_point`).
MAX_PASSES = 12


def classify(
    text: str,
    *,
    want_title: bool = True,
    repeated: frozenset[str] = frozenset(),
    outlet: str = "",
    headline_max_words: int = 30,
    use_model: bool = True,
    model: LineModel | None = None,
    crawled: str | None = None,
) -> LineResult:
    """Split ``text`` into body lines and removed lines (with reasons), title and date.

    With ``use_model`` (the default) the trained line model (``model``, else the shipped
    ``lines-v1``) decides the lines that no rule removed; without it, the rules alone.
    ``crawled`` (ISO; when the text was fetched) dates "Published 3 hours ago".
    """
    lines = [s for s in (ln.strip() for ln in repair_mojibake(text).splitlines()) if s]
    rules = apply_rules(
        lines,
        want_title=want_title,
        repeated=repeated,
        outlet=outlet,
        headline_max_words=headline_max_words,
        crawled=crawl_time(crawled),
    )
    if not use_model:
        return decide(lines, rules)
    lm = model or default_model()
    res = decide(lines, rules, lm.body_probability(lines, rules.hints), lm.threshold)
    return _to_fixed_point(res, lm, repeated=repeated, outlet=outlet)


def _to_fixed_point(
    res: LineResult, lm: LineModel, *, repeated: frozenset[str], outlet: str
) -> LineResult:
    """Run the rules and the model again over what the last pass kept until a pass keeps every
    line, so that cleaning a cleaned text changes nothing. The model reads each line with its
    neighbours, so taking chrome out can tip a borderline line; the lines a later pass removes
    are recorded like the others. A pass that would leave no line at all is not taken."""
    for _ in range(MAX_PASSES - 1):
        again = apply_rules(res.body, want_title=False, repeated=repeated, outlet=outlet)
        more = decide(res.body, again, lm.body_probability(res.body, again.hints), lm.threshold)
        if len(more.body) == len(res.body) or not more.body:
            break
        res.body = more.body
        res.removed += more.removed
    return res


def decide(
    lines: list[str],
    rules: RuleMarks,
    body_probability: npt.NDArray[np.float64] | None = None,
    threshold: float = 0.5,
) -> LineResult:
    """Combine the rules' marks with the model's body probabilities (when given).

    A line no rule removed is kept when its body probability is at least ``threshold``, or
    when the line above and the line below are kept (a short paragraph or a quote inside the
    body), or when it is the text's last line, ends like a sentence and follows a kept line. A
    line that a soft rule (menu, related-article teaser) removed is kept when the model is sure
    it is body. When the model would take every line, the lines no rule removed that read as
    prose (12 words or more, ending like a sentence) are kept. Removed lines carry the model's
    probability of not being body as their score.
    """
    res = LineResult(title=rules.title, published=rules.published)
    if body_probability is None:
        for line, mark in zip(lines, rules.marks, strict=True):
            if mark is None:
                res.body.append(line)
            else:
                res.removed.append(Removed(line, mark))
        return res
    keep = _smoothed_keep(lines, rules.marks, body_probability, threshold)
    if not keep.any():  # the model took every line: keep the free ones that read as prose
        keep = np.fromiter(
            (m is None and _is_body_like(ln) for ln, m in zip(lines, rules.marks, strict=True)),
            dtype=bool,
            count=len(lines),
        )
    not_body = (1.0 - body_probability).tolist()
    for line, mark, kept, p in zip(lines, rules.marks, keep.tolist(), not_body, strict=True):
        if kept:
            res.body.append(line)
        else:
            res.removed.append(Removed(line, mark or MODEL_REASON, p))
    return res


def _smoothed_keep(
    lines: list[str],
    marks: list[str | None],
    body_probability: npt.NDArray[np.float64],
    threshold: float,
) -> npt.NDArray[np.bool_]:
    """Which lines are body (see :func:`decide`)."""
    free = np.fromiter((m is None for m in marks), dtype=bool, count=len(marks))
    soft = np.fromiter((m in _SOFT_RULES for m in marks), dtype=bool, count=len(marks))
    keep = (free & (body_probability >= threshold)) | (soft & (body_probability > 1 - _SOFT_KEEP))
    if len(keep) < 2:
        return keep
    above = np.concatenate(([False], keep[:-1]))
    below = np.concatenate((keep[1:], [False]))
    rescued = free & ~keep & above & below
    rescued[-1] = free[-1] and not keep[-1] and above[-1] and lines[-1].endswith(_SENTENCE_END)
    return keep | rescued


def _mark_menus(lines: list[str], n_words: list[int], marks: list[str | None]) -> None:
    """Runs of 3+ consecutive lines of at most 3 words (and at most ``_MENU_MAX_CHARS``
    characters: Chinese or Japanese sentences have no spaces) with no sentence punctuation."""
    short = [
        n <= 3
        and len(ln) <= _MENU_MAX_CHARS
        and mark is None
        and not ln.endswith((".", "!", "?", '"', "”"))
        and not any(map(str.isdigit, ln))
        for ln, n, mark in zip(lines, n_words, marks, strict=True)
    ]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and short[j]:
            j += 1
        if j - i >= 3:
            for k in range(i, j):
                marks[k] = "menu"
        i = max(j, i + 1)
