"""Publisher boilerplate recognised by its wording: lines that are never the article's text.

Two kinds:

* **notices and prompts** that publishers put around articles: pointers to other articles
  ("Read more: …", "Related: …"), newsletter and subscription offers, follow and contact boxes,
  credit lines ("Reporting by …"), copyright and usage notices, share prompts, cookie and
  privacy notices, affiliate disclosures, advertisement labels, tag lists and reading times;
* **metadata lines**: the byline ("By Jane Roe") and the dateline ("Published March 3, 2024",
  "Updated 2 hours ago") that newsprism keeps as the article's ``author`` and ``published``.

Each pattern was written from the usual wording of its kind (mostly English; pointers to
other articles in a few other languages too) and applies only to a short line, so that a
paragraph that merely mentions a newsletter or a cookie stays. None was fitted to a scored
page.
"""

from __future__ import annotations

import re

from newsprism.dates import find_date
from newsprism.text import RIGHTS_NOTICE_RE, RIGHTS_NOTICES

__all__ = ["boilerplate", "metadata_line"]

# (reason, pattern at the line's start, pattern anywhere in it, most words); case-insensitive.
_BOILERPLATE: tuple[tuple[str, str, str, int], ...] = (
    (
        "pointer to another article",
        r"[\[(]?(?:read (?:more|also|next)|see (?:more|also)|related(?: articles?| stories)?"
        r"|more on this|also read|don'?t miss|leggi anche"
        r"|lesen sie auch|lire aussi|leia também|veja também|ver también|читайте также)"
        r"(?:\s+(?:on|su|auf|sur|em|en)\s+\S+)?\s*[:|»>\-–—]",
        "",
        40,
    ),
    (
        "newsletter or subscription offer",
        r"(?:click here to |please )?subscribe to (?:the |our )?[\w.'’ ]{2,40}(?:youtube )?channel"
        r"|subscribe to get (?:the )?(?:latest|new) posts|sign up for (?:e-?mail )?updates\b"
        r"|discover more from [\w'’&. -]{2,60}$",
        r"(?:^|[.!?]\s+)(?:click here to |please )?(?:sign up|subscribe|join)\b.*\b(?:newsletters?"
        r"|inbox)\b|\b(?:in|to|into) your inbox\b|\bdelivered (?:to|through) your (?:inbox"
        r"|letterbox|door)",
        30,
    ),
    (
        "follow or contact box",
        r"have a (?:news )?tip\b|(?:write|email|e-mail|reach) (?:to )?[\w .'’]{2,40} at \S+@",
        r"\bfollow (?:us|me|him|her|them|@\w+|[\w'’.]+(?: [\w'’.()@]+){0,6}) on "
        r"(?:twitter|facebook|instagram|linkedin|youtube|tiktok|x)\b|\bfollow @\w+"
        r"|\bmay be reached at\b",
        40,
    ),
    (
        "credit line",
        r"\(?(?:additional )?(?:reporting|writing|editing|edited|compiled|translated) by\b",
        r"\bcontributed (?:to )?this (?:report|story|article)\b",
        60,
    ),
    (
        "copyright or usage notice",
        "",
        r"[©ⓒ]|\(c\) \d{4}|\bcopyright\s*(?:©|\(c\)|\d{4})|for (?:your )?personal,? "
        rf"non-?commercial use\b|{RIGHTS_NOTICE_RE}",
        60,
    ),
    (
        "share prompt",
        r"(?:share (?:this|on)\b|like this (?:story|article)\?|click (?:here )?to (?:share|tweet)"
        r"|tell us what you think)",
        "",
        12,
    ),
    (
        "cookie or privacy notice",
        "",
        r"\b(?:we|this (?:web)?site) uses? cookies\b|\baccept (?:all )?cookies\b"
        r"|\bcookie (?:policy|settings|preferences)\b|\bby (?:continuing|using) (?:to (?:use"
        r"|browse) )?(?:this|our) (?:site|website)\b.*\b(?:agree|accept|consent)",
        60,
    ),
    (
        "affiliate or advertising disclosure",
        r"(?:this (?:post|article) (?:is|was) )?(?:sponsored|paid) (?:content|post|by)\b",
        r"\b(?:we|i|this site) (?:may )?(?:earn|receive|get) (?:an? )?(?:small )?"
        r"(?:affiliate )?commission|\bas an amazon associate\b|\bqualifying purchases\b"
        r"|\bcontains? affiliate links\b",
        60,
    ),
    (
        "advertisement label",
        r"(?:advertisement|advertising|sponsored|anzeige|publicidad)\W*$",
        "",
        2,
    ),
    ("tag list", r"(?:tags?|tagged|topics?|filed under|categories|category)\s*:", "", 30),
    ("reading time", r"(?:\d+|one|two|three|five|ten)[ -]min(?:ute)?s?(?: read)?\W*$", "", 4),
)
#: Words one of which a line must hold before a rule's "anywhere" pattern is tried (a cheap
#: test that spares most lines the regular expression).
_CUES: dict[str, tuple[str, ...]] = {
    "newsletter or subscription offer": ("newsletter", "inbox", "letterbox", "your door"),
    "follow or contact box": ("follow", "reached at"),
    "credit line": ("contributed",),
    "copyright or usage notice": ("©", "ⓒ", "(c)", "copyright", "commercial use", *RIGHTS_NOTICES),
    "cookie or privacy notice": ("cookie", "continuing", "by using"),
    "affiliate or advertising disclosure": ("commission", "associate", "qualifying", "affiliate"),
}
_BOILER = tuple(
    (
        why,
        re.compile(start, re.I) if start else None,
        re.compile(anywhere, re.I) if anywhere else None,
        _CUES.get(why, ()),
        most,
    )
    for why, start, anywhere, most in _BOILERPLATE
)

_BYLINE = re.compile(r"(?:written |posted |words |story |text )?by\s+\S", re.I)
_DATED = re.compile(
    r"(?:(?:first |last |originally )?(?:published|updated|posted|modified|edited)"
    r"(?: on| at)?\b|\d+\s+(?:minutes?|hours?|days?)\s+ago\b)",
    re.I,
)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d\b")


def boilerplate(text: str) -> str | None:
    """The kind of publisher boilerplate ``text`` is (a short line only), or None."""
    words = len(text.split())
    stripped = text.strip()
    low = stripped.casefold()
    for why, start, anywhere, cues, most in _BOILER:
        if words > most:
            continue
        if start and start.match(stripped):
            return why
        if anywhere and any(c in low for c in cues) and anywhere.search(stripped):
            return why
    return None


def metadata_line(text: str, author: str | None = None) -> str | None:
    """ "byline" or "dateline" when ``text`` is a short line that states the article's author
    or its date (and little else), else None."""
    words = text.split()
    if not words or len(words) > 12:
        return None
    if _BYLINE.match(text) and len(words) <= 8:
        return "byline (kept as the author)"
    if author and len(words) <= 6 and author.split(",")[0].strip().casefold() in text.casefold():
        return "byline (kept as the author)"
    dated = find_date(text) is not None or _NUMERIC_DATE.search(text) is not None
    if dated and (_DATED.match(text) or len(words) <= 6):
        return "dateline (kept as the date)"
    if _DATED.match(text) and len(words) <= 6:
        return "dateline (kept as the date)"
    return None
