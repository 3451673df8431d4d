"""Publication dates of an HTML page: from the markup, the URL, the dateline, htmldate.

* ``itemprop="datePublished"`` elements and ``<time>`` elements marked as publication times
  (``pubdate``, a class such as ``published`` or ``entry-date``), outside reader comments;
  a ``<time>`` gives the date it shows, its ``datetime`` only when it shows none (the
  attribute is often in UTC while the page prints the local date);
* a ``/2024/03/19/`` date in the URL;
* a date written near the headline (the dateline): "March 4, 2025", "4 March 2025",
  "2025-03-04", "2025 Mar 4", or numeric, with day and month in the order of the page's
  language when both could be either (month first for US English); a date marked as an
  update only when no other date is there;
* last, htmldate's search of the markup (without its costly free-text search).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence

from lxml.html import HtmlElement  # type: ignore[import-untyped]

from newsprism.dates import find_date, month_date, normalise_date, relative_date

log = logging.getLogger(__name__)

__all__ = [
    "dateline_dates",
    "htmldate_date",
    "marked_dates",
    "modified_dates",
    "url_date",
    "written_date",
]

_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?:/|$)|[/_-]((?:19|20)\d\d-[01]\d-[0-3]\d)"
)
_DATE_CLASS = re.compile(r"publish|posted|pubdate|post-date|entry-date|article-date", re.I)


def _in_comments(el: HtmlElement) -> bool:
    """Inside a reader-comments block (comment dates and commenters are not the article's)."""
    for anc in el.iterancestors():
        if "comment" in f"{anc.get('class') or ''} {anc.get('id') or ''}".lower():
            return True
    return False


def _time_value(el: HtmlElement) -> str | None:
    """The date a ``<time>``-like element shows; its machine-readable value when it shows none.

    The shown date wins because ``datetime`` is often in UTC while the page prints the
    publisher's local date (an evening story is "tomorrow" in UTC).
    """
    shown = find_date(" ".join(el.text_content().split())[:80])
    if shown:
        return shown[0]
    return normalise_date(el.get("datetime") or el.get("content"))


def marked_dates(marks: dict[str, list[HtmlElement]]) -> tuple[list[tuple[str, str]], list[str]]:
    """Publication dates the markup marks as such: ``itemprop="datePublished"`` elements, then
    ``<time>`` elements marked as publication times, as (date, origin) in that order; and the
    dates of the other ``<time>`` elements, in page order. Reader comments are skipped, and
    so are times marked as updates."""
    marked: list[tuple[str, str]] = []
    for el in marks.get("date_published", []):
        value = None if _in_comments(el) else _time_value(el)
        if value:
            marked.append((value, "itemprop"))
    plain: list[str] = []
    for el in marks.get("time", []):
        if marked and plain:
            break
        hints = " ".join((el.get(a) or "") for a in ("itemprop", "class", "id", "data-testid"))
        if _in_comments(el) or re.search(r"modif|updat", hints, re.I):
            continue
        value = _time_value(el)
        if value and ("pubdate" in el.attrib or _DATE_CLASS.search(hints)):
            marked.append((value, "time-element"))
        elif value:
            plain.append(value)
    return marked, plain


def modified_dates(marks: dict[str, list[HtmlElement]]) -> list[str]:
    """Dates the markup marks as the article's last change: ``itemprop="dateModified"``
    elements, then ``<time>`` elements whose class or itemprop names an update."""
    out: list[str] = []
    for el in marks.get("date_modified", []):
        value = None if _in_comments(el) else _time_value(el)
        if value:
            out.append(value)
    for el in marks.get("time", []):
        hints = " ".join((el.get(a) or "") for a in ("itemprop", "class", "id", "data-testid"))
        if re.search(r"modif|updat", hints, re.I) and not _in_comments(el):
            value = _time_value(el)
            if value:
                out.append(value)
    return out


_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])([01]?\d|[23]\d)([/.-])([01]?\d|[23]\d)\2((?:19|20)\d\d)(?![\d/.-])"
)
_YEAR_FIRST = re.compile(
    r"\b((?:19|20)\d\d)\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+([0-3]?\d)\b",
    re.I,
)
_UPDATED = re.compile(r"\b(?:updated|modified|edited|revised)\b", re.I)


