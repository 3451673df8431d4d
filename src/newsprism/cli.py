"""The ``newsprism`` command: a thin shell over the library.

Exit codes: 0 every input was used; 1 the job ran but some inputs were dropped (each named on
stderr with its reason); 2 usage error or nothing usable to work on.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # measured fastest; set before numpy loads

import json
import logging
import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsprism import settings
from newsprism.clean import clean, clean_document, detect_language
from newsprism.compare import compare as compare_articles
from newsprism.corpus import default_workers, drop_record, export, ingest
from newsprism.errors import NewsprismError
from newsprism.ingest import read
from newsprism.model import Article, Comparison, Drop, RawDocument
from newsprism.report import render_explain, render_html, render_reuse, render_terminal, to_json
from newsprism.store import open_store
from newsprism.text import content_id, normalise_lang

app = typer.Typer(
    name="newsprism",
    help="Compare how different outlets report the same news story.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
err = Console(stderr=True)

EXIT_OK, EXIT_DROPPED, EXIT_USAGE = 0, 1, 2


class CompareFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class CleanFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


Paths = Annotated[
    list[str],
    typer.Argument(
        help="Files, directories (recursive) or - for standard input.", show_default=False
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="SQLite file to store the cleaned articles in (WAL mode)."),
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")]
ReadDbOpt = Annotated[Path, typer.Option("--db", help="SQLite store to read.")]
SideBySideFormatOpt = Annotated[
    CompareFormat, typer.Option("--format", "-f", help="text (side by side) or json.")
]
TableFormatOpt = Annotated[
    CompareFormat, typer.Option("--format", "-f", help="text (a table) or json.")
]
HtmlOpt = Annotated[
    Path | None, typer.Option("--html", help="Also write a self-contained HTML report here.")
]
OutletOpt = Annotated[
    str | None,
    typer.Option("--outlet", help="Outlet name for inputs that carry neither outlet nor URL."),
]


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False)],
        force=True,
    )


def _error(message: str, style: str = "red") -> None:
    """One line on stderr, never wrapped, never read as markup (inputs name the file)."""
    err.print(Text(f"newsprism: {message}", style=style), soft_wrap=True)


def _require_store(db: Path) -> None:
    """Exit with a clear line when ``db`` is not there (reading commands never create one)."""
    if not db.exists():
        _error(f"{db}: no such store")
        raise typer.Exit(EXIT_USAGE)


def _load(paths: list[str], outlet: str | None) -> tuple[list[Article], list[Drop]]:
    """Read and clean ``paths`` with a progress bar; report each drop on stderr."""
    config = settings.load(settings.CleanConfig)
    docs: list[RawDocument | Drop] = list(read(paths))
    articles: list[Article] = []
    drops: list[Drop] = []
    progress = Progress(
        TextColumn("[bold]cleaning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=len(docs) < 20 or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("clean", total=len(docs))
        for item in clean(docs, config, outlet=outlet):
            progress.advance(task)
            if isinstance(item, Drop):
                drops.append(item)
                _error(f"{item.source}: {item.reason}")
            else:
                articles.append(item)
    return articles, drops


PublishedOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--published",
        help="NAME=DATE: the publication date (YYYY-MM-DD or ISO time) of the input whose "
        "file name, stem, ref or outlet is NAME; repeatable. Decides who copied whom.",
    ),
]


def _with_dates(articles: list[Article], specs: list[str] | None) -> list[Article]:
    """``articles`` with the dates given by ``--published NAME=DATE`` set."""
    import dataclasses
    import datetime as dt

    out = list(articles)
    for spec in specs or []:
        name, sep, value = spec.partition("=")
        name, value = name.strip(), value.strip()
        try:
            if not sep or not name:
                raise ValueError("expected NAME=DATE")
            (dt.datetime if "T" in value or " " in value else dt.date).fromisoformat(value)
        except ValueError as exc:
            _error(f"--published {spec!r}: {exc}")
            raise typer.Exit(EXIT_USAGE) from exc
        hits = [
            k
            for k, a in enumerate(out)
            if name.lower()
            in {
                a.source.lower(),
                Path(a.source).name.lower(),
                Path(a.source).stem.lower(),
                (a.ref or "").lower(),
                a.outlet.lower(),
            }
        ]
        if not hits:
            _error(f"--published {spec!r}: no input is named {name!r}")
            raise typer.Exit(EXIT_USAGE)
        for k in hits:
            out[k] = dataclasses.replace(out[k], published=value)
    return out


def _provenance(comparison: Comparison, db: Path | None) -> Comparison:
    """``comparison`` with reuse, corroboration and framing (the store's terms as prior)."""
    from newsprism.provenance import with_provenance
    from newsprism.store.terms import background

    prior = None
    if db is not None and db.exists():
        texts = [a.text for a in comparison.articles]
        with open_store(db) as store:
            prior = background(store.conn, texts)
    return with_provenance(comparison, prior)


def _store(db: Path | None, articles: list[Article], drops: list[Drop]) -> None:
    if db is None:
        return
    with open_store(db) as store:
        new = store.add_articles(articles)
        store.add_drops(drops)
        err.print(f"stored {new} new of {len(articles)} articles in {db}", style="dim")


@app.command("compare")
def compare_cmd(
    paths: Paths,
    fmt: SideBySideFormatOpt = CompareFormat.text,
    html: HtmlOpt = None,
    db: DbOpt = None,
    outlet: OutletOpt = None,
    width: Annotated[
        int | None, typer.Option("--width", help="Terminal width for the side-by-side view.")
    ] = None,
    quotes: Annotated[
        bool,
        typer.Option("--quotes/--no-quotes", help="Find who said what and numbers (spaCy)."),
    ] = True,
    published: PublishedOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Compare articles as one story: shared passages side by side, then unique material,
    who said what, who copied whom, and each outlet's distinctive words."""
    from newsprism.quotes_story import with_quotes

    _setup_logging(verbose)
    try:
        articles, drops = _load(paths, outlet)
        if not articles:
            _error("nothing to compare: no input gave an article")
            raise typer.Exit(EXIT_USAGE)
        if len(articles) == 1:
            _error("only one article: everything is unique to it", style="yellow")
        articles = _with_dates(articles, published)
        _store(db, articles, drops)
        with err.status("aligning sentences (loading the sentence encoder)…"):
            comparison = compare_articles(
                articles, settings.load(settings.AlignConfig), dropped=drops
            )
        if quotes:
            with err.status("finding quotes, speakers and numbers (parsing)…"):
                comparison = with_quotes(comparison)
        comparison = _provenance(comparison, db)
    except NewsprismError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    if fmt is CompareFormat.json:
        sys.stdout.write(to_json(comparison) + "\n")
    else:
        render_terminal(comparison, Console(width=width) if width else Console())
    if html is not None:
        html.write_text(render_html(comparison), encoding="utf-8")
        err.print(f"HTML report written to {html}", style="dim")
    raise typer.Exit(EXIT_DROPPED if drops else EXIT_OK)


@app.command("clean")
def clean_cmd(
    paths: Paths,
    fmt: Annotated[
        CleanFormat, typer.Option("--format", "-f", help="jsonl (one object a line) or json.")
    ] = CleanFormat.jsonl,
    db: DbOpt = None,
    outlet: OutletOpt = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Show each removed line with its reason and score, not JSON."
        ),
    ] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Clean articles to body text + metadata; print one JSON object per article."""
    _setup_logging(verbose)
    try:
        articles, drops = _load(paths, outlet)
        _store(db, articles, drops)
    except NewsprismError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    if explain:
        console = Console()
        for a in articles:
            render_explain(a, console)
        raise typer.Exit(EXIT_USAGE if not articles else EXIT_DROPPED if drops else EXIT_OK)
    records: Iterator[str] = (json.dumps(a.to_dict(), ensure_ascii=False) for a in articles)
    if fmt is CleanFormat.json:
        sys.stdout.write("[" + ",\n".join(records) + "]\n")
    else:
        for line in records:
            sys.stdout.write(line + "\n")
    if not articles:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_DROPPED if drops else EXIT_OK)


@app.command("ingest")
def ingest_cmd(
    paths: Paths,
    db: Annotated[Path, typer.Option("--db", help="SQLite store to add the articles to.")],
    outlet: OutletOpt = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Articles cleaned and committed together.")
    ] = 256,
    stories: Annotated[
        bool,
        typer.Option(
            "--stories/--no-stories", help="Group the articles into stories as they come."
        ),
    ] = True,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes that clean and embed (default: one per core, at most 4).",
        ),
    ] = None,
    verbose: VerboseOpt = False,
) -> None:
    """Add articles to a store, incrementally: what is stored already is skipped, and an
    interrupted run completes without duplicates when run again."""
    _setup_logging(verbose)
    progress = Progress(
        TextColumn("[bold]ingesting"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    try:
        with open_store(db) as store, progress:
            task = progress.add_task("ingest", total=None)
            assigner = None
            if stories:
                from newsprism.cluster import Clusterer
                from newsprism.storyassign import StoreAssigner

                clusterer = Clusterer(settings.load(settings.ClusterConfig))
                assigner = StoreAssigner(store, clusterer)
            report = ingest(
                store,
                paths,
                config=settings.load(settings.CleanConfig),
                outlet=outlet,
                assigner=assigner,
                batch_size=batch_size,
                workers=workers or default_workers(),
                on_progress=lambda n: progress.advance(task, n),
            )
            total = store.count()
    except KeyboardInterrupt:
        _error("interrupted: every committed batch is stored; run again to finish", "yellow")
        raise typer.Exit(130) from None
    except NewsprismError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    summary = Table(title=f"ingest into {db}", show_header=False)
    summary.add_row("new articles", str(report.new))
    summary.add_row("already stored", str(report.already_stored))
    if report.moved:
        summary.add_row("moved to a merged story", str(report.moved))
    for reason, n in report.dropped.most_common():
        summary.add_row(Text(f"dropped: {reason}", style="red"), str(n))
    summary.add_row("articles in store", str(total))
    rate = report.seen / report.seconds if report.seconds else 0.0
    summary.add_row("time", f"{report.seconds:.1f} s ({rate:.0f} documents/s)")
    err.print(summary)
    raise typer.Exit(EXIT_DROPPED if report.dropped_total else EXIT_OK)


@app.command("drops")
def drops_cmd(
    db: ReadDbOpt,
    fmt: TableFormatOpt = CompareFormat.text,
) -> None:
    """List every input that could not be used: file, line (JSONL) and reason."""
    _require_store(db)
    with open_store(db) as store:
        rows = [drop_record(d) for d in store.drops()]
    if fmt is CompareFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("source", "line", "reason", title=f"{len(rows)} inputs dropped")
    for r in rows:
        table.add_row(Text(str(r["source"])), str(r["line"] or ""), Text(str(r["reason"])))
    Console().print(table)


@app.command("stories")
def stories_cmd(
    db: ReadDbOpt,
    fmt: TableFormatOpt = CompareFormat.text,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many.")] = 100,
) -> None:
    """One row per story: id, headline, outlets, languages, first and last seen."""
    from newsprism.store.stories import list_stories, members

    _require_store(db)
    with open_store(db) as store:
        rows, total = list_stories(store.conn, limit=limit)
        if fmt is CompareFormat.json:
            out = []
            for r in rows:
                arts = [
                    {"id": m.article.id, "ref": m.article.ref, "outlet": m.article.outlet,
                     "lang": m.article.lang, "published": m.article.published}
                    for m in members(store.conn, r.id)
                ]  # fmt: skip
                out.append({"id": r.id, "title": r.title, "articles": arts})
            sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
            return
    title = f"{total} stories" + (f" (first {limit})" if total > limit else "")
    table = Table(title=title)
    table.add_column("story", no_wrap=True)  # whole, to copy into `newsprism show`
    table.add_column("n", justify="right")
    table.add_column("headline", ratio=3)
    table.add_column("outlets", ratio=2)
    table.add_column("lang")
    table.add_column("seen")
    for r in rows:
        seen = " – ".join(dict.fromkeys(d for d in (r.first_seen, r.last_seen) if d))
        table.add_row(r.id, str(r.n_articles), Text(r.title or ""), Text(_outlet_list(r.outlets)),
                      ", ".join(r.langs), seen)  # fmt: skip
    Console().print(table)
    sys.stdout.flush()  # the hint below goes to stderr: after the table, not inside it
    if rows:
        err.print(f"n: articles in the story. See one with: newsprism show {rows[0].id} --db {db}",
                  highlight=False, markup=False, soft_wrap=True)  # fmt: skip


def _outlet_list(outlets: Sequence[str], shown: int = 4) -> str:
    """The first few outlets and how many more ("a, b, c, d +5 more")."""
    more = len(outlets) - shown
    return ", ".join(outlets[:shown]) + (f" +{more} more" if more > 0 else "")


@app.command("show")
def show_cmd(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsprism stories`.")],
    db: ReadDbOpt,
    fmt: SideBySideFormatOpt = CompareFormat.text,
    html: HtmlOpt = None,
) -> None:
    """The side-by-side comparison of one stored story."""
    from newsprism.quotes_story import with_quotes
    from newsprism.store.stories import members

    _require_store(db)
    with open_store(db) as store:
        arts = [m.article for m in members(store.conn, story_id)]
    if not arts:
        _error(f"{story_id}: no such story in {db}")
        raise typer.Exit(EXIT_USAGE)
    comparison = with_quotes(compare_articles(arts, settings.load(settings.AlignConfig)))
    comparison = _provenance(comparison, db)
    if fmt is CompareFormat.json:
        sys.stdout.write(to_json(comparison) + "\n")
    else:
        render_terminal(comparison, Console())
    if html is not None:
        html.write_text(render_html(comparison), encoding="utf-8")


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


EngineOpt = Annotated[
    EngineName,
    typer.Option("--engine", help="local (in this process) or dask (a cluster; see --scheduler)."),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a "
        "LocalCluster.",
    ),
]
DaskWorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="LocalCluster worker processes (default: one per core)."),
]
ShardsOpt = Annotated[
    Path | None,
    typer.Option("--shards", help="Write the store's Parquet shards here and keep them."),
]


@app.command("reuse")
def reuse_cmd(
    db: Annotated[Path, typer.Option("--db", help="SQLite store to read and update.")],
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="text (tables) or json (every link).")
    ] = CompareFormat.text,
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    workers: DaskWorkersOpt = None,
    shards: ShardsOpt = None,
    recompute: Annotated[
        bool,
        typer.Option("--recompute", help="Compute again even when the store has not changed."),
    ] = False,
    min_words: Annotated[
        int, typer.Option("--min-words", min=4, help="Shortest shared passage, in words.")
    ] = 12,
    limit: Annotated[int, typer.Option("--limit", help="Links shown in the text view.")] = 20,
    verbose: VerboseOpt = False,
) -> None:
    """Passages that articles share across the whole store, who copied whom (the earlier
    article is the likely source), and per outlet who it copies from and who copies it."""
    from newsprism.corpusjobs import reuse_is_current, run_reuse
    from newsprism.engine import open_engine
    from newsprism.reuse import ReuseConfig, link_record
    from newsprism.store import reuse as reuse_store

    _setup_logging(verbose)
    _require_store(db)
    config = ReuseConfig(min_words=min_words)
    with open_store(db) as store:
        if recompute or not reuse_is_current(store, config):
            with (
                err.status(f"finding shared passages ({engine.value} engine)…"),
                open_engine(engine.value, scheduler, workers) as eng,
            ):
                res = run_reuse(store, eng, config, shards_dir=shards)
            err.print(f"{res.articles} articles, {res.candidate_pairs} candidate pairs, "
                      f"{len(res.links)} links, {len(res.groups)} near-duplicate groups",
                      style="dim")  # fmt: skip
        links = reuse_store.links(store.conn)
        if fmt is CompareFormat.json:
            ids = {x.a.article_id for x in links} | {x.b.article_id for x in links}
            arts = {i: a for i in ids if (a := store.get(i)) is not None}
            out = [link_record(x, arts) for x in links]
            sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
            return
        render_reuse(
            reuse_store.flows(store.conn), reuse_store.undirected(store.conn), links, store.get,
            Console(), limit,
        )  # fmt: skip


@app.command("recluster")
def recluster_cmd(
    db: Annotated[Path, typer.Option("--db", help="SQLite store to re-cluster.")],
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    workers: DaskWorkersOpt = None,
    shards: ShardsOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Cluster every stored article into stories again, from scratch, with revisit passes
    (embeddings on the engine, decisions in store order here); story ids are kept where
    most of a story's articles had one."""
    from newsprism.corpusjobs import run_recluster
    from newsprism.engine import open_engine

    _setup_logging(verbose)
    _require_store(db)
    with (
        open_store(db) as store,
        err.status(f"clustering ({engine.value} engine)…"),
        open_engine(engine.value, scheduler, workers) as eng,
    ):
        r = run_recluster(store, eng, settings.load(settings.ClusterConfig), shards_dir=shards)
    err.print(f"{r.articles} articles in {r.stories} stories; {r.moved} changed story")


@app.command("export")
def export_cmd(
    db: ReadDbOpt,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="jsonl (default), csv or parquet.")
    ] = ExportFormat.jsonl,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write here instead of standard output (needed for parquet: a .parquet "
            "file, or a folder that receives shards part-00000.parquet, ...).",
        ),
    ] = None,
    shard_rows: Annotated[
        int, typer.Option("--shard-rows", min=1, help="Articles per Parquet shard.")
    ] = 10_000,
) -> None:
    """Write every stored article to standard output (or ``--out``)."""
    _require_store(db)
    with open_store(db) as store:
        if fmt is ExportFormat.parquet:
            from newsprism.store import parquet

            if out is None:
                _error("--format parquet needs --out (a .parquet file or a folder)")
                raise typer.Exit(EXIT_USAGE)
            if out.suffix == ".parquet":
                n = parquet.write_file(store, out, shard_rows)
                err.print(f"{n} articles -> {out}")
            else:
                paths = parquet.write_shards(store, out, shard_rows)
                err.print(f"{store.count()} articles -> {len(paths)} shards in {out}")
        elif out is not None:
            with out.open("w", encoding="utf-8", newline="") as f:
                export(store, f, fmt.value)
        else:
            export(store, sys.stdout, fmt.value)


