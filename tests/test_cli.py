"""The command line: --explain shows why each line was removed."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, SEEDS


def test_cli_clean_explain() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsprism", "clean", str(SEEDS / "ariana-news.txt"), "--explain"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 0, proc.stderr
    for needle in ("About Ariana News", "about box", "Check Also", "dateline", "2018-02-21"):
        assert needle in proc.stdout
