"""Publication dates of an HTML page: from the markup, the URL, the dateline, htmldate.

* ``itemprop="datePublished"`` elements and ``<time>`` elements marked as publication times
  (``pubdate``, a class such as ``published`` or ``entry-date``), outside reader comments;
  a ``<time>`` gives the date it shows, its ``datetime`` only when it shows none (the
  attribute is often in UTC while the page prints the local date);
* a ``/2024/03/19/`` date in the URL;
* a date written near the headline (the dateline): "March 4, 2025", "4 March 2025",
  "2025-03-04", "2025 Mar 4", "2025/03/04", month names of the main European languages
  ("4. März 2025", "4 de marzo de 2025", "4 марта 2025"), CJK dates ("2025年3月4日"), or
  numeric, with day and month in the order of the page's language when both could be
  either (month first for US English); a date marked as an update only when no other date
  is there;
* last, htmldate's search of the markup (without its costly free-text search).

Machine-readable values (``content``, ``datetime``, JSON-LD) are read by
:func:`declared_date`: ISO 8601 (the date as written, in the publisher's own time zone),
"2024/03/19", compact "20240319", Unix time, or a written date. :func:`same_instant` tells
whether a date the page prints is the declared time seen in another zone (a page that prints
its times in UTC while its markup gives local time, or the reverse).
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
    "declared_date",
    "declared_instant",
    "htmldate_date",
    "itemprop_marks",
    "marked_dates",
    "modified_dates",
    "same_instant",
    "shown_date",
    "url_date",
    "written_date",
]

_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?:/|$)|[/_-]((?:19|20)\d\d-[01]\d-[0-3]\d)"
)
_DATE_CLASS = re.compile(r"publish|posted|pubdate|post-date|entry-date|article-date", re.I)

_SLASHED = re.compile(r"^((?:19|20)\d\d)[/.]([01]?\d)[/.]([0-3]?\d)(?!\d)")
_COMPACT = re.compile(r"^((?:19|20)\d\d)([01]\d)([0-3]\d)(?:$|[T\s])")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_INSTANT = re.compile(
    r"^((?:19|20)\d\d-[01]\d-[0-3]\d)[T ]([0-2]\d:[0-5]\d(?::[0-5]\d)?)(?:[.,]\d+)?\s*"
    r"(Z|UTC|GMT|[+-][01]\d(?::?[0-5]\d)?)$",
    re.I,
)
#: Unix times taken as dates: 2000-01-01 to 2100-01-01 (seconds).
_EPOCH_RANGE = (946_684_800, 4_102_444_800)


def declared_date(value: str | None) -> str | None:
    """A machine-readable date (a ``content`` or ``datetime`` attribute, a JSON-LD value) to
    ISO ``YYYY-MM-DD``: ISO 8601 gives the date as written, in the publisher's zone
    ("2020-05-01T23:30:00-04:00" is 2020-05-01); also "2020/05/01", "2020.05.01",
    compact "20200501", Unix seconds or milliseconds, and written dates ("Fri, 01 May
    2020 23:30:00 GMT")."""
    if not value:
        return None
    value = value.strip()
    m = _SLASHED.match(value) or _COMPACT.match(value)
    if m:
        return normalise_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    if _EPOCH.match(value):
        seconds = int(value) // (1000 if len(value) == 13 else 1)
        if _EPOCH_RANGE[0] <= seconds < _EPOCH_RANGE[1]:
            return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()
        return None
    found = normalise_date(value)
    if found:
        return found
    shown = shown_date(value)
    return shown[0] if shown else None


def declared_instant(value: str | None) -> dt.datetime | None:
    """The moment an ISO 8601 date-time with a zone names ("2020-05-01T23:30:00-04:00",
    "...Z"), as an aware datetime; None for a bare date or a time without a zone."""
    m = _INSTANT.match((value or "").strip())
    if m is None:
        return None
    zone = m.group(3).upper()
    if zone in {"Z", "UTC", "GMT"}:
        zone = "+00:00"
    elif len(zone) == 3:
        zone += ":00"
    elif ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    try:
        return dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{zone}")
    except ValueError:
        return None


#: The time zones in use, as offsets from UTC in hours.
_ZONES = (-12, 14)


def same_instant(declared: str | None, shown: str) -> bool:
    """Whether ``shown``, a date the page prints, is the declared date-time ``declared`` seen
    in another time zone, on a different calendar day: the page prints UTC while the markup
    gives the publisher's zone ("2024-01-11T19:30:00-05:00" shown as 2024-01-12), or the
    markup gives UTC and the page the local date ("2024-01-12T02:00:00Z" shown as
    2024-01-11 in New York). A UTC midnight is read as a bare date, not as an instant."""
    when = declared_instant(declared)
    if when is None or shown == when.date().isoformat():
        return False
    try:
        day = dt.date.fromisoformat(shown[:10])
    except ValueError:
        return False
    utc = when.astimezone(dt.UTC)
    if utc.date() == day:
        return True
    if when.utcoffset() != dt.timedelta(0) or utc.time() == dt.time(0):
        return False
    first = (utc + dt.timedelta(hours=_ZONES[0])).date()
    last = (utc + dt.timedelta(hours=_ZONES[1])).date()
    return first <= day <= last


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
    shown = shown_date(" ".join(el.text_content().split())[:80])
    if shown:
        return shown[0]
    return declared_date(el.get("datetime") or el.get("content"))


def itemprop_marks(tree: HtmlElement) -> dict[str, list[HtmlElement]]:
    """The elements whose ``itemprop`` names ``datePublished`` (``"date_published"``) or
    ``dateModified`` (``"date_modified"``), in page order. ``itemprop`` is a list of
    property names: ``itemprop="dateCreated datePublished"`` is a publication date."""
    out: dict[str, list[HtmlElement]] = {"date_published": [], "date_modified": []}
    for el in tree.xpath("//*[@itemprop]"):
        props = (el.get("itemprop") or "").split()
        if "datePublished" in props:
            out["date_published"].append(el)
        elif "dateModified" in props:
            out["date_modified"].append(el)
    return out


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
#: "2025/03/04", "2025.03.04", "2025. 3. 4." (year, month, day: the order of ISO, Korean,
#: Chinese, Japanese, Hungarian dates).
_YEAR_FIRST_NUMERIC = re.compile(
    r"(?<![\w/.-])((?:19|20)\d\d)([/.])\s?([01]?\d)\2\s?([0-3]?\d)(?![\d/-]|\.\d)"
)
_CJK_DATE = re.compile(r"((?:19|20)\d\d)\s*[年년]\s*([01]?\d)\s*[月월]\s*([0-3]?\d)\s*[日일号]?")
#: Month names (and their usual abbreviations) of the main European languages besides
#: English, Indonesian and Turkish, in the form a date takes (the genitive in Slavic
#: languages: "4 марта 2025").
FOREIGN_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            # de, fr, es, it, pt, nl, sv/da/no, pl, ru (genitive), cs (genitive), id, tr
            "januar jänner janvier janv enero ene gennaio gen janeiro januari "
            "stycznia января янв ledna ocak",
            "februar feber février fevrier févr fevr febrero febbraio fevereiro fev februari "
            "lutego февраля фев února şubat",
            "märz mär mrz mars marzo março marco maart mrt marts marca марта мар března maret mart",
            "avril avr abril aprile kwietnia апреля апр dubna nisan",
            "mai mayo maggio mag maio mei maj maja мая května mayıs",
            "juni juin junio giugno giu junho czerwca июня июн června haziran",
            "juli juillet juil julio luglio lug julho lipca июля июл července temmuz",
            "august août aout agosto ago augustus augusti sierpnia августа авг srpna agustus "
            "ağustos",
            "septembre septiembre setiembre settembre set setembro września сентября сен září "
            "eylül",
            "oktober okt octobre octubre ottobre ott outubro out października октября окт října "
            "ekim",
            "novembre noviembre novembro listopada ноября ноя listopadu kasım",
            "dezember dez décembre decembre déc diciembre dic dicembre dezembro desember "
            "grudnia декабря дек prosince aralık",
        ),
        start=1,
    )
    for name in names.split()
}
_FOREIGN_MONTH = "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))


