"""Fetching article URLs politely (httpx): timeout, size cap, bounded redirects, a clear
user agent, and one request at a time per host with a pause between them.

Only ``http`` and ``https`` URLs are fetched. Every failure is a :class:`Drop` naming the URL
and the reason; nothing raises for a bad page.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import httpx

from newsprism.errors import InputError
from newsprism.model import Drop, RawDocument

log = logging.getLogger(__name__)


def _version() -> str:
    try:
        return version("newsprism")
    except PackageNotFoundError:
        return "dev"


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How newsprism fetches URLs."""

    timeout_s: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    delay_s: float = 1.0  # pause between two requests to the same host
    user_agent: str = f"newsprism/{_version()} (news article comparison; polite, one at a time)"


def is_url(name: str) -> bool:
    return urlsplit(name).scheme in {"http", "https"}


def fetch(urls: Sequence[str], config: FetchConfig = FetchConfig()) -> Iterator[RawDocument | Drop]:
    """Fetch each URL; yield an HTML document or a Drop with the reason."""
    from newsprism.ingest import decode

    last_hit: dict[str, float] = {}
    headers = {"User-Agent": config.user_agent, "Accept": "text/html,application/xhtml+xml"}
    with httpx.Client(
        timeout=config.timeout_s,
        follow_redirects=True,
        max_redirects=config.max_redirects,
        headers=headers,
    ) as client:
        for url in urls:
            host = urlsplit(url).hostname or ""
            wait = last_hit.get(host, 0.0) + config.delay_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            last_hit[host] = time.monotonic()
            try:
                body, ctype, final = _get(client, url, config.max_bytes)
                if "html" not in ctype.lower():
                    yield Drop(url, f"not an HTML page (Content-Type: {ctype or 'none'})")
                    continue
                low = ctype.lower()
                charset = low.split("charset=")[-1].strip() if "charset=" in low else None
                text, enc = decode(url, body, html=True, declared=charset)
                yield RawDocument(
                    source=url,
                    kind="html",
                    content=text,
                    url=final,
                    encoding=enc,
                    crawled=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                )
            except InputError as exc:
                yield Drop(exc.source, exc.reason)
            except httpx.TooManyRedirects:
                yield Drop(url, f"more than {config.max_redirects} redirects")
            except httpx.TimeoutException:
                yield Drop(url, f"no answer within {config.timeout_s:g} s")
            except httpx.HTTPError as exc:
                yield Drop(url, f"fetch failed ({type(exc).__name__}: {exc})")


def _get(client: httpx.Client, url: str, max_bytes: int) -> tuple[bytes, str, str]:
    with client.stream("GET", url) as resp:
        if resp.status_code >= 400:
            raise InputError(url, f"HTTP status {resp.status_code}")
        declared = int(resp.headers.get("Content-Length") or 0)
        if declared > max_bytes:
            raise InputError(url, f"page larger than {max_bytes // 2**20} MiB ({declared} bytes)")
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise InputError(url, f"page larger than {max_bytes // 2**20} MiB; stopped")
            chunks.append(chunk)
        return b"".join(chunks), resp.headers.get("Content-Type", ""), str(resp.url)
