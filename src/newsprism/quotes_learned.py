"""Indirect attributions found by a learned cue detector (``models/quote-cues-v1.json``).

The hand-made rules of :mod:`newsprism.quotes_indirect` find cues from word lists. This module
adds the attributions those lists miss ("makes the case for X", "is backing X", "his views
of X", "voters are split on X"): every word outside quote marks and outside what the rules
found that has a complement a content can come from is a *candidate*; its content is built
the way the rules build theirs (the reported clause, the object or infinitive, the object of
a preposition after it, the complement of a noun or an attitude adjective), and a logistic
model over a few features of the word (its lemma, part of speech, dependency labels, what its
subject is, which rule-list it is in, the shape of its content) scores it. Candidates over the
model's threshold become attributions with ``rule="learned-..."``.

The model was trained by ``benchmarks/train_quote_cues.py`` on the dev half of PolNeAR only
(see the JSON file's ``training`` entry). Scoring is plain Python: scikit-learn is used only
to train. The learned attributions only add to the rules' ones: a candidate never lies inside
another attribution's content or cue, and its content never overlaps another's, so no rule
attribution or direct quote changes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from newsprism.model_files import model_object
from newsprism.quotes_cues import (
    ATTITUDE_ADJECTIVES,
    CUE_VERBS,
    NOUN_CUES,
    STANCE_VERBS,
    SUBJ,
    Attribution,
    Context,
    lemma,
    parts_of,
    subject_of,
)
from newsprism.quotes_indirect import (
    _NOT_CONTENT,
    _OBJ_DEPS,
    _RELATIVE_WORDS,
    _complement,
    _passive_subject,
    _run_on,
    _words,
    adjective_complement,
    noun_complement,
)

__all__ = [
    "MODEL_FORMAT",
    "MODEL_NAME",
    "Candidate",
    "CueModel",
    "active_model",
    "candidates",
    "default_model",
    "features",
    "learned_attributions",
    "use_model",
]

Token = Any

#: The model's name and version; the JSON file is ``models/<MODEL_NAME>.json``.
MODEL_NAME = "quote-cues-v1"
#: Layout of the JSON file that this code reads.
MODEL_FORMAT = 1


@dataclass(frozen=True, slots=True)
class CueModel:
    """A logistic model over string features: P(cue) = sigmoid(bias + sum of the weights of
    the features present); a candidate is kept when P >= ``threshold``."""

    name: str
    bias: float
    weights: dict[str, float]
    threshold: float
    training: dict[str, Any] = field(default_factory=dict)

    def probability(self, feats: Sequence[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(feats))
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    @classmethod
    def from_json(cls, raw: bytes) -> CueModel:
        """Read a model file's bytes; raises NewsprismError when its layout is not readable."""
        from newsprism.errors import NewsprismError

        try:
            d = model_object(raw, MODEL_FORMAT)
            return cls(
                name=str(d["name"]),
                bias=float(d["bias"]),
                weights={str(k): float(v) for k, v in d["weights"].items()},
                threshold=float(d["threshold"]),
                training=dict(d.get("training") or {}),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise NewsprismError(f"quote cue model file is not readable: {exc}") from exc

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "format": MODEL_FORMAT,
                "training": self.training,
                "threshold": self.threshold,
                "bias": self.bias,
                "weights": dict(sorted(self.weights.items())),
            },
            indent=1,
            ensure_ascii=False,
        )


@lru_cache(maxsize=1)
def default_model() -> CueModel:
    """The shipped model ``quote-cues-v1``."""
    raw = (resources.files("newsprism") / "models" / f"{MODEL_NAME}.json").read_bytes()
    return CueModel.from_json(raw)


_OVERRIDE: list[CueModel | None] = []


def active_model() -> CueModel | None:
    """The model :func:`newsprism.quotes.extract` uses: the shipped one, or the one set by
    :func:`use_model` (None: no learned attributions)."""
    return _OVERRIDE[-1] if _OVERRIDE else default_model()


@contextmanager
def use_model(model: CueModel | None) -> Iterator[None]:
    """Extract with another model (or none) inside the block: for training and evaluation."""
    _OVERRIDE.append(model)
    try:
        yield
    finally:
        _OVERRIDE.pop()