def _month_key(name: str) -> str:
    """A month name as matched (any case) to its lookup key: Turkish dotted and dotless i
    fold to "i" ("MAYIS", "Mayıs" and "NİSAN" all find their month)."""
    return name.lower().replace("\u0307", "").replace("ı", "i")


_MONTH_BY_KEY = {_month_key(k): v for k, v in FOREIGN_MONTHS.items()}
_FOREIGN_DATE = re.compile(
    rf"(?<!\w)([0-3]?\d)(?:\.|º|°|er)?\s*(?:de\s+|di\s+)?({_FOREIGN_MONTH})(?![^\W\d_])\.?,?"
    rf"\s*(?:de\s+|del\s+)?((?:19|20)\d\d)(?!\d)",
    re.I,
)
#: An update label, in English and the languages whose month names are read.
_UPDATED = re.compile(
    r"\b(?:updated|modified|edited|revised|aktualisiert|geändert|mis à jour|actualizado|"
    r"modificado|atualizado|aggiornato|modificato|bijgewerkt|uppdaterad|opdateret|"
    r"oppdatert|zaktualizowano|обновлено)\b",
    re.I,
)
#: Numeric dates with a two-digit year ("09/12/25") are read only after a date label.
_SHORT_YEAR_DATE = re.compile(
    r"\b(?:posted|published|updated|modified|date[d]?)\b(?:\s+on)?\s*:?\s*"
    r"([01]?\d|[23]\d)([/.])([01]?\d|[23]\d)\2(\d\d)(?![\d/.-])",
    re.I,
)


