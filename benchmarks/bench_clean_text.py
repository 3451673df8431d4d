"""Plain-text cleaning quality and speed: newsprism's line classifier against simple baselines.

Scores, with the Zyte benchmark metric (:mod:`newsprism.evaluate`), on the plain-text
renderings of the Zyte pages (``pages.jsonl``, 181) and of the WCXB test-split article pages
(``wcxb_pages.jsonl``, 256 with a body), where menus, share bars, teasers and footers are still
in the text:

* ``keep everything``: the whole text;
* ``C4 line filter``: the line rules of C4 (Raffel et al. 2020, as in TFDS ``c4_utils``): keep a
  line when it ends in ``.``, ``?``, ``!`` or ``"`` but not ``...``, has at least 5 words,
  contains no word longer than 1,000 characters, does not mention "javascript" and holds none
  of the policy phrases ("terms of use", "privacy policy", "cookie policy", "uses cookies",
  "use of cookies", "use cookies"). C4's page-level filters (fewer than 3 sentences, "lorem
  ipsum", "{", bad words) would discard whole pages and are not applied;
* ``newsprism rules``: ``newsprism.lines.classify(text, use_model=False)``, the explainable
  rules alone;
* ``newsprism``: ``newsprism.lines.classify(text)``, the rules plus the line model ``lines-v1``
  (what ``clean`` uses for plain text).

The line model and its threshold were trained on the Zyte set (``benchmarks/train_lines.py``):
its Zyte figure here is in-sample, and the honest Zyte figure is the 5-fold cross-validated one
stored in the model file, printed alongside. WCXB is held out: nothing was tuned on it. Speed
counts only the cleaning calls (one process, one thread), after a few warm-up pages.

    python benchmarks/bench_clean_text.py [--data DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsprism.evaluate import score
from newsprism.linemodel import MODEL_NAME, default_model
from newsprism.lines import classify

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction" / "plaintext"
DEFAULT_OUT = REPO / "benchmarks" / "results" / "clean_text.json"
WARMUP_PAGES = 5
SETS = {
    "zyte": (
        "pages.jsonl",
        f"training set: {MODEL_NAME} and its threshold were fitted here (newsprism's figure "
        "is in-sample; see cv)",
    ),
    "wcxb": ("wcxb_pages.jsonl", "held out: nothing was tuned on it"),
}

_C4_END = (".", "?", "!", '"')
_C4_POLICY = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)


def c4_lines(text: str) -> str:
    """The lines of ``text`` that C4's line rules keep (see the module docstring)."""
    kept = []
    for raw in text.splitlines():
        line = raw.strip()
        words = line.split()
        low = line.lower()
        if (
            line.endswith(_C4_END)
            and not line.endswith("...")
            and len(words) >= 5
            and max(len(w) for w in words) <= 1000
            and "javascript" not in low
            and not any(p in low for p in _C4_POLICY)
        ):
            kept.append(line)
    return "\n".join(kept)


def _rules(text: str) -> str:
    return "\n".join(classify(text, use_model=False).body)


def _newsprism(text: str) -> str:
    return "\n".join(classify(text).body)


METHODS: dict[str, tuple[str, Callable[[str], str]]] = {
    "keep everything": ("the whole text", lambda text: text),
    "C4 line filter": ("C4's line rules (TFDS c4_utils), no page-level filter", c4_lines),
    "newsprism rules": ("newsprism.lines.classify(text, use_model=False)", _rules),
    "newsprism": (f"newsprism.lines.classify(text) (rules + {MODEL_NAME})", _newsprism),
}


def load_set(path: Path) -> list[tuple[str, str]]:
    """(text, gold body) of the pages of one set that have a gold body."""
    pages = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(raw)
        if (rec.get("body") or "").strip():
            pages.append((rec["text"], rec["body"]))
    return pages


