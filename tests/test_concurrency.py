"""Concurrency: the web UI serves a store while ``newsprism ingest`` writes to it (WAL).

``newsprism serve`` and ``newsprism ingest`` run as two processes over one SQLite file while
client threads request listings, story pages and article pages without pause. Every request
must succeed (200), with one exception, checked precisely: a story page may answer 404 when
its story no longer exists because a new article bridged it into another story. On each such
404 the test reads the store itself: the story must have no member left at that moment, and
at the end every article it had before the ingest must be in another story. Articles are never
removed, so an article page must never answer 404, and a listing never fails.
"""

from __future__ import annotations

import json
import random
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import ROOT, shared_data

N_PAIRS = 60  # the seed: two outlets' articles of each of 60 events, stored before serving
N_INGEST = 2000  # written while it serves, plus one "bridge" article per seed event


def _record(r: dict[str, Any], i: int, text: str | None = None) -> dict[str, Any]:
    return {
        "id": f"{r['id']}#{i}", "title": r["title"], "outlet": r["source"],
        "text": f"{text or r['text']}\n\nEdition {i}: reported by the desk.",
        "url": f"https://example.org/{r['source']}/{i}", "published": r["date"],
    }  # fmt: skip


def _write(out: Path, records: list[dict[str, Any]]) -> Path:
    out.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seed, and what is ingested while serving: 2,000 articles and, spread among them,
    one article per seed event carrying both seed articles' text. Where the seed pair went to
    two stories, that article may bridge them, and a story id disappears while it is shown."""
    src = shared_data("clustering")
    recs = [
        json.loads(line)
        for name in ("allsides_neus_2021.jsonl", "basil_triplets.jsonl")
        for line in (src / name).read_text(encoding="utf-8").splitlines()
    ]
    events: dict[str, list[dict[str, Any]]] = {}
    for r in recs:
        if r["id"].startswith("allsides-"):
            events.setdefault(r["story"], []).append(r)
    pairs = [v[:2] for v in events.values() if len(v) >= 2][:N_PAIRS]
    assert len(pairs) == N_PAIRS
    seed = [_record(r, i) for i, r in enumerate(r for pair in pairs for r in pair)]
    more = [_record(recs[i % len(recs)], i) for i in range(len(seed), len(seed) + N_INGEST)]
    step = N_INGEST // N_PAIRS
    for k, (a, b) in enumerate(pairs):  # latest first, so the positions stay put
        more.insert(N_INGEST - k * step, _record(a, 100_000 + k, f"{a['text']}\n\n{b['text']}"))
    d = tmp_path_factory.mktemp("concurrency")
    return _write(d / "seed.jsonl", seed), _write(d / "more.jsonl", more)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ro(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10)


def _memberships(db: Path) -> dict[str, str]:
    conn = _ro(db)
    try:
        return dict(conn.execute("SELECT article_id, story_id FROM memberships").fetchall())
    finally:
        conn.close()


def _n_members(db: Path, story_id: str) -> int:
    conn = _ro(db)
    try:
        sql = "SELECT count(*) FROM memberships WHERE story_id = ?"
        return int(conn.execute(sql, (story_id,)).fetchone()[0])
    finally:
        conn.close()


@dataclass
class Tally:
    """What the clients saw and what they ask for next."""

    db: Path
    lock: threading.Lock = field(default_factory=threading.Lock)
    ok: Counter[str] = field(default_factory=Counter)
    during: int = 0  # requests answered while the ingest ran
    ingesting: bool = False
    gone: set[str] = field(default_factory=set)  # stories that answered 404, checked merged
    failures: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # story ids from recent listings
    watched: list[str] = field(default_factory=list)  # the seed's stories, asked in turn
    turn: int = 0
    articles: list[str] = field(default_factory=list)

    def served(self, kind: str) -> None:
        with self.lock:
            self.ok[kind] += 1
            self.during += self.ingesting

    def fail(self, what: str) -> None:
        with self.lock:
            self.failures.append(what)


def _get(client: httpx.Client, tally: Tally, kind: str, url: str) -> httpx.Response | None:
    try:
        r = client.get(url)
    except httpx.HTTPError as exc:
        tally.fail(f"{url}: {type(exc).__name__}: {exc}")
        return None
    if r.status_code == 200:
        tally.served(kind)
        return r
    tally.fail(f"{url}: HTTP {r.status_code}: {r.text[:300]}")
    return None


def _story_page(
    client: httpx.Client, tally: Tally, story_id: str, suffix: str
) -> httpx.Response | None:
    url = f"/stories/{quote(story_id, safe='')}{suffix}"
    try:
        r = client.get(url)
    except httpx.HTTPError as exc:
        tally.fail(f"{url}: {type(exc).__name__}: {exc}")
        return None
    if r.status_code == 200:
        tally.served(f"story{suffix}")
        return r
    if r.status_code == 404:
        # right only if the story has no member in the store now: it was merged away
        left = _n_members(tally.db, story_id)
        if left:
            tally.fail(f"{url}: 404 while the store holds {left} members of it")
            return None
        tally.served("story 404 (merged)")
        with tally.lock:
            tally.gone.add(story_id)
            if story_id in tally.watched:
                tally.watched.remove(story_id)
        return None
    tally.fail(f"{url}: HTTP {r.status_code}: {r.text[:300]}")
    return None


def _story(client: httpx.Client, tally: Tally, story_id: str, html: bool) -> None:
    """A story's JSON (its members feed the article readers), then maybe its page."""
    r = _story_page(client, tally, story_id, ".json")
    if r is None:
        return
    ids = [m["article"] for m in r.json()["members"]]
    with tally.lock:
        tally.articles.extend(ids)
        del tally.articles[:-3000]
    if html:
        _story_page(client, tally, story_id, "")


