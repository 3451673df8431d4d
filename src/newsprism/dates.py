"""Dates written in article text and metadata, to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # February 21, 2018
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),  # 21 February 2018
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),  # ISO
)


def _build(year: str, month: str, day: str) -> str | None:
    m = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if m is None:
        return None
    try:
        return dt.date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first date written in ``text``: (ISO date, start, end), or None."""
    best: tuple[str, int, int] | None = None
    for pat in DATE_PATTERNS:
        m = pat.search(text)
        if m is None:
            continue
        iso = _build(m.group("year"), m.group("month"), m.group("day"))
        if iso and (best is None or m.start() < best[1]):
            best = (iso, m.start(), m.end())
    return best


def normalise_date(value: str | None) -> str | None:
    """A date from metadata or a record ("2018-02-21T10:00:00Z", "Feb 21, 2018") to ISO."""
    if not value:
        return None
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    found = find_date(value)
    return found[0] if found else None


_MONTH_YEAR = re.compile(rf"^{_MONTH},?\s+{_YEAR}$", re.I)


def month_date(line: str) -> str | None:
    """``YYYY-MM`` when ``line`` is only a month and a year ("November 2015"): a dateline
    that gives no day. The value keeps that precision; it is not padded to a day."""
    m = _MONTH_YEAR.match(line.strip())
    if m is None:
        return None
    month = MONTHS.get(m.group("month").lower().rstrip("."))
    return f"{m.group('year')}-{month:02d}" if month else None


# Relative dates ("3 hours ago") in English and the languages whose month names are read:
# a count and a unit, then "ago" ("2 ore fa", "3 часа назад", "2 jam lalu", "3 saat önce"),
# or a word before them ("il y a 3 heures", "hace 2 horas", "vor 3 Stunden", "há 2 horas").
_COUNT = r"(?P<n>\d{1,3}|an?|one|une?|una|uno|ein(?:e[mr]?)?|uma?|один|одну|satu|bir)"
_UNIT = (
    r"(?:(?P<m>min(?:ute)?s?|minutes?|minutos?|minuten?|minuti|минут[аы]?|menit|dakika)"
    r"|(?P<h>hours?|hrs?|h|heures?|horas?|stunden?|or[ae]|час(?:а|ов)?|jam|saat)"
    r"|(?P<d>days?|jours?|d[ií]as?|tag(?:en?)?|giorn[oi]|дн(?:я|ей)|день|hari|gün)"
    r"|(?P<w>weeks?|semaines?|semanas?|wochen?|settiman[ae]|недел[иьюя]|minggu|hafta))"
)
_AGO_AFTER = re.compile(
    rf"(?<!\w){_COUNT}\s*{_UNIT}\s+(?:ago|fa|назад|(?:yang\s+)?lalu|önce)(?!\w)", re.I
)
_AGO_BEFORE = re.compile(rf"(?<!\w)(?:il y a|hace|vor|há)\s+{_COUNT}\s*{_UNIT}(?!\w)", re.I)
# "hier" (French) is left out: it is German for "here".
_DAY_WORD = re.compile(
    r"(?<!\w)(?:(?P<today>today|aujourd'hui|hoy|heute|hoje|oggi|сегодня|hari ini|bugün)"
    r"|(?P<yesterday>yesterday|ayer|gestern|ontem|ieri|вчера|kemarin|dün)|just now)(?!\w)",
    re.I,
)
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def crawl_time(value: str | None) -> dt.datetime | None:
    """A crawl or fetch time (ISO date or date-time; a WARC-Date) as an aware datetime."""
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            when = dt.datetime.combine(dt.date.fromisoformat(value.strip()[:10]), dt.time())
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def relative_date(text: str, crawled: dt.datetime) -> tuple[str, int, int] | None:
    """The date that "3 hours ago", "2 days ago", "yesterday" or "today" in ``text`` (or
    "il y a 3 heures", "vor 2 Tagen", "3 часа назад" ...) means when the page was fetched
    at ``crawled``, and where the phrase starts and ends. Months and years ago are too
    coarse to give a day and are not read."""
    found = [m for m in (_AGO_AFTER.search(text), _AGO_BEFORE.search(text)) if m]
    if found:
        m = min(found, key=lambda x: x.start())
        n = m.group("n")
        count = int(n) if n.isdigit() else 1
        unit = next(u for u in "mhdw" if m.group(u))
        when = crawled - dt.timedelta(seconds=count * _UNIT_SECONDS[unit])
        return when.date().isoformat(), m.start(), m.end()
    w = _DAY_WORD.search(text)
    if w:
        back = 1 if w.group("yesterday") else 0
        return (crawled.date() - dt.timedelta(days=back)).isoformat(), w.start(), w.end()
    return None
