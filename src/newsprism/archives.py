"""Readers for web archives (WARC, via warcio) and feeds (RSS/Atom, via feedparser).

* WARC / WARC.gz: every ``response`` record whose HTTP content type is HTML becomes an HTML
  document; its URL is the record's target URI, its ``ref`` the WARC-Record-ID, its
  ``source`` ``path#N`` (N counts the HTML responses from 1). Other records are skipped (they
  are not articles); a truncated or corrupt archive yields what was read, then a Drop.
* RSS / Atom: every entry with content (``content:encoded``, Atom ``content``, or a summary)
  becomes an HTML document with the entry's link, title, date and id; ``source`` is
  ``path#N``. Entries without content are dropped with that reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsprism.errors import InputError
from newsprism.model import Drop, RawDocument

log = logging.getLogger(__name__)

WARC_SUFFIXES = frozenset({".warc", ".arc"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
_CHARSET = re.compile(r"charset=([\w\-:.]+)", re.I)


def read_warc(path: Path, decode: Any) -> Iterator[RawDocument | Drop]:
    """HTML responses of a WARC (or ARC) file, streamed."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    n = 0
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            it = ArchiveIterator(fh, arc2warc=True)
            for rec in it:
                doc = _warc_record(name, rec, n + 1, decode)
                if doc is None:
                    continue
                n += 1
                yield doc
            if size - int(it.offset) > 4:
                yield Drop(
                    name,
                    f"archive cut short: {size - int(it.offset)} bytes at the end "
                    "could not be read as WARC records",
                )
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield Drop(name, f"WARC archive unreadable after {n} HTML responses ({exc})")
        return
    except (AttributeError, KeyError, TypeError, IndexError) as exc:
        # warcio trips over some malformed records (e.g. a response without WARC-Target-URI)
        yield Drop(
            name,
            f"WARC archive unreadable after {n} HTML responses: malformed record "
            f"({type(exc).__name__} in warcio: {exc})",
        )
        return
    if n == 0:
        yield Drop(name, "WARC archive holds no HTML responses")


def _warc_record(name: str, rec: Any, n: int, decode: Any) -> RawDocument | Drop | None:
    """One WARC record as a document, a Drop, or None when it is not an HTML response."""
    if rec.rec_type != "response" or rec.http_headers is None:
        return None
    ctype = rec.http_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        return None
    source = f"{name}#{n}"
    body = rec.content_stream().read()
    if getattr(rec.raw_stream, "limit", 0):
        return Drop(source, "record truncated: the archive ends inside it")
    status = rec.http_headers.get_statuscode()
    if status and not str(status).startswith("2"):
        return Drop(source, f"HTTP status {status}, not an article page")
    try:
        text, enc = decode(source, body, html=True, declared=_charset(ctype))
    except InputError as exc:
        return Drop(exc.source, exc.reason)
    return RawDocument(
        source=source,
        kind="html",
        content=text,
        url=rec.rec_headers.get_header("WARC-Target-URI"),
        ref=rec.rec_headers.get_header("WARC-Record-ID"),
        encoding=enc,
        crawled=rec.rec_headers.get_header("WARC-Date"),
    )


def _charset(content_type: str) -> str | None:
    m = _CHARSET.search(content_type)
    return m.group(1).strip("\"'").lower() if m else None


def looks_like_feed(head: bytes) -> bool:
    low = head[:2048].lower()
    return b"<rss" in low or (b"<feed" in low and b"atom" in low) or b"<rdf:rdf" in low


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return dt.datetime.fromtimestamp(calendar.timegm(t), dt.UTC).date().isoformat()
    return None


def _entry_html(entry: Any) -> str | None:
    for c in entry.get("content") or []:
        value = c.get("value")
        if value and value.strip():
            return str(value)
    summary = entry.get("summary")
    return str(summary) if summary and summary.strip() else None


def read_feed(name: str, data: bytes) -> Iterator[RawDocument | Drop]:
    """Entries of an RSS or Atom feed that carry content."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = "feed has no entries"
        if parsed.get("bozo"):
            reason += f" (not a valid feed: {parsed.get('bozo_exception')})"
        yield Drop(name, reason)
        return
    for n, entry in enumerate(entries, start=1):
        source = f"{name}#{n}"
        html = _entry_html(entry)
        if html is None:
            yield Drop(source, "feed entry has no content or summary")
            continue
        yield RawDocument(
            source=source,
            kind="html",
            content=html,
            url=entry.get("link"),
            ref=entry.get("id"),
            title=entry.get("title"),
            published=_entry_date(entry),
        )
