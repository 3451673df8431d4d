"""An HTML page parsed once, and its visible text line by line with what each line sits in.

:func:`parse_page` parses with lxml (trafilatura's parser settings). :func:`page_lines` walks
the tree once and renders the page's visible text the way the plain-text benchmark does
(``shared/data/extraction/plaintext/README.md``): a line break at each block element and
``<br>``, inline elements joined. Each line also records what it sits in (a heading, a list,
the page's header or navigation, hidden text...) and how much of it is link text, split
into links within the site and links to other sites.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

import lxml.html  # type: ignore[import-untyped]
from lxml import etree
from lxml.html import HtmlElement

log = logging.getLogger(__name__)

__all__ = [
    "BLOCK_TAGS",
    "MARKS",
    "SKIP_TAGS",
    "PageLine",
    "PageText",
    "as_page",
    "line_key",
    "page_lines",
    "parse_page",
]

#: Elements that start and end a line (the plain-text benchmark's rendering, see
#: ``shared/data/extraction/plaintext/README.md``); ``br`` breaks a line too.
BLOCK_TAGS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 td th tr table thead tbody tfoot caption ul ol dl dt dd article "
    "section header footer nav aside main figure figcaption blockquote pre form fieldset legend "
    "address hr details summary body html".split()
)
#: Elements whose text is never shown.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})

# What a line sits in (bit flags of PageLine.context).
IN_CAPTION = 1  # figure, figcaption
IN_NAV = 2  # nav, footer, aside, menu
IN_LIST = 4  # li, dd, dt
IN_HEADING = 8  # h1-h6
IN_HIDDEN = 16  # hidden, aria-hidden, display:none
IN_QUOTE = 32  # blockquote
IN_TABLE = 64  # table
IN_FORM = 128  # form, button, label, select
IN_HEADER = 256  # header
IN_COMMENTS = 512  # a block whose class or id names comments
_COMMENT_TAGS = frozenset({"div", "section", "article", "aside", "ol", "ul", "li", "footer"})
_TAG_FLAGS = {
    "figure": IN_CAPTION, "figcaption": IN_CAPTION, "nav": IN_NAV, "header": IN_HEADER,
    "footer": IN_NAV, "aside": IN_NAV, "menu": IN_NAV, "li": IN_LIST, "dd": IN_LIST,
    "dt": IN_LIST, "h1": IN_HEADING, "h2": IN_HEADING, "h3": IN_HEADING, "h4": IN_HEADING,
    "h5": IN_HEADING, "h6": IN_HEADING, "blockquote": IN_QUOTE, "table": IN_TABLE,
    "form": IN_FORM, "button": IN_FORM, "label": IN_FORM, "select": IN_FORM,
}  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"\s+")


def line_key(line: str) -> str:
    """The form in which lines are matched: whitespace collapsed, case folded, list bullets
    dropped."""
    return " ".join(line.split()).casefold().lstrip("-*•·– ")


def as_page(html: str) -> str:
    """Wrap an HTML fragment (a feed's or a JSONL record's ``html``) in a page."""
    head = html[:4096].lower()
    if "<body" in head or "<html" in head:
        return html
    return f"<html><body><article>{html}</article></body></html>"


_local = threading.local()


def _parser() -> etree.HTMLParser:
    """This thread's parser (lxml parsers must not be shared between threads)."""
    parser: etree.HTMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = _new_parser()
    return parser


def _new_parser() -> etree.HTMLParser:
    """trafilatura's parser settings, with lxml's C element-class lookup.

    ``lxml.html.HTMLParser`` looks up a Python class for every element proxy (forms, inputs,
    labels get their own); that lookup is a large share of walking a tree. Here every element
    is a plain :class:`lxml.html.HtmlElement`, which is all that trafilatura and newsprism use.
    """
    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    return parser