def written_date(line: str, month_first: bool) -> tuple[str, int, int] | None:
    """A date written in ``line`` and where it starts and ends: "March 4, 2025", "4 March 2025",
    "2025-03-04", "2025 Mar 4", or numeric "3/4/2025" (day and month in the order of the
    page's language when both are 12 or less: month first for US English)."""
    found = find_date(line)
    if found:
        return found
    m = _YEAR_FIRST.search(line)
    if m:
        iso = normalise_date(f"{m.group(2)} {m.group(3)}, {m.group(1)}")
        if iso:
            return iso, m.start(), m.end()
    m = _NUMERIC_DATE.search(line)
    if m is None:
        return None
    a, b, year = int(m.group(1)), int(m.group(3)), m.group(4)
    month, day = (a, b) if (month_first and a <= 12) or b > 12 else (b, a)
    iso = normalise_date(f"{year}-{month:02d}-{day:02d}") if month <= 12 and day <= 31 else None
    return (iso, m.start(), m.end()) if iso else None


#: Words of a dateline line besides its date ("Published", "By", "Updated on", "5 min read"):
#: a line with more words than this around its date is text that mentions a date.
_DATELINE_MAX_WORDS = 6
_STRONG_REACH = 12
_ALPHA = re.compile(r"[^\W\d_]{2,}")


def _dateline_like(line: str, start: int, end: int) -> bool:
    """Whether ``line`` is a dateline (a date with a few words around it: a label, a byline,
    a reading time) rather than a sentence or a title that mentions a date."""
    rest = line[:start] + " " + line[end:]
    return len(_ALPHA.findall(rest)) <= _DATELINE_MAX_WORDS


def _line_date(
    line: str, month_first: bool, crawled: dt.datetime | None
) -> tuple[str, int, bool] | None:
    """The date a line near the headline gives: (value, where it starts, dateline-like)."""
    found = written_date(line, month_first)
    if found:
        return found[0], found[1], _dateline_like(line, found[1], found[2])
    month = month_date(line)
    if month:
        return month, 0, True
    if crawled is not None and len(_ALPHA.findall(line)) <= _DATELINE_MAX_WORDS:
        rel = relative_date(line, crawled)
        if rel:
            return rel[0], rel[1], True
    return None


def dateline_dates(
    lines: Sequence[str],
    at: int | None,
    month_first: bool,
    crawled: dt.datetime | None = None,
) -> tuple[tuple[str, str] | None, str | None]:
    """The publication date written near the headline (line ``at``; the dateline under it,
    usually), with its origin, and the date written there as an update ("Updated ...").

    A line that is a dateline ("Mar 6, 2025", "By Ann Lee | Posted 3 hours ago") within
    a few lines of the headline is preferred to an earlier line that only mentions a date (a
    subtitle announcing an event); a month without a day ("November 2015") is kept at that
    precision; a relative date is read against ``crawled``, the time the page was fetched.
    A date marked as an update is the published date only when no other date is there.
    """
    if at is None:
        return None, None
    updated: str | None = None
    plain: list[tuple[int, str]] = []
    for k, line in enumerate(lines[max(0, at - 5) : at + 25]):
        found = _line_date(line, month_first, crawled) if len(line) <= 200 else None
        if found is None:
            continue
        value, start, strong = found
        if _UPDATED.search(line[:start]):
            updated = updated or value
            continue
        if strong and k <= _STRONG_REACH + 5:
            return (value, "dateline"), updated or _later_update(lines, at, k, month_first)
        plain.append((k, value))
    if plain:
        return (plain[0][1], "dateline"), updated
    return ((updated, "dateline (updated)") if updated else None), updated


def _later_update(lines: Sequence[str], at: int, k: int, month_first: bool) -> str | None:
    """An "Updated ..." date on the dateline itself or the line after it."""
    base = max(0, at - 5) + k
    for line in lines[base : base + 2]:
        m = _UPDATED.search(line)
        if m:
            found = written_date(line[m.end() :], month_first)
            if found:
                return found[0]
    return None


def url_date(url: str | None) -> str | None:
    m = _URL_DATE.search(url or "")
    if m is None:
        return None
    if m.group(4):
        return normalise_date(m.group(4))
    return normalise_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")


def htmldate_date(tree: HtmlElement, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception as exc:  # htmldate is a fallback: its failure leaves the date empty
        log.debug("htmldate failed: %s", exc)
        return None
    return normalise_date(found) if isinstance(found, str) else None