@dataclass(slots=True)
class Candidate:
    """A word that may be a cue, the content its rule builds and its speaker token."""

    tok: Token
    content: list[Token]
    rule: str
    speaker: Token | None


#: Prepositions whose object is what a stance is about ("talked about X", "went after X").
_ABOUT = frozenset("for about on to against after over with at of in from into toward".split())
_COPULAS = frozenset("be feel seem remain become appear sound grow look get stay".split())


def _verb_content(tok: Token) -> tuple[list[Token] | None, str]:
    comp, rule = _complement(tok)
    if comp and rule == "ccomp":
        return comp, "ccomp"
    kids = [c for c in tok.children if c.i > tok.i]
    take = [c for c in kids if c.dep_ in _OBJ_DEPS]
    if take:
        if len(take) == 1 and take[0].dep_ == "dobj" and take[0].lower_ in _NOT_CONTENT:
            return None, ""
        content = _run_on(tok, kids, take)
        subj = _passive_subject(tok)
        if subj is not None:
            return list(subj.subtree) + content, "passive-object"
        return content, "object"
    for c in kids:  # "talking up X", "pointed to X", "went after X"
        if c.dep_ == "prt":
            continue
        if c.dep_ == "prep" and c.lower_ in _ABOUT:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            timely = objs and objs[0].ent_type_ in ("DATE", "TIME")
            if objs and not timely and objs[0].lower_ not in _NOT_CONTENT:
                return sorted(objs[0].subtree, key=lambda t: t.i), "prep"
        break
    return None, ""


def _noun_content(tok: Token) -> tuple[list[Token] | None, str]:
    return noun_complement(tok, _ABOUT)


def _adjective_content(tok: Token) -> tuple[list[Token] | None, str]:
    if tok.dep_ != "acomp" or lemma(tok.head) not in _COPULAS:
        return None, ""
    content = adjective_complement(tok, _ABOUT)
    return (content, "adjective") if content else (None, "")


def _speaker(tok: Token, rule: str) -> Token | None:
    if rule.startswith("noun"):
        poss = [c for c in tok.children if c.dep_ == "poss"]
        if poss:
            return poss[0]
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        if tok.dep_ in ("dobj", "pobj") and head.pos_ == "VERB":
            return subject_of(head, participles=False)  # "voiced criticism of"
        return None
    # the weights were trained on speakers found without the participle rule
    if rule == "adjective":
        return subject_of(tok.head, participles=False)
    return subject_of(tok, participles=False)


def _covered(ctx: Context, atts: Sequence[Attribution]) -> list[bool]:
    """Tokens that are another attribution's content or cue."""
    out = [False] * len(ctx.doc)
    for att in atts:
        for a, b in att.parts:
            for i in ctx.tokens_in(a, b):
                out[i] = True
        for i in att.cue:
            out[i] = True
    return out


def candidates(ctx: Context, atts: Sequence[Attribution]) -> list[Candidate]:
    """Words outside quotes and outside the rules' attributions that have a content."""
    covered = _covered(ctx, atts)
    out: list[Candidate] = []
    for tok in ctx.doc:
        if ctx.quoted[tok.i] or covered[tok.i] or tok.pos_ not in ("VERB", "NOUN", "ADJ"):
            continue
        if tok.pos_ == "VERB":
            content, rule = _verb_content(tok)
        elif tok.pos_ == "NOUN":
            content, rule = _noun_content(tok)
        else:
            content, rule = _adjective_content(tok)
        if not content:
            continue
        lo, hi = ctx.para_of(tok.idx)
        content = [t for t in content if lo <= t.idx < hi and t.i != tok.i]
        words = _words(content)
        if not words or any(covered[t.i] for t in content):
            continue
        if all(ctx.quoted[t.i] for t in words):
            continue
        speaker = _speaker(tok, rule)
        if speaker is not None and (speaker.i in {t.i for t in content} or ctx.quoted[speaker.i]):
            speaker = None
        out.append(Candidate(tok, content, rule, speaker))
    return out


_LISTED = CUE_VERBS | STANCE_VERBS


