"""The HTML report as a person sees it: Debian's chromium opens it through Playwright.

The report is built for the two seed articles plus a hostile third article that shares
Lavrov's verbatim quote with them (so it is part of the story and its text is rendered)
and carries markup that would run script if it were not escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from newsprism import Article, clean, compare, read
from newsprism.report import render_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "daesh-afghanistan"

ARIANA, PRESSTV, HOSTILE = "Ariana News", "Press TV", "Hostile Wire"
SCRIPT_LINE = '<script>window.__pwned = 1; document.title = "pwned"</script>'
HOSTILE_LINES = [
    SCRIPT_LINE,
    '<img src=x onerror="window.__pwned=2">',
    '<iframe src="javascript:window.__pwned=3"></iframe>',
    '<svg onload="window.__pwned=4"><circle r="9"/></svg>',
    '<a href="javascript:window.__pwned=5">click here</a>',
    "<style>body { display: none }</style>",
    '"><script>document.title = "pwned"</script><b x="',
]
HOSTILE_TEXT = "\n".join(
    [
        "Lavrov Warns of Daesh Gunmen in Afghanistan",
        "",
        "Russian Foreign Minister Sergei Lavrov spoke to reporters in Moscow about the group.",
        '"According to our data, the Daesh presence in northern and eastern Afghanistan is '
        'rather serious, there are already thousands of gunmen," Lavrov said.',
        f"Analysts quoted the remark {HOSTILE_LINES[0]} in their morning notes.",
        f"A photo caption read {HOSTILE_LINES[1]} before the picture was taken down.",
        f"Our editors embedded {HOSTILE_LINES[2]} and {HOSTILE_LINES[3]} in the page.",
        f"Readers were told to {HOSTILE_LINES[4]} for the full statement & more.",
        f"The stylesheet {HOSTILE_LINES[5]} was pasted by mistake.",
        f"An attribute breakout {HOSTILE_LINES[6]} was tried as well.",
        "",
    ]
)

# One JS call that reads the side-by-side table: column outlets, then each passage row.
READ_TABLE = """() => {
  const table = document.querySelector("table#comparison");
  const outlets = [...table.querySelectorAll("thead th.article .outlet")]
    .map(e => e.textContent.trim());
  const rows = [...table.querySelectorAll("tbody tr.row")].map(tr => ({
    cls: tr.className,
    kind: tr.dataset.kind,
    label: tr.querySelector("td.label").textContent,
    cells: [...tr.querySelectorAll("td.cell")]
      .map(td => [...td.querySelectorAll("div.span")].map(d => d.textContent)),
  }));
  return {outlets, rows};
}"""


@dataclass
class Report:
    """The loaded report page and what the browser did while loading it."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TableRow:
    kind: str
    classes: frozenset[str]
    label: str
    cells: dict[str, list[str]]  # outlet -> the texts of its div.span elements

    def text(self, outlet: str) -> str:
        return "\n".join(self.cells[outlet])


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    hostile = tmp / "hostile-wire.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    arts = [a for a in clean(read([SEEDS, hostile])) if isinstance(a, Article)]
    assert [a.outlet for a in arts] == [ARIANA, PRESSTV, HOSTILE]
    c = compare(arts)
    assert not c.unrelated, "the hostile article shares Lavrov's quote: it is part of the story"
    out = tmp / "report.html"
    out.write_text(render_html(c), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def report(browser: Browser, report_file: Path) -> Iterator[Report]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    loaded = Report(page=page, url=report_file.as_uri())
    page.on("request", lambda r: _record_request(loaded, r))
    page.on("console", lambda m: _record_console(loaded, m))
    page.on("pageerror", lambda e: loaded.errors.append(f"pageerror: {e}"))
    page.goto(loaded.url, wait_until="load")
    page.wait_for_timeout(300)  # give an injected onerror/onload handler the chance to fire
    try:
        yield loaded
    finally:
        context.close()


def _record_request(report: Report, request: Request) -> None:
    report.requests.append(request.url)


def _record_console(report: Report, message: ConsoleMessage) -> None:
    if message.type in ("error", "warning"):
        report.errors.append(f"console {message.type}: {message.text}")


@pytest.fixture(scope="module")
def table(report: Report) -> list[TableRow]:
    data = cast(dict[str, Any], report.page.evaluate(READ_TABLE))
    outlets: list[str] = data["outlets"]
    assert outlets == [ARIANA, PRESSTV, HOSTILE]
    out = []
    for r in data["rows"]:
        assert len(r["cells"]) == len(outlets), r
        out.append(
            TableRow(
                kind=r["kind"],
                classes=frozenset(r["cls"].split()),
                label=r["label"],
                cells=dict(zip(outlets, r["cells"], strict=True)),
            )
        )
    return out


def _rows_with(table: list[TableRow], outlet: str, needle: str) -> list[TableRow]:
    return [r for r in table if needle in r.text(outlet)]


# ---------------------------------------------------------------------------------------------
# (a) the rows


def test_rows_are_well_formed(table: list[TableRow]) -> None:
    assert table
    for r in table:
        assert r.kind in {"verbatim", "near", "paraphrase", "unique"}
        assert r.classes == {"row", r.kind}
        assert r.kind in r.label
        filled = [o for o, spans in r.cells.items() if spans]
        if r.kind == "unique":
            assert filled, r  # one row: each article's own material in its column
        else:
            assert len(filled) >= 2, r


def test_verbatim_quote_shared_by_all_three(table: list[TableRow]) -> None:
    rows = _rows_with(table, ARIANA, "According to our data")
    assert len(rows) == 1
    row = rows[0]
    assert row.kind == "verbatim"
    for outlet in (PRESSTV, HOSTILE):
        assert "According to our data" in row.text(outlet), outlet
        assert "thousands of gunmen" in row.text(outlet), outlet


def test_opening_sentences_are_one_paraphrase_row(table: list[TableRow]) -> None:
    rows = _rows_with(table, ARIANA, "voiced serious concern")
    assert len(rows) == 1
    assert rows[0].kind == "paraphrase"
    assert "voiced worries" in rows[0].text(PRESSTV)
    assert not rows[0].cells[HOSTILE]


def test_ten_thousand_sentences_are_one_near_row(table: list[TableRow]) -> None:
    rows = _rows_with(table, ARIANA, "10,000 members")
    assert len(rows) == 1
    row = rows[0]
    assert row.kind == "near"
    assert "Zamir Kabulov" in row.text(ARIANA)
    assert "10,000 members" in row.text(PRESSTV)
    assert "In December last year" in row.text(PRESSTV)


@pytest.mark.parametrize(
    ("outlet", "needle"),
    [(ARIANA, "Khawaja Asif"), (PRESSTV, "Hatami"), (HOSTILE, SCRIPT_LINE)],
    ids=["ariana", "presstv", "hostile"],
)
def test_unique_material(table: list[TableRow], outlet: str, needle: str) -> None:
    rows = _rows_with(table, outlet, needle)
    assert len(rows) == 1
    assert rows[0].kind == "unique"
    others = [o for o in rows[0].cells if o != outlet]
    assert all(needle not in rows[0].text(o) for o in others)
    assert sum(r.kind == "unique" for r in table) == 1


def test_unique_rows_come_last(table: list[TableRow]) -> None:
    kinds = [r.kind for r in table]
    first_unique = kinds.index("unique")
    assert set(kinds[first_unique:]) == {"unique"}


# ---------------------------------------------------------------------------------------------
# (b) the hostile article's markup is text, never markup


def test_no_script_ran(report: Report) -> None:
    page = report.page
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.title() != "pwned"
    assert page.title().endswith("· newsprism")
    # an injected inline script would at least leave a Content Security Policy violation here
    assert report.errors == []


def test_markup_shown_as_text(report: Report) -> None:
    page = report.page
    body = page.locator("body").inner_text()
    for line in HOSTILE_LINES:
        assert line in body, line
    cell = page.locator("table#comparison tr.row.unique td.cell", has_text="<script>")
    assert cell.count() == 1
    assert SCRIPT_LINE in cell.inner_text()
    mark = page.locator("table#fulltext mark.verbatim", has_text="According to our data")
    assert mark.count() == 3


def test_no_elements_from_article_text(report: Report) -> None:
    page = report.page
    for selector in ("script", "img", "iframe", "svg", "circle", "a", "b", "object", "embed"):
        assert page.locator(selector).count() == 0, selector
    assert page.locator("style").count() == 1  # the template's own
    assert page.locator("body").is_visible()
    handlers = page.evaluate(
        "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
        ".filter(a => a.name.startsWith('on') || a.value.includes('javascript:')).length"
    )
    assert handlers == 0


# ---------------------------------------------------------------------------------------------
# (c) self-contained


def test_no_network_requests(report: Report) -> None:
    assert report.requests == [report.url]


# ---------------------------------------------------------------------------------------------
# (d) lines removed by cleaning


def test_removed_lines_listed_per_article(report: Report) -> None:
    page = report.page
    cells = page.locator("table#comparison tr.removed-row td.removed")
    assert cells.count() == 3
    ariana = cells.nth(0)
    items = ariana.locator("details li")
    assert not items.first.is_visible()  # collapsed until the reader opens it
    ariana.locator("details summary").click()
    assert items.first.is_visible()
    texts = items.all_inner_texts()
    for needle in ("About Ariana News", "Check Also"):
        assert any(t.startswith(needle) for t in texts), (needle, texts)
    presstv = cells.nth(1).locator("details li").all_text_contents()
    assert any(t.startswith("Read More:") for t in presstv), presstv


# ---------------------------------------------------------------------------------------------
# screenshot (kept in tmp_path for a person to look at after a failure)


def test_screenshot(report: Report, report_file: Path) -> None:
    shot = report_file.with_name("report.png")
    report.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_long_urls_stay_in_their_column(browser: Browser, tmp_path: Path) -> None:
    """A URL with no break in it wraps inside its article's column instead of running over
    the next one (six articles' headers at 1280 pixels)."""
    from dataclasses import replace

    arts = [a for a in clean(read([SEEDS])) if isinstance(a, Article)]
    slug = "-".join(["an-unbroken-article-slug"] * 6)
    many = [
        replace(
            a, id=f"{a.id}-{k}", outlet=f"{a.outlet} {k}", url=f"https://www.example{k}.com/{slug}"
        )
        for k in range(3)
        for a in arts
    ]
    out = tmp_path / "six.html"
    out.write_text(render_html(compare(many)), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(out.as_uri(), wait_until="load")
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('.meta')]
                .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)"""
        )
        assert overflowing == []
    finally:
        context.close()


def test_right_to_left_text_runs_right_to_left(browser: Browser, tmp_path: Path) -> None:
    """An Arabic article beside an English one: its passages and its full text are laid out
    right to left (``dir="auto"`` on article text), the English ones left to right."""
    from tests.test_scripts import ARABIC

    seed = next(a for a in clean(read([SEEDS / "ariana-news.txt"])) if isinstance(a, Article))
    ar = Article(id="ar", source="ar.txt", outlet="Arabic Desk", text=ARABIC, lang="ar")
    out = tmp_path / "rtl.html"
    out.write_text(render_html(compare([seed, ar])), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(out.as_uri(), wait_until="load")
        found = page.evaluate(
            """() => [...document.querySelectorAll('div.span, td.fulltext > div[dir]')]
                .map(el => [/[\\u0600-\\u06ff]/.test(el.textContent),
                            getComputedStyle(el).direction])"""
        )
        assert any(arabic for arabic, _ in found) and any(not arabic for arabic, _ in found)
        assert all(direction == ("rtl" if arabic else "ltr") for arabic, direction in found)
    finally:
        context.close()
