"""Article metadata (title, publication date, author, site name, canonical URL) from an HTML page.

The evidence is read in a fixed order of trust, from what a publisher declares for machines to
what a reader sees, and each field records where its value came from (``"json-ld"``,
``"meta"``, ``"time-element"``, ``"byline"``, ``"h1"``...):

* **JSON-LD** (schema.org ``NewsArticle``/``Article``/``BlogPosting``..., through ``@graph`` and
  ``mainEntity``): ``headline``, ``datePublished``, ``author`` (people before organisations;
  several joined with ``", "``), ``publisher.name``;
* **meta tags**: Open Graph and ``article:*`` (``og:title``, ``article:published_time``,
  ``og:site_name``), Dublin Core, ``itemprop`` and the common CMS names (``author``,
  ``parsely-pub-date``, ``sailthru.date``...);
* **the page**: ``<time datetime>`` and ``itemprop="datePublished"`` elements, bylines
  (``rel="author"``, ``itemprop="author"``, classes named ``byline``/``author``), the ``<h1>``;
* **the URL**: a ``/2024/03/19/`` date path;
* last, and only for the date when nothing above gave one, htmldate's search of the markup
  (the costly step that trafilatura always runs, here without its free-text search).

The title is the headline a reader sees: the ``<h1>`` when it agrees with a declared title,
otherwise the declared title with a trailing or leading site name (" | Site", "Site - ")
stripped. None of this was fitted to a scored page: the rules are the documented meaning of
each markup vocabulary.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement  # type: ignore[import-untyped]

from newsprism.authors import (
    author_marks,
    byline_author,
    clean_name,
    looks_like_person,
    split_names,
)
from newsprism.dates import crawl_time
from newsprism.meta_dates import (
    dateline_dates,
    declared_date,
    htmldate_date,
    itemprop_marks,
    marked_dates,
    modified_dates,
    same_instant,
    url_date,
)

log = logging.getLogger(__name__)

__all__ = ["PageMeta", "clean_title", "page_meta"]

#: schema.org types whose fields describe the article itself.
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article NewsArticle BlogPosting ReportageNewsArticle AnalysisNewsArticle "
        "OpinionNewsArticle BackgroundNewsArticle ReviewNewsArticle TechArticle "
        "ScholarlyArticle MedicalScholarlyArticle LiveBlogPosting SocialMediaPosting Report "
        "SatiricalArticle AdvertiserContentArticle Review HowTo Recipe"
    ).split()
)
#: Less specific types, used only when no article node gives a field.
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "medicalwebpage", "faqpage"})

META_TITLE = ("og:title", "twitter:title", "dc.title", "dcterms.title", "headline")
META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:article:published", "article:published_date", "article.published", "article:post_date",
    "og:published_time", "og:pubdate", "og:publish_date", "published_time", "datepublished",
    "date_published", "parsely-pub-date", "sailthru.date", "publish-date", "publishdate",
    "publish_date", "pubdate", "publication_date", "publication-date", "article_date_original",
    "citation_publication_date", "citation_date", "prism.publicationdate", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dc.date.publication", "dcterms.created", "dc.created",
    "dc.date", "dc:date", "dcterms.date", "dateposted", "date", "datecreated",
)  # fmt: skip
META_UPDATED = (
    "article:modified_time", "og:article:modified_time", "article:updated_time",
    "og:updated_time", "modified_time", "datemodified", "last-modified", "dcterms.modified",
    "dc.date.modified",
)  # fmt: skip
META_AUTHOR = (
    "author", "article:author", "og:article:author", "parsely-author", "sailthru.author",
    "dc.creator", "dcterms.creator", "citation_author", "byl",
)  # fmt: skip
META_SITE = ("og:site_name", "application-name", "publisher", "dc.publisher")

_JSON_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_SEPARATORS = re.compile(r"\s+[|–—·•:»«~/-]\s+|\s+::\s+|\s*\|\s*")


@dataclass(slots=True)
class PageMeta:
    """Metadata of one page; ``provenance`` maps each found field to where it came from."""

    title: str | None = None
    published: str | None = None
    #: When the page says the article was last changed (``dateModified``, "Updated ...").
    updated: str | None = None
    author: str | None = None
    site_name: str | None = None
    url: str | None = None
    description: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    #: Every form of the headline the page shows or declares (``<h1>``, Open Graph, JSON-LD,
    #: ``<title>``, with and without the site's name), for taking it out of the body.
    headlines: list[str] = field(default_factory=list)

    def set(self, name: str, value: str | None, origin: str) -> None:
        """Fill ``name`` with ``value`` (from ``origin``) unless it already has a value."""
        if value and getattr(self, name) is None:
            setattr(self, name, value)
            self.provenance[name] = origin

    def as_fields(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "published": self.published,
            "updated": self.updated,
            "author": self.author,
            "site_name": self.site_name,
            "url": self.url,
        }


def _squash(text: str | None) -> str:
    """Whitespace collapsed; HTML entities left escaped in an attribute ("&#39;") decoded."""
    text = text or ""
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def _key(text: str | None) -> str:
    """Letters and digits only, case-folded: the form in which names and titles are compared."""
    return "".join(ch for ch in (text or "").casefold() if ch.isalnum())


# ---------------------------------------------------------------------------------------------
# Reading the markup


def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` values by lower-cased ``property``/``name``/``itemprop``, in page order. An
    attribute that names several properties (``itemprop="dateCreated datePublished"``, RDFa's
    ``property="og:title twitter:title"``) files the value under each."""
    found: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = el.get("content") or el.get("value")
        if not content or not content.strip():
            continue
        names = {n for a in ("property", "name", "itemprop") for n in (el.get(a) or "").split()}
        for name in sorted(n.lower() for n in names):
            found.setdefault(name, []).append(_squash(content))
    return found