def run_method(fn: Callable[[str], str], pages: list[tuple[str, str]]) -> dict[str, Any]:
    """Scores and speed of one method over one set."""
    for text, _ in pages[:WARMUP_PAGES]:
        fn(text)
    preds: list[str] = []
    t0 = time.perf_counter()
    for text, _ in pages:
        preds.append(fn(text))
    seconds = time.perf_counter() - t0
    sc = score((p, gold) for p, (_, gold) in zip(preds, pages, strict=True))
    lines = sum(1 for text, _ in pages for ln in text.splitlines() if ln.strip())
    return {
        "precision": round(sc.precision, 4),
        "recall": round(sc.recall, 4),
        "f1": round(sc.f1, 4),
        "pages": sc.pages,
        "empty": sum(1 for p in preds if not p.strip()),
        "seconds": round(seconds, 3),
        "pages_per_s": round(len(pages) / seconds, 1) if seconds else 0.0,
        "lines_per_s": round(lines / seconds) if seconds else 0,
    }


def run_plaintext(data_dir: Path) -> dict[str, Any]:
    """Every method over both sets; the report (also written by :func:`main`)."""
    model = default_model()
    sets: dict[str, Any] = {}
    for name, (file, role) in SETS.items():
        pages = load_set(data_dir / file)
        sets[name] = {
            "file": file,
            "role": role,
            "methods": {m: run_method(fn, pages) for m, (_, fn) in METHODS.items()},
        }
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "data": str(data_dir),
        "metric": "Zyte benchmark: \\w+ tokens, 4-shingle multisets, mean P and R, F1 of means",
        "model": {"name": model.name, "sha256": model.sha256, "threshold": model.threshold},
        "tuned_on": "zyte (pages.jsonl) only; wcxb is held out",
        "methods": {m: desc for m, (desc, _) in METHODS.items()},
        "sets": sets,
        "zyte_cv": model.training.get("cv", {}),
    }


def print_report(report: dict[str, Any]) -> None:
    m = report["model"]
    print(f"model {m['name']} (threshold {m['threshold']}), tuned on {report['tuned_on']}")
    head = (
        f"{'set':5} {'method':16} {'P':>6} {'R':>6} {'F1':>6} {'pages':>5} {'pages/s':>8} "
        f"{'lines/s':>9}"
    )
    print(head)
    print("-" * len(head))
    for name, res in report["sets"].items():
        for method, r in res["methods"].items():
            print(
                f"{name:5} {method:16} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
                f"{r['pages']:5d} {r['pages_per_s']:8.1f} {r['lines_per_s']:9d}"
            )
    for name, res in report["sets"].items():
        print(f"{name}: {res['role']}")
    cv = report["zyte_cv"]
    if cv:
        fig = cv["cv_f1_threshold_chosen_per_fold"]
        pooled = cv["cv_f1_at_chosen_threshold"]
        how = "to the fixed point, as classify runs" if cv.get("fixed_point") else "first pass"
        print(
            f"zyte, {cv['folds']}-fold cross-validation by page ({how}; honest figure for the "
            f"training set): P {fig['precision']:.3f} R {fig['recall']:.3f} F1 {fig['f1']:.3f} "
            f"with each fold's threshold chosen on the other folds; F1 {pooled['f1']:.3f} at "
            f"the pooled threshold {cv['threshold']}"
        )
        first = cv.get("first_pass_only")
        if first:
            print(
                f"  first pass alone: F1 {first['cv_f1_threshold_chosen_per_fold']['f1']:.3f} "
                f"fold-honest, {first['cv_f1_at_chosen_threshold']['f1']:.3f} at its pooled "
                f"threshold {first['threshold']}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="plain-text data folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON")
    args = ap.parse_args(argv)
    data: Path = args.data.resolve()
    missing = [f for f, _ in SETS.values() if not (data / f).is_file()]
    if missing:
        print(
            f"plain-text evaluation data not found: {data} (missing {', '.join(missing)}). It "
            "lives in the shared/ folder next to the project checkout; pass --data DIR.",
            file=sys.stderr,
        )
        return 2
    report = run_plaintext(data)
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