@app.command("quotes")
def quotes_cmd(
    paths: Paths,
    fmt: Annotated[
        CleanFormat, typer.Option("--format", "-f", help="jsonl (one object a line) or json.")
    ] = CleanFormat.jsonl,
    no_clean: Annotated[
        bool,
        typer.Option("--no-clean", help="Take each input's text as the body as it is."),
    ] = False,
    outlet: OutletOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Quotes (direct and indirect, with speakers) and numeric claims, one JSON line per
    article; offsets point into the cleaned text (into the input with --no-clean)."""
    from newsprism.quotes import extract_many

    _setup_logging(verbose)
    if no_clean:
        articles, drops = _raw_articles(paths)
    else:
        articles, drops = _load(paths, outlet)
    records: list[dict[str, Any]] = []
    found = extract_many([a.text for a in articles], langs=[a.lang for a in articles])
    for a, aq in zip(articles, found, strict=True):
        rec: dict[str, Any] = {"id": a.id, "ref": a.ref, "source": a.source}
        rec["quotes"] = [q.to_dict() for q in aq.quotes]
        rec["numbers"] = [n.to_dict() for n in aq.numbers]
        records.append(rec)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if fmt is CleanFormat.json:
        sys.stdout.write("[" + ",\n".join(lines) + "]\n")
    else:
        sys.stdout.write("".join(line + "\n" for line in lines))
    if not articles:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_DROPPED if drops else EXIT_OK)


def _raw_articles(paths: list[str]) -> tuple[list[Article], list[Drop]]:
    """Inputs as articles without cleaning: the text as read (HTML still goes through
    cleaning, as markup has no meaningful character offsets)."""
    articles: list[Article] = []
    drops: list[Drop] = []
    for item in read(paths):
        if isinstance(item, Drop):
            drops.append(item)
            _error(f"{item.source}: {item.reason}")
        elif item.kind == "text":
            aid = content_id(item.outlet, item.url, item.content)
            articles.append(
                Article(id=aid, source=item.source, outlet=item.outlet or "", text=item.content,
                        ref=item.ref, url=item.url, title=item.title,
                        lang=normalise_lang(item.lang) or detect_language(item.content))
            )  # fmt: skip
        else:
            a = clean_document(item)
            if isinstance(a, Drop):
                drops.append(a)
                _error(f"{a.source}: {a.reason}")
            else:
                articles.append(a)
    return articles, drops


@app.command("serve")
def serve_cmd(
    db: Annotated[Path, typer.Option("--db", help="SQLite store to browse (opened read-only).")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    verbose: VerboseOpt = False,
) -> None:
    """Browse stories and compare outlets in a web browser (local, read-only)."""
    _setup_logging(verbose)
    from newsprism.web import serve

    try:
        serve(db, host=host, port=port)
    except NewsprismError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc


def main() -> None:
    """Entry point of the ``newsprism`` script."""
    app()
