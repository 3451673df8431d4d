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

import logging
import re
from collections.abc import Sequence

from lxml.html import HtmlElement  # type: ignore[import-untyped]

from newsprism.dates import find_date, normalise_date

log = logging.getLogger(__name__)

__all__ = ["dateline_date", "htmldate_date", "marked_dates", "url_date", "written_date"]

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


_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])([01]?\d|[23]\d)([/.-])([01]?\d|[23]\d)\2((?:19|20)\d\d)(?![\d/.-])"
)
_YEAR_FIRST = re.compile(
    r"\b((?:19|20)\d\d)\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+([0-3]?\d)\b",
    re.I,
)
_UPDATED = re.compile(r"\b(?:updated|modified|edited|revised)\b", re.I)


def written_date(line: str, month_first: bool) -> tuple[str, int] | None:
    """A date written in ``line`` and where it starts: "March 4, 2025", "4 March 2025",
    "2025-03-04", "2025 Mar 4", or numeric "3/4/2025" (day and month in the order of the
    page's language when both are 12 or less: month first for US English)."""
    found = find_date(line)
    if found:
        return found[0], found[1]
    m = _YEAR_FIRST.search(line)
    if m:
        iso = normalise_date(f"{m.group(2)} {m.group(3)}, {m.group(1)}")
        if iso:
            return iso, m.start()
    m = _NUMERIC_DATE.search(line)
    if m is None:
        return None
    a, b, year = int(m.group(1)), int(m.group(3)), m.group(4)
    month, day = (a, b) if (month_first and a <= 12) or b > 12 else (b, a)
    iso = normalise_date(f"{year}-{month:02d}-{day:02d}") if month <= 12 and day <= 31 else None
    return (iso, m.start()) if iso else None


def dateline_date(
    lines: Sequence[str], at: int | None, month_first: bool
) -> tuple[str, str] | None:
    """A date written near the headline (line ``at``; the dateline under it, usually), with
    its origin. A date marked as an update is taken only when no other date is there."""
    if at is None:
        return None
    updated: str | None = None
    for line in lines[max(0, at - 5) : at + 25]:
        found = written_date(line, month_first) if len(line) <= 200 else None
        if found is None:
            continue
        if not _UPDATED.search(line[: found[1]]):
            return found[0], "dateline"
        updated = updated or found[0]
    return (updated, "dateline (updated)") if updated else None


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
