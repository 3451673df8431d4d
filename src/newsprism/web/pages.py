"""Each page and its ``.json`` twin rendered to bytes (a :class:`Page`, which can be cached).

Renderers are plain functions of the store: they run in a worker thread and raise
:class:`~newsprism.web.params.WebError` for a 404. Templates are autoescaped Jinja2.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.responses import Response

from newsprism.model import PASSAGE_KINDS
from newsprism.report import KIND_MARK, render_html
from newsprism.store.stories import StoryRow
from newsprism.web.params import PAGE_SIZE, SORTS, ListParams, safe_href, urlpart
from newsprism.web.views import MAX_ARTICLE_LINKS, Views

HTML = "text/html; charset=utf-8"
JSON = "application/json"
MAX_OUTLET_OPTIONS = 300
#: The article fields in an article page's metadata table (url, source and id follow).
ARTICLE_FIELDS = ("outlet", "title", "published", "lang", "author", "site_name", "ref")
# The downloadable report is one self-contained file with its own inline stylesheet.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True, slots=True)
class Page:
    """A rendered response body, its media type, status and extra headers."""

    body: bytes
    media_type: str = HTML
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    def response(self) -> Response:
        return Response(self.body, self.status, dict(self.headers), self.media_type)


def json_page(data: Any, status: int = 200) -> Page:
    body = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Page(body.encode("utf-8"), JSON, status)


def time_span(row: StoryRow) -> str:
    if not row.first_seen:
        return "date unknown"
    if row.first_seen == row.last_seen or not row.last_seen:
        return row.first_seen
    return f"{row.first_seen} – {row.last_seen}"


def template_env() -> Environment:
    env = Environment(
        loader=PackageLoader("newsprism.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters["safe_href"] = safe_href
    env.filters["urlpart"] = urlpart
    env.filters["span"] = time_span
    env.filters["pct"] = lambda v: f"{v:.0%}"
    env.globals.update(kinds=(*PASSAGE_KINDS, "unique"), marks=KIND_MARK, sorts=SORTS)
    return env


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


ERROR_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed"}


@dataclass(slots=True)
class Pages:
    """The renderers of one app over one store."""

    views: Views
    env: Environment
    db_name: str

    def html(self, template: str, status_code: int = 200, **context: Any) -> Page:
        body = self.env.get_template(template).render(db_name=self.db_name, **context)
        return Page(body.encode("utf-8"), HTML, status_code)

    def error(self, status: int, message: str, as_json: bool) -> Page:
        if as_json:
            return json_page({"error": {"status": status, "message": message}}, status)
        heading = ERROR_TITLES.get(status, "Error")
        return self.html(
            "error.html.j2", status, status=status, heading=heading, message=message, json_href=None
        )

    # -- stories ----------------------------------------------------------------------------

    def index(self, p: ListParams) -> Page:
        rows, total = self.views.story_list(p)
        outlets = self.views.outlets()[:MAX_OUTLET_OPTIONS]
        if p.outlet and p.outlet not in {o for o, _, _ in outlets}:
            outlets.append((p.outlet, 0, 0))
        return self.html(
            "index.html.j2",
            p=p,
            rows=rows,
            total=total,
            pages=_pages(total),
            outlets=outlets,
            languages=self.views.languages(),
            base="/",
            json_href=f"/index.json{p.query()}",
        )

    def index_json(self, p: ListParams) -> Page:
        rows, total = self.views.story_list(p)
        return json_page(
            {
                "stories": [r.to_dict() for r in rows],
                "total": total,
                "page": p.page,
                "page_size": PAGE_SIZE,
                "pages": _pages(total),
                "query": p.to_dict(),
            }
        )

    def story(self, story_id: str) -> Page:
        v = self.views.story(story_id)
        json_href = f"/stories/{urlpart(story_id)}.json"
        return self.html("story.html.j2", v=v, s=v.story, json_href=json_href)

    def story_json(self, story_id: str) -> Page:
        return json_page(self.views.story(story_id).to_dict())

    def story_report(self, story_id: str) -> Page:
        c = self.views.story(story_id).comparison
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", story_id)[:80] or "story"
        headers = (
            ("content-security-policy", REPORT_CSP),
            ("content-disposition", f'attachment; filename="newsprism-story-{name}.html"'),
        )
        return Page(render_html(c).encode("utf-8"), HTML, 200, headers)

    # -- articles and outlets ---------------------------------------------------------------

    def article(self, article_id: str) -> Page:
        a, member, reuse = self.views.article(article_id)
        return self.html(
            "article.html.j2",
            a=a,
            member=member,
            reuse=reuse,
            max_links=MAX_ARTICLE_LINKS,
            fields=[(name, getattr(a, name)) for name in ARTICLE_FIELDS],
            prov=dict(a.provenance),
            json_href=f"/articles/{urlpart(article_id)}.json",
        )

    def article_json(self, article_id: str) -> Page:
        a, member, reuse = self.views.article(article_id)
        return json_page({"article": a.to_dict(), "membership": member, "reuse": reuse.to_dict()})

    def outlets(self) -> Page:
        return self.html("outlets.html.j2", outlets=self.views.outlets(), json_href="/outlets.json")

    def outlets_json(self) -> Page:
        data = [{"outlet": o, "articles": n, "stories": k} for o, n, k in self.views.outlets()]
        return json_page({"outlets": data, "total": len(data)})

    def outlet(self, name: str, p: ListParams) -> Page:
        entry = self.views.outlet(name)
        rows, total = self.views.story_list(p)
        base = f"/outlets/{urlpart(name)}"
        return self.html(
            "outlet.html.j2",
            entry=entry,
            reuse=self.views.outlet_reuse(name),
            p=p,
            rows=rows,
            total=total,
            pages=_pages(total),
            base=base,
            json_href=f"{base}.json{p.query(keep_outlet=False)}",
        )

    def outlet_json(self, name: str, p: ListParams) -> Page:
        outlet, n_articles, n_stories = self.views.outlet(name)
        rows, total = self.views.story_list(p)
        return json_page(
            {
                "outlet": outlet,
                "articles": n_articles,
                "stories_total": n_stories,
                "stories": [r.to_dict() for r in rows],
                "total": total,
                "page": p.page,
                "page_size": PAGE_SIZE,
                "reuse": self.views.outlet_reuse(outlet).to_dict(),
            }
        )
