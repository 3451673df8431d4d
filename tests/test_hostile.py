"""Hostile input: every good article is taken, every bad one is named with its reason."""

from __future__ import annotations

import gzip
import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism import Article, Drop, clean, compare, read
from tests.conftest import ROOT, SEEDS

GOOD = (SEEDS / "press-tv.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("hostile")
    f: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        f[name] = d / name
        f[name].write_bytes(data)

    put("good.txt", GOOD.encode())
    put("empty.txt", b"")
    put("binary.txt", bytes(range(256)) * 64)
    put("truncated.txt.gz", gzip.compress(GOOD.encode())[:200])
    put("utf16.txt", GOOD.encode("utf-16"))
    put("mixed.txt", GOOD.encode() + "\nCafé crème à la française.\n".encode("latin-1"))
    put("zero-width.txt", GOOD.replace("Lavrov", "Lav\u200brov\u202e").encode())
    put("quotes-only.txt", ('"“”«»„' * 2000).encode())
    marks = '"""“”«»'
    put("quotes-only.html", f"<html><body>{('<p>' + marks * 40 + '</p>') * 50}".encode())
    put("quotes-lines.txt", ((marks + "\n") * 500).encode())
    put("long-line.txt", (("word " * 200_000) + "\n").encode())
    put("deep.html", b"<html><body>" + b"<div>" * 100_000 + b"text" + b"</div>" * 100_000)
    put(
        "records.jsonl",
        "\n".join(
            [
                json.dumps({"id": "a", "text": GOOD, "outlet": "Press TV"}),
                '{"id": "b", "text": ',
                json.dumps({"id": "c", "text": GOOD, "title": ["not", "a", "string"]}),
                json.dumps({"id": "d", "text": 42}),
            ]
        ).encode(),
    )
    big = d / "big.txt"
    with big.open("wb") as fh:  # 100 MB, written in chunks
        chunk = (GOOD + "\n").encode() * 64
        while fh.tell() < 100 * 2**20:
            fh.write(chunk)
    f["big.txt"] = big
    return f


def test_readers_and_cleaner_survive(corpus: dict[str, Path]) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = list(clean(read(sorted(corpus.values()))))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    arts = {Path(a.source.split(":")[0]).name for a in items if isinstance(a, Article)}
    drops = {d.source.replace(str(corpus["good.txt"].parent) + "/", ""): d.reason
             for d in items if isinstance(d, Drop)}  # fmt: skip
    assert {"good.txt", "utf16.txt", "mixed.txt", "zero-width.txt", "records.jsonl"} <= arts
    assert drops["empty.txt"] == "empty file"
    assert drops["binary.txt"].startswith("binary file")
    assert drops["truncated.txt.gz"].startswith("truncated gzip")
    assert "larger than an article may be" in drops["big.txt"]
    assert drops["records.jsonl:2"].startswith("invalid JSON")
    assert "must be a string" in drops["records.jsonl:3"]
    assert drops["records.jsonl:4"].startswith("record has no non-empty")
    assert "deep.html" in drops
    for name in ("quotes-only.txt", "quotes-only.html"):  # kept before: 12,000 quote marks
        assert drops[name].startswith("no words in the body text"), drops
    assert "quotes-lines.txt" in drops  # repeated lines: chrome, then no body at all
    assert grown_mb < 300, f"memory grew by {grown_mb:.0f} MB: the 100 MB file was read"
    zw = next(a for a in items if isinstance(a, Article) and a.source.endswith("zero-width.txt"))
    assert "Lavrov" in zw.text and "\u200b" not in zw.text and "\u202e" not in zw.text


def test_compare_survives_long_line_and_odd_text(corpus: dict[str, Path]) -> None:
    paths = [corpus["good.txt"], corpus["long-line.txt"], corpus["zero-width.txt"]]
    arts = [a for a in clean(read(paths)) if isinstance(a, Article)]
    c = compare(arts)
    for s in [s for p in c.passages for s in p.spans] + list(c.unique):
        assert c.article(s.article).text[s.start : s.end] == s.text


def test_ingest_cli_summary_and_drops_json(corpus: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    proc = subprocess.run(
        [sys.executable, "-m", "newsprism", "ingest", str(corpus["good.txt"].parent), "--db",
         str(db)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr  # ran, some inputs dropped
    assert "Traceback" not in proc.stderr
    assert "dropped: empty file" in proc.stderr
    out = subprocess.run(
        [sys.executable, "-m", "newsprism", "drops", "--db", str(db), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    rows = json.loads(out.stdout)
    assert all(set(r) == {"source", "line", "reason"} for r in rows)
    jsonl = [r for r in rows if r["source"].endswith("records.jsonl")]
    assert sorted(r["line"] for r in jsonl) == [2, 3, 4]
    quotes_only = [r for r in rows if r["source"].endswith("quotes-only.txt")]
    assert len(quotes_only) == 1 and quotes_only[0]["line"] is None
    assert quotes_only[0]["reason"].startswith("no words in the body text (only quote marks")
    assert "dropped: no words in the body text" in proc.stderr


def test_warc_response_without_target_uri(tmp_path: Path) -> None:
    """Found by benchmarks/bench_fuzz.py: warcio raises AttributeError on a response record
    without WARC-Target-URI; it must be a drop, not a traceback."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Hi.</p></body></html>"
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        b"WARC-Date: 2018-02-13T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: %d\r\n\r\n" % len(http)
    )
    path = tmp_path / "no-target-uri.warc"
    path.write_bytes(head + http + b"\r\n\r\n")
    items = list(clean(read([path])))  # must not raise: a bad record is a drop
    assert items and all(isinstance(i, Article) or i.reason for i in items)
