"""Shared fixtures: the repo root, the bundled seeds, and the sibling shared/ data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "daesh-afghanistan"
SHARED_DATA = ROOT.parent / "shared" / "data"

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def shared_data(sub: str) -> Path:
    """Path to ``../shared/data/<sub>``; skips the test with the reason when it is absent."""
    path = SHARED_DATA / sub
    if not path.exists():
        pytest.skip(
            f"{path} not found: evaluation data lives in the shared/ folder beside the "
            "project checkout (present in CI, absent in a user's clone)"
        )
    return path
