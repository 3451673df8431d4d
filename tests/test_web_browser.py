"""The web UI as a person uses it: the real server (uvicorn, loopback, a free port) driven by
Debian's chromium through Playwright.

Stories page → search → a story (its quotes table, numbers, reuse links) → expand what
cleaning removed → an outlet and who it copies, plus the hostile article's page with its reuse
links, the keyboard path (skip link, focus ring) and a narrow screen. On every page:
no dialog may open (an injected ``alert(1)`` would), the DOM holds no element or attribute
that came from article text, nothing is requested from another host, and the console stays
clean (a blocked inline script would log a CSP violation). Screenshots are kept in tmp_path
and, when ``NEWSPRISM_ARTIFACTS`` names a directory, copied there.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import pytest
import uvicorn
from playwright.sync_api import Browser, Dialog, Page

from newsprism.web import create_app
from tests.test_web import EVIL_OUTLET, Corpus, add_reuse, build_corpus

pytestmark = pytest.mark.browser

STORY_TITLE = "Russia Expresses Concern over U.S., NATO Denial of Daesh in Afghanistan"

# Elements and attributes that could only come from article text (the pages have none).
INJECTED = """() => {
  const bad = [...document.querySelectorAll(
      'script, img, iframe, object, embed, b, style, body base, form[action^="javascript"]')]
    .map(e => e.outerHTML.slice(0, 80));
  const attrs = [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
      .filter(a => a.name.startsWith('on') || /javascript:/i.test(a.value))
      .map(a => e.tagName + ' ' + a.name + '=' + a.value));
  const italics = [...document.querySelectorAll('i:not(.sw)')].map(e => e.outerHTML);
  return {bad, attrs, italics, pwned: typeof window.__pwned};
}"""


@dataclass
class Visit:
    """A browser page and what happened while the test used it."""

    page: Page
    base: str
    shots: Path
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.status == 200, path
        self.check()

    def check(self) -> None:
        """Give an injected handler time to fire, then inspect the DOM of the current page."""
        self.page.wait_for_timeout(150)
        self.visited.append(self.page.url)
        found = cast(dict[str, Any], self.page.evaluate(INJECTED))
        assert found == {"bad": [], "attrs": [], "italics": [], "pwned": "undefined"}, (
            self.page.url,
            found,
        )
        assert self.dialogs == [], self.dialogs

    def shot(self, name: str, full_page: bool = True) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        if out := os.environ.get("NEWSPRISM_ARTIFACTS"):
            Path(out).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(out) / path.name)
        assert path.stat().st_size > 5_000
        return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    c = build_corpus(tmp_path_factory.mktemp("web-browser"))
    add_reuse(c)
    return c


@pytest.fixture(scope="module")
def server(corpus: Corpus) -> Iterator[str]:
    """The real app under uvicorn on 127.0.0.1 and a free port, in a thread."""
    app = create_app(corpus.db, allowed_hosts=["127.0.0.1", "localhost"])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _visit(browser: Browser, server: str, shots: Path, width: int, height: int) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    v = Visit(page=page, base=server, shots=shots)

    def on_dialog(d: Dialog) -> None:
        v.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "console", lambda m: v.errors.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: v.errors.append(f"pageerror: {e}"))
    page.on(
        "request",
        lambda r: v.foreign.append(r.url) if not r.url.startswith((server, "data:")) else None,
    )
    try:
        yield v
        assert v.dialogs == [], v.dialogs
        assert v.errors == [], v.errors
        assert v.foreign == [], v.foreign
    finally:
        context.close()


@pytest.fixture
def visit(browser: Browser, server: str, tmp_path: Path) -> Iterator[Visit]:
    yield from _visit(browser, server, tmp_path, 1400, 900)


@pytest.fixture
def narrow(browser: Browser, server: str, tmp_path: Path) -> Iterator[Visit]:
    yield from _visit(browser, server, tmp_path, 390, 844)


def test_search_story_chrome_outlet(visit: Visit) -> None:
    page = visit.page
    visit.goto("/")
    assert page.locator("h1").inner_text() == "Stories"
    assert page.locator("li.story").count() == 3
    visit.shot("stories")

    page.fill("#q", "gunmen")
    page.press("#q", "Enter")
    page.wait_for_load_state("load")
    visit.check()
    assert "q=gunmen" in page.url
    assert page.locator("li.story").count() == 1
    visit.shot("search")

    page.get_by_role("link", name=STORY_TITLE).click()
    page.wait_for_load_state("load")
    visit.check()
    assert page.url.endswith("/stories/daesh-2018")
    outlets = page.locator("table#comparison thead th.article a.outlet").all_inner_texts()
    assert sorted(outlets) == sorted(["Ariana News", "Press TV", "Hostile Wire", EVIL_OUTLET])
    assert outlets[0] == "Ariana News"  # publication order; undated articles last
    quote_row = page.locator("table#comparison tr.row", has_text="According to our data")
    assert quote_row.count() == 1
    assert quote_row.get_attribute("data-kind") == "verbatim"
    assert page.locator("svg.timeline circle").count() == 2  # Ariana News and the JSONL record
    undated = page.locator("p", has_text="Without a date").inner_text()
    assert "Press TV" in undated and "Hostile Wire" in undated
    assert page.locator("svg.matrix rect").count() >= 4

    quotes = page.locator("table#quotes")
    assert quotes.is_visible()
    heads = quotes.locator("thead th").all_inner_texts()
    assert heads[:2] == ["Speaker", "Quote"] and "Press TV" in heads and "Ariana News" in heads
    lavrov = quotes.locator("tr.quote", has_text="thousands of gunmen")
    assert lavrov.count() == 1
    assert lavrov.locator("td.qcell.same").count() == 4  # all four outlets, in the same words
    speaker = page.locator("table#quotes th.speaker", has_text="Sergei Lavrov")
    assert speaker.count() == 1 and int(speaker.get_attribute("rowspan") or 0) >= 2
    assert page.locator("table#speakers tbody tr").count() >= 3
    figure = page.locator("table#numbers tr", has_text="10,000")
    assert "differs: source, time" in figure.inner_text()
    assert page.locator("table#reuse tr.link").count() >= 1
    quotes.scroll_into_view_if_needed()
    visit.shot("story-quotes", full_page=False)

    removed = page.locator("tr.removed-row td.removed").first
    item = removed.locator("details li").first
    assert not item.is_visible()
    removed.locator("summary").click()
    assert item.is_visible()
    assert any(t.startswith("About Ariana News") for t in removed.locator("li").all_inner_texts())
    visit.check()
    visit.shot("story")

    page.locator("table#comparison thead a.outlet", has_text="Press TV").click()
    page.wait_for_load_state("load")
    visit.check()
    assert page.url.endswith("/outlets/Press%20TV")
    assert page.locator("h1").inner_text() == "Press TV"
    assert page.get_by_role("link", name=STORY_TITLE).count() == 1
    assert "Shares passages with, direction unknown" in page.locator("section.flows").inner_text()
    visit.shot("outlet")

    visit.goto("/outlets/Ariana%20News")
    copied_by = page.locator("table#copied-by")
    assert copied_by.locator("tbody a").all_inner_texts() == [EVIL_OUTLET]
    copied_by.locator("tbody a").click()
    page.wait_for_load_state("load")
    visit.check()
    assert page.locator("h1").inner_text() == EVIL_OUTLET
    assert page.locator("table#copies-from tbody a").all_inner_texts() == ["Ariana News"]
    visit.shot("outlet-flows")


def test_hostile_pages_are_inert(visit: Visit, corpus: Corpus) -> None:
    page = visit.page
    visit.goto(f"/outlets/{quote(EVIL_OUTLET, safe='')}")
    assert page.locator("h1").inner_text() == EVIL_OUTLET
    page.get_by_role("link", name=STORY_TITLE).click()
    page.wait_for_load_state("load")
    visit.check()
    title = page.locator("th.article", has_text=EVIL_OUTLET).locator("a.title")
    assert title.inner_text() == "<b>Breaking</b> <script>alert(1)</script> Lavrov on Daesh"
    title.click()
    page.wait_for_load_state("load")
    visit.check()
    assert page.url.endswith(f"/articles/{corpus.ids[EVIL_OUTLET]}")
    inert = page.locator("span.url.inert")
    assert inert.inner_text() == "javascript:alert(1)"
    assert page.locator("a[href^='javascript']").count() == 0
    body = page.locator("main").inner_text()
    assert "<script>alert(1)</script>" in body
    assert '"><img src=x onerror=alert(1)>' in body
    link = page.locator("table#reuse-links tr.link")
    assert link.count() == 1 and "this article likely copied it" in link.inner_text()
    visit.shot("hostile-article")
    link.locator("a").click()  # the article it copied, whose reuse links name the hostile one
    page.wait_for_load_state("load")
    visit.check()
    assert page.url.endswith(f"/articles/{corpus.ids['Ariana News']}")
    other = page.locator("table#reuse-links tr.link a").inner_text()
    assert other == "<b>Breaking</b> <script>alert(1)</script> Lavrov on Daesh"


def test_keyboard(visit: Visit) -> None:
    page = visit.page
    visit.goto("/stories/daesh-2018")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Skip to content"
    assert page.locator("a.skip").is_visible()  # shown when focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    visit.shot("skip-link", full_page=False)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # the next Tab stops are real links inside the content
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "A"
    summary = page.locator("tr.removed-row summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("tr.removed-row details").first.get_attribute("open") is not None


def test_narrow_screen(narrow: Visit) -> None:
    page = narrow.page
    narrow.goto("/")
    overflow = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    narrow.shot("stories-narrow")
    narrow.goto("/stories/daesh-2018")
    assert page.evaluate(overflow) <= 0  # the page itself does not scroll sideways ...
    region = page.locator("div.scroll", has=page.locator("table#comparison"))
    widths = region.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1]  # ... the side-by-side table does, in its own region
    narrow.shot("story-narrow")
