"""Fetching URLs, against a real HTTP server on 127.0.0.1 serving saved pages."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsprism import Article, Drop, RawDocument, clean, read
from newsprism.fetch import FetchConfig, fetch
from tests.conftest import SEEDS


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/presstv.html")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    for name, target in (("ariana-news.txt", "ariana-news.html"), ("press-tv.txt", "presstv.html")):
        lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
        paras = "".join(f"<p>{ln}</p>" for ln in lines if ln.strip())
        page = f"<html><head><title>{name}</title></head><body><article>{paras}</article>"
        (root / target).write_text(page + "</body></html>", encoding="utf-8")
    (root / "big.html").write_text("<html><body>" + "<p>word</p>" * 50_000 + "</body></html>")
    (root / "data.json").write_text('{"a": 1}')
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_and_clean_pages(site: str) -> None:
    items = list(clean(read([f"{site}/ariana-news.html", f"{site}/moved"])))
    arts = [a for a in items if isinstance(a, Article)]
    assert len(arts) == 2
    assert arts[1].url == f"{site}/presstv.html"  # the redirect's target
    assert arts[1].source == f"{site}/moved"
    assert "harboring suspicions" in arts[1].text
    assert arts[0].outlet == "127.0.0.1"


def test_fetch_failures_are_drops(site: str) -> None:
    cfg = FetchConfig(max_bytes=100_000, delay_s=0.0, max_redirects=3)
    urls = [f"{site}/missing.html", f"{site}/loop", f"{site}/big.html", f"{site}/data.json"]
    out = list(fetch(urls, cfg))
    assert all(isinstance(d, Drop) for d in out)
    reasons = [d.reason for d in out if isinstance(d, Drop)]
    assert "HTTP status 404" in reasons[0]
    assert "redirects" in reasons[1]
    assert "larger than" in reasons[2]
    assert "not an HTML page" in reasons[3]


def test_user_agent_and_politeness(site: str) -> None:
    cfg = FetchConfig(delay_s=0.3)
    import time

    t0 = time.monotonic()
    docs = list(fetch([f"{site}/ariana-news.html", f"{site}/presstv.html"], cfg))
    assert time.monotonic() - t0 >= 0.3  # one pause between two hits on the same host
    assert all(isinstance(d, RawDocument) for d in docs)
    assert "newsprism/" in cfg.user_agent
