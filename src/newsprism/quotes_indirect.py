"""Indirect attributions over the dependency parse: "X said (that) ...", "X warned/stressed/
noted/added/claimed ... that ...", "..., X said.", "according to X, ...".

The content is the reported clause (the cue verb's clausal complement, with its "that"); for
"according to X" it is the rest of the clause the phrase is attached to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsprism.quotes_attrib import (
    Attribution,
    Context,
    according_to,
    is_cue,
    nearest_person_before,
    subject_of,
)

Token = Any

_MIN_CONTENT_WORDS = 3
_SAY_LIKE = frozenset(
    """say tell add note warn claim argue insist explain write suggest report state declare
    predict acknowledge admit assert contend stress emphasize believe think""".split()
)
_OBJECT_CUES = frozenset("tell inform assure remind warn".split())
_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))


def _span_of(tokens: Sequence[Token]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not t.is_space]
    while toks and ((toks[-1].is_punct and toks[-1].text not in '”"’»') or toks[-1].is_space):
        toks.pop()
    while toks and toks[0].is_punct and toks[0].text not in '“"‘«':
        toks.pop(0)
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _words(tokens: Sequence[Token]) -> list[Token]:
    return [t for t in tokens if not t.is_punct and not t.is_space]


def _complement(cue: Token) -> list[Token] | None:
    """The reported clause of a cue verb, as tokens in order."""
    comps = [c for c in cue.children if c.dep_ == "ccomp"]
    if comps:
        right = [c for c in comps if c.i > cue.i]
        comp = right[0] if right else comps[-1]
        return list(comp.subtree)
    # "..., the minister said." : the cue hangs off the reported clause
    head = cue.head
    if (
        cue.dep_ in ("parataxis", "ccomp", "advcl")
        and head.i < cue.i
        and head.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("nsubj", "nsubjpass") and c.i > cue.i for c in head.children)
    ):
        cut = min(t.i for t in cue.subtree)
        return [t for t in head.subtree if t.i < cut]
    return None


def _generic(cue: Token) -> bool:
    """ "Voters who say the economy ...", "Those who said ...": a group defined by what its
    members say is not an attribution."""
    return bool(cue.dep_ == "relcl" and cue.head.tag_ in ("NNS", "DT"))


def _bare_clause(ctx: Context, cue: Token) -> list[Token] | None:
    """When the parser missed the reported clause ("said his focus groups ... show that",
    parsed with "groups" as an object): the rest of the sentence after a say-like verb (and
    after the person told, for "told reporters ..."), if it holds a finite verb of its own."""
    if cue.lemma_.lower() not in _SAY_LIKE:
        return None
    sent = cue.sent
    toks = [t for t in sent if t.i > cue.i]
    if cue.lemma_.lower() in _OBJECT_CUES:
        objs = [c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i]
        if objs:
            end = max(t.i for t in objs[0].subtree)
            toks = [t for t in toks if t.i > end]
    while toks and (toks[0].is_punct or (toks[0].dep_ == "prep" and toks[0].head.i == cue.i)):
        if toks[0].dep_ == "prep":
            sub = {t.i for t in toks[0].subtree}
            toks = [t for t in toks if t.i not in sub]
        else:
            return None  # "said:" or "said," introduces a direct quote
    if toks and ctx.quoted[toks[0].i]:
        return None  # the verb runs straight into a quote: a direct quote, handled there
    stop = next((k for k, t in enumerate(toks) if t.text == ";"), len(toks))
    toks = toks[:stop]
    if len(toks) < 3 or not any(t.tag_ in _FINITE and not ctx.quoted[t.i] for t in toks[1:]):
        return None
    if toks[0].lower_ in ("it", "so", "nothing", "this", "something", "anything"):
        return None
    return toks


def _according_content(tok: Token) -> list[Token] | None:
    """For "according to X", the clause the phrase modifies, minus the phrase itself."""
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl") and head.head.i != head.i:
        head = head.head
    phrase = {t.i for t in tok.subtree}
    toks = [t for t in head.subtree if t.i not in phrase]
    if not toks:
        return None
    # keep one contiguous side: the side of the clause's head
    side = [t for t in toks if (t.i > tok.i) == (head.i > tok.i)]
    return side or None


def indirect_attributions(ctx: Context) -> list[Attribution]:
    """Indirect attributions whose cue lies outside quote marks."""
    out: list[Attribution] = []
    doc = ctx.doc
    for tok in doc:
        if ctx.quoted[tok.i]:
            continue
        src = according_to(tok)
        if src is not None:
            content = _according_content(tok)
            cue = [tok.i, tok.i + 1]
        elif is_cue(tok) and not _generic(tok):
            content = _complement(tok) or _bare_clause(ctx, tok)
            cue = [tok.i]
        else:
            continue
        if not content or len(_words(content)) < _MIN_CONTENT_WORDS:
            continue
        if all(ctx.quoted[t.i] for t in _words(content)):
            continue  # the clause is a direct quote, handled there
        span = _span_of(content)
        if span is None:
            continue
        speaker = subject_of(tok)
        if speaker is not None and span[0] <= speaker.idx < span[1]:
            speaker = None
        att = Attribution("indirect", [span], span[0], span[1], cue=cue)
        att.speaker = speaker.i if speaker is not None else nearest_person_before(doc, tok.i)
        out.append(att)
    return _drop_nested(out)


def _drop_nested(atts: list[Attribution]) -> list[Attribution]:
    """Drop an attribution whose content repeats another's exactly (one cue is enough)."""
    seen: set[tuple[int, int]] = set()
    keep: list[Attribution] = []
    for a in sorted(atts, key=lambda a: (a.start, -a.end)):
        if (a.start, a.end) not in seen:
            seen.add((a.start, a.end))
            keep.append(a)
    return keep
