"""The web UI (``newsprism serve``) through FastAPI's TestClient, over a real store.

The store is made by ``ingest`` from the two seed articles, a hostile plain-text article that
shares Lavrov's quote with them, and a JSONL file: a hostile record (markup in its title and
text, ``javascript:`` URL, an outlet name with spaces, dots, markup and a slash), two articles
of an unrelated 2010 story, an Arabic article and an article in no story. Memberships are
written as a clusterer would (the clustering stage is someone else's).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newsprism import Article, Comparison, StoreError, compare, open_store
from newsprism.corpus import ingest
from newsprism.reuse import Direction, ReuseLink, ReuseSide
from newsprism.store import reuse as store_reuse
from newsprism.store import stories
from newsprism.web import create_app, serve, svg
from newsprism.web.app import CSP
from newsprism.web.db import ReadOnlyPool
from newsprism.web.listing import Filters, StoryIndex, search
from newsprism.web.pages import REPORT_CSP
from newsprism.web.params import safe_href

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "daesh-afghanistan"

LAVROV_QUOTE = (
    '"According to our data, the Daesh presence in northern and eastern Afghanistan is rather '
    'serious, there are already thousands of gunmen," Lavrov said.'
)
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_TITLE = "<b>Breaking</b> <script>alert(1)</script> Lavrov on Daesh"
EVIL_OUTLET = "Evil.Example <i>News</i> / Wire"
HOSTILE_TEXT = "\n".join(
    [
        "Lavrov Warns of Daesh Gunmen in Afghanistan",
        "",
        "Russian Foreign Minister Sergei Lavrov spoke to reporters in Moscow about the group.",
        LAVROV_QUOTE,
        f"Analysts quoted the remark {SCRIPT} in their morning notes on the threat.",
        f"A photo caption read {IMG} before the picture was taken down by the editors.",
        "",
    ]
)


FIELDS = ("id", "title", "outlet", "url", "published", "lang", "text")
BECK = (
    "Glenn Beck told the Conservative Political Action Conference that the Republican "
    "party needed to admit its own failures, using a chalkboard to make his case."
)
RECORDS = [
    ("evil-1", HOSTILE_TITLE, EVIL_OUTLET, "javascript:alert(1)", "2018-02-22", "en",
     f"{LAVROV_QUOTE}\n\nThe wire added {SCRIPT} and {IMG} to its copy of the statement, "
     "which nobody else carried."),
    ("beck-fox", "Glenn Beck at CPAC", "Fox News (Online News)",
     "https://www.foxnews.com/politics/beck-cpac", "2010-02-20", "en", BECK),
    ("beck-nyt", "Beck Rallies Conservatives", "The N.Y. Times",
     "https://www.nytimes.com/2010/02/21/beck.html", "2010-02-21", "en",
     BECK + " The crowd cheered him for minutes."),
    ("ar-1", "لافروف يحذر من داعش في أفغانستان", "Al Arabiya", None, "2018-02-23", "ar",
     "قال وزير الخارجية الروسي سيرغي لافروف إن وجود داعش في شمال وشرق أفغانستان خطير للغاية "
     "وإن هناك آلاف المسلحين هناك بحسب المعلومات المتوفرة لدى موسكو."),
    ("lonely-1", "An article in no story", "Lonely Gazette", "https://lonely.example/a",
     "2019-05-05", "en", "This article was ingested but the clusterer has not placed it in a "
     "story yet, so its page says so and links nowhere."),
]  # fmt: skip


@dataclass(frozen=True)
class Corpus:
    db: Path
    ids: dict[str, str]  # outlet -> article id
    story: str  # the seeds' story


def build_corpus(tmp: Path) -> Corpus:
    hostile = tmp / "hostile-wire.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    records = tmp / "records.jsonl"
    records.write_text(
        "".join(
            json.dumps({k: v for k, v in zip(FIELDS, r, strict=True) if v}, ensure_ascii=False)
            + "\n"
            for r in RECORDS
        ),
        encoding="utf-8",
    )
    db = tmp / "news.db"
    with open_store(db) as store:
        report = ingest(store, [SEEDS, hostile, records])
        assert report.new == 8, report
        ids = {a.outlet: a.id for a in store.articles()}
        daesh = ["Ariana News", "Press TV", "Hostile Wire", EVIL_OUTLET]
        members: list[tuple[str, str, float | None, str | None]] = [
            (ids[o], "daesh-2018", 0.9 - i / 10, f"matched {daesh[0]}") for i, o in enumerate(daesh)
        ]
        members += [
            (ids["Fox News (Online News)"], "beck-2010", 0.95, "new story"),
            (ids["The N.Y. Times"], "beck-2010", 0.88, "shares 2 sentences with Fox"),
            (ids["Al Arabiya"], "lavrov-ar", None, "new story"),
        ]
        store.write_batch([], [], members)
    return Corpus(db, ids, "daesh-2018")


SHARED = "According to our data, the Daesh presence in northern and eastern Afghanistan"


def _side(text: str, article_id: str, needle: str) -> ReuseSide:
    start = text.index(needle)
    return ReuseSide(article_id, start, start + len(needle))


def _link(texts: dict[str, str], one: str, two: str, needle: str, source: str | None) -> ReuseLink:
    """A stored link as ``newsprism reuse`` writes it: ``a`` is the id that sorts first."""
    a, b = sorted((one, two))
    direction: Direction = "unknown" if source is None else ("a_to_b" if source == a else "b_to_a")
    words = len(needle.split())
    sa, sb = _side(texts[a], a, needle), _side(texts[b], b, needle)
    return ReuseLink(sa, sb, words, "verbatim", direction, 1.0)


def add_reuse(corpus: Corpus) -> None:
    """Reuse links as ``newsprism reuse`` would store them: the hostile wire record copied
    Ariana News (which is dated earlier), Hostile Wire and Press TV share Lavrov's quote in
    no known direction, and the N.Y. Times copied Fox News, a near-duplicate of it."""
    ids = corpus.ids
    with open_store(corpus.db) as store:
        texts = {a.id: a.text for a in store.articles()}
        links = [
            _link(texts, ids["Ariana News"], ids[EVIL_OUTLET], SHARED, ids["Ariana News"]),
            _link(texts, ids["Hostile Wire"], ids["Press TV"], SHARED, None),
            _link(texts, ids["Fox News (Online News)"], ids["The N.Y. Times"], BECK,
                  ids["Fox News (Online News)"]),
        ]  # fmt: skip
        groups = [[ids["Fox News (Online News)"], ids["The N.Y. Times"]]]
        assert store_reuse.save(store.conn, links, groups) == 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    c = build_corpus(tmp_path_factory.mktemp("web"))
    add_reuse(c)
    return c


@dataclass
class CountingCompare:
    calls: int = 0

    def __call__(self, articles: list[Article]) -> Comparison:
        self.calls += 1
        return compare(articles)


@pytest.fixture(scope="module")
def counter() -> CountingCompare:
    return CountingCompare()


@pytest.fixture(scope="module")
def client(corpus: Corpus, counter: CountingCompare) -> Iterator[TestClient]:
    with TestClient(create_app(corpus.db, compare=counter)) as c:
        yield c


def _json(client: TestClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:500])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def _html(client: TestClient, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return str(r.text)


# ---------------------------------------------------------------------------------------------
# The DOM a browser would build: no element or attribute may come from article text.

ALLOWED_TAGS = frozenset(
    "html head meta title link body a header nav main footer h1 h2 h3 p span section div "
    "table thead tbody tr th td details summary ul ol li dl dt dd form label input select "
    "option button code strong em small i svg desc rect circle line text".split()
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(page: str) -> None:
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, attrs)
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        if tag == "i":
            assert (attrs.get("class") or "").startswith("sw "), attrs
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("/", "#", "?", "https://", "http://", "data:,")), href
            assert "javascript" not in href.lower(), href
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()


# ---------------------------------------------------------------------------------------------
# Stories list


def test_index_lists_stories(client: TestClient, corpus: Corpus) -> None:
    page = _html(client, "/")
    assert "Russia Expresses Concern over U.S., NATO Denial of Daesh in Afghanistan" in page
    assert "Glenn Beck at CPAC" in page
    assert 'href="/stories/daesh-2018"' in page
    assert f'href="/outlets/{quote(EVIL_OUTLET, safe="")}"' in page
    assert "3 stories" in page
    assert_inert(page)


def test_index_json_shape(client: TestClient) -> None:
    data = _json(client, "/index.json")
    assert {"stories", "total", "page"} <= data.keys()
    assert data["total"] == 3 and data["page"] == 1
    by_id = {s["id"]: s for s in data["stories"]}
    daesh = by_id["daesh-2018"]
    assert set(daesh) == {
        "id",
        "title",
        "outlets",
        "languages",
        "first_seen",
        "last_seen",
        "articles",
    }
    assert daesh["articles"] == 4
    assert sorted(daesh["outlets"]) == sorted(
        ["Ariana News", "Press TV", "Hostile Wire", EVIL_OUTLET]
    )
    assert daesh["first_seen"] == "2018-02-21" and daesh["last_seen"] == "2018-02-22"
    assert [s["id"] for s in data["stories"]] == ["lavrov-ar", "daesh-2018", "beck-2010"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=chalkboard", ["beck-2010"]),
        ("q=lavrov", ["daesh-2018"]),
        ("q=GUNMEN+lavr", ["daesh-2018"]),
        ("q=" + quote("لافروف"), ["lavrov-ar"]),
        ("q=nothing-matches-this", []),
        ("outlet=" + quote("Press TV"), ["daesh-2018"]),
        ("outlet=" + quote(EVIL_OUTLET), ["daesh-2018"]),
        ("outlet=Nobody", []),
        ("lang=ar", ["lavrov-ar"]),
        ("from=2018-01-01", ["lavrov-ar", "daesh-2018"]),
        ("to=2010-02-20", ["beck-2010"]),
        ("from=2018-02-22&to=2018-02-22", ["daesh-2018"]),
        ("from=2018-02-23&to=2018-02-23", ["lavrov-ar"]),
        ("sort=coverage", ["daesh-2018", "beck-2010", "lavrov-ar"]),
        ("q=lavrov&lang=en&sort=coverage", ["daesh-2018"]),
        ("q=&outlet=&lang=&from=&to=&sort=", ["lavrov-ar", "daesh-2018", "beck-2010"]),
    ],
)
def test_search_and_filters(client: TestClient, query: str, expected: list[str]) -> None:
    data = _json(client, f"/index.json?{query}")
    assert [s["id"] for s in data["stories"]] == expected
    assert data["total"] == len(expected)
    page = _html(client, f"/?{query}")
    for sid in expected:
        assert f'href="/stories/{sid}"' in page


def test_page_past_the_end(client: TestClient) -> None:
    data = _json(client, "/index.json?page=2")
    assert data["stories"] == [] and data["total"] == 3 and data["page"] == 2
    assert "There is no page 2" in _html(client, "/?page=2")


BAD_PARAMS = [
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=abc", "page"),
    ("page=1.5", "page"),
    ("page=99999999999999999999999", "page"),
    ("from=2021-13-01", "from"),
    ("from=yesterday", "from"),
    ("to=2021-02-30", "to"),
    ("to=21-02-03", "to"),
    ("from=2021-05-01&to=2021-04-01", "after"),
    ("sort=oldest", "sort"),
    ("q=" + "x" * 600, "too long"),
]


@pytest.mark.parametrize(("query", "needle"), BAD_PARAMS)
def test_bad_parameters_are_400(client: TestClient, query: str, needle: str) -> None:
    data = _json(client, f"/index.json?{query}", 400)
    assert data["error"]["status"] == 400
    assert needle in data["error"]["message"]
    page = _html(client, f"/?{query}", 400)
    assert "400 Bad request" in page and needle in page
    outlet = quote("Press TV", safe="")
    assert client.get(f"/outlets/{outlet}?{query}").status_code == 400
    assert client.get(f"/outlets/{outlet}.json?{query}").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/stories/no-such-story",
        "/stories/no-such-story.json",
        "/stories/no-such-story/report.html",
        "/articles/0000000000000000",
        "/articles/0000000000000000.json",
        "/outlets/Nobody%20Times",
        "/outlets/Nobody%20Times.json",
        "/no/such/page",
        "/static/nothing.css",
    ],
)
def test_unknown_is_404(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404, r.text
    if url.endswith(".json"):
        assert r.json()["error"]["status"] == 404
    assert r.headers["x-content-type-options"] == "nosniff"


# ---------------------------------------------------------------------------------------------
# One story


def test_story_page(client: TestClient, corpus: Corpus) -> None:
    page = _html(client, "/stories/daesh-2018")
    assert_inert(page)
    for outlet in ("Ariana News", "Press TV", "Hostile Wire"):
        assert f'<a class="outlet" href="/outlets/{quote(outlet, safe="")}">{outlet}</a>' in page
    assert '<tr class="row verbatim" data-kind="verbatim" id="p' in page
    assert 'class="row unique"' in page
    assert "According to our data" in page
    assert "<details><summary>Removed by cleaning" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'class="chart timeline"' in page and 'class="chart matrix"' in page
    assert 'href="/stories/daesh-2018/report.html"' in page
    assert re.search(r"carried by \d of \d outlets", page)
    assert re.search(r"\d of 4 outlets, \d independent origins?<", page)
    assert 'id="corroboration"' in page
    # who said what: speaker x outlet, and each quote with how each outlet carries it
    assert '<table class="grid speakers" id="speakers">' in page
    assert '<table class="grid quotes" id="quotes">' in page
    assert re.search(r'<th scope="rowgroup" rowspan="\d+" class="speaker">Sergei Lavrov</th>', page)
    assert '<td class="qcell same">' in page
    # numbers: the 10,000 Daesh members attributed differently
    assert '<table class="grid numbers" id="numbers">' in page
    assert "an estimated 10,000" in page and "differs: source, time" in page
    assert "Zamir Kabulov" in page
    # distinctive terms per outlet and the reuse links between the articles
    assert "Distinctive terms" in page and '<span class="term" title="score ' in page
    assert '<table class="grid reuse" id="reuse">' in page
    assert 'data-direction="unknown"' in page  # Press TV has no date
    # hostile title and text are shown as text
    assert "&lt;b&gt;Breaking&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_story_json(client: TestClient, corpus: Corpus) -> None:
    data = _json(client, "/stories/daesh-2018.json")
    for key in (
        "id",
        "title",
        "outlets",
        "languages",
        "first_seen",
        "last_seen",
        "n_articles",
        "articles",
        "passages",
        "unique",
        "unrelated",
        "dropped",
        "members",
        "corroboration",
        "distinctive_terms",
        "coverage",
        "quotes",
        "numbers",
        "reuse",
        "framing",
        "analyses",
    ):
        assert key in data, key
    assert data["analyses"] == {"quotes": True, "provenance": True}
    assert data["id"] == "daesh-2018" and data["n_articles"] == 4
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert len(texts) == 4
    assert len(data["corroboration"]) == len(data["passages"]) > 0
    for p, corr in zip(data["passages"], data["corroboration"], strict=True):
        assert p["kind"] in {"verbatim", "near", "paraphrase"}
        for s in p["spans"]:
            assert texts[s["article"]][s["start"] : s["end"]] == s["text"]
        assert len(corr["outlets"]) >= 2
        assert 1 <= corr["independent_origins"] <= len(corr["outlets"])
        assert p["outlets"] == corr["outlets"]
    assert {m["article"] for m in data["members"]} == set(texts)
    # quotes per speaker, numbers with what differs, reuse links, framing per article
    lavrov = [sp for sp in data["quotes"] if sp["speaker"] == "Sergei Lavrov"]
    assert lavrov and "Press TV" in lavrov[0]["outlets"]
    daesh = [n for n in data["numbers"] if n["values_by_outlet"].get("Press TV") == 10000]
    assert daesh and daesh[0]["source_differs"] and daesh[0]["time_differs"]
    assert daesh[0]["independent_origins"] == 1  # Press TV and Ariana News share that text
    assert data["reuse"], "the articles share Lavrov's quote verbatim"
    for link in data["reuse"]:
        assert link["direction"] in {"a_to_b", "b_to_a", "unknown"}
        assert link["kind"] in {"verbatim", "near"}
        for side in ("a", "b"):
            x = link[side]
            assert texts[x["id"]][x["start"] : x["end"]] == x["text"]
    assert set(data["framing"]) == set(texts)
    assert all({"term", "score"} <= t.keys() for ts in data["framing"].values() for t in ts)
    quote_passages = [p for p in data["passages"] if "thousands of gunmen" in p["spans"][0]["text"]]
    assert quote_passages and quote_passages[0]["kind"] == "verbatim"
    assert len(data["corroboration"][data["passages"].index(quote_passages[0])]["outlets"]) >= 3


def test_story_report_download(client: TestClient) -> None:
    r = client.get("/stories/daesh-2018/report.html")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.headers["content-security-policy"] == REPORT_CSP
    assert "newsprism report" in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_comparison_is_cached(client: TestClient, counter: CountingCompare) -> None:
    client.get("/stories/beck-2010")
    before = counter.calls
    for url in ("/stories/beck-2010", "/stories/beck-2010.json", "/stories/beck-2010/report.html"):
        assert client.get(url).status_code == 200
    assert counter.calls == before


def test_large_story_compares_a_bounded_number(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsprism.web.views.MAX_COMPARED", 2)
    with TestClient(create_app(corpus.db, analyses=())) as c:
        page = _html(c, "/stories/daesh-2018")
        assert "the first 2 (by publication date) are compared" in page
        assert page.count('<th scope="col" class="article"') <= 2
        data = _json(c, "/stories/daesh-2018.json")
        assert len(data["not_compared"]) == 2 and len(data["members"]) == 4
        assert len(data["articles"]) == 2


def test_single_outlet_story(client: TestClient) -> None:
    page = _html(client, "/stories/lavrov-ar")
    assert "The articles share no passage." in page
    assert "لافروف يحذر من داعش في أفغانستان" in page


# ---------------------------------------------------------------------------------------------
# Articles and outlets


def test_article_page(client: TestClient, corpus: Corpus) -> None:
    aid = corpus.ids["Ariana News"]
    page = _html(client, f"/articles/{aid}")
    assert_inert(page)
    assert 'href="/stories/daesh-2018"' in page
    assert "Membership score: <strong>0.900</strong>" in page
    assert "matched Ariana News" in page
    assert "dateline" in page and "first line" in page  # provenance of published and title
    assert "About Ariana News" in page  # a removed line
    data = _json(client, f"/articles/{aid}.json")
    assert data["article"]["id"] == aid and data["article"]["outlet"] == "Ariana News"
    assert data["membership"] == {
        "story": "daesh-2018",
        "title": data["membership"]["title"],
        "articles": 4,
        "score": 0.9,
        "reason": "matched Ariana News",
    }


def test_javascript_url_is_inert_text(client: TestClient, corpus: Corpus) -> None:
    aid = corpus.ids[EVIL_OUTLET]
    page = _html(client, f"/articles/{aid}")
    assert_inert(page)
    assert '<span class="url inert">javascript:alert(1)</span>' in page
    assert 'href="javascript' not in page
    data = _json(client, f"/articles/{aid}.json")
    assert data["article"]["url"] == "javascript:alert(1)"  # the JSON keeps the data as is
    assert data["article"]["title"] == HOSTILE_TITLE


def test_article_without_story(client: TestClient, corpus: Corpus) -> None:
    aid = corpus.ids["Lonely Gazette"]
    assert "Not in any story yet." in _html(client, f"/articles/{aid}")
    assert _json(client, f"/articles/{aid}.json")["membership"] is None


@pytest.mark.parametrize(
    ("outlet", "stories"),
    [
        ("Press TV", ["daesh-2018"]),
        ("The N.Y. Times", ["beck-2010"]),
        (EVIL_OUTLET, ["daesh-2018"]),
        ("Lonely Gazette", []),
    ],
)
def test_outlet_pages(client: TestClient, outlet: str, stories: list[str]) -> None:
    path = f"/outlets/{quote(outlet, safe='')}"
    page = _html(client, path)
    assert_inert(page)
    for sid in stories:
        assert f'href="/stories/{sid}"' in page
    data = _json(client, f"{path}.json")
    assert data["outlet"] == outlet
    assert [s["id"] for s in data["stories"]] == stories
    assert data["total"] == len(stories) and data["articles"] == 1


def test_outlets_index(client: TestClient) -> None:
    data = _json(client, "/outlets.json")
    assert data["total"] == 8
    page = _html(client, "/outlets")
    assert f'href="/outlets/{quote(EVIL_OUTLET, safe="")}"' in page
    assert_inert(page)


def test_outlet_reuse_flows(client: TestClient) -> None:
    ariana = _html(client, "/outlets/Ariana%20News")
    assert_inert(ariana)
    copied_by = ariana.split('id="copied-by"')[1].split("</table>")[0]
    assert f'href="/outlets/{quote(EVIL_OUTLET, safe="")}"' in copied_by
    assert "&lt;i&gt;News&lt;/i&gt;" in copied_by
    evil = _html(client, f"/outlets/{quote(EVIL_OUTLET, safe='')}")
    assert_inert(evil)
    assert 'href="/outlets/Ariana%20News"' in evil.split('id="copies-from"')[1].split("</table>")[0]
    data = _json(client, "/outlets/Ariana%20News.json")["reuse"]
    assert data["computed"]["links"] == 3
    assert data["copies_from"] == []
    words = len(SHARED.split())
    assert data["copied_by"] == [{"outlet": EVIL_OUTLET, "links": 1, "words": words, "articles": 1}]
    fox = _json(client, f"/outlets/{quote('Fox News (Online News)', safe='')}.json")["reuse"]
    assert [f["outlet"] for f in fox["copied_by"]] == ["The N.Y. Times"]
    wire = _json(client, "/outlets/Hostile%20Wire.json")["reuse"]
    assert wire["copies_from"] == wire["copied_by"] == []
    assert wire["shares_undirected"] == [{"outlet": "Press TV", "links": 1, "words": words}]
    assert "Shares passages with, direction unknown" in _html(client, "/outlets/Hostile%20Wire")
    assert "share no passage" in _html(client, "/outlets/Al%20Arabiya")


def test_article_reuse(client: TestClient, corpus: Corpus) -> None:
    evil = corpus.ids[EVIL_OUTLET]
    page = _html(client, f"/articles/{evil}")
    assert_inert(page)
    table = page.split('id="reuse-links"')[1].split("</table>")[0]
    assert f'href="/articles/{corpus.ids["Ariana News"]}"' in table
    assert "this article likely copied it" in table
    assert "According to our data" in table
    data = _json(client, f"/articles/{evil}.json")["reuse"]
    [link] = data["links"]
    assert link["article"] == corpus.ids["Ariana News"] and link["other_is"] == "source"
    assert link["outlet"] == "Ariana News" and data["near_duplicates"] == []
    page = _html(client, f"/articles/{corpus.ids['Ariana News']}")
    assert_inert(page)
    table = page.split('id="reuse-links"')[1].split("</table>")[0]
    assert "&lt;b&gt;Breaking&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "it likely copied this article" in table
    ariana = _json(client, f"/articles/{corpus.ids['Ariana News']}.json")["reuse"]
    assert ariana["links"][0]["other_is"] == "copier"
    assert ariana["links"][0]["outlet"] == EVIL_OUTLET
    wire = _json(client, f"/articles/{corpus.ids['Hostile Wire']}.json")["reuse"]
    assert [x["other_is"] for x in wire["links"]] == ["unknown"]
    nyt = corpus.ids["The N.Y. Times"]
    page = _html(client, f"/articles/{nyt}")
    dups = page.split('id="near-duplicates"')[1].split("</ul>")[0]
    assert f'href="/articles/{corpus.ids["Fox News (Online News)"]}"' in dups
    assert "Glenn Beck at CPAC" in dups
    data = _json(client, f"/articles/{nyt}.json")["reuse"]
    assert [d["article"] for d in data["near_duplicates"]] == [corpus.ids["Fox News (Online News)"]]
    lonely = _json(client, f"/articles/{corpus.ids['Lonely Gazette']}.json")["reuse"]
    assert lonely["links"] == [] and lonely["near_duplicates"] == []
    assert lonely["computed"] is not None


def test_reuse_not_computed(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path)
    with TestClient(create_app(corpus.db, analyses=())) as c:
        page = _html(c, "/outlets/Press%20TV")
        assert "Reuse has not been computed for this store" in page
        assert _json(c, "/outlets/Press%20TV.json")["reuse"]["computed"] is None
        aid = corpus.ids["Press TV"]
        assert "Reuse has not been computed for this store" in _html(c, f"/articles/{aid}")
        assert _json(c, f"/articles/{aid}.json")["reuse"] == {
            "computed": None,
            "links": [],
            "near_duplicates": [],
        }


def test_story_without_analyses(corpus: Corpus) -> None:
    """Without quotes and provenance the page keeps its plain comparison: words only one
    outlet used instead of framing terms, no quotes, reuse not computed."""
    with TestClient(create_app(corpus.db, analyses=())) as c:
        page = _html(c, "/stories/daesh-2018")
        assert_inert(page)
        assert "Words only one outlet used" in page and 'id="quotes"' not in page
        assert "No quotes found in these articles." in page
        assert "Reuse between the articles is not computed" in page
        assert "independent origin" not in page
        data = _json(c, "/stories/daesh-2018.json")
        assert data["quotes"] == data["numbers"] == data["reuse"] == []
        assert data["framing"] == {} and data["analyses"] == {}
        assert data["distinctive_terms"]
        assert all(x["independent_origins"] is None for x in data["corroboration"])


def test_failed_analysis_is_shown(corpus: Corpus) -> None:
    def broken(c: Comparison, pool: ReadOnlyPool) -> Comparison:
        raise RuntimeError("the quotes model is missing")

    with TestClient(create_app(corpus.db, analyses=[("quotes", broken)])) as c:
        page = _html(c, "/stories/beck-2010")
        assert "Quotes could not be found for this story" in page
        assert _json(c, "/stories/beck-2010.json")["analyses"] == {"quotes": False}


LIST_CASES = [
    Filters(),
    Filters(sort="coverage"),
    Filters(q="lavrov"),
    Filters(q="the", sort="coverage"),
    Filters(q="***"),
    Filters(outlet="Press TV"),
    Filters(outlet=EVIL_OUTLET, q="gunmen"),
    Filters(lang="en", sort="coverage"),
    Filters(lang="ar", date_from="2018-01-01"),
    Filters(date_from="2010-02-21", date_to="2018-02-21~"),
    Filters(date_to="2010-02-20~", sort="coverage"),
]


@pytest.mark.parametrize("f", LIST_CASES)
def test_story_index_matches_sql(corpus: Corpus, f: Filters) -> None:
    """The in-memory index gives the rows, order and totals of ``list_stories``."""
    pool = ReadOnlyPool(corpus.db)
    with pool.connection() as conn:
        index = StoryIndex.build(conn)
        for offset in (0, 1, 2):
            expected = stories.list_stories(
                conn,
                q=f.q,
                outlet=f.outlet,
                lang=f.lang,
                date_from=f.date_from,
                date_to=f.date_to,
                sort=f.sort,
                limit=2,
                offset=offset,
            )
            rows = index.matching(f, search(conn, f.q) if f.q else None)
            assert (rows[offset : offset + 2], len(rows)) == expected
    pool.close()


def test_large_store_lists_in_sql(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsprism.web.views.MAX_INDEXED", 0)
    with TestClient(create_app(corpus.db, analyses=())) as c:
        assert c.app.state.site.pages.views.story_index() is None  # type: ignore[attr-defined]
        data = _json(c, "/index.json?q=lavrov&sort=coverage")
        assert [s["id"] for s in data["stories"]] == ["daesh-2018"]
        assert [s["id"] for s in _json(c, "/index.json")["stories"]] == [
            "lavrov-ar",
            "daesh-2018",
            "beck-2010",
        ]


# ---------------------------------------------------------------------------------------------
# Read-only, headers, start-up


def _digest(path: Path) -> tuple[int, str]:
    return path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_only(corpus: Corpus, client: TestClient) -> None:
    before = _digest(corpus.db)
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for url in ("/", "/index.json", "/stories/daesh-2018", "/articles/x", "/outlets/Fox"):
            r = client.request(method, url)
            assert r.status_code == 405, (method, url)
            assert "read-only" in r.text
    for url in (
        "/",
        "/index.json?q=lavrov",
        "/stories/daesh-2018",
        "/stories/daesh-2018.json",
        "/outlets",
        f"/articles/{corpus.ids['Press TV']}",
    ):
        assert client.get(url).status_code == 200
    for url in ("/", "/stories/daesh-2018", "/static/style.css"):
        assert client.head(url).status_code == 200
    assert _digest(corpus.db) == before


def test_security_headers(client: TestClient) -> None:
    for url, status in (
        ("/", 200),
        ("/index.json", 200),
        ("/stories/daesh-2018", 200),
        ("/static/style.css", 200),
        ("/?page=0", 400),
        ("/nope", 404),
    ):
        r = client.get(url)
        assert r.status_code == status, url
        assert r.headers["content-security-policy"] == CSP, url
        assert "default-src 'none'" in CSP and "style-src 'self'" in CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_no_api_docs_with_cdn_assets(client: TestClient) -> None:
    for url in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(url).status_code == 404


def test_host_header_checked(corpus: Corpus) -> None:
    app = create_app(corpus.db, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/index.json").status_code == 200
        r = c.get("/index.json", headers={"host": "evil.example"})
        assert r.status_code == 400
        assert r.headers["content-security-policy"] == CSP


def test_missing_or_foreign_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "missing.db")
    with pytest.raises(StoreError, match="no such store"):
        serve(tmp_path / "missing.db", port=0)  # fails before it binds a port
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError):
        create_app(junk)


def test_sees_what_ingest_commits_later(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path)
    with TestClient(create_app(corpus.db)) as c:
        assert _json(c, "/index.json")["total"] == 3
        assert _json(c, "/outlets.json")["total"] == 8
        extra = Article(
            id="late-1",
            source="late",
            outlet="Late Post",
            title="Late news",
            text="A late article about the chalkboard speech.",
            lang="en",
            published="2010-02-22",
        )
        with open_store(corpus.db) as store:  # a writer while the app is serving
            store.write_batch([extra], [], [("late-1", "beck-2010", 0.7, "late")])
        assert _json(c, "/outlets.json")["total"] == 9
        beck = [s for s in _json(c, "/index.json")["stories"] if s["id"] == "beck-2010"]
        assert beck[0]["articles"] == 3


# ---------------------------------------------------------------------------------------------
# Pieces


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://www.example.com/a?b=c#d", True),
        ("http://example.com", True),
        ("HTTPS://EXAMPLE.COM/", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("vbscript:msgbox(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("http:///no-host", False),
        ('https://example.com/"onmouseover="alert(1)', True),  # quoted by autoescape
        ("https://exa mple.com", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_href(url: str | None, linked: bool) -> None:
    assert (safe_href(url) is not None) == linked


def test_svg_escapes_and_edge_cases() -> None:
    hostile = svg.Event('<script>alert(1)</script>"', "2020-01-01", "<img src=x onerror=alert(1)>")
    out = str(svg.timeline([hostile]))
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in out
    assert svg.timeline([svg.Event("A", None, "t")]) is None
    week = [svg.Event("A", "2020-01-01", "t"), svg.Event("B", "2020-03-01T10:00:00+02:00", "u")]
    out = str(svg.timeline(week))
    assert out.count("<circle") == 2 and "2020-01-01" in out
    assert svg.matrix(["A"], []) is None
    m = str(svg.matrix(["A", "<b>B</b>"], [svg.MatrixRow(1, "verbatim", frozenset({0, 1}))]))
    assert "&lt;b&gt;B&lt;/b&gt;" in m and "<b>" not in m
    assert svg.KIND_COLOUR["verbatim"] in m