def parse_page(html: str) -> HtmlElement | None:
    """Parse a page (a fragment is wrapped first) once; None when it is not HTML.

    The same repairs and checks as trafilatura's ``load_html`` for text input. Mojibake is
    undone before, once per document (:func:`newsprism.clean.clean_document`).
    """
    from trafilatura.utils import repair_faulty_html

    page = as_page(html)
    beginning = page[:50].lower()
    page = repair_faulty_html(page, beginning)
    tree: HtmlElement | None
    try:
        tree = lxml.html.fromstring(page, parser=_parser())
    except ValueError:  # an encoding declaration in a str: parse the bytes
        tree = lxml.html.fromstring(page.encode("utf8", "surrogatepass"), parser=_parser())
    except etree.ParserError as exc:
        log.debug("not parseable as HTML: %s", exc)
        return None
    if tree is not None and "html" not in beginning and len(tree) < 2:
        return None
    return tree


# ---------------------------------------------------------------------------------------------
# Visible lines


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of the page's visible text.

    ``context``: what it sits in (IN_* flags); ``link_share``: the share of its characters
    that are link text; ``internal_share``: the share that links to another page of the same
    site; ``plain_words``: how many words are outside links; ``box``: the nearest enclosing
    ``div``/``section``/``article``/``main`` that has a class (an index into
    :attr:`PageText.boxes`; 0 for none).
    """

    text: str
    context: int
    link_share: float
    internal_share: float = 0.0
    box: int = 0
    plain_words: int = 0


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's visible lines; by box number, each box's tag and class (``"div.a b"``); and
    the elements that metadata is read from (``marks``: see :data:`MARKS`), in page order."""

    lines: list[PageLine]
    boxes: list[str]
    marks: dict[str, list[HtmlElement]] = field(default_factory=dict)


#: What the walk notes for metadata: ``<h1>`` and ``<time>`` elements, ``itemprop`` authors
#: and publication dates, ``rel="author"`` links, links to author pages, and elements whose
#: class or id names a byline or an author.
MARKS = ("h1", "time", "date_published", "author_marked", "author_link", "author_classed")
_AUTHOR_HINT = re.compile(r"author|byline", re.I)


def _attribute_flags(
    el: HtmlElement, tag: str, keys: list[str], marks: dict[str, list[HtmlElement]]
) -> int:
    """IN_HIDDEN and IN_COMMENTS, as the element's attributes say; notes the metadata marks."""
    flags = 0
    if (
        "hidden" in keys
        or ("aria-hidden" in keys and el.get("aria-hidden") == "true")
        or ("style" in keys and _HIDDEN_STYLE.search(el.get("style")))
    ):
        flags |= IN_HIDDEN
    if "itemprop" in keys:
        prop = el.get("itemprop")
        if prop == "datePublished":
            marks["date_published"].append(el)
        elif prop == "author":
            marks["author_marked"].append(el)
    if tag == "a":
        href = el.get("href") or ""
        if el.get("rel") == "author":
            marks["author_marked"].append(el)
        elif "/author/" in href or "/authors/" in href:
            marks["author_link"].append(el)
    if "class" in keys or "id" in keys:
        comment, author = _hints(f"{el.get('class') or ''} {el.get('id') or ''}")
        if comment and tag in _COMMENT_TAGS:
            flags |= IN_COMMENTS
        if author:
            marks["author_classed"].append(el)
    return flags


@lru_cache(maxsize=4096)
def _hints(names: str) -> tuple[bool, bool]:
    """Whether an element's class and id name a comments block, and a byline or author."""
    return "comment" in names.lower(), _AUTHOR_HINT.search(names) is not None


def _site(host: str | None) -> str:
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


