"""What the ``newsprism`` commands share: the error console, exit codes, option types and
the helpers that report errors, check a store and add provenance to a comparison."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.text import Text

from newsprism.model import Comparison
from newsprism.store import open_store

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
RecordsFormatOpt = Annotated[
    CleanFormat, typer.Option("--format", "-f", help="jsonl (one object a line) or json.")
]
HtmlOpt = Annotated[
    Path | None, typer.Option("--html", help="Also write a self-contained HTML report here.")
]
OutletOpt = Annotated[
    str | None,
    typer.Option("--outlet", help="Outlet name for inputs that carry neither outlet nor URL."),
]


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False)],
        force=True,
    )


def error(message: str, style: str = "red") -> None:
    """One line on stderr, never wrapped, never read as markup (inputs name the file)."""
    err.print(Text(f"newsprism: {message}", style=style), soft_wrap=True)


def require_store(db: Path) -> None:
    """Exit with a clear line when ``db`` is not there (reading commands never create one)."""
    if not db.exists():
        error(f"{db}: no such store")
        raise typer.Exit(EXIT_USAGE)


def provenance(comparison: Comparison, db: Path | None) -> Comparison:
    """``comparison`` with reuse, corroboration and framing (the store's terms as prior)."""
    from newsprism.provenance import with_provenance
    from newsprism.store.terms import background

    prior = None
    if db is not None and db.exists():
        texts = [a.text for a in comparison.articles]
        with open_store(db) as store:
            prior = background(store.conn, texts)
    return with_provenance(comparison, prior)
