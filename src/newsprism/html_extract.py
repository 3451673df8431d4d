"""trafilatura's article-body cascade, run on newsprism's own parse, without needless work.

:func:`trafilatura_body` gives the same body as trafilatura 2.3.1's
``bare_extraction(tree, include_comments=False, include_tables=True)`` (balanced mode, with
its fallbacks): it follows the steps of ``trafilatura.core.trafilatura_sequence`` with comments
off, and skips work that provably cannot change the result:

* the readability comparison (the costliest step) is skipped when readability could not be
  preferred: trafilatura takes readability's text only when it is more than twice as long as
  its own (or its own is empty or has no paragraph), and readability's text is part of the
  page's text; so when the own body is at least half of all the page's text, readability
  cannot win;
* the recall retry's measure of the page (trafilatura's html2txt) is skipped when a bound on
  it already shows that the body is not short against the page;
* the tree is not copied first (the caller is done with it), and no metadata is extracted.

If trafilatura's internals are not as expected (another version), it falls back to
``bare_extraction`` itself.
"""

from __future__ import annotations

import logging
from copy import copy
from typing import Any

from lxml.html import HtmlElement  # type: ignore[import-untyped]

log = logging.getLogger(__name__)

__all__ = ["trafilatura_body"]


def _options(url: str | None) -> Any:
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", comments=False, tables=True, url=url)


def _readability_cannot_win(body: Any, text: str, page_chars: int) -> bool:
    """True when trafilatura's comparison would keep its own body whatever readability found.

    ``page_chars`` bounds the length of any text taken from the page (readability's too).
    """
    if not text or 2 * len(text) < page_chars:
        return False
    if not body.xpath(".//p//text()"):
        return False
    return len(body.findall(".//table")) <= len(body.findall(".//p"))


def _compare(cleaned: Any, backup: Any, tree: Any, options: Any, page_chars: int) -> Any:
    """Stages 1-2 of the cascade: the main extractor, then the external comparison."""
    from trafilatura.external import SANITIZED_XPATH, compare_extraction
    from trafilatura.main_extractor import extract_content

    body, text = extract_content(cleaned, options)
    unclean = bool(body.xpath(SANITIZED_XPATH))
    if unclean or len(text) < options.min_extracted_size:
        return compare_extraction(backup, copy(tree), body, text, options)
    if _readability_cannot_win(body, text, page_chars):
        return body, text
    return compare_extraction(backup, copy(tree), body, text, options)


def _escalate(
    tree: Any, options: Any, url: str | None, body: Any, text: str, page_chars: int
) -> tuple[Any, str]:
    """Stage 4: a short body covering little of the page is retried in recall mode.

    "Little of the page" is measured on trafilatura's html2txt of the page, which is never
    longer than ``page_chars``: when the body is long enough against that bound, the costly
    html2txt is not needed to know that there is nothing to retry.
    """
    from trafilatura import core
    from trafilatura.baseline import html2txt
    from trafilatura.external import justext_rescue

    if not 0 < len(text) < core.ESCALATION_MAX_LENGTH:
        return body, text
    share = core.ESCALATION_PAGE_SHARE
    if len(text) >= share * page_chars or len(text) >= share * len(html2txt(tree)):
        return body, text
    r_options = copy(options)
    r_options.focus = "recall"
    r_body, r_text = None, ""
    try:
        r_body, r_text = core._recall_retry(tree, r_options, url)
    except Exception as exc:  # as trafilatura: a failed retry keeps the first body
        log.debug("recall retry failed: %s", exc)
    j_body, j_text = None, ""
    try:
        j_body, j_text = justext_rescue(copy(tree), options)
    except Exception as exc:
        log.debug("justext candidate failed: %s", exc)
    if len(j_text) > len(r_text) and len(j_text) > core.ESCALATION_JUSTEXT_RATIO * len(text):
        return j_body, j_text
    if len(r_text) >= options.min_extracted_size and len(
        r_text
    ) > core.ESCALATION_ACCEPT_RATIO * len(text):
        return r_body, r_text
    return body, text


def _sequence(tree: HtmlElement, url: str | None, page_chars: int) -> str:
    from trafilatura import core
    from trafilatura.baseline import baseline
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.xml import xmltotxt
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    options = _options(url)
    is_forum = core._forum_thread_page(tree)
    tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    if not is_forum:
        tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = core._prepare_tree(tree, options, url)
    body, text = _compare(cleaned, backup, tree, options, page_chars)
    if len(text) < options.min_extracted_size:
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(text):
            body, text = b_body, b_text
    body, text = _escalate(tree, options, url, body, text, page_chars)
    if len(text) < options.min_output_size:
        return ""
    return str(xmltotxt(body, options.formatting) or "")


def trafilatura_body(tree: HtmlElement, url: str | None, page_chars: int) -> list[str]:
    """trafilatura's article body of ``tree``, paragraph by paragraph.

    ``tree`` is consumed (pruned in place): pass a copy if it is still needed. ``page_chars``
    is at least the length of the page's whole text (it only decides what can be skipped).
    """
    try:
        text = _sequence(tree, url, page_chars)
    except (ImportError, AttributeError) as exc:  # another trafilatura: use its public API
        log.debug("trafilatura internals unavailable (%s): using bare_extraction", exc)
        from trafilatura import bare_extraction

        doc: Any = bare_extraction(tree, url=url, include_comments=False, include_tables=True)
        text = str(getattr(doc, "text", "") or "") if doc is not None else ""
    return [ln.strip() for ln in text.splitlines() if ln.strip()]
