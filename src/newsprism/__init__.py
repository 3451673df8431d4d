"""newsprism: compare how different outlets report the same news story.

The stages are plain functions over records::

    from newsprism import read, clean, compare
    docs = read(["a.html", "b.txt"])            # RawDocument | Drop
    articles = [a for a in clean(docs) if isinstance(a, Article)]
    comparison = compare(articles)               # Comparison (see docs/json.md)
"""

from newsprism.clean import clean, clean_document
from newsprism.compare import compare
from newsprism.errors import InputError, NewsprismError, SettingsError, StoreError
from newsprism.ingest import read
from newsprism.model import (
    Article,
    Comparison,
    Drop,
    Passage,
    RawDocument,
    Removed,
    Sentence,
    Span,
)
from newsprism.settings import AlignConfig, CleanConfig
from newsprism.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "AlignConfig",
    "Article",
    "CleanConfig",
    "Comparison",
    "Drop",
    "InputError",
    "NewsprismError",
    "Passage",
    "RawDocument",
    "Removed",
    "Sentence",
    "SettingsError",
    "Span",
    "Store",
    "StoreError",
    "__version__",
    "clean",
    "clean_document",
    "compare",
    "open_store",
    "read",
]
