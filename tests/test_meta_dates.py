"""Publication and update dates of HTML pages: datelines, month-only dates, relative dates
against the crawl time, and the ``updated`` field."""

from __future__ import annotations

import datetime as dt

from newsprism.clean import clean_document
from newsprism.dates import month_date, relative_date
from newsprism.model import Article, RawDocument

BODY = " ".join(
    f"Sentence {i} of the article says something about the council budget vote." for i in range(12)
)


def _page(head: str, top: str, title: str = "Council passes the new budget") -> str:
    return (
        f"<html><head><title>{title} | Daily Planet</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{top}<p>{BODY}</p><p>{BODY}</p></article></body></html>"
    )


def _clean(html: str, crawled: str | None = None) -> Article:
    doc = RawDocument(
        source="page.html",
        kind="html",
        content=html,
        url="https://planet.example/news/budget",
        crawled=crawled,
    )
    res = clean_document(doc)
    assert isinstance(res, Article), res
    return res


def test_month_only_and_relative_dates() -> None:
    assert month_date("November 2015") == "2015-11"
    assert month_date("Sept. 2019") == "2019-09"
    assert month_date("November 2015 was cold") is None
    at = dt.datetime(2024, 3, 5, 1, 30, tzinfo=dt.UTC)
    assert relative_date("Published 3 hours ago", at) == ("2024-03-04", 10)
    assert relative_date("2 days ago", at) == ("2024-03-03", 0)
    assert relative_date("Updated yesterday", at) == ("2024-03-04", 8)
    assert relative_date("5 months ago", at) is None


def test_dateline_line_beats_a_subtitle_that_mentions_a_date() -> None:
    top = (
        "<h3>10 April 2025, 18:00 - Rome time: a conversation on the philosophy of money "
        "and finance with two guests</h3><div>By Ann Lee</div><div>Mar 06, 2025</div>"
    )
    art = _clean(_page("", top))
    assert art.published == "2025-03-06"
    assert dict(art.provenance)["published"] == "dateline"


def test_month_only_dateline_keeps_its_precision() -> None:
    art = _clean(_page("", "<p>November 2015</p>"))
    assert art.published == "2015-11"


def test_relative_dateline_counts_back_from_the_crawl_time() -> None:
    top = "<div>By Ann Lee | Published 3 hours ago</div>"
    assert _clean(_page("", top), crawled="2024-03-05T01:30:00Z").published == "2024-03-04"
    assert _clean(_page("", top)).published is None  # no crawl time: no guess


def test_updated_date_from_meta_and_dateline() -> None:
    head = (
        '<meta property="article:published_time" content="2024-12-03T11:03:55-04:00">'
        '<meta property="article:modified_time" content="2025-12-19T14:19:45-04:00">'
    )
    art = _clean(_page(head, "<small>Updated December 19, 2025</small>"))
    assert (art.published, art.updated) == ("2024-12-03", "2025-12-19")
    assert dict(art.provenance)["updated"] == "meta"
    top = "<div>Posted 2024-01-12 - Updated 2024-01-13</div>"
    art = _clean(_page("", top))
    assert (art.published, art.updated) == ("2024-01-12", "2024-01-13")
    assert Article.from_dict(art.to_dict()) == art


def test_leading_site_names_are_stripped_from_the_title() -> None:
    html = (
        "<html><head><title>Planet! News | planet.example - Council passes the new budget"
        f"</title></head><body><h2>Council passes the new budget</h2><p>{BODY}</p>"
        f"<p>{BODY}</p></body></html>"
    )
    assert _clean(html).title == "Council passes the new budget"


def test_plain_text_relative_dateline() -> None:
    text = "Council passes the new budget\nPublished 2 days ago\n" + "\n".join(
        f"{BODY}" for _ in range(3)
    )
    doc = RawDocument(source="a.txt", kind="text", content=text, crawled="2024-03-05T10:00:00")
    art = clean_document(doc)
    assert isinstance(art, Article)
    assert art.published == "2024-03-03"
    assert "Published 2 days ago" not in art.text
    undated = clean_document(RawDocument(source="a.txt", kind="text", content=text))
    assert isinstance(undated, Article) and undated.published is None
