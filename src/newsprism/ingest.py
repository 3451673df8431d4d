"""Readers: files, directories and stdin in; :class:`RawDocument` (or a :class:`Drop`) out.

Supported inputs (a ``.gz`` of any of them too):

* ``.txt`` (and any other file that is not HTML or JSONL): scraped plain text.
* ``.html`` / ``.htm``: a saved web page.
* ``.jsonl``: one JSON object per line with the fields ``id``, ``title``, ``text`` or ``html``,
  ``url``, ``outlet``, ``published``, ``lang``, ``crawled`` (when it was fetched, ISO; dates a
  relative dateline such as "3 hours ago") (all optional but one of ``text``/``html``), each
  also under the names other tools give it (:data:`FIELD_ALIASES`).
* a directory: every file below it with one of the endings above, in name order.
* ``-``: standard input, sniffed as JSONL, HTML or text.

Bytes are decoded as UTF-8 when they are valid UTF-8, else by the page's declared charset,
else by charset detection (charset-normalizer), so cp1251 and latin-1 files read correctly.
"""

from __future__ import annotations

import codecs
import gzip
import json
import logging
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from newsprism.archives import (
    FEED_SUFFIXES,
    WARC_SUFFIXES,
    looks_like_feed,
    read_feed,
    read_warc,
)
from newsprism.errors import InputError
from newsprism.model import DocKind, Drop, RawDocument

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES | FEED_SUFFIXES
JSONL_FIELDS = ("id", "title", "text", "html", "url", "outlet", "published", "lang", "crawled")
MAX_BYTES = 64 * 1024 * 1024

# Zero-width and bidirectional control characters: invisible, they split words ("Lav\u200brov")
# and can reorder what a reader sees. They are removed from every input as it is decoded.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def read(
    paths: Iterable[str | Path], *, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | Drop]:
    """Read every input named in ``paths``; yield documents, and a Drop for each bad one.

    ``http(s)://`` URLs are fetched last, politely (:mod:`newsprism.fetch`)."""
    from newsprism.fetch import fetch, is_url

    names = [str(p) for p in paths]
    for name in names:
        if is_url(name):
            continue
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_bytes("-", stream.read(MAX_BYTES + 1), suffix=None)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(
                f for f in path.rglob("*") if f.is_file() and _logical_suffix(f) in KNOWN_SUFFIXES
            )
            if not files:
                yield Drop(
                    name, "directory holds no article files (.txt .html .jsonl .warc .rss ...)"
                )
            for f in files:
                yield from read_file(f)
        else:
            yield from read_file(path)
    urls = [n for n in names if is_url(n)]
    if urls:
        yield from fetch(urls)


