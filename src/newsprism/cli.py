"""The ``newsprism`` command: a thin shell over the library.

Exit codes: 0 every input was used; 1 the job ran but some inputs were dropped (each named on
stderr with its reason); 2 usage error or nothing usable to work on.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # measured fastest; set before numpy loads

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsprism import cli_store, settings
from newsprism.clean import clean, clean_document, detect_language
from newsprism.cli_common import (
    EXIT_DROPPED,
    EXIT_OK,
    EXIT_USAGE,
    CleanFormat,
    CompareFormat,
    DbOpt,
    HtmlOpt,
    OutletOpt,
    Paths,
    RecordsFormatOpt,
    SideBySideFormatOpt,
    VerboseOpt,
    err,
    error,
    provenance,
    setup_logging,
)
from newsprism.compare import compare as compare_articles
from newsprism.errors import NewsprismError
from newsprism.ingest import read
from newsprism.model import Article, Drop, RawDocument
from newsprism.report import render_explain, render_html, render_terminal, to_json
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
                error(f"{item.source}: {item.reason}")
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
            error(f"--published {spec!r}: {exc}")
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
            error(f"--published {spec!r}: no input is named {name!r}")
            raise typer.Exit(EXIT_USAGE)
        for k in hits:
            out[k] = dataclasses.replace(out[k], published=value)
    return out


def _store(db: Path | None, articles: list[Article], drops: list[Drop]) -> None:
    if db is None:
        return
    with open_store(db) as store:
        new = store.add_articles(articles)
        store.add_drops(drops)
        err.print(f"stored {new} new of {len(articles)} articles in {db}", style="dim")


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

    setup_logging(verbose)
    try:
        articles, drops = _load(paths, outlet)
        if not articles:
            error("nothing to compare: no input gave an article")
            raise typer.Exit(EXIT_USAGE)
        if len(articles) == 1:
            error("only one article: everything is unique to it", style="yellow")
        articles = _with_dates(articles, published)
        _store(db, articles, drops)
        with err.status("aligning sentences (loading the sentence encoder)…"):
            comparison = compare_articles(
                articles, settings.load(settings.AlignConfig), dropped=drops
            )
        if quotes:
            with err.status("finding quotes, speakers and numbers (parsing)…"):
                comparison = with_quotes(comparison)
        comparison = provenance(comparison, db)
    except NewsprismError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    if fmt is CompareFormat.json:
        sys.stdout.write(to_json(comparison) + "\n")
    else:
        render_terminal(comparison, Console(width=width) if width else Console())
    if html is not None:
        html.write_text(render_html(comparison), encoding="utf-8")
        err.print(f"HTML report written to {html}", style="dim")
    raise typer.Exit(EXIT_DROPPED if drops else EXIT_OK)


def clean_cmd(
    paths: Paths,
    fmt: RecordsFormatOpt = CleanFormat.jsonl,
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
    setup_logging(verbose)
    try:
        articles, drops = _load(paths, outlet)
        _store(db, articles, drops)
    except NewsprismError as exc:
        error(str(exc))
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


def quotes_cmd(
    paths: Paths,
    fmt: RecordsFormatOpt = CleanFormat.jsonl,
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

    setup_logging(verbose)
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
            error(f"{item.source}: {item.reason}")
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
                error(f"{a.source}: {a.reason}")
            else:
                articles.append(a)
    return articles, drops


def serve_cmd(
    db: Annotated[Path, typer.Option("--db", help="SQLite store to browse (opened read-only).")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    verbose: VerboseOpt = False,
) -> None:
    """Browse stories and compare outlets in a web browser (local, read-only)."""
    setup_logging(verbose)
    from newsprism.web import serve

    try:
        serve(db, host=host, port=port)
    except NewsprismError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc


COMMANDS = (
    ("compare", compare_cmd),
    ("clean", clean_cmd),
    ("ingest", cli_store.ingest_cmd),
    ("drops", cli_store.drops_cmd),
    ("stories", cli_store.stories_cmd),
    ("show", cli_store.show_cmd),
    ("reuse", cli_store.reuse_cmd),
    ("recluster", cli_store.recluster_cmd),
    ("export", cli_store.export_cmd),
    ("quotes", quotes_cmd),
    ("serve", serve_cmd),
)
"""Every command, in the order ``newsprism --help`` lists them."""
for _name, _fn in COMMANDS:
    app.command(_name)(_fn)


def main() -> None:
    """Entry point of the ``newsprism`` script."""
    app()
