"""Shared fixtures: the repo root, the bundled seeds, and the sibling shared/ data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "daesh-afghanistan"
SHARED_DATA = ROOT.parent / "shared" / "data"

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# Property tests draw new random examples on every local run (and keep the failures they find
# in .hypothesis/); under CI (CI set, as .ci/run does) they draw a fixed sequence, so a result
# depends on the commit alone. `HYPOTHESIS_PROFILE=ci pytest` reproduces a CI run.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)


def shared_data(sub: str) -> Path:
    """Path to ``../shared/data/<sub>``; skips the test with the reason when it is absent."""
    path = SHARED_DATA / sub
    if not path.exists():
        pytest.skip(
            f"{path} not found: evaluation data lives in the shared/ folder beside the "
            "project checkout (present in CI, absent in a user's clone)"
        )
    return path


CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright (never Playwright's own browser download)."""
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} not found: the browser tests drive Debian's chromium "
            "(apt-get install -y chromium); playwright's own browser download is not used"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}. .ci/run must install chromium before running the tests.")
        pytest.skip(reason)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()