def _first(tags: dict[str, list[str]], name: str) -> str | None:
    values = tags.get(name)
    return values[0] if values else None


def _json_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, through lists, ``@graph`` and nested ``mainEntity``."""
    if isinstance(data, list):
        for item in data:
            yield from _json_nodes(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), list | dict):
                yield from _json_nodes(data[key])


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).rsplit("/", 1)[-1].lower() for x in items if x}


def _json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    """The page's JSON-LD objects, article nodes first, then page nodes, then the rest."""
    nodes: list[dict[str, Any]] = []
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json" or not el.text:
            continue
        text = _JSON_WRAPPER.sub("", el.text).strip().rstrip(";")
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            log.debug("unreadable JSON-LD block skipped")
            continue
        nodes.extend(_json_nodes(data))
    return sorted(
        nodes,
        key=lambda n: 0 if _types(n) & ARTICLE_TYPES else 1 if _types(n) & PAGE_TYPES else 2,
    )


def _names(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[list[str], list[str]]:
    """People's and organisations' names in a JSON-LD ``author`` value (a string, a Person,
    an Organization, a list of them, an ``@id`` reference)."""
    people: list[str] = []
    orgs: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            people.extend(split_names(item))
        elif isinstance(item, dict):
            node = by_id.get(str(item.get("@id")), item) if "name" not in item else item
            name = node.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            if not isinstance(name, str):
                continue
            is_org = any("organization" in t for t in _types(node))
            (orgs if is_org else people).append(clean_name(_squash(name)))
    return [n for n in people if n], [n for n in orgs if n]


def _join_authors(names: list[str]) -> str | None:
    unique = list(dict.fromkeys(n for n in names if n))
    return ", ".join(unique) if unique else None


def _set_published(meta: PageMeta, value: str, origin: str, declared: list[str]) -> None:
    """The published date from a machine-readable ``value``, unless one is already set;
    ``declared`` keeps the value as written (its time and zone) when it is used."""
    if meta.published is None and declared_date(value):
        meta.set("published", declared_date(value), origin)
        declared.append(value)


def _from_json_ld(
    tree: HtmlElement, meta: PageMeta, declared: list[str]
) -> tuple[list[str], list[str]]:
    """Title, date and site name from JSON-LD; returns its authors (people, organisations).
    ``declared`` receives the published value as written."""
    nodes = _json_ld(tree)
    by_id = {str(n["@id"]): n for n in nodes if "@id" in n}
    articles = [n for n in nodes if _types(n) & (ARTICLE_TYPES | PAGE_TYPES)]
    people: list[str] = []
    orgs: list[str] = []
    for node in articles:
        headline = node.get("headline") if _types(node) & ARTICLE_TYPES else None
        if isinstance(headline, str):
            meta.set("title", _squash(headline), "json-ld")
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if isinstance(node.get(key), str):
                _set_published(meta, node[key], "json-ld", declared)
        if isinstance(node.get("dateModified"), str):
            meta.set("updated", declared_date(node["dateModified"]), "json-ld")
        publisher = node.get("publisher")
        if isinstance(publisher, dict):
            publisher = by_id.get(str(publisher.get("@id")), publisher)
            if isinstance(publisher.get("name"), str):
                meta.set("site_name", _squash(publisher["name"]), "json-ld")
        if not people:
            people, more = _names(node.get("author"), by_id)
            orgs = orgs or more
    for node in nodes:
        if _types(node) & {"website", "newsmediaorganization"} and isinstance(
            node.get("name"), str
        ):
            meta.set("site_name", _squash(node["name"]), "json-ld")
    return people, orgs


def _from_meta_tags(tags: dict[str, list[str]], meta: PageMeta, declared: list[str]) -> list[str]:
    """Title, date, site name, description and URL from meta tags; returns the author names
    they give (every value of the first author tag present: ``citation_author`` repeats).
    ``declared`` receives the published value as written."""
    for name in META_TITLE:
        meta.set("title", _first(tags, name), "meta")
    for name in META_PUBLISHED:
        value = _first(tags, name)
        if value:
            _set_published(meta, value, "meta", declared)
    for name in META_UPDATED:
        meta.set("updated", declared_date(_first(tags, name)), "meta")
    for name in META_SITE:
        meta.set("site_name", _first(tags, name), "meta")
    meta.set("description", _first(tags, "og:description") or _first(tags, "description"), "meta")
    url = _first(tags, "og:url")
    if url and url.startswith("http"):
        meta.set("url", url, "meta")
    for name in META_AUTHOR:
        names = [n for v in tags.get(name, []) if not v.startswith("http") for n in split_names(v)]
        if names:
            return names
    return []


def _choose_author(
    meta: PageMeta,
    sources: tuple[list[str], list[str], list[str]],
    byline: Callable[[], tuple[str, str] | None],
    sites: set[str],
) -> None:
    """People named by JSON-LD, then by meta tags, then the visible byline; then whatever the
    meta tags name (not the site itself); last, an organisation named as author by JSON-LD."""
    json_people, json_orgs, meta_names = sources
    meta.set("author", _join_authors(json_people), "json-ld")
    people = [n for n in meta_names if looks_like_person(n)]
    meta.set("author", _join_authors(people), "meta")
    if meta.author is None:
        found = byline()
        if found:
            meta.set("author", found[0], found[1])
    others = [n for n in meta_names if _key(n) not in sites and looks_like_person(n, min_words=1)]
    meta.set("author", _join_authors(others), "meta")
    meta.set("author", _join_authors(json_orgs), "json-ld")


def _headline_at(lines: Sequence[str], title: str | None, h1s: Sequence[str]) -> int | None:
    """Index of the headline among the page's lines: the title's line, else an ``<h1>``'s."""
    keys = [k for k in (_key(title), *(_key(h) for h in h1s)) if k]
    if not keys:
        return None
    longest = max(len(k) for k in keys)
    for i, line in enumerate(lines):
        if len(line) <= 2 * longest + 20 and _key(line) in keys:
            return i
    return None


# ---------------------------------------------------------------------------------------------
# Titles


def _site_names(meta: PageMeta, url: str | None) -> set[str]:
    names = {_key(meta.site_name)} if meta.site_name else set()
    host = urlsplit(url or meta.url or "").hostname or ""
    parts = [p for p in host.lower().split(".") if p not in {"www", "m", "amp"}]
    if parts:
        names.add(_key(parts[0]) if len(parts) == 1 else _key(parts[-2]))
        names.add(_key("".join(parts[:-1])))
    return {n for n in names if n}


def clean_title(title: str | None, sites: set[str]) -> str | None:
    """``title`` without a leading or trailing segment that names the site.

    "Budget passes | The Daily Planet" -> "Budget passes" when "The Daily Planet" is the site
    name (or the URL's host, ignoring spaces, case and punctuation).
    """
    if not title:
        return None
    title = _squash(title)
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title

    def is_site(part: str) -> bool:
        k = _key(part)
        return bool(k) and any(k == s or (len(s) > 3 and (s in k or k in s)) for s in sites)

    while len(parts) > 1 and is_site(parts[-1]):
        title = title[: title.rfind(parts[-1])].rstrip()
        title = re.sub(r"\s*(?:[|–—·•:»«~/-]|::)\s*$", "", title)
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):  # "Site | site.com - Headline"
        title = _SEPARATORS.split(title, maxsplit=1)[1]
        parts.pop(0)
    return title.strip() or None


