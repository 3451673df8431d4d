"""The trained plain-text line model (``lines-v1``): tree-ensemble inference over the line
features of :mod:`newsprism.linefeatures`.

Two gradient-boosted tree ensembles (trained with scikit-learn's
``HistGradientBoostingClassifier`` by ``benchmarks/train_lines.py`` on the Zyte plain-text
pages) score the lines. The second one sees the first one's probabilities over windows of the
page, which smooths the decisions into blocks: a short quote between two body paragraphs stays
body, a teaser among chrome goes. The ensembles are stored as flat node arrays in
``models/lines-v1.json``; inference walks all trees for all lines at once, one numpy step per
tree level, so scikit-learn is not needed at run time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.linefeatures import (
    HINTS,
    FloatArray,
    IntArray,
    page_features,
    stage2_features,
)
from newsprism.model_files import model_object

__all__ = [
    "HINTS",
    "MODEL_FORMAT",
    "MODEL_NAME",
    "MODEL_SHA256",
    "LineModel",
    "TreeEnsemble",
    "default_model",
    "load_model",
    "page_features",
    "stage2_features",
]

#: The model's name and version; the JSON file is ``models/<MODEL_NAME>.json``.
MODEL_NAME = "lines-v1"
#: Layout of the JSON file that this code reads.
MODEL_FORMAT = 1
#: sha256 of the shipped ``models/lines-v1.json`` (``benchmarks/train_lines.py`` prints it).
MODEL_SHA256 = "e324aa4ac2fa0612dc5e5b7abfd60dc432898986e7122404fe844149e016d304"


# ---------------------------------------------------------------------------------------------
# Inference


def _sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))
    return out


@dataclass(frozen=True, slots=True)
class TreeEnsemble:
    """Boosted binary trees as flat node arrays.

    A split node sends a row left when ``x[feature] <= threshold``. A leaf points to itself on
    both sides, so every row can take ``depth`` steps whatever its path's length. The raw score
    is ``baseline`` plus the sum of the leaves reached, one per tree (``roots``).
    """

    feature: IntArray
    threshold: FloatArray
    left: IntArray
    right: IntArray
    value: FloatArray
    roots: IntArray
    depth: int
    baseline: float
    #: ``left`` and ``right`` interleaved: node ``i`` goes to ``child[2 * i + (x > threshold)]``.
    child: IntArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        child = np.empty(2 * len(self.left), dtype=np.int64)
        child[0::2], child[1::2] = self.left, self.right
        object.__setattr__(self, "child", child)

    def raw(self, x: FloatArray) -> FloatArray:
        """Raw scores (log-odds) of the rows of ``x``, all trees walked at once."""
        n = x.shape[0]
        by_feature = np.ascontiguousarray(x.T).ravel()  # feature-major: x[r, f] at f * n + r
        offset = self.feature * n
        rows = np.arange(n, dtype=np.int64)[:, None]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        for _ in range(self.depth):
            right = by_feature[offset[node] + rows] > self.threshold[node]
            node = self.child[2 * node + right]
        out: FloatArray = self.value[node].sum(axis=1) + self.baseline
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TreeEnsemble:
        return cls(
            feature=np.asarray(d["feature"], dtype=np.int64),
            threshold=np.asarray(d["threshold"], dtype=np.float64),
            left=np.asarray(d["left"], dtype=np.int64),
            right=np.asarray(d["right"], dtype=np.int64),
            value=np.asarray(d["value"], dtype=np.float64),
            roots=np.asarray(d["roots"], dtype=np.int64),
            depth=int(d["depth"]),
            baseline=float(d["baseline"]),
        )


@dataclass(frozen=True, slots=True)
class LineModel:
    """The stacked line model: the probability that each line of a page is article body.

    ``stages[0]`` scores :func:`page_features`; each later stage scores
    :func:`stage2_features` of the previous stage's probabilities. ``threshold`` is the body
    probability below which a line is removed (chosen by cross-validation on the training
    set).
    """

    name: str
    stages: tuple[TreeEnsemble, ...]
    threshold: float
    sha256: str = ""
    #: How the model was trained and cross-validated (written by ``benchmarks/train_lines.py``).
    training: dict[str, Any] = field(default_factory=dict)

    def body_probability(self, lines: Sequence[str], hints: IntArray) -> FloatArray:
        """Probability of body for each of ``lines`` (non-empty, stripped), given rule hints."""
        if not lines:
            return np.zeros(0, dtype=np.float64)
        x1 = page_features(lines, hints)
        p = _sigmoid(self.stages[0].raw(x1))
        for stage in self.stages[1:]:
            p = _sigmoid(stage.raw(stage2_features(x1, p)))
        return p

    @classmethod
    def from_json(cls, raw: bytes) -> LineModel:
        """Read a model file's bytes; raises NewsprismError when its layout is not readable."""
        from newsprism.errors import NewsprismError

        try:
            d = model_object(raw, MODEL_FORMAT)
            stages = tuple(TreeEnsemble.from_dict(st) for st in d["stages"])
            if not stages:
                raise ValueError("no stage")
            return cls(
                name=str(d["name"]),
                stages=stages,
                threshold=float(d["threshold"]),
                sha256=hashlib.sha256(raw).hexdigest(),
                training=dict(d.get("training") or {}),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise NewsprismError(f"line model file is not readable: {exc}") from exc


def load_model(path: Path) -> LineModel:
    """A line model from a JSON file (for a retrained or experimental model)."""
    return LineModel.from_json(path.read_bytes())


@lru_cache(maxsize=1)
def default_model() -> LineModel:
    """The shipped model ``lines-v1``; raises NewsprismError when its file is not the one
    this code was written for (a corrupt install or a model retrained without updating
    :data:`MODEL_SHA256`)."""
    from newsprism.errors import NewsprismError

    raw = (resources.files("newsprism") / "models" / f"{MODEL_NAME}.json").read_bytes()
    model = LineModel.from_json(raw)
    if model.sha256 != MODEL_SHA256 or model.name != MODEL_NAME:
        raise NewsprismError(
            f"line model {model.name} (sha256 {model.sha256[:12]}…) is not {MODEL_NAME} "
            f"(sha256 {MODEL_SHA256[:12]}…): reinstall newsprism"
        )
    return model
