"""Query parameters of the listing pages, validated: a bad value is an HTTP 400, never a 500."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode
from urllib.parse import urlsplit as _urlsplit

from newsprism.store.stories import Sort

PAGE_SIZE = 50
MAX_PAGE = 1_000_000
MAX_QUERY_CHARS = 500
SORTS: tuple[Sort, ...] = ("recent", "coverage")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Whitespace (any Unicode space) and control characters: never in a linked URL.
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")


class WebError(Exception):
    """An error shown to the reader with its HTTP status (400, 404...)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class ListParams:
    """Search, filters, sort and page of a story listing."""

    q: str = ""
    outlet: str = ""
    lang: str = ""
    date_from: str = ""
    date_to: str = ""
    sort: Sort = "recent"
    page: int = 1

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.outlet or self.lang or self.date_from or self.date_to)

    def query(self, *, keep_outlet: bool = True, **changes: Any) -> str:
        """The query string (with its ``?``, or empty) for these parameters with ``changes``."""
        p = replace(self, **changes) if changes else self
        pairs = [
            ("q", p.q),
            ("outlet", p.outlet if keep_outlet else ""),
            ("lang", p.lang),
            ("from", p.date_from),
            ("to", p.date_to),
            ("sort", "" if p.sort == "recent" else p.sort),
            ("page", "" if p.page == 1 else str(p.page)),
        ]
        qs = urlencode([(k, v) for k, v in pairs if v])
        return f"?{qs}" if qs else ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["from"], d["to"] = d.pop("date_from"), d.pop("date_to")
        return d


def _date(name: str, value: str) -> str:
    if not _DATE.fullmatch(value):
        raise WebError(400, f"{name}: {value!r} is not a date; use YYYY-MM-DD (e.g. 2021-04-22)")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise WebError(400, f"{name}: {value!r} is not a valid calendar date") from None
    return value


def _page(value: str) -> int:
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise WebError(400, f"page: {value!r} is not a page number (a whole number from 1)")
    if int(value) > MAX_PAGE:
        raise WebError(400, f"page: {value} is too large (at most {MAX_PAGE})")
    return int(value)


def parse_list(params: Mapping[str, str]) -> ListParams:
    """Validate ``?q=&outlet=&lang=&from=&to=&sort=&page=``; empty values mean "not set"."""
    q = params.get("q", "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise WebError(400, f"q: the search is too long (at most {MAX_QUERY_CHARS} characters)")
    date_from = _date("from", v) if (v := params.get("from", "").strip()) else ""
    date_to = _date("to", v) if (v := params.get("to", "").strip()) else ""
    if date_from and date_to and date_from > date_to:
        raise WebError(400, f"from ({date_from}) is after to ({date_to})")
    sort = params.get("sort", "").strip() or "recent"
    if sort not in SORTS:
        raise WebError(400, f"sort: {sort!r} is not a sort order; use one of: {', '.join(SORTS)}")
    page = _page(v) if (v := params.get("page", "").strip()) else 1
    return ListParams(
        q=q,
        outlet=params.get("outlet", "").strip(),
        lang=params.get("lang", "").strip(),
        date_from=date_from,
        date_to=date_to,
        sort="coverage" if sort == "coverage" else "recent",
        page=page,
    )


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL that is safe in an ``href``, else None.

    Article URLs are untrusted input: anything else (``javascript:``, ``data:``, a relative
    path, a URL with spaces or control characters) is shown as text, never linked."""
    if not url or len(url) > 4000 or _UNSAFE_IN_URL.search(url):
        return None
    try:
        parts = _urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def urlpart(value: str) -> str:
    """One path segment of a link to this app (outlet names contain spaces, dots, slashes)."""
    return quote(value, safe="")