def _link_kind(href: str | None, site: str, path: str) -> int:
    """0 for no link or a link within the page itself (``#section``, the page's own URL), 1 for
    a link to another site, 2 for a link to another page of the same site (``site``, without
    "www.", and ``path`` are the page's)."""
    href = (href or "").strip()
    if not href or href[0] == "#":
        return 0
    low = href[:8].lower()
    if low.startswith(("http://", "https://", "//")):
        rest = href.split("//", 1)[1]
        host, _, target = rest.partition("/")
        host = _site(host.split(":")[0].split("@")[-1].split("?")[0].split("#")[0])
        same = bool(site) and (
            host == site or host.endswith("." + site) or site.endswith("." + host)
        )
        if not same:
            return 1
        target = "/" + target
    elif ":" in href.split("/")[0]:  # mailto:, javascript: ...
        return 1
    else:
        target = href
    target = target.split("#")[0].split("?")[0]
    return 0 if not target or target.rstrip("/") == path.rstrip("/") else 2


_BOX_TAGS = frozenset({"div", "section", "article", "main"})


class _Line:
    """The line being rendered: its text pieces and counts (reset at each line break)."""

    __slots__ = ("box", "context", "internal", "linked", "pieces", "plain")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.linked = self.internal = self.plain = self.context = self.box = 0

    def add(self, text: str, context: int, box: int, link: int) -> None:
        if not self.pieces:
            self.context, self.box = context, box
        self.pieces.append(text)
        if link:
            n = len(text.strip())
            self.linked += n
            if link == 2:
                self.internal += n
        else:
            self.plain += len(text.split())

    def flush(self, out: list[PageLine]) -> None:
        text = " ".join("".join(self.pieces).split())
        if text:
            n = len(text)
            share = min(1.0, self.linked / n)
            out.append(PageLine(text, self.context, share, self.internal / n, self.box, self.plain))
        self.pieces = []
        self.linked = self.internal = self.plain = 0


def page_lines(tree: HtmlElement, url: str | None = None) -> PageText:
    """The page's visible text, line by line, in document order (the tree is not modified).

    Lines break at block elements and ``<br>``; inline elements join their text to the line.
    Scripts, styles, templates and the ``<head>`` show nothing. ``url`` tells which links
    stay within the site.
    """
    body = tree.find("body")
    root = body if body is not None else tree
    parts = urlsplit(url or "")
    site, path = _site(parts.hostname), (parts.path if url else "\0")
    lines: list[PageLine] = []
    boxes: list[str] = [""]
    line = _Line()
    marks: dict[str, list[HtmlElement]] = {k: [] for k in MARKS}
    # Per open element: (context flags, box number, link kind).
    stack: list[tuple[int, int, int]] = [(0, 0, 0)]
    walk = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walk:
        tag = el.tag
        if event == "start":
            context, box, link = stack[-1]
            if tag in SKIP_TAGS:
                walk.skip_subtree()  # its "end" event still comes
                stack.append((context, box, link))
                continue
            if tag in _TAG_FLAGS:
                context |= _TAG_FLAGS[tag]
            if tag == "h1" or tag == "time":
                marks[tag].append(el)
            keys = el.keys()
            if keys:
                context |= _attribute_flags(el, tag, keys, marks)
            if tag in _BOX_TAGS:
                cls = el.get("class")
                if cls:
                    box = len(boxes)
                    boxes.append(f"{tag}.{' '.join(cls.split())}")
            if tag == "a":
                link = _link_kind(el.get("href"), site, path)
            stack.append((context, box, link))
            if line.pieces and (tag in BLOCK_TAGS or tag == "br"):
                line.flush(lines)
            if el.text:
                line.add(el.text, context, box, link)
        elif event == "end":
            stack.pop()
            if line.pieces and tag in BLOCK_TAGS:
                line.flush(lines)
            if el.tail:
                context, box, link = stack[-1]
                line.add(el.tail, context, box, link)
        elif el.tail:  # a comment or processing instruction: only its tail shows
            context, box, link = stack[-1]
            line.add(el.tail, context, box, link)
    if line.pieces:
        line.flush(lines)
    return PageText(lines, boxes, marks)
