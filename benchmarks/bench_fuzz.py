"""Fuzzing: a long hypothesis run over the stages that take untrusted input.

Targets, each given an equal share of the time budget:

* ``ingest``: generated files (random bytes; text in UTF-8, UTF-16, cp1251 and latin-1; tag
  soup HTML; JSONL with fields of every JSON type and broken lines; RSS; WARC archives written
  with warcio; any of them gzipped, truncated or with bytes flipped) under a suffix that may or
  may not match (``.txt .html .jsonl .gz .warc .rss`` or none, read from standard input),
  ingested into an in-memory store. Property: no exception, and every input document is stored
  or dropped with a reason (``new + already stored + dropped == seen``, store count == new).
* ``cleaner``: article-like plain text (real sentences, site chrome, word salad, odd Unicode).
  Properties: every body paragraph comes from an input line; every input line is kept, taken
  as the title or recorded as removed with a reason; cleaning the cleaned text again changes
  nothing (idempotence). A text that is dropped when cleaned again (the documented exception:
  a later pass that would remove every line is not taken) is counted, not a failure.
* ``sentences``: :func:`newsprism.text.sentence_spans`: spans inside the text, ordered, trimmed.
* ``quotes``: :func:`newsprism.quotes.extract` (spaCy parse): quote, part, speaker and number
  offsets inside the text, and the text at them is what is reported.
* ``aligner``: :func:`newsprism.compare.compare` (real sentence encoder) on two articles that
  share edited sentences: spans slice their article's text, passages span both articles.

A failure (an exception or a broken property) is counted and its input kept (shortened) in the
results; the run goes on. Hypothesis runs in batches with fresh seeds until the target's time
is spent; nothing is shrunk.

    nice python benchmarks/bench_fuzz.py [--minutes 5] [--out benchmarks/results/fuzz.json]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import io
import json
import logging
import platform
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from newsprism.clean import clean_document
from newsprism.compare import compare
from newsprism.corpus import ingest
from newsprism.ingest import read
from newsprism.model import Article, Drop, RawDocument
from newsprism.quotes import extract
from newsprism.settings import CleanConfig
from newsprism.store import open_store
from newsprism.text import sentence_spans

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "benchmarks" / "results" / "fuzz.json"
SEEDS = REPO / "examples" / "daesh-afghanistan"
BATCH = 25  # examples per hypothesis run; runs repeat with fresh seeds until time is up
KEEP_EXAMPLES = 5
CONFIG = CleanConfig(detect_language=False)

# ---------------------------------------------------------------------------------------------
# Strategies

SEED_LINES = [
    ln.strip()
    for name in ("press-tv.txt", "ariana-news.txt")
    for ln in (SEEDS / name).read_text(encoding="utf-8").splitlines()
    if ln.strip()
]
CHROME = [
    "Read More:", "Share this article", "Advertisement", "Follow us on Twitter", "Check Also",
    "Copyright 2018 Press TV. All rights reserved.", "About Ariana News", "Comments (0)",
    "Home | World | Politics | Sport", "By John Smith", "February 12, 2018", "KABUL (AP) —",
]  # fmt: skip
ODD = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
PIECES = st.sampled_from(
    ['"', "“", "”", "«", "»", "‘", "’", "'", "„", ".", ",", ":", "!", "?", "…", "\n", "\n\n",
     "said", "added", "told reporters", "Lavrov", "Sergei Lavrov", "he", "she", "the minister",
     "according to", "10,000", "ten thousand", "5%", "$3 million", "on Tuesday", "Mr.", "U.S.",
     "We will not allow it", "Daesh", "warned", "that", "—", "(", ")", "[", "]", "Kabulov",
     "claimed", "Iran's defense minister", "in December last year", "members", "\u200b",
     "\u00a0", "e.g.", "No.", "3.5", "1,000,000", "Dr.", "Jan.", "a.m.", "٣", "中文", "Ж",
     "。", "！", "？", "「", "」", "『", "』", "、", "外務大臣は", "と述べた", "ラブロフ",
     "中国外长", "قال", "لافروف", "؟", "۔", "।", "मंत्री", "외교부 장관은"]
)  # fmt: skip
TEXT = (
    ODD
    | st.lists(PIECES, max_size=120).map(" ".join)
    | st.lists(PIECES, max_size=120).map("".join)
    | st.lists(st.sampled_from(SEED_LINES) | PIECES, max_size=12).map(" ".join)
)
LINE = (
    st.sampled_from(SEED_LINES)
    | st.sampled_from(CHROME)
    | st.lists(PIECES, max_size=30).map(" ".join)
    | ODD.map(lambda t: t.replace("\n", " "))
)
DOCUMENT = st.lists(LINE, min_size=1, max_size=40).map("\n".join)

JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
FIELDS = ["id", "title", "text", "html", "url", "outlet", "published", "lang"]


@st.composite
def jsonl(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["record", "record", "broken", "value", "blank"]))
        if kind == "record":
            keys = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=8))
            rec = {k: draw(DOCUMENT if k in ("text", "html") else JSON_VALUE) for k in keys}
            lines.append(json.dumps(rec, ensure_ascii=draw(st.booleans())))
        elif kind == "broken":
            line = json.dumps({"text": draw(DOCUMENT)})
            lines.append(line[: draw(st.integers(0, len(line)))])
        elif kind == "value":
            lines.append(json.dumps(draw(JSON_VALUE)))
        else:
            lines.append(draw(st.sampled_from(["", " ", "\t"])))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


TAGS = ["div", "p", "span", "article", "main", "header", "footer", "nav", "aside", "script",
        "style", "h1", "h2", "a", "ul", "li", "table", "tr", "td", "br", "noscript", "time",
        "figure", "figcaption", "blockquote", "iframe", "svg", "template", "title"]  # fmt: skip
ATTRS = ['class="content"', 'id="main"', 'class="share"', 'itemprop="articleBody"',
         'property="og:title" content="A title"', 'href="javascript:x()"', 'datetime="2018-02-13"',
         'charset="windows-1251"', 'lang="ru"', 'style="display:none"']  # fmt: skip


@st.composite
def html(draw: st.DrawFn) -> bytes:
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append("<!DOCTYPE html><html><head>")
        if draw(st.booleans()):
            parts.append(f'<meta charset="{draw(st.sampled_from(["utf-8", "cp1251", "bogus"]))}">')
        parts.append(f"<title>{draw(LINE)}</title></head><body>")
    for _ in range(draw(st.integers(0, 40))):
        what = draw(st.sampled_from(["open", "close", "text", "text", "entity", "comment"]))
        tag = draw(st.sampled_from(TAGS))
        if what == "open":
            attrs = draw(st.lists(st.sampled_from(ATTRS), max_size=2))
            parts.append(f"<{' '.join([tag, *attrs])}>")
        elif what == "close":
            parts.append(f"</{tag}>")
        elif what == "text":
            parts.append(draw(LINE))
        elif what == "entity":
            parts.append(draw(st.sampled_from(["&amp;", "&nbsp;", "&#8220;", "&#x0;", "&bogus;"])))
        else:
            parts.append(f"<!-- {draw(LINE)} -->")
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1251", "latin-1"]))
    return "".join(parts).encode(encoding, "replace")


@st.composite
def feed(draw: st.DrawFn) -> bytes:
    items: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        body = draw(DOCUMENT).replace("]]>", "")
        items.append(
            f"<item><title>{draw(LINE)}</title><link>https://example.org/{len(items)}</link>"
            f"<pubDate>{draw(st.sampled_from(['Tue, 13 Feb 2018 10:00:00 GMT', 'soon']))}"
            f"</pubDate><description><![CDATA[<p>{body}</p>]]></description></item>"
        )
    xml = f'<?xml version="1.0"?><rss version="2.0"><channel>{"".join(items)}</channel></rss>'
    return xml.encode("utf-8", "replace")


@st.composite
def warc(draw: st.DrawFn) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=draw(st.booleans()))
    for k in range(draw(st.integers(0, 3))):
        payload = draw(html() | st.binary(max_size=300))
        ctype = draw(st.sampled_from(["text/html; charset=utf-8", "text/html", "image/png",
                                      "text/html; charset=bogus"]))  # fmt: skip
        status = draw(st.sampled_from(["200 OK", "404 Not Found", "301 Moved"]))
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rtype = draw(st.sampled_from(["response", "response", "request", "resource"]))
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{k:012d}>",
                 "WARC-Date": "2018-02-13T10:00:00Z"}  # fmt: skip
        rec = writer.create_warc_record(f"https://example.org/{k}", rtype,
                                        payload=io.BytesIO(payload), http_headers=headers,
                                        warc_headers_dict=fixed)  # fmt: skip
        writer.write_record(rec)
    return out.getvalue()


def _damage(draw: st.DrawFn, data: bytes) -> bytes:
    how = draw(st.sampled_from(["none", "none", "truncate", "flip", "gzip", "gzip-cut"]))
    if how == "truncate" and data:
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == "flip" and data:
        buf = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            buf[draw(st.integers(0, len(buf) - 1))] = draw(st.integers(0, 255))
        return bytes(buf)
    if how in ("gzip", "gzip-cut"):
        packed = gzip.compress(data, mtime=0)
        return packed if how == "gzip" else packed[: draw(st.integers(0, len(packed)))]
    return data


@st.composite
def input_file(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """(what was generated, suffix, bytes); suffix "-" means standard input."""
    kind = draw(st.sampled_from(["bytes", "text", "html", "jsonl", "feed", "warc"]))
    if kind == "bytes":
        data = draw(st.binary(max_size=4000))
    elif kind == "text":
        enc = draw(st.sampled_from(["utf-8", "utf-16", "cp1251", "latin-1", "utf-8-sig"]))
        data = draw(DOCUMENT).encode(enc, "replace")
    else:
        data = draw({"html": html(), "jsonl": jsonl(), "feed": feed(), "warc": warc()}[kind])
    matching = {"text": ".txt", "html": ".html", "jsonl": ".jsonl", "feed": ".rss", "warc": ".warc"}
    suffix = draw(
        st.sampled_from([matching.get(kind, ".txt"), ".txt", ".html", ".jsonl", ".warc", "", "-"])
    )
    data = _damage(draw, data)
    if data[:2] == b"\x1f\x8b" and suffix not in ("", "-") and draw(st.booleans()):
        suffix += ".gz"
    return kind, suffix, data


@st.composite
def edited_pair(draw: st.DrawFn) -> tuple[str, str]:
    """Two articles sharing sentences, each as its outlet may print it."""
    shared = draw(st.lists(st.sampled_from(SEED_LINES), max_size=8, unique=True))
    texts = []
    for _ in range(2):
        sents = []
        for s in shared:
            words = s.split()
            edit = draw(st.sampled_from(["same", "drop", "number", "marks", "case"]))
            if edit == "drop" and len(words) > 3:
                del words[draw(st.integers(0, len(words) - 1))]
            elif edit == "number":
                words.insert(draw(st.integers(0, len(words))), str(draw(st.integers(0, 10**6))))
            elif edit == "case":
                words = [w.upper() for w in words]
            sent = " ".join(words)
            sents.append(sent.replace('"', "“") if edit == "marks" else sent)
        sents += draw(st.lists(st.sampled_from(SEED_LINES) | TEXT, max_size=5))
        sep = draw(st.sampled_from([" ", "\n", "\n\n"]))
        texts.append(sep.join(draw(st.permutations(sents))))
    return texts[0], texts[1]


# ---------------------------------------------------------------------------------------------
# Properties (each raises AssertionError when broken; returns notes to count)


def check_ingest(case: tuple[str, str, bytes], workdir: Path) -> list[str]:
    kind, suffix, data = case
    notes = [f"input: {kind}", f"read as: {suffix or 'no suffix'}"]
    if suffix == "-":
        items = list(read(["-"], stdin=io.BytesIO(data)))
        assert all(isinstance(i, RawDocument | Drop) for i in items)
        assert all(i.reason for i in items if isinstance(i, Drop))
        return notes
    path = workdir / f"input{suffix}"
    path.write_bytes(data)
    with open_store(None) as store:
        report = ingest(store, [path], config=CONFIG)
        assert report.new + report.already_stored + report.dropped_total == report.seen, report
        assert store.count() == report.new
        assert all(d.reason for d in store.drops())
    notes += sorted({"dropped: " + re.sub(r"\d+", "N", reason) for reason in report.dropped})
    return [*notes, f"articles stored from: {kind}" if report.new else "no article stored"]


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(x in rest for x in short)


def _clean_text(text: str, title: str | None = None) -> Article | Drop:
    return clean_document(RawDocument("gen.txt", "text", text, title=title, outlet="Gen"), CONFIG)


def check_cleaner(text: str, _: Path) -> list[str]:
    a = _clean_text(text)
    if isinstance(a, Drop):
        assert a.reason
        return ["dropped"]
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    paragraphs = a.text.split("\n\n")
    assert all(p and any(p in ln for ln in lines) for p in paragraphs), "text not from input"
    kept = set(paragraphs) | {r.text.strip() for r in a.removed} | {a.title or ""}
    lost = [ln for ln in lines if ln not in kept and not any(p in ln for p in paragraphs)]
    assert not lost, f"lines neither kept nor recorded: {lost[:3]}"
    assert all(r.reason for r in a.removed)
    b = _clean_text(a.text, title=a.title or "")
    if isinstance(b, Drop):
        return ["kept", "dropped when cleaned again"]
    assert _is_subsequence(b.text.split("\n\n"), paragraphs), "cleaning again changed text"
    assert b.text == a.text, "cleaning the cleaned text again removed more (not idempotent)"
    return ["kept", "idempotent"]


def check_sentences(text: str, _: Path) -> list[str]:
    last = 0
    n = 0
    for s, e in sentence_spans(text):
        assert last <= s < e <= len(text), (s, e)
        assert text[s:e].strip() == text[s:e]
        last = e
        n += 1
    return [f"{min(n, 5)}{'+' if n >= 5 else ''} sentences"]


def check_quotes(text: str, _: Path) -> list[str]:
    aq = extract(text)
    for q in aq.quotes:
        assert 0 <= q.start <= q.end <= len(text), q
        assert q.parts and all(q.start <= s <= e <= q.end for s, e in q.parts), q
        assert q.text == " ".join(text[s:e] for s, e in q.parts), q
        if q.speaker_start is not None and q.speaker_end is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_mention, q
    for n in aq.numbers:
        assert 0 <= n.start < n.end <= len(text) and text[n.start : n.end] == n.text, n
    return [f"quotes: {bool(aq.quotes)}", f"numbers: {bool(aq.numbers)}"]


def check_aligner(pair: tuple[str, str], _: Path) -> list[str]:
    arts = [Article(id=f"a{i}", source=f"s{i}", outlet=f"o{i}", text=t) for i, t in enumerate(pair)]
    c = compare(arts)
    for p in c.passages:
        assert sorted(s.article for s in p.spans) == ["a0", "a1"], p
    for s in [s for p in c.passages for s in p.spans] + list(c.unique):
        assert 0 <= s.start < s.end <= len(c.article(s.article).text), s
        assert c.article(s.article).text[s.start : s.end] == s.text, s
    for a in c.articles:
        mine = [(s.start, s.end) for s in c.unique if s.article == a.id]
        assert all(e1 <= s2 for (_, e1), (s2, _) in pairwise(mine)), mine
    return [f"{k} passages" for k in sorted({p.kind for p in c.passages})] or ["no passage"]


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any, Path], list[str]]


TARGETS = [
    Target("ingest", input_file(), check_ingest),
    Target("cleaner", DOCUMENT, check_cleaner),
    Target("sentences", TEXT | DOCUMENT, check_sentences),
    Target("quotes", TEXT | DOCUMENT, check_quotes),
    Target("aligner", edited_pair(), check_aligner),
]

# ---------------------------------------------------------------------------------------------
# Running


@dataclass(slots=True)
class Tally:
    inputs: int = 0
    failures: int = 0
    seconds: float = 0.0
    notes: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "failures": self.failures,
            "seconds": round(self.seconds, 1),
            "inputs_per_second": round(self.inputs / self.seconds, 1) if self.seconds else 0.0,
            "errors": dict(self.errors.most_common()),
            "notes": dict(sorted(self.notes.items())),
            "failing_examples": self.examples,
        }


def run_target(target: Target, seconds: float, workdir: Path) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds
    t0 = time.monotonic()

    @given(target.strategy)
    @settings(
        max_examples=BATCH,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def one(case: Any) -> None:
        if time.monotonic() > deadline:
            return
        tally.inputs += 1
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # warcio writes warnings there
                tally.notes.update(target.check(case, workdir))
        except Exception as exc:  # a failure: counted, kept, and the run goes on
            tally.failures += 1
            kind = "property broken" if isinstance(exc, AssertionError) else type(exc).__name__
            where = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{kind} at {Path(where.filename).name}:{where.lineno}"
            tally.errors[key] += 1
            if tally.errors[key] == 1 and len(tally.examples) < KEEP_EXAMPLES:
                tally.examples.append(
                    {"error": f"{key}: {str(exc)[:300]}", "input": repr(case)[:4000]}
                )

    while time.monotonic() < deadline:
        one()
    tally.seconds = time.monotonic() - t0
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--minutes", type=float, default=5.0, help="total time (default 5)")
    ap.add_argument("--only", nargs="*", choices=[t.name for t in TARGETS], help="targets")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON")
    args = ap.parse_args(argv)
    logging.disable(logging.CRITICAL)  # expected failures inside the stages log; keep quiet
    targets = [t for t in TARGETS if not args.only or t.name in args.only]
    share = args.minutes * 60 / len(targets)
    extract("Warm-up: “spaCy loads here,” he said.")  # model loading is not fuzzing time
    compare([Article("w1", "w", "w", SEED_LINES[0]), Article("w2", "w", "w", SEED_LINES[1])])
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for t in targets:
            tally = run_target(t, share, Path(tmp))
            results[t.name] = tally.to_dict()
            print(f"{t.name:<10} {tally.inputs:>8} inputs {tally.failures:>5} failures "
                  f"{tally.seconds:6.0f} s", file=sys.stderr, flush=True)  # fmt: skip
    print(f"\n{'target':<10} {'inputs':>8} {'per s':>7} {'failures':>9}")
    for name, r in results.items():
        print(f"{name:<10} {r['inputs']:>8} {r['inputs_per_second']:>7} {r['failures']:>9}")
    total = sum(r["inputs"] for r in results.values())
    failures = sum(r["failures"] for r in results.values())
    print(f"{'total':<10} {total:>8} {'':>7} {failures:>9}")
    out = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "minutes": args.minutes,
        "method": "hypothesis, batches of fresh random examples, no shrinking; a failure is "
        "an exception or a broken property, counted and kept",
        "total_inputs": total,
        "total_failures": failures,
        "targets": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
