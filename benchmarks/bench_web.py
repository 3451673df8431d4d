"""Load on the web UI (``newsprism serve``): 50 concurrent clients for 20 s over a 10k store.

The store: the 1,779 real articles of ``../shared/data/clustering/*.jsonl`` (BASIL and
AllSides/NeuS), cleaned by ``newsprism.clean``, repeated with new ids and one sentence changed
until there are 10,000; each copy of a gold story (the files' ``story`` field) is one story
holding its real articles. The clustering stage is built by someone else: memberships here
come from the gold labels, not from a clusterer.

The server runs in a subprocess (uvicorn on 127.0.0.1, a free port); the clients (asyncio,
one keep-alive connection each, split over two client processes) speak HTTP/1.1 directly over
their sockets (:class:`RawClient`; ``--httpx`` uses httpx, which costs ~10x more client CPU per
request on the same two cores as the server), against a mix of pages: 40 % story pages (a
fixed set of stories, each warmed once before the clock starts: the comparison, its quotes and
its provenance are cached in the server), 30 % article pages (any of the 10k articles), 30 %
the stories list (pages, sorts, searches, outlet filters; the story index is built on the
first listing, and each distinct list is computed on its first request). Goal: story page p95
<= 200 ms. Loopback only; stops by itself. The server process's CPU time and the machine's load
average (before and after) are printed: on a shared machine the latencies depend on what else
runs.

In the same run, the peer: every page the mix can ask for (the warmed stories, all articles,
every listing) is fetched from newsprism once after its run and saved as a file, and a plain
static-file server (the standard library's ThreadingHTTPServer and SimpleHTTPRequestHandler,
keep-alive, TCP_NODELAY, in a subprocess) answers the same clients, with the same seeds and
mix, from those files. The ratios newsprism / peer for requests/s and story page p95 are
printed and saved with both runs in ``benchmarks/results/web.json`` (``--no-peer`` skips it).

    python benchmarks/bench_web.py [--articles 10000] [--clients 50] [--seconds 20]
                                   [--procs 2] [--story-only] [--httpx] [--no-peer]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from newsprism import Article, clean, open_store, read
from newsprism.text import content_id, sentence_spans

# httpcore asks for sniffio on every request; when it is not installed, each failed import
# scans sys.path again (~0.6 ms of client CPU per request). Mark it absent once.
if importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "clustering"
RESULTS = ROOT / "benchmarks" / "results" / "web.json"
GOAL_STORY_P95_MS = 200.0
SEARCH_WORDS = [
    "biden",
    "climate",
    "police",
    "vaccine",
    "court",
    "obama",
    "senate",
    "border",
    "trump",
    "china",
    "election",
    "economy",
]


@dataclass
class Corpus:
    db: Path
    articles: int
    stories: int
    story_ids: list[str]
    article_ids: list[str]
    outlets: list[str]
    seconds: float


def _records(tmp: Path) -> tuple[Path, dict[str, str]]:
    """The shared JSONL files as ingest records; and each record's gold story."""
    out = tmp / "clustering.jsonl"
    gold: dict[str, str] = {}
    with out.open("w", encoding="utf-8") as f:
        for path in sorted(DATA.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                r = json.loads(line)
                gold[r["id"]] = r["story"]
                rec = {
                    "id": r["id"],
                    "title": r["title"],
                    "text": r["text"],
                    "url": r["url"],
                    "outlet": r["source"],
                    "published": r["date"],
                    "lang": "en",
                }
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out, gold


def _variant(a: Article, k: int) -> Article:
    """Copy ``k`` of an article: a new id and its first sentence changed."""
    if k == 0:
        return a
    spans = list(sentence_spans(a.text))
    end = spans[0][1] if spans else len(a.text)
    text = f"{a.text[:end]} (edition {k}){a.text[end:]}"
    return replace(a, id=content_id(a.id, str(k)), text=text)


def build_store(tmp: Path, n_articles: int) -> Corpus:
    t0 = time.perf_counter()
    records, gold = _records(tmp)
    base = [a for a in clean(read([records])) if isinstance(a, Article)]
    base.sort(key=lambda a: (gold[a.ref or ""], a.id))
    db = tmp / "bench.db"
    batch: list[Article] = []
    members: list[tuple[str, str, float | None, str | None]] = []
    stories: set[str] = set()
    with open_store(db) as store:
        for i in range(n_articles):
            k, a = divmod(i, len(base))
            v = _variant(base[a], k)
            sid = f"{gold[v.ref or '']}-{k}"
            stories.add(sid)
            batch.append(v)
            members.append((v.id, sid, 1.0, "gold story label (benchmark)"))
            if len(batch) >= 2000:
                store.write_batch(batch, [], members)
                batch, members = [], []
        store.write_batch(batch, [], members)
        conn = store.conn
        article_ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY rowid")]
        outlets = [
            r[0]
            for r in conn.execute(
                "SELECT outlet FROM articles GROUP BY outlet ORDER BY count(*) DESC LIMIT 20"
            )
        ]
    return Corpus(
        db,
        n_articles,
        len(stories),
        sorted(stories),
        article_ids,
        outlets,
        time.perf_counter() - t0,
    )


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import sys; from newsprism.web import serve; "
        "serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]), log_level='warning')"
    )
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    return subprocess.Popen([sys.executable, "-c", code, str(db), str(port)], env=env)


