"""Ingest + story clustering at scale: 10k and 100k articles through ``newsprism ingest``.

The corpora come from :mod:`scale_corpus` (real article bodies from ``../shared/data``,
perturbed, spread over 60 outlets and two years). Each size is ingested into a new store by
the CLI in a subprocess, as a user runs it (default workers: one per core); the figures are
wall-clock articles/s, the peak memory of the whole process tree (the ingest process and its
workers, sampled every 0.2 s with psutil), and the cost per article at the large size over
that at the small one. The same corpus is also ingested with ``--no-stories`` (clean + store
only) so the share of clustering is visible. Goals (issue 4, this 2-core machine): >= 100
articles/s, <= 4 GB peak at 100k, cost per article at 100k within 1.3x of that at 10k.

    python benchmarks/bench_scale.py [--sizes 10000 100000] [--out benchmarks/results/scale.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

import scale_corpus

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "newsprism"]


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run_ingest(corpus: Path, db: Path, *extra: str) -> dict[str, Any]:
    """One ``newsprism ingest`` run: seconds, peak tree RSS, and the store's counts."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    cmd = [*CLI, "ingest", str(corpus), "--db", str(db), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, _tree_rss(ps))
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):  # 1: some inputs dropped (listed by `drops`)
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        stories = conn.execute("SELECT count(DISTINCT story_id) FROM memberships").fetchone()[0]
    return {
        "seconds": round(seconds, 1),
        "articles": articles,
        "stories": stories,
        "peak_mb": round(peak / 2**20),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale.json")
    ap.add_argument("--no-baseline", action="store_true", help="skip the --no-stories runs")
    args = ap.parse_args()
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = scale_corpus.write(n, Path(tmp) / f"corpus-{n}.jsonl")
            variants: list[tuple[str, tuple[str, ...]]] = [("newsprism ingest", ())]
            if not args.no_baseline:
                variants.append(("ingest --no-stories", ("--no-stories",)))
            for label, extra in variants:
                db = Path(tmp) / f"{n}-{len(extra)}.db"
                r = run_ingest(corpus, db, *extra)
                r["per_s"] = round(n / r["seconds"], 1)
                r["ms_per_article"] = round(1000 * r["seconds"] / n, 2)
                rows[f"{label} {n}"] = r
                print(f"{label:22} {n:>7}: {r['seconds']:8.1f} s  {r['per_s']:6.1f} art/s  "
                      f"peak {r['peak_mb']:5d} MB  {r['articles']} stored, "
                      f"{r['stories']} stories", flush=True)  # fmt: skip
                db.unlink()
            corpus.unlink()
    out: dict[str, Any] = {"rows": rows, "cpus": os.cpu_count(), "load": os.getloadavg()}
    small, large = min(args.sizes), max(args.sizes)
    if small != large:
        a, b = rows[f"newsprism ingest {small}"], rows[f"newsprism ingest {large}"]
        out["cost_ratio"] = round(b["ms_per_article"] / a["ms_per_article"], 3)
        print(f"cost per article at {large} / at {small}: {out['cost_ratio']:.3f} (goal <= 1.3)")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    args.out.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