def read_file(path: Path) -> Iterator[RawDocument | Drop]:
    """Read one file; never raises for bad content, yields a Drop instead.

    Archives and JSONL are streamed (any size); a single text or HTML article over
    ``MAX_BYTES`` is dropped without being read."""
    name = str(path)
    suffix = _logical_suffix(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            yield Drop(name, "not a regular file")
            return
    except FileNotFoundError:
        yield Drop(name, "no such file or directory")
        return
    except OSError as exc:
        yield Drop(name, f"cannot read file ({exc.strerror or exc})")
        return
    if suffix in WARC_SUFFIXES:
        yield from read_warc(path, decode)
        return
    if suffix in JSONL_SUFFIXES:
        yield from _stream_jsonl(path)
        return
    if size > MAX_BYTES:
        yield Drop(name, f"file is {size // 2**20} MiB, larger than an article may be "
                   f"({MAX_BYTES // 2**20} MiB); not read")  # fmt: skip
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Drop(name, f"cannot read file ({exc.strerror or exc})")
        return
    yield from _read_bytes(name, data, suffix=suffix)


def _stream_jsonl(path: Path) -> Iterator[RawDocument | Drop]:
    """JSONL read line by line (gzip too), so a file of any size keeps memory bounded."""
    name = str(path)
    with path.open("rb") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
    lineno = 0
    seen = False
    try:
        with gzip.open(path, "rb") if gz else path.open("rb") as fh:
            while True:
                line = fh.readline(MAX_BYTES + 1)
                if not line:
                    break
                lineno += 1
                if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                    while (rest := fh.readline(MAX_BYTES)) and not rest.endswith(b"\n"):
                        pass
                    yield Drop(f"{name}:{lineno}", f"line longer than {MAX_BYTES // 2**20} MiB")
                    continue
                if not line.strip():
                    continue
                seen = True
                try:
                    text, _ = decode(f"{name}:{lineno}", line)
                except InputError as exc:
                    yield Drop(exc.source, exc.reason)
                    continue
                yield from _jsonl_line(f"{name}:{lineno}", text)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Drop(name, f"gzip data truncated or corrupt after line {lineno} ({exc})")
        return
    if not seen:
        yield Drop(name, "empty file")


def _logical_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _read_bytes(name: str, data: bytes, suffix: str | None) -> Iterator[RawDocument | Drop]:
    try:
        data = _gunzip(name, data)
        if len(data) > MAX_BYTES:
            raise InputError(name, f"larger than {MAX_BYTES // 2**20} MiB once decompressed")
        if not data.strip():
            raise InputError(name, "empty file")
        kind = _sniff(data) if suffix is None or suffix not in KNOWN_SUFFIXES else None
        if suffix in FEED_SUFFIXES or kind == "feed":
            if not looks_like_feed(data):
                raise InputError(name, "XML file that is not an RSS or Atom feed")
            yield from read_feed(name, data)
            return
        if suffix in JSONL_SUFFIXES or kind == "jsonl":
            text, _ = decode(name, data)
            yield from _read_jsonl(name, text)
            return
        doc_kind: DocKind = "html" if (suffix in HTML_SUFFIXES or kind == "html") else "text"
        text, encoding = decode(name, data, html=doc_kind == "html")
        yield RawDocument(source=name, kind=doc_kind, content=text, encoding=encoding)
    except InputError as exc:
        yield Drop(exc.source, exc.reason)


def _gunzip(name: str, data: bytes) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, MAX_BYTES + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(name, f"corrupt gzip data ({exc})") from exc
    if len(out) <= MAX_BYTES and not d.eof:
        raise InputError(name, f"truncated gzip file ({len(out)} bytes decompressed)")
    return out


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"{"):
        return "jsonl"
    if looks_like_feed(head):
        return "feed"
    low = head[:1024].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in low:
        return "html"
    return "text"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.02


def decode(
    name: str, data: bytes, *, html: bool = False, declared: str | None = None
) -> tuple[str, str]:
    """Decode ``data`` to text; returns (text, encoding) or raises InputError.

    ``declared`` is a charset named outside the bytes (an HTTP Content-Type header)."""
    text, encoding = _decode(name, data, html=html, declared=declared)
    return strip_invisible(text), encoding


def _decode(name: str, data: bytes, *, html: bool, declared: str | None) -> tuple[str, str]:
    if _looks_binary(data):
        raise InputError(name, "binary file, not text, HTML or JSONL")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html and declared is None:
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "ignore").lower() if m else None
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            log.info("%s: declared charset %s does not decode it", name, declared)
    encoding = _detect_encoding(data)
    if encoding is None:
        raise InputError(name, "cannot tell the text encoding (not UTF-8; detection failed)")
    return data.decode(encoding, errors="replace"), encoding


# Encodings in common use on the web, most used first. charset-normalizer's raw ranking can
# prefer a rare code page that decodes Western text with equal "chaos" (latin-1 French came out
# as cp1257); a small prior toward common encodings settles such near-ties.
_COMMON_ENCODINGS = (
    "cp1252", "cp1251", "cp1250", "shift_jis", "gb18030", "gbk", "gb2312", "euc_kr", "big5",
    "euc_jp", "iso8859_2", "cp1256", "cp1254", "cp1253", "cp1255", "koi8_r", "koi8_u",
    "iso8859_9", "iso8859_15", "cp874", "cp1258", "iso8859_5", "iso8859_7", "latin_1",
)  # fmt: skip


