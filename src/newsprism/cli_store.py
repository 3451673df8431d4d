"""The ``newsprism`` commands that work on a store: ingest, drops, stories, show, reuse,
recluster and export (registered on the app in :mod:`newsprism.cli`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsprism import settings
from newsprism.cli_common import (
    EXIT_DROPPED,
    EXIT_OK,
    EXIT_USAGE,
    CompareFormat,
    ExportFormat,
    HtmlOpt,
    OutletOpt,
    Paths,
    ReadDbOpt,
    SideBySideFormatOpt,
    TableFormatOpt,
    VerboseOpt,
    err,
    error,
    provenance,
    require_store,
    setup_logging,
)
from newsprism.compare import compare as compare_articles
from newsprism.corpus import default_workers, drop_record, export, ingest
from newsprism.errors import NewsprismError
from newsprism.report import render_html, render_reuse, render_terminal, to_json
from newsprism.store import open_store

if TYPE_CHECKING:
    from newsprism.corpus import IngestReport
    from newsprism.store import Store
    from newsprism.storyassign import StoreAssigner


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
    setup_logging(verbose)
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
            report = ingest(
                store,
                paths,
                config=settings.load(settings.CleanConfig),
                outlet=outlet,
                assigner=_story_assigner(store) if stories else None,
                batch_size=batch_size,
                workers=workers or default_workers(),
                on_progress=lambda n: progress.advance(task, n),
            )
            total = store.count()
    except KeyboardInterrupt:
        error("interrupted: every committed batch is stored; run again to finish", "yellow")
        raise typer.Exit(130) from None
    except NewsprismError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    err.print(_ingest_summary(db, report, total))
    raise typer.Exit(EXIT_DROPPED if report.dropped_total else EXIT_OK)


def _story_assigner(store: Store) -> StoreAssigner:
    """What puts each new article in a story as it is stored."""
    from newsprism.cluster import Clusterer
    from newsprism.storyassign import StoreAssigner

    return StoreAssigner(store, Clusterer(settings.load(settings.ClusterConfig)))


def _ingest_summary(db: Path, report: IngestReport, total: int) -> Table:
    """The table ``ingest`` ends with: kept, skipped, moved, dropped by reason, speed."""
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
    return summary


def drops_cmd(
    db: ReadDbOpt,
    fmt: TableFormatOpt = CompareFormat.text,
) -> None:
    """List every input that could not be used: file, line (JSONL) and reason."""
    require_store(db)
    with open_store(db) as store:
        rows = [drop_record(d) for d in store.drops()]
    if fmt is CompareFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("source", "line", "reason", title=f"{len(rows)} inputs dropped")
    for r in rows:
        table.add_row(Text(str(r["source"])), str(r["line"] or ""), Text(str(r["reason"])))
    Console().print(table)


def stories_cmd(
    db: ReadDbOpt,
    fmt: TableFormatOpt = CompareFormat.text,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many.")] = 100,
) -> None:
    """One row per story: id, headline, outlets, languages, first and last seen."""
    from newsprism.store.stories import list_stories, members

    require_store(db)
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


def show_cmd(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsprism stories`.")],
    db: ReadDbOpt,
    fmt: SideBySideFormatOpt = CompareFormat.text,
    html: HtmlOpt = None,
) -> None:
    """The side-by-side comparison of one stored story."""
    from newsprism.quotes_story import with_quotes
    from newsprism.store.stories import members

    require_store(db)
    with open_store(db) as store:
        arts = [m.article for m in members(store.conn, story_id)]
    if not arts:
        error(f"{story_id}: no such story in {db}")
        raise typer.Exit(EXIT_USAGE)
    comparison = with_quotes(compare_articles(arts, settings.load(settings.AlignConfig)))
    comparison = provenance(comparison, db)
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

    setup_logging(verbose)
    require_store(db)
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

    setup_logging(verbose)
    require_store(db)
    with (
        open_store(db) as store,
        err.status(f"clustering ({engine.value} engine)…"),
        open_engine(engine.value, scheduler, workers) as eng,
    ):
        r = run_recluster(store, eng, settings.load(settings.ClusterConfig), shards_dir=shards)
    err.print(f"{r.articles} articles in {r.stories} stories; {r.moved} changed story")


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
    require_store(db)
    with open_store(db) as store:
        if fmt is ExportFormat.parquet:
            from newsprism.store import parquet

            if out is None:
                error("--format parquet needs --out (a .parquet file or a folder)")
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
