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


def test_cli_quotes_jsonl() -> None:
    import json

    proc = subprocess.run(
        [sys.executable, "-m", "newsprism", "quotes", str(SEEDS / "press-tv.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.splitlines()
    rec = json.loads(line)
    assert {"id", "ref", "source", "quotes", "numbers"} <= set(rec)
    keys = {"kind", "text", "start", "end", "speaker", "speaker_mention", "speaker_start",
            "speaker_end", "role", "cue"}  # fmt: skip
    assert all(keys <= set(q) for q in rec["quotes"])
    assert any(q["speaker"] == "Sergei Lavrov" for q in rec["quotes"])
    assert any(n["value"] == 10000 for n in rec["numbers"])


def test_compare_json_has_quotes_and_numbers() -> None:
    import json

    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    proc = subprocess.run(
        [sys.executable, "-m", "newsprism", "compare", *files, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    doc = json.loads(proc.stdout)
    lavrov = next(s for s in doc["quotes"] if s["speaker"] == "Sergei Lavrov")
    assert lavrov["outlets"] == ["Ariana News", "Press TV"]
    ten_k = [n for n in doc["numbers"] if "Daesh" in (n["counts"] or "")]
    assert ten_k and ten_k[0]["source_differs"]
