"""The pair model of story clustering: the same-event probability of two articles.

For each candidate pair a logistic model (``models/cluster-v1.json``, numpy inference) combines
dense cosines (headline + lead, headlines), TF-IDF cosines (whole text, lead; IDF from the
articles seen so far), shared entities (IDF-weighted), rare entities, numbers, verbatim 6-word
passages and weekday mentions, with how crowded each article's surroundings are (the mean of
its best neighbour similarities) and the pair's margin over the best article of *another story*,
seen from either side: in a busy topic the same cosine is weaker evidence, but a story's own
members do not compete with each other (the margin over the best other article penalised the
second and third member of a story). Pairs in different languages use a second model over the
dense signals only, as lexical evidence is absent across scripts.

The model has one such pair of logistic regressions per stage (:data:`STAGES`: placing an
article on arrival, and placing it again in a revisit), each with its join and merge thresholds
and evidence floors. :class:`newsprism.cluster.Clusterer` computes the feature rows (columns
:data:`FEATURES`) and decides; ``benchmarks/train_cluster.py`` fits the model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsprism.cluster_index import FloatArray
from newsprism.errors import NewsprismError
from newsprism.model_files import model_object

__all__ = ["DENSE_FEATURES", "FEATURES", "MODEL_FORMAT", "MODEL_NAME", "STAGES", "PairModel"]
__all__ += ["default_model"]

MODEL_NAME = "cluster-v1"
MODEL_FORMAT = 1
STAGES = ("add", "revisit")

#: Pair features, in the model's order (see the module docstring).
FEATURES = tuple(
    """dense dense_title dense_r_new dense_r_old dense_gap_new dense_gap_old lex lex_lead
    lex_r_new lex_r_old lex_gap_new lex_gap_old ent_overlap ent_dice ent_rare numbers verbatim
    weekday_both weekday_shared""".split()
)
#: The features of the cross-language model.
DENSE_FEATURES = FEATURES[:6]
_DENSE, _LEX = FEATURES.index("dense"), FEATURES.index("lex")


@dataclass(frozen=True, slots=True)
class _Logistic:
    mean: FloatArray
    scale: FloatArray
    weights: FloatArray
    bias: float

    def probability(self, x: FloatArray) -> FloatArray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        out: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return out


def _logistic(d: dict[str, Any], names: tuple[str, ...]) -> _Logistic:
    mean, scale, w = (np.asarray(d[k], dtype=np.float64) for k in ("mean", "scale", "weights"))
    if tuple(d["features"]) != names or not mean.shape == scale.shape == w.shape:
        raise ValueError("the features differ from this code's")
    return _Logistic(mean, scale, w, float(d["bias"]))


@dataclass(frozen=True, slots=True)
class _Stage:
    full: _Logistic
    dense: _Logistic  # for pairs in different languages
    threshold: float
    merge_threshold: float
    #: Evidence floors (``dense``, ``lex``, ``dense_alone``): below both of the first two
    #: cosines (below ``dense`` alone for a pair in two languages) a pair is not the same
    #: event, whatever the relative features say; nor below ``dense_alone``, whatever the words
    #: they share, when the sentence encoder knows both languages. The training set's
    #: same-story pairs give them (their 1st percentile; the 0.1st for ``dense_alone``): the
    #: relative features (crowding, margins) are learned on full corpora and extrapolate badly
    #: in a small or mixed one, where every article looks uncrowded and unrivalled.
    floors: tuple[float, float, float] = (-np.inf, -np.inf, -np.inf)

    def probability(
        self,
        x: FloatArray,
        cross: npt.NDArray[np.bool_],
        encoded: npt.NDArray[np.bool_] | None = None,
    ) -> FloatArray:
        """``cross``: the pair is in two languages; ``encoded``: the sentence encoder knows
        both of them (None: it does)."""
        p = self.full.probability(x)
        if cross.any():
            p[cross] = self.dense.probability(x[cross][:, : len(DENSE_FEATURES)])
        weak = (x[:, _DENSE] < self.floors[0]) & (cross | (x[:, _LEX] < self.floors[1]))
        unrelated = x[:, _DENSE] < self.floors[2]
        p[weak | (unrelated if encoded is None else unrelated & encoded)] = 0.0
        return p


def _stage(d: dict[str, Any]) -> _Stage:
    full, dense = _logistic(d["full"], FEATURES), _logistic(d["dense"], DENSE_FEATURES)
    f = d.get("floors") or {}
    floors = tuple(float(f.get(k, -np.inf)) for k in ("dense", "lex", "dense_alone"))
    th, merge = float(d["threshold"]), float(d.get("merge_threshold", 2.0))
    return _Stage(full, dense, th, merge, (floors[0], floors[1], floors[2]))


@dataclass(frozen=True, slots=True)
class PairModel:
    """Same-event probability of an article pair, per stage (``add``, ``revisit``)."""

    name: str
    trained_on: str
    stages: dict[str, _Stage]
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PairModel:
        """Read a model's JSON object; raises NewsprismError when it is not readable."""
        try:
            d = model_object(d, MODEL_FORMAT)
            stages = {s: _stage(d[s]) for s in STAGES}
            meta = {k: v for k, v in d.items() if k not in STAGES}
            return cls(str(d["name"]), str(d["trained_on"]), stages, meta)
        except (ValueError, KeyError, TypeError) as exc:
            raise NewsprismError(f"cluster model is not readable: {exc}") from exc

    @classmethod
    def load(cls, path: Path) -> PairModel:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def digest(self) -> str:
        """A hash of the name, weights and thresholds: tells retrained models of one name apart."""
        h = hashlib.sha256(self.name.encode())
        for stage, st in sorted(self.stages.items()):
            h.update(f"|{stage}|{st.threshold}|{st.merge_threshold}|{st.floors}".encode())
            for lg in (st.full, st.dense):
                h.update(b"".join(a.tobytes() for a in (lg.mean, lg.scale, lg.weights)))
                h.update(repr(lg.bias).encode())
        return h.hexdigest()


@lru_cache(maxsize=1)
def default_model() -> PairModel:
    """The shipped model ``cluster-v1``."""
    raw = (resources.files("newsprism") / "models" / f"{MODEL_NAME}.json").read_text("utf-8")
    return PairModel.from_dict(json.loads(raw))