def _lister(client: httpx.Client, tally: Tally, rng: random.Random) -> None:
    page, sort = rng.randint(1, 3), rng.choice(["recent", "coverage"])
    _get(client, tally, "index", f"/?sort={sort}&page={page}")
    r = _get(client, tally, "index.json", f"/index.json?sort={sort}&page={page}")
    if r is not None:
        with tally.lock:
            tally.listed.extend(s["id"] for s in r.json()["stories"])
            del tally.listed[:-150]


def _story_reader(client: httpx.Client, tally: Tally, rng: random.Random) -> None:
    with tally.lock:
        sid = rng.choice(tally.listed) if tally.listed else None
    if sid is None:
        time.sleep(0.05)
        return
    _story(client, tally, sid, html=True)


def _watcher(client: httpx.Client, tally: Tally, rng: random.Random) -> None:
    """The seed's stories in turn: the ones a bridge article may merge."""
    with tally.lock:
        sid = tally.watched[tally.turn % len(tally.watched)] if tally.watched else None
        tally.turn += 1
    if sid is None:
        time.sleep(0.05)
        return
    _story(client, tally, sid, html=rng.random() < 0.2)


def _article_reader(client: httpx.Client, tally: Tally, rng: random.Random) -> None:
    with tally.lock:
        aid = rng.choice(tally.articles) if tally.articles else None
    if aid is None:
        time.sleep(0.05)
        return
    suffix = rng.choice(["", ".json"])
    _get(client, tally, "article", f"/articles/{quote(aid, safe='')}{suffix}")


Step = Callable[[httpx.Client, Tally, random.Random], None]


def _client(base: str, tally: Tally, stop: threading.Event, step: Step, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=120) as client:
        while not stop.is_set():
            step(client, tally, rng)


def _wait_up(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/index.json", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("the server did not answer within 90 s")


def test_serve_while_ingesting(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    seed, more = inputs
    db = tmp_path / "news.db"
    newsprism = [sys.executable, "-m", "newsprism"]
    first = subprocess.run([*newsprism, "ingest", str(seed), "--db", str(db)], cwd=ROOT,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert first.returncode == 0, first.stderr
    before = _memberships(db)
    tally = Tally(db, watched=sorted(set(before.values())))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server_log, ingest_log = tmp_path / "serve.log", tmp_path / "ingest.log"
    with server_log.open("wb") as slog, ingest_log.open("wb") as ilog:
        server = subprocess.Popen([*newsprism, "serve", "--db", str(db), "--port", str(port)],
                                  cwd=ROOT, stdout=slog, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            _wait_up(base, server, server_log)
            stop = threading.Event()
            steps: list[Step] = [_lister, _story_reader, _watcher, _article_reader]
            threads = [
                threading.Thread(target=_client, args=(base, tally, stop, step, k), daemon=True)
                for k, step in enumerate(steps)
            ]
            for t in threads:
                t.start()
            time.sleep(2.0)  # the clients have ids to ask for before the writes begin
            with tally.lock:
                tally.ingesting = True
            t0 = time.monotonic()
            ingest = subprocess.Popen([*newsprism, "ingest", str(more), "--db", str(db)],
                                      cwd=ROOT, stdout=ilog, stderr=subprocess.STDOUT)  # fmt: skip
            rc = ingest.wait(timeout=600)
            seconds = time.monotonic() - t0
            with tally.lock:
                tally.ingesting = False
                during = tally.during
            time.sleep(1.0)  # a last round over the finished store
            stop.set()
            for t in threads:
                t.join(timeout=180)
        finally:
            server.terminate()
            server.wait(timeout=30)
    ingest_out = ingest_log.read_text(errors="replace")
    server_out = server_log.read_text(errors="replace")
    assert rc == 0, ingest_out[-3000:]
    for name, out in (("ingest", ingest_out), ("serve", server_out)):
        assert "database is locked" not in out.lower(), f"{name}: {out[-3000:]}"
        assert "Traceback" not in out, f"{name}: {out[-3000:]}"
    assert not tally.failures, tally.failures[:10]

    n_seed = 2 * N_PAIRS
    conn = _ro(db)
    try:
        n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        n_drops = conn.execute("SELECT count(*) FROM drops").fetchone()[0]
    finally:
        conn.close()
    assert n_drops == 0
    assert n_articles == n_seed + N_INGEST + N_PAIRS
    new = re.search(r"new articles\W+(\d+)", ingest_out)
    assert new is not None and int(new[1]) == N_INGEST + N_PAIRS, ingest_out[-2000:]
    moved = re.search(r"moved to a merged story\W+(\d+)", ingest_out)
    final = _memberships(db)
    assert len(final) == n_articles  # every article in exactly one story
    live = set(final.values())
    for sid in tally.gone:  # the stories that answered 404 were merged: members moved on
        assert sid not in live
        assert all(final[a] != sid for a, s in before.items() if s == sid)
    merged_seed = {s for s in before.values() if s not in live}

    for kind in ("index", "index.json", "story", "story.json", "article"):
        assert tally.ok[kind] > 0, kind
    print(
        f"\n{during} requests served during the {seconds:.0f} s ingest of "
        f"{N_INGEST + N_PAIRS} articles ({during / seconds:.0f}/s): {dict(tally.ok)}; "
        f"articles moved by merges: {moved[1] if moved else 0}; seed stories merged away: "
        f"{len(merged_seed)}, of which answered 404: {len(tally.gone)}"
    )
    assert during >= 100