def _iso(year: str | int, month: str | int, day: str | int) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def shown_date(text: str) -> tuple[str, int, int] | None:
    """The first date written in ``text`` whose reading does not depend on the language's
    order of day and month, and where it starts and ends: an English month name ("March 4,
    2025", "4 March 2025", "2025 Mar 4"), another language's month name ("4. März 2025",
    "4 de marzo de 2025"), a CJK date, or year first ("2025-03-04", "2025/03/04")."""
    found: list[tuple[str, int, int]] = []
    english = find_date(text)
    if english:
        found.append(english)
    for m in _YEAR_FIRST.finditer(text):
        iso = normalise_date(f"{m.group(2)} {m.group(3)}, {m.group(1)}")
        if iso:
            found.append((iso, m.start(), m.end()))
            break
    for pat, order in ((_YEAR_FIRST_NUMERIC, (1, 3, 4)), (_CJK_DATE, (1, 2, 3))):
        for m in pat.finditer(text):
            iso = _iso(*(m.group(i) for i in order))
            if iso:
                found.append((iso, m.start(), m.end()))
                break
    for m in _FOREIGN_DATE.finditer(text):
        month = _MONTH_BY_KEY.get(_month_key(m.group(2)))
        iso = _iso(m.group(3), month, m.group(1)) if month else None
        if iso:
            found.append((iso, m.start(), m.end()))
            break
    return min(found, key=lambda f: f[1]) if found else None


def _numeric(m: re.Match[str], year: int, month_first: bool) -> tuple[str, int, int] | None:
    a, b = int(m.group(1)), int(m.group(3))
    month, day = (a, b) if (month_first and a <= 12) or b > 12 else (b, a)
    iso = _iso(year, month, day) if month <= 12 else None
    return (iso, m.start(1), m.end()) if iso else None


def written_date(line: str, month_first: bool) -> tuple[str, int, int] | None:
    """A date written in ``line`` and where it starts and ends: any :func:`shown_date`, or
    numeric "3/4/2025" (day and month in the order of the page's language when both are 12
    or less: month first for US English); the first of them in the line. A two-digit year
    ("Updated on 09/12/25") is read only after a label, as this century's when that is
    not in the future."""
    found = shown_date(line)
    head = line if found is None else line[: found[1]]
    m = _NUMERIC_DATE.search(head)
    if m:
        return _numeric(m, int(m.group(4)), month_first) or found
    m = _SHORT_YEAR_DATE.search(head)
    if m:
        year = 2000 + int(m.group(4))
        year -= 100 if year > dt.date.today().year + 1 else 0
        return _numeric(m, year, month_first) or found
    return found


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