def _detect_encoding(data: bytes) -> str | None:
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None

    def cost(m: Any) -> tuple[float, int]:
        enc = str(m.encoding)
        rank = _COMMON_ENCODINGS.index(enc) if enc in _COMMON_ENCODINGS else len(_COMMON_ENCODINGS)
        prior = 0.0 if rank < len(_COMMON_ENCODINGS) else 0.05
        return float(m.chaos) - 0.1 * float(m.coherence) + prior, rank

    return str(min(matches, key=cost).encoding)


def _read_jsonl(name: str, text: str) -> Iterator[RawDocument | Drop]:
    seen_any = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        seen_any = True
        yield from _jsonl_line(f"{name}:{lineno}", line)
    if not seen_any:
        yield Drop(name, "empty file")


def _jsonl_line(source: str, line: str) -> Iterator[RawDocument | Drop]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Drop(source, f"invalid JSON ({exc.msg} at column {exc.colno})")
        return
    if not isinstance(rec, dict):
        yield Drop(source, f"a JSONL line must be an object, not {type(rec).__name__}")
        return
    doc = _record(source, rec)
    yield Drop(source, doc) if isinstance(doc, str) else doc


#: Other names for the record fields, as other tools write them (news-please, newspaper,
#: trafilatura's JSON, CC-News, feeds turned into JSON): the first name present wins, and a
#: field's own name always comes first.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("_id", "uuid", "guid"),
    "title": ("headline",),
    "text": ("body", "maintext", "content", "article", "raw_text"),
    "html": ("raw_html", "content_html"),
    "url": ("link", "canonical_url", "source_url"),
    "outlet": ("source_name", "sitename", "site_name", "publisher", "source_domain", "domain"),
    "published": (
        "date", "published_at", "publish_date", "date_publish", "pubDate", "datePublished",
        "pub_date", "published_date",
    ),
    "lang": ("language",),
    "crawled": ("date_download", "crawled_at", "fetched_at", "crawl_date"),
}  # fmt: skip


def _field(rec: dict[str, Any], key: str) -> tuple[str, Any]:
    """The name under which the record gives ``key`` (its own or an alias) and the value."""
    for name in (key, *FIELD_ALIASES.get(key, ())):
        if rec.get(name) is not None:
            return name, rec[name]
    return key, None


def _str_field(rec: dict[str, Any], key: str) -> str | None:
    v = _field(rec, key)[1]
    if v is None:
        return None
    if isinstance(v, (int, float)) and key in {"id", "published"}:
        return str(v)
    return v.strip() or None if isinstance(v, str) else None


def _record(source: str, rec: dict[str, Any]) -> RawDocument | str:
    html = _field(rec, "html")[1]
    text = _field(rec, "text")[1]
    if isinstance(html, str) and html.strip():
        kind: DocKind = "html"
        content = html
    elif isinstance(text, str) and text.strip():
        kind = "text"
        content = text
    else:
        return "record has no non-empty 'text' or 'html' field (nor one of their other names)"
    for key in ("id", "title", "url", "outlet", "published", "lang", "crawled"):
        name, v = _field(rec, key)
        if v is not None and not isinstance(v, (str, int, float)):
            return f"field {name!r} must be a string, not {type(v).__name__}"
    return RawDocument(
        source=source,
        kind=kind,
        content=content,
        ref=_str_field(rec, "id"),
        url=_str_field(rec, "url"),
        outlet=_str_field(rec, "outlet"),
        title=_str_field(rec, "title"),
        published=_str_field(rec, "published"),
        crawled=_str_field(rec, "crawled"),
        lang=_str_field(rec, "lang"),
    )