def _similar(a: str, b: str) -> bool:
    """Two titles that name the same headline: one holds the other, or most words are shared."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb or (min(len(ka), len(kb)) >= 12 and (ka in kb or kb in ka)):
        return True
    wa, wb = set(a.casefold().split()), set(b.casefold().split())
    return 2 * len(wa & wb) / (len(wa) + len(wb)) >= 0.7


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3}


def _headlines(h1s: list[HtmlElement], sites: set[str]) -> list[str]:
    """The page's ``<h1>`` texts that can be a headline: not the site's name or logo (an
    ``<h1>`` that links to the home page), not a single word."""
    out: list[str] = []
    for h in h1s:
        text = _squash(h.text_content())
        if not 1 < len(text) <= 300 or len(text.split()) < 2 or _key(text) in sites:
            continue
        if any((a.get("href") or "").rstrip("/") in {"", "."} for a in h.iter("a")):
            continue
        out.append(text)
        if len(out) == 5:
            break
    return out


def _choose_title(
    tree: HtmlElement, h1_elements: list[HtmlElement], meta: PageMeta, sites: set[str]
) -> list[str]:
    """The headline a reader sees: the ``<h1>`` that agrees with a declared title (JSON-LD,
    Open Graph, ``<title>``), or the page's only ``<h1>`` when it shares words with one; else
    the declared title without the site's name. Returns the page's headline texts."""
    declared = clean_title(meta.title, sites)
    el = tree.find(".//title")
    page_title = clean_title(el.text_content() if el is not None else None, sites)
    h1s = _headlines(h1_elements, sites)
    refs = [r for r in (declared, page_title) if r]
    raw = el.text_content() if el is not None else None
    meta.headlines = [h for h in dict.fromkeys([*h1s, *refs, meta.title or "", raw or ""]) if h]
    match = next((h for r in refs for h in h1s if _similar(h, r)), None)
    if match is None and len(h1s) == 1 and refs:
        words = _content_words(" ".join(refs))
        match = h1s[0] if len(_content_words(h1s[0]) & words) >= 2 else None
    if match:
        meta.title, meta.provenance["title"] = match, "h1"
    elif declared:
        meta.title = declared
    elif page_title:
        meta.title, meta.provenance["title"] = page_title, "title-element"
    elif h1s:
        meta.title, meta.provenance["title"] = h1s[0], "h1"
    return h1s


# ---------------------------------------------------------------------------------------------
# The whole page


def page_meta(
    tree: HtmlElement,
    url: str | None = None,
    *,
    lines: Sequence[str] = (),
    marks: dict[str, list[HtmlElement]] | None = None,
    search_date: bool = True,
    crawled: str | None = None,
) -> PageMeta:
    """Metadata of the parsed page ``tree`` (not modified). ``url`` is the page's known URL;
    ``lines`` its visible text, line by line (for the dateline and byline under the headline);
    ``marks`` the elements that a walk of the page noted
    (:attr:`newsprism.html_lines.PageText.marks`; found here when not given).

    With ``search_date``, a page that declares no date anywhere gets htmldate's search of its
    markup (done only when everything cheaper has failed). ``crawled`` (when the page was
    fetched, ISO) dates a relative dateline ("Published 3 hours ago").
    """
    marks = {**marks, **itemprop_marks(tree)} if marks is not None else _find_marks(tree)
    meta = PageMeta()
    tags = _meta_tags(tree)
    json_people: list[str] = []
    json_orgs: list[str] = []
    declared: list[str] = []
    try:
        json_people, json_orgs = _from_json_ld(tree, meta, declared)
    except (TypeError, AttributeError, KeyError) as exc:  # odd JSON-LD shapes
        log.debug("JSON-LD metadata skipped: %s", exc)
    meta_names = _from_meta_tags(tags, meta, declared)
    for link in tree.iter("link"):
        href = link.get("href") or ""
        if (link.get("rel") or "").lower() == "canonical" and href.startswith("http"):
            meta.url, meta.provenance["url"] = href, "canonical link"
            break
    sites = _site_names(meta, url)
    h1s = _choose_title(tree, marks["h1"], meta, sites)
    at = _headline_at(lines, meta.title, h1s)
    _choose_date(tree, marks, meta, url, (lines, at, declared), tags, (search_date, crawled))
    _choose_author(
        meta, (json_people, json_orgs, meta_names), lambda: byline_author(marks, lines, at), sites
    )
    return meta


def _find_marks(tree: HtmlElement) -> dict[str, list[HtmlElement]]:
    return {
        "h1": list(tree.iter("h1")),
        "time": list(tree.iter("time")),
        **itemprop_marks(tree),
        **author_marks(tree),
    }


#: Country-code domains of English-speaking countries that write the day first.
_DAY_FIRST_TLDS = frozenset({"uk", "au", "nz", "ie", "in", "za", "sg", "pk", "ng", "ke"})


def _month_first(tree: HtmlElement, tags: dict[str, list[str]], url: str | None) -> bool:
    """Whether numeric dates on the page put the month first: US English ("en-US"), or
    English without a region ("en") except on a country domain whose English writes the day
    first (.uk, .au...); every other language puts the day first."""
    lang = str(tree.get("lang") or "").strip().lower().replace("_", "-")
    if lang in {"", "en"}:  # the locale may give the region
        locale = (_first(tags, "og:locale") or "").lower().replace("_", "-")
        lang = locale if locale.startswith("en-") or (not lang and locale) else lang or "en"
    if lang == "en-us":
        return True
    if lang != "en":
        return False
    host = urlsplit(url or "").hostname or ""
    return host.rsplit(".", 1)[-1] not in _DAY_FIRST_TLDS


def _choose_date(
    tree: HtmlElement,
    marks: dict[str, list[HtmlElement]],
    meta: PageMeta,
    url: str | None,
    dateline: tuple[Sequence[str], int | None, list[str]],
    tags: dict[str, list[str]],
    search: tuple[bool, str | None],
) -> None:
    """After JSON-LD and meta tags: marked ``<time>`` elements, the URL, the dateline (the
    page's lines, where the headline is among them, and the published value as JSON-LD or
    a meta tag wrote it), the first ``<time>``; last, htmldate's search of the markup.
    ``search`` is (whether htmldate may run, crawl time).

    A declared date-time that the dateline shows on another day because it prints another
    time zone (:func:`~newsprism.meta_dates.same_instant`) gives the day the reader sees."""
    marked, plain = marked_dates(marks)
    for value, origin in marked:
        meta.set("published", value, origin)
    meta.set("published", url_date(url or meta.url), "url")
    for value in modified_dates(marks):
        meta.set("updated", value, "itemprop")
    found, updated = dateline_dates(
        dateline[0], dateline[1], _month_first(tree, tags, url or meta.url), crawl_time(search[1])
    )
    if found:
        if dateline[2] and same_instant(dateline[2][0], found[0]):
            meta.published = None
            found = (found[0], "dateline (same time, another zone)")
        meta.set("published", *found)
    meta.set("updated", updated, "dateline")
    if plain:
        meta.set("published", plain[0], "time-element")
    if meta.published is None and search[0]:
        meta.set("published", htmldate_date(tree, url or meta.url), "htmldate")
