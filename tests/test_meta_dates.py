"""Publication and update dates of HTML pages: datelines, month-only dates, relative dates
against the crawl time, the ``updated`` field, machine-readable values, time zones, dates in
other languages."""

from __future__ import annotations

import datetime as dt

from newsprism.clean import clean_document
from newsprism.dates import month_date, relative_date
from newsprism.meta_dates import declared_date, same_instant, shown_date, written_date
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
    assert relative_date("Published 3 hours ago", at) == ("2024-03-04", 10, 21)
    assert relative_date("2 days ago", at) == ("2024-03-03", 0, 10)
    assert relative_date("Updated yesterday", at) == ("2024-03-04", 8, 17)
    assert relative_date("5 months ago", at) is None
    other = {
        "il y a 3 heures": "2024-03-04",
        "hace 2 días": "2024-03-03",
        "vor 1 Woche": "2024-02-27",
        "há 2 horas": "2024-03-04",
        "2 ore fa": "2024-03-04",
        "3 часа назад": "2024-03-04",
        "2 jam yang lalu": "2024-03-04",
        "3 gün önce": "2024-03-02",
        "Gestern, 10:00": "2024-03-04",
    }
    for text, iso in other.items():
        found = relative_date(text, at)
        assert found is not None and found[0] == iso and found[1] == 0, text
    assert relative_date("Mehr Informationen hier", at) is None  # German "hier": here


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


def test_declared_dates_in_their_usual_forms() -> None:
    assert declared_date("2020-05-01T23:30:00-04:00") == "2020-05-01"  # the publisher's day
    assert declared_date("2020/05/01 10:00") == "2020-05-01"
    assert declared_date("20200501") == "2020-05-01"
    assert declared_date("1588376400") == "2020-05-01"  # Unix seconds
    assert declared_date("1588376400000") == "2020-05-01"  # milliseconds
    assert declared_date("Fri, 01 May 2020 23:30:00 GMT") == "2020-05-01"
    assert declared_date("not a date") is None
    assert declared_date("123") is None


def test_same_instant_in_another_zone() -> None:
    assert same_instant("2024-01-11T19:30:00-05:00", "2024-01-12")  # the page prints UTC
    assert same_instant("2024-01-12T02:00:00Z", "2024-01-11")  # the page prints local time
    assert not same_instant("2024-01-11T12:30:00-05:00", "2024-01-12")  # 17:30 UTC
    assert not same_instant("2024-01-12T00:00:00Z", "2024-01-11")  # a bare date
    assert not same_instant("2024-01-12T12:00:00Z", "2024-01-10")
    assert not same_instant("2024-01-11", "2024-01-12")  # no time: not an instant
    assert not same_instant("2024-01-11T19:30:00-05:00", "2024-01-11")  # the same day


def test_dates_written_in_other_languages_and_orders() -> None:
    cases = {
        "4. März 2025": "2025-03-04",
        "le 4 mars 2025 à 10h": "2025-03-04",
        "4 de marzo de 2025": "2025-03-04",
        "4 marzo 2025": "2025-03-04",
        "4 maart 2025": "2025-03-04",
        "1er janvier 2024": "2024-01-01",
        "12 stycznia 2024": "2024-01-12",
        "4 марта 2025 г.": "2025-03-04",
        "2025年3月4日": "2025-03-04",
        "2025. 3. 4.": "2025-03-04",
        "2025/03/04 10:00": "2025-03-04",
        "Fri 5 Dec 2025 12.00 CET": "2025-12-05",
        "Senin, 30 Maret 2015": "2015-03-30",  # Indonesian
        "17 Agustus 2024": "2024-08-17",
        "4 Mart 2025 Salı": "2025-03-04",  # Turkish, in any case (dotted and dotless i)
        "3 MAYIS 2023": "2023-05-03",
        "5 NİSAN 2022": "2022-04-05",
        "1 Aralık 2020": "2020-12-01",
    }
    for text, iso in cases.items():
        found = shown_date(text)
        assert found is not None and found[0] == iso, text
    assert shown_date("4 Marseille 2025") is None
    assert shown_date("version v2025.10.3") is None
    assert shown_date("03/04/2025") is None  # the order depends on the language
    assert written_date("Posted 03/04/2025", month_first=True) == ("2025-03-04", 7, 17)
    assert written_date("Posted 03/04/2025", month_first=False) == ("2025-04-03", 7, 17)


def test_dateline_in_utc_beats_the_same_time_declared_in_local_time() -> None:
    head = '<meta property="article:published_time" content="2024-01-11T19:30:00-05:00">'
    art = _clean(_page(head, "<div>Posted 2024-01-12T00:30:27+00:00</div>"))
    assert art.published == "2024-01-12"
    assert dict(art.provenance)["published"] == "dateline (same time, another zone)"
    art = _clean(_page(head, "<div>Posted January 11, 2024</div>"))
    assert (art.published, dict(art.provenance)["published"]) == ("2024-01-11", "meta")
    later = '<meta property="article:published_time" content="2024-01-11T09:30:00-05:00">'
    art = _clean(_page(later, "<div>Posted 2024-01-12</div>"))  # not the same instant
    assert (art.published, dict(art.provenance)["published"]) == ("2024-01-11", "meta")


def test_itemprop_lists_and_more_meta_names() -> None:
    head = '<meta itemprop="dateCreated datePublished" content="2023-06-02T08:00:00+02:00">'
    assert _clean(_page(head, "")).published == "2023-06-02"
    top = (
        '<span itemprop="dateCreated datePublished" content="2023-06-03">3 June</span>'
        '<span itemprop="dateModified" content="2023-06-09"></span>'
    )
    art = _clean(_page("", top))
    assert (art.published, art.updated) == ("2023-06-03", "2023-06-09")
    head = '<meta name="og:pubdate" content="2023/06/04">'
    assert _clean(_page(head, "")).published == "2023-06-04"
    head = '<meta name="dc.date.created" content="20230605">'
    assert _clean(_page(head, "")).published == "2023-06-05"


def test_numeric_order_follows_language_region_and_country_domain() -> None:
    def published(top: str, lang: str, url: str, locale: str = "") -> str | None:
        head = f'<meta property="og:locale" content="{locale}">' if locale else ""
        html = _page(head, top).replace("<html>", f'<html lang="{lang}">')
        doc = RawDocument(source="p.html", kind="html", content=html, url=url)
        res = clean_document(doc)
        assert isinstance(res, Article)
        return res.published

    top = "<div>Posted 03/04/2025</div>"
    assert published(top, "en", "https://planet.example/a") == "2025-03-04"
    assert published(top, "en-US", "https://planet.example/a") == "2025-03-04"
    assert published(top, "en", "https://planet.example.co.uk/a") == "2025-04-03"
    assert published(top, "en", "https://planet.example/a", locale="en_GB") == "2025-04-03"
    assert published(top, "de", "https://planet.example/a") == "2025-04-03"
    short = "<div>Updated on 09/12/25</div>"  # a two-digit year only after a label
    assert published(short, "en-US", "https://planet.example/a") == "2025-09-12"
    assert written_date("scored 09/12/25", month_first=True) is None


def test_update_labels_in_other_languages() -> None:
    top = "<div>Aktualisiert am 6. März 2025</div><div>Veröffentlicht am 4. März 2025</div>"
    art = _clean(_page("", top).replace("<html>", '<html lang="de">'))
    assert (art.published, art.updated) == ("2025-03-04", "2025-03-06")
