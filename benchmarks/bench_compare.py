"""Wall time of `newsprism compare` on the seed articles, cold and warm.

cold: a fresh `python -m newsprism compare ... --format json` process, as a user runs it
(interpreter start, imports, sentence-encoder load, alignment). warm: `compare()` called again
in one process once the model is loaded (what a long-running server or notebook sees).
Peer: the same alignment with the lexical tiers only (no embeddings), to show what the
multilingual encoder costs.

    python benchmarks/bench_compare.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsprism import Article, clean, compare, read
from newsprism.embed import Vectors

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "daesh-afghanistan"


def _no_embeddings(texts: Sequence[str]) -> Vectors:
    return np.zeros((len(texts), 512), dtype=np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    cold = []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsprism", "compare", *files, "--format", "json"],
            check=True,
            capture_output=True,
            env=env,
        )
        cold.append(time.perf_counter() - t)
    arts = [a for a in clean(read(files)) if isinstance(a, Article)]
    compare(arts)  # load the model
    warm, lexical = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        arts = [a for a in clean(read(files)) if isinstance(a, Article)]
        compare(arts)
        warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        compare(arts, embedder=_no_embeddings)
        lexical.append(time.perf_counter() - t)
    res = {
        "articles": len(arts),
        "runs": args.runs,
        "cold_s_median": round(statistics.median(cold), 3),
        "warm_s_median": round(statistics.median(warm), 4),
        "lexical_only_align_s_median": round(statistics.median(lexical), 4),
    }
    print(f"newsprism compare on the seeds ({len(arts)} articles, {args.runs} runs, median)")
    print(f"  cold (new process, model load): {res['cold_s_median']:.2f} s")
    print(f"  warm (clean + compare in-process): {res['warm_s_median'] * 1000:.0f} ms")
    print(f"  peer: lexical-only alignment: {res['lexical_only_align_s_median'] * 1000:.0f} ms")
    ratio = res["warm_s_median"] / res["lexical_only_align_s_median"]
    print(f"  warm / lexical-only ratio: {ratio:.1f}x")
    out = ROOT / "benchmarks" / "results" / "compare.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