def wait_ready(
    base: str, proc: subprocess.Popen[bytes], path: str = "/index.json", timeout: float = 60.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}{path}", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer within 60 s")


@dataclass
class Load:
    """Per page type: latencies seen by the clients, time in the server app (its
    ``Server-Timing`` header), errors."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)


LIST_PAGES = 10  # /?page=1..10
COVERAGE_PAGES = 3  # /?sort=coverage&page=1..3


def _pick(rng: random.Random, c: Corpus, warm: list[str], share: float) -> tuple[str, str]:
    """A page: a story page with probability ``share``, else an article page or a stories
    list, half and half. :func:`mix_paths` lists every page this can return."""
    roll = rng.random()
    if roll < share:
        return "story", f"/stories/{quote(rng.choice(warm), safe='')}"
    if roll < share + (1 - share) / 2:
        return "article", f"/articles/{rng.choice(c.article_ids)}"
    choice = rng.randrange(5)
    if choice == 0:
        return "stories list", f"/?page={rng.randint(1, LIST_PAGES)}"
    if choice == 1:
        return "stories list", f"/?sort=coverage&page={rng.randint(1, COVERAGE_PAGES)}"
    if choice == 2:
        return "stories list", f"/?q={rng.choice(SEARCH_WORDS)}"
    if choice == 3:
        return "stories list", f"/?outlet={quote(rng.choice(c.outlets))}"
    return "stories list", "/"


def mix_paths(c: Corpus, warm: list[str], share: float) -> list[str]:
    """Every path :func:`_pick` can return with this ``share`` of story pages."""
    paths = [f"/stories/{quote(s, safe='')}" for s in warm] if share > 0 else []
    if share < 1:
        paths += [f"/articles/{a}" for a in c.article_ids]
        paths += [f"/?page={n}" for n in range(1, LIST_PAGES + 1)]
        paths += [f"/?sort=coverage&page={n}" for n in range(1, COVERAGE_PAGES + 1)]
        paths += [f"/?q={w}" for w in SEARCH_WORDS]
        paths += [f"/?outlet={quote(o)}" for o in c.outlets]
        paths.append("/")
    return paths


class RawClient:
    """One keep-alive HTTP/1.1 connection, spoken directly over asyncio streams: a GET, the
    status line and headers, a ``Content-Length`` body. About a tenth of httpx's CPU per
    request, which matters when 50 clients share the server's two cores."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n"
        self.writer.write(request.encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers:
            raise ValueError(f"no Content-Length in the response to {path}")
        body = await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            await self.aclose()
        return status, headers, body

    async def aclose(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


Client = RawClient | httpx.AsyncClient


# The peer: a plain static-file server (the standard library's ThreadingHTTPServer with
# SimpleHTTPRequestHandler) answering the same paths from files holding the pages newsprism
# rendered for them, to the same clients.


def page_file(target: str) -> str:
    """The file name holding the page for a request target (path and query)."""
    return hashlib.sha1(target.encode("utf-8")).hexdigest() + ".html"


class StaticPages(SimpleHTTPRequestHandler):
    """Files from ``directory``, one per request target; keep-alive (HTTP/1.1) and
    TCP_NODELAY like uvicorn (with Nagle's algorithm on, the separate writes of headers and
    body wait ~40 ms for the client's delayed ACK); no access log (uvicorn runs with
    ``log_level='warning'``)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def translate_path(self, path: str) -> str:
        return os.path.join(self.directory, page_file(path))

    def log_message(self, format: str, *args: Any) -> None:
        return


class PeerServer(ThreadingHTTPServer):
    # The default backlog of 5 would drop some of 50 simultaneous connects (uvicorn's: 2048).
    request_queue_size = 2048


def serve_static(root: str, port: int) -> None:
    handler = functools.partial(StaticPages, directory=root)
    with PeerServer(("127.0.0.1", port), handler) as httpd:
        httpd.serve_forever()


def start_peer(root: Path, port: int) -> subprocess.Popen[bytes]:
    args = [sys.executable, str(Path(__file__).resolve()), "--static-peer", str(root), str(port)]
    return subprocess.Popen(args)


async def _prerender(base: str, paths: list[str], out: Path, connections: int) -> int:
    """Fetch each path from ``base`` (over ``connections`` keep-alive connections) into its
    file under ``out``; the bytes written."""
    todo = iter(paths)
    written = 0

    async def fetch(client: RawClient) -> None:
        nonlocal written
        for path in todo:
            status, _, body = await client.get(path)
            if status != 200:
                raise SystemExit(f"pre-rendering: HTTP {status} for {path}")
            (out / page_file(path)).write_bytes(body)
            written += len(body)
        await client.aclose()

    await asyncio.gather(*(fetch(RawClient(base)) for _ in range(connections)))
    return written


def prerender(base: str, paths: list[str], out: Path, connections: int = 4) -> tuple[int, float]:
    """Every page of the mix as newsprism serves it, saved for the peer: (bytes, seconds)."""
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    written = asyncio.run(_prerender(base, paths, out, connections))
    return written, time.perf_counter() - t0


async def _get(client: Client, path: str) -> tuple[int, str]:
    """(status, Server-Timing header) of a GET."""
    if isinstance(client, RawClient):
        try:
            status, headers, _ = await asyncio.wait_for(client.get(path), 30.0)
        except Exception:
            await client.aclose()  # a fresh connection for the next request
            raise
        return status, headers.get("server-timing", "")
    r = await client.get(path)
    return r.status_code, r.headers.get("server-timing", "")


async def _worker(
    client: Client,
    c: Corpus,
    warm: list[str],
    share: float,
    stop: float,
    seed: int,
    load: Load,
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        kind, path = _pick(rng, c, warm, share)
        t = time.perf_counter()
        timing = ""
        try:
            status, timing = await _get(client, path)
            ok = status == 200
            what = f"HTTP {status} {path}"
        except (httpx.HTTPError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
            ok, what = False, f"{type(exc).__name__} {path}"
        except TimeoutError:
            ok, what = False, f"timeout {path}"
        ms = (time.perf_counter() - t) * 1000
        if ok:
            load.latencies[kind].append(ms)
            if timing.startswith("app;dur="):
                load.server[kind].append(float(timing.removeprefix("app;dur=")))
        else:
            load.errors[kind] += 1
            if len(load.error_samples) < 10:
                load.error_samples.append(what)


async def run_load(
    base: str,
    c: Corpus,
    warm: list[str],
    share: float,
    clients: int,
    seconds: float,
    seed: int,
    use_httpx: bool = False,
) -> Load:
    """``clients`` workers, each with its own keep-alive connection (one shared pool of 50
    costs httpcore O(n) work per request), for ``seconds``."""
    load = Load()
    pool: list[Client]
    if use_httpx:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        pool = [
            httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0, verify=False)
            for _ in range(clients)
        ]
    else:
        pool = [RawClient(base) for _ in range(clients)]
    try:
        stop = time.monotonic() + seconds
        await asyncio.gather(
            *(_worker(cl, c, warm, share, stop, seed + i, load) for i, cl in enumerate(pool))
        )
    finally:
        for cl in pool:
            await cl.aclose()
    return load


def _load_process(
    base: str,
    c: Corpus,
    warm: list[str],
    share: float,
    clients: int,
    seconds: float,
    seed: int,
    use_httpx: bool,
) -> Load:
    load = asyncio.run(run_load(base, c, warm, share, clients, seconds, seed, use_httpx))
    return Load(dict(load.latencies), dict(load.server), dict(load.errors), load.error_samples)


def run_processes(
    base: str,
    c: Corpus,
    warm: list[str],
    share: float,
    clients: int,
    seconds: float,
    procs: int,
    use_httpx: bool = False,
) -> Load:
    """The clients split over ``procs`` processes, so that one client process's event loop
    (httpx costs about 1 ms of CPU per request) does not queue responses."""
    shares = [clients // procs + (i < clients % procs) for i in range(procs)]
    load = Load()
    with ProcessPoolExecutor(procs) as ex:
        futures = [
            ex.submit(_load_process, base, c, warm, share, n, seconds, 1000 * i, use_httpx)
            for i, n in enumerate(shares)
        ]
        for f in futures:
            part = f.result()
            for k, v in part.latencies.items():
                load.latencies[k].extend(v)
            for k, v in part.server.items():
                load.server[k].extend(v)
            for k, n in part.errors.items():
                load.errors[k] += n
            load.error_samples.extend(part.error_samples)
    return load


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))], 1)


def summarise(load: Load, seconds: float) -> dict[str, Any]:
    pages: dict[str, Any] = {}
    for kind in ("stories list", "story", "article"):
        lat, server = load.latencies.get(kind, []), load.server.get(kind, [])
        if not lat and not load.errors.get(kind):
            continue
        pages[kind] = {
            "requests": len(lat),
            "errors": load.errors.get(kind, 0),
            "p50_ms": _pct(lat, 50),
            "p95_ms": _pct(lat, 95),
            "p99_ms": _pct(lat, 99),
            "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
            "server_p50_ms": _pct(server, 50),
            "server_p95_ms": _pct(server, 95),
            "server_p99_ms": _pct(server, 99),
        }
    total = sum(p["requests"] for p in pages.values())
    return {
        "requests": total,
        "errors": sum(load.errors.values()),
        "requests_per_s": round(total / seconds, 1),
        "pages": pages,
        "error_samples": load.error_samples,
    }


def warm_stories(base: str, ids: list[str]) -> tuple[float, float]:
    """Open each story page once (compares it; the first also loads the sentence encoder)."""
    times = []
    with httpx.Client(base_url=base, timeout=120.0) as client:
        for sid in ids:
            t = time.perf_counter()
            r = client.get(f"/stories/{quote(sid, safe='')}")
            r.raise_for_status()
            times.append(time.perf_counter() - t)
    return times[0], sum(times[1:]) / max(1, len(times) - 1)


@dataclass
class Run:
    """One server under the load: what the clients saw, and the machine around it."""

    name: str
    res: dict[str, Any]
    load_before: float
    load_after: float


def measure(
    name: str,
    base: str,
    proc: subprocess.Popen[bytes],
    corpus: Corpus,
    warm: list[str],
    share: float,
    args: argparse.Namespace,
) -> Run:
    """The load on one server (already up), with its process's CPU time."""
    before = os.getloadavg()[0]
    client = "httpx" if args.httpx else "raw HTTP/1.1"
    print(
        f"{name}: {args.clients} concurrent clients ({client}, asyncio, in {args.procs} "
        f"processes) for {args.seconds:.0f} s; machine load average before: "
        f"{before:.1f} on {os.cpu_count()} CPUs ..."
    )
    cpu0 = cpu_seconds(proc.pid)
    load = run_processes(
        base, corpus, warm, share, args.clients, args.seconds, args.procs, args.httpx
    )
    cpu1 = cpu_seconds(proc.pid)
    res = summarise(load, args.seconds)
    if cpu0 is not None and cpu1 is not None:
        res["server_cpu_s"] = round(cpu1 - cpu0, 2)
        res["server_cpu_ms_per_request"] = round((cpu1 - cpu0) * 1000 / max(1, res["requests"]), 2)
    return Run(name, res, before, os.getloadavg()[0])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--static-peer":
        serve_static(sys.argv[2], int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--stories", type=int, default=40, help="story pages in the mix (warmed)")
    ap.add_argument("--procs", type=int, default=2, help="client processes sharing the clients")
    ap.add_argument(
        "--story-only", action="store_true", help="only story pages (the goal's page type)"
    )
    ap.add_argument("--httpx", action="store_true", help="clients use httpx (more client CPU)")
    ap.add_argument("--no-peer", action="store_true", help="skip the static-file peer")
    args = ap.parse_args()
    share = 1.0 if args.story_only else 0.4
    if not DATA.exists():
        raise SystemExit(f"{DATA} not found: the benchmark needs the shared clustering data")
    peer: Run | None = None
    prerendered: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        corpus = build_store(Path(tmp), args.articles)
        print(
            f"store: {corpus.articles} articles in {corpus.stories} stories, built in "
            f"{corpus.seconds:.1f} s (stories from the gold labels: the clustering stage "
            "is built by someone else)"
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(corpus.db, port)
        try:
            wait_ready(base, proc)
            warm = random.Random(7).sample(corpus.story_ids, args.stories)
            first, rest = warm_stories(base, warm)
            print(
                f"warmed {len(warm)} story pages once before the clock (compared, quotes "
                f"and provenance; the first, which loads the models: {first:.2f} s; the "
                f"others: {rest * 1000:.0f} ms each on average)"
            )
            ours = measure("newsprism", base, proc, corpus, warm, share, args)
            if not args.no_peer:
                # After newsprism's run, so that its page caches were not filled beforehand.
                paths = mix_paths(corpus, warm, share)
                pages = Path(tmp) / "static"
                size, took = prerender(base, paths, pages)
                prerendered = {"pages": len(paths), "bytes": size, "seconds": round(took, 1)}
                print(
                    f"pre-rendered every page of the mix for the peer: {len(paths)} files, "
                    f"{size / 1e6:.1f} MB, fetched from newsprism in {took:.1f} s"
                )
        finally:
            _stop(proc)
        if not args.no_peer:
            port = _free_port()
            base = f"http://127.0.0.1:{port}"
            proc = start_peer(pages, port)
            try:
                wait_ready(base, proc, paths[0])
                peer = measure("peer", base, proc, corpus, warm, share, args)
            finally:
                _stop(proc)
    report(ours, peer, prerendered, corpus, args, first, rest)


def _table(run: Run, args: argparse.Namespace) -> None:
    res = run.res
    print(
        f"\n{run.name}: {res['requests']} requests in {args.seconds:.0f} s: "
        f"{res['requests_per_s']} req/s, {res['errors']} errors"
    )
    head = ("page", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "server p50", "p95", "p99")
    print(f"{head[0]:<14}" + "".join(f"{h:>11}" for h in head[1:]))
    for kind, p in res["pages"].items():
        cells = [p[k] for k in ("requests", "errors", "p50_ms", "p95_ms", "p99_ms",
                                "server_p50_ms", "server_p95_ms", "server_p99_ms")]  # fmt: skip
        print(f"{kind:<14}" + "".join(f"{'-' if c is None else c!s:>11}" for c in cells))
    if "server_cpu_s" in res:
        print(
            f"server process CPU: {res['server_cpu_s']} s in {args.seconds:.0f} s "
            f"({res['server_cpu_ms_per_request']} ms per request); machine load average "
            f"{run.load_before:.1f} before, {run.load_after:.1f} after, on "
            f"{os.cpu_count()} CPUs"
        )
    for sample in res["error_samples"]:
        print(f"  error: {sample}")


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def report(
    ours: Run,
    peer: Run | None,
    prerendered: dict[str, Any] | None,
    corpus: Corpus,
    args: argparse.Namespace,
    first: float,
    rest: float,
) -> None:
    print(
        "\nlatency seen by the clients, and (server) the time in the app until it answers "
        "(newsprism's Server-Timing header; the peer sends none):"
    )
    _table(ours, args)
    if peer is not None:
        _table(peer, args)
    res = ours.res
    story_p95 = res["pages"]["story"]["p95_ms"] or float("inf")
    ratio: dict[str, float | None] | None = None
    if peer is not None:
        ratio = {
            "requests_per_s": _ratio(res["requests_per_s"], peer.res["requests_per_s"]),
            "story_p95": _ratio(
                res["pages"]["story"]["p95_ms"], peer.res["pages"]["story"]["p95_ms"]
            ),
        }
        print(
            f"\nnewsprism / static-file peer: requests/s {ratio['requests_per_s']}x "
            f"({res['requests_per_s']} / {peer.res['requests_per_s']}); story page p95 "
            f"{ratio['story_p95']}x ({res['pages']['story']['p95_ms']} ms / "
            f"{peer.res['pages']['story']['p95_ms']} ms)"
        )
    verdict = "met" if story_p95 <= GOAL_STORY_P95_MS else "NOT met"
    print(
        f"goal story page p95 <= {GOAL_STORY_P95_MS:.0f} ms (as the clients see it): {verdict} "
        f"({story_p95} ms; in the server app: {res['pages']['story']['server_p95_ms']} ms)"
    )
    share = 1.0 if args.story_only else 0.4
    out: dict[str, Any] = {
        "articles": corpus.articles,
        "stories": corpus.stories,
        "memberships": "gold story labels (the clustering stage is built by someone else)",
        "clients": args.clients,
        "client": "httpx" if args.httpx else "raw HTTP/1.1 over asyncio streams",
        "seconds": args.seconds,
        "story_pages_in_mix": args.stories,
        "story_pages_warmed_first": True,
        "warm_first_story_s": round(first, 3),
        "warm_other_stories_ms_mean": round(rest * 1000, 1),
        "mix": {"story": share, "article": (1 - share) / 2, "stories list": (1 - share) / 2},
        "cpus": os.cpu_count(),
        "load_average_1min_before": round(ours.load_before, 2),
        "load_average_1min_after": round(ours.load_after, 2),
        **res,
        "goal_story_p95_ms": GOAL_STORY_P95_MS,
        "goal_met": story_p95 <= GOAL_STORY_P95_MS,
    }
    if peer is not None:
        out["peer"] = {
            "server": "stdlib ThreadingHTTPServer + SimpleHTTPRequestHandler (HTTP/1.1), "
            "one file per page of the mix, as newsprism rendered it",
            "prerendered": prerendered,
            "load_average_1min_before": round(peer.load_before, 2),
            "load_average_1min_after": round(peer.load_after, 2),
            **peer.res,
        }
        out["ratio_newsprism_over_peer"] = ratio
    path = RESULTS.with_name("web-story-only.json") if args.story_only else RESULTS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
