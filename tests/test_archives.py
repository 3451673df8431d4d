"""WARC archives (warcio) and RSS/Atom feeds (feedparser) as inputs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism import Article, Drop, clean, read
from tests.conftest import SEEDS


def _page(name: str) -> bytes:
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    paras = "".join(f"<p>{ln}</p>" for ln in lines if ln.strip())
    return (
        f"<html><head><meta charset='utf-8'><title>{lines[0][:60]}</title></head>"
        f"<body><nav>Home News World</nav><article>{paras}</article></body></html>"
    ).encode()


def _warc(path: Path, gz: bool = True) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        records = [
            ("https://www.ariananews.af/russia-concern", "200 OK", "text/html; charset=utf-8",
             _page("ariana-news.txt")),
            ("https://www.presstv.ir/Detail/2018/02/21", "200 OK", "text/html",
             _page("press-tv.txt")),
            ("https://www.presstv.ir/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://www.presstv.ir/missing", "404 Not Found", "text/html", b"<html>gone</html>"),
        ]  # fmt: skip
        for url, status, ctype, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)


def test_warc_html_responses(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    items = list(clean(read([path])))
    arts = [a for a in items if isinstance(a, Article)]
    drops = [d for d in items if isinstance(d, Drop)]
    assert [a.outlet for a in arts] == ["ariananews.af", "presstv.ir"]
    assert arts[0].source == f"{path}#1" and arts[0].ref and arts[0].ref.startswith("<urn:uuid:")
    assert "harboring suspicions" in arts[1].text
    assert [(d.source, d.reason) for d in drops] == [
        (f"{path}#3", "HTTP status 404, not an article page")
    ]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_keeps_what_was_read(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(path, gz=gz)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.75)])  # cut inside the second page
    items = list(read([path]))
    docs = [d for d in items if not isinstance(d, Drop)]
    drops = [d for d in items if isinstance(d, Drop)]
    assert len(docs) == 1
    assert any("truncated" in d.reason or "cut short" in d.reason for d in drops), drops


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Press TV</title><link>https://www.presstv.ir/</link>
<item><title>Russia concerned over US denial of Daesh presence in Afghanistan</title>
<link>https://www.presstv.ir/Detail/2018/02/21/553</link><guid>presstv-553</guid>
<pubDate>Wed, 21 Feb 2018 10:20:00 GMT</pubDate>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Headline only</title><link>https://www.presstv.ir/x</link></item>
</channel></rss>"""


def test_rss_entries(tmp_path: Path) -> None:
    lines = (SEEDS / "press-tv.txt").read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{ln}</p>" for ln in lines if ln.strip())
    path = tmp_path / "presstv.rss"
    path.write_text(RSS.format(body=body), encoding="utf-8")
    items = list(clean(read([path])))
    arts = [a for a in items if isinstance(a, Article)]
    drops = [d for d in items if isinstance(d, Drop)]
    assert len(arts) == 1
    a = arts[0]
    assert a.ref == "presstv-553" and a.published == "2018-02-21" and a.outlet == "presstv.ir"
    assert a.title == "Russia concerned over US denial of Daesh presence in Afghanistan"
    assert "We are alarmed" in a.text
    assert [d.source for d in drops] == [f"{path}#2"]
    assert "no content" in drops[0].reason


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><root><row>1</row></root>")
    items = list(read([path]))
    assert len(items) == 1 and isinstance(items[0], Drop)
    assert "not an RSS or Atom feed" in items[0].reason