def _governing_cue(tok: Token) -> str:
    """Which word list a verb governing the candidate's clause is in ("told residents to
    drink ...": "cue"), so that a word inside what a missed cue reports is told apart."""
    t = tok
    for _ in range(4):
        if t.head.i == t.i or t.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "dobj", "pobj",
                                              "prep", "relcl", "acl", "pcomp"):  # fmt: skip
            return ""
        t = t.head
        if t.pos_ == "VERB" and lemma(t) in CUE_VERBS:
            return "cue"
        if t.pos_ == "VERB" and lemma(t) in STANCE_VERBS:
            return "stance"
    return ""


def _kind(tok: Token | None) -> str:
    if tok is None:
        return "none"
    if tok.lower_ in _RELATIVE_WORDS:
        return "relative"
    if tok.pos_ == "PRON":
        return (
            "pron-" + tok.lower_ if tok.lower_ in ("he", "she", "they", "we", "i", "it") else "pron"
        )
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return str(tok.ent_type_)
    return str(tok.pos_)


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else ("8-15" if n < 16 else "16+"))


def features(ctx: Context, cand: Candidate) -> list[str]:
    """The candidate's features (strings; the model has a weight for each it has seen)."""
    tok = cand.tok
    word = lemma(tok)
    words = _words(cand.content)
    kids = list(tok.children)
    lists = [
        name
        for name, words_ in (
            ("cue", CUE_VERBS),
            ("stance", STANCE_VERBS),
            ("noun", NOUN_CUES),
            ("attitude", ATTITUDE_ADJECTIVES),
        )
        if word in words_ or tok.lower_ in words_
    ]
    first = words[0]
    feats = [
        "lemma=" + word,
        "lemma_rule=" + word + "|" + cand.rule,
        "pos=" + tok.pos_,
        "tag=" + tok.tag_,
        "dep=" + tok.dep_,
        "pos_dep=" + tok.pos_ + "|" + tok.dep_,
        "rule=" + cand.rule,
        "speaker=" + _kind(cand.speaker),
        "rule_speaker=" + cand.rule + "|" + _kind(cand.speaker),
        "head_pos=" + tok.head.pos_,
        "length=" + _bucket(len(words)),
        "rule_length=" + cand.rule + "|" + _bucket(len(words)),
        "first=" + (first.lower_ if first.pos_ in ("ADP", "SCONJ", "PART", "DET") else first.pos_),
    ]
    feats += ["list=" + n for n in lists] or ["list=none"]
    feats += ["kid=" + d for d in sorted({c.dep_ for c in kids})]
    feats += ["prep=" + c.lower_ for c in kids if c.dep_ == "prep" and c.i > tok.i][:1]
    feats += ["prt=" + c.lower_ for c in kids if c.dep_ == "prt"][:1]
    under = _governing_cue(tok)
    feats.append("under=" + (under if under else "none"))
    head = tok.head
    feats.append("head=" + (lemma(head) if lemma(head) in _LISTED else head.pos_))
    if any(c.dep_ == "neg" for c in kids):
        feats.append("negated")
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
        feats.append("passive")
    if not any(c.dep_ in SUBJ for c in kids):
        feats.append("no-subject")
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words):
        feats.append("content-finite")
    if any(ctx.quoted[t.i] for t in words):
        feats.append("content-quoted")
    return feats


def learned_attributions(
    ctx: Context, atts: Sequence[Attribution], model: CueModel | None = None
) -> list[Attribution]:
    """The candidates the model keeps, best first, each cue outside the kept ones' contents
    and each content apart from theirs (one role per token)."""
    model = model if model is not None else active_model()
    if model is None:
        return []
    scored = []
    for cand in candidates(ctx, atts):
        p = model.probability(features(ctx, cand))
        if p >= model.threshold:
            scored.append((p, cand))
    scored.sort(key=lambda pc: -pc[0])
    taken: set[int] = set()
    out: list[Attribution] = []
    for _p, cand in scored:
        own = {t.i for t in cand.content} | {cand.tok.i}
        if own & taken:
            continue
        parts = parts_of(cand.content)
        if not parts:
            continue
        taken |= own
        att = Attribution(
            "indirect",
            parts,
            parts[0][0],
            parts[-1][1],
            cue=[cand.tok.i],
            rule="learned-" + cand.rule,
        )
        att.speaker = cand.speaker.i if cand.speaker is not None else None
        out.append(att)
    return sorted(out, key=lambda a: a.start)
