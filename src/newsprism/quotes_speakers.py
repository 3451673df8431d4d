"""From a speaker token to a speaker: the mention as written, the canonical name, the role;
cue-less direct quotes continuing an earlier speaker; and when an attribution was made."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsprism.quotes_cues import SUBJ, Attribution, Context, is_cue, subject_of
from newsprism.quotes_people import PRONOUN_GENDER, TITLES, People

Doc = Any
Token = Any

_RELATIVE = frozenset("who whom that which".split())
_UNNAMED = frozenset("i me we us you they them it this that which who one someone".split())
_TIME_WORDS = frozenset(
    """recently earlier later yesterday today tonight previously lately formerly once
    already then""".split()
)
_TIME_DEPS = frozenset(("advmod", "npadvmod", "prep", "tmod"))
_NP_LEFT_DEPS = frozenset(("det", "amod", "compound", "poss", "nmod", "nummod", "case", "punct"))


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    mention: str
    start: int
    end: int
    role: str | None
    pid: int | None


def _mention_tokens(tok: Token) -> list[Token]:
    """The speaker's noun phrase up to its head: determiners, titles and names before it;
    appositions, clauses and prepositional phrases after it are left out."""
    left = [t for t in tok.lefts if t.dep_ in _NP_LEFT_DEPS]
    start = tok.i
    for t in left:
        start = min(start, min(x.i for x in t.subtree))
    toks = [t for t in tok.doc[start : tok.i + 1] if not t.is_space]
    while toks and toks[0].is_punct:
        toks.pop(0)
    # "Speaker of the House Rep. Paul Ryan (R-WI)": nothing after the head; "Sen. Smith, R-Ky.":
    return toks or [tok]


#: Dependents that end the noun phrase of a source: clauses, asides and coordination.
_SOURCE_STOPS = frozenset(
    "relcl punct appos cc conj advcl ccomp parataxis nsubj nsubjpass mark".split()
)


def _according_source(tok: Token, toks: Sequence[Token]) -> list[Token] | None:
    """For the X of "according to X", the noun phrase with the phrases after its head that
    say whose it is ("a recent report from Bloomberg New Energy Finance", "audio provided by
    Wyoming Public Radio"): PolNeAR marks either as the source. Clauses with a subject of
    their own ("a report that the state released"), asides after a comma and coordinated
    phrases are left out."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "to" or prep.head.lower_ != "according":
        return None
    out = list(toks)
    for c in tok.rights:
        if c.dep_ not in ("prep", "acl") or tok.doc[c.i - 1].is_punct:
            break
        sub = [t for t in c.subtree if not t.is_space]
        if any(t.dep_ in _SOURCE_STOPS for t in sub):
            break
        out.extend(sub)
    return out if len(out) > len(toks) else None


def _np_text(toks: Sequence[Token]) -> str:
    return str(toks[0].doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)])


def _role_before(toks: Sequence[Token], name_start: int) -> str | None:
    role = [t for t in toks if t.i < name_start and t.dep_ != "det" and not t.is_punct]
    while role and role[-1].text in ("’s", "'s"):
        role.pop()
    return _np_text(role) if role else None


def name_speaker(
    doc: Doc, people: People, tok_i: int, recent: Sequence[tuple[int, int]]
) -> Speaker | None:
    """Name the speaker whose head token is ``tok_i``."""
    tok = doc[tok_i]
    if tok.lower_ in PRONOUN_GENDER:
        pid = people.resolve_pronoun(tok, recent)
        name = people.name(pid) if pid is not None else None
        role = people.role(pid) if pid is not None else None
        return Speaker(name, tok.text, tok.idx, tok.idx + len(tok.text), role, pid)
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        # "Graham, who says ...": the mention is the pronoun; the name is its antecedent's
        ante = name_speaker(doc, people, tok.head.head.i, recent)
        name, role, pid = (ante.name, ante.role, ante.pid) if ante else (None, None, None)
        return Speaker(name, tok.text, tok.idx, tok.idx + len(tok.text), role, pid)
    if tok.lower_ in _UNNAMED:
        return Speaker(None, tok.text, tok.idx, tok.idx + len(tok.text), None, None)
    toks = _mention_tokens(tok)
    mention = _np_text(toks)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if (source := _according_source(tok, toks)) is not None:
        mention, end = _np_text(source), source[-1].idx + len(source[-1].text)
    found = people.mention_at(tok.i)
    if found is None:
        for t in tok.children:  # "the foreign minister, Sergei Lavrov, said"
            if t.dep_ == "appos" and people.mention_at(t.i) is not None:
                found = people.mention_at(t.i)
    if found is not None:
        role = _role_before(toks, found.start) or people.role(found.pid)
        return Speaker(people.name(found.pid), mention, start, end, role, found.pid)
    if tok.pos_ == "PROPN" and tok.ent_type_ in ("", "PERSON", "ORG", "GPE"):
        pid = people.person_by_word(tok.text, tok.i)
        if pid is not None:
            return Speaker(people.name(pid), mention, start, end, people.role(pid), pid)
    if tok.pos_ == "NOUN":
        words = [t.text for t in toks if t.dep_ != "det" and not t.is_punct]
        definite = toks[0].lower_ in ("the", "this", "that") or toks[0].dep_ == "poss"
        pid = people.resolve_description(words, tok.i) if definite else None
        if pid is not None:
            return Speaker(people.name(pid), mention, start, end, people.role(pid), pid)
    return Speaker(_plain_name(toks), mention, start, end, None, None)


def _plain_name(toks: Sequence[Token]) -> str:
    """A non-person speaker's name: the phrase without a leading article or titles."""
    words = list(toks)
    while len(words) > 1 and (words[0].dep_ == "det" or words[0].text.lower() in TITLES):
        if words[0].pos_ == "PROPN" and words[0].text.lower() not in TITLES:
            break
        words.pop(0)
    return _np_text(words)


def continue_speakers(
    ctx: Context, people: People, atts: Sequence[Attribution], named: list[Speaker | None]
) -> None:
    """Give a cue-less direct quote a speaker: the cue of a previous paragraph that ends with
    a colon ("Cruz continued:"), else the speaker of the direct quote just before it (same or
    previous paragraph) when no other person is named between them."""
    last: int | None = None
    for k, att in enumerate(atts):
        if att.kind != "direct":
            continue
        if att.cue or named[k] is not None or att.embedded:
            last = k if named[k] is not None else last
            continue
        intro = _colon_intro(ctx, att)
        if intro is not None:
            att.cue = [intro.i]
            who = subject_of(intro)
            if who is not None:
                named[k] = name_speaker(ctx.doc, people, who.i, _recent(atts, named))
        elif last is not None and _adjacent(ctx, atts[last], att):
            att.inherit = last
            prev = named[last]
            if prev is not None:
                named[k] = Speaker(
                    prev.name, prev.mention, prev.start, prev.end, prev.role, prev.pid
                )
        if named[k] is not None:
            last = k


def _recent(atts: Sequence[Attribution], named: Sequence[Speaker | None]) -> list[tuple[int, int]]:
    return [
        (a.cue[0], s.pid)
        for a, s in zip(atts, named, strict=True)
        if s is not None and s.pid is not None and a.cue
    ]


def _colon_intro(ctx: Context, att: Attribution) -> Token | None:
    """The cue verb of "X said:" / "X continued:" / "X issued the following statement:"
    ending the text right before the quote."""
    before = ctx.text[: att.start].rstrip()
    if not before.endswith(":"):
        return None
    lo = max(0, before.rfind("\n", 0, len(before) - 1))
    for i in reversed(ctx.tokens_in(lo, len(before))):
        t = ctx.doc[i]
        if not ctx.quoted[i] and (is_cue(t) or _issues_saying(t)):
            return t
    return None


#: Objects that name a saying: "released the following statement:", "posted this message:".
_SAYINGS = frozenset("statement message tweet post letter remarks note".split())


def _issues_saying(tok: Token) -> bool:
    """A verb with a subject whose object names a saying ("issued the following statement")."""
    return (
        tok.pos_ == "VERB"
        and any(c.dep_ in SUBJ for c in tok.children)
        and any(c.dep_ == "dobj" and c.lemma_.lower() in _SAYINGS for c in tok.children)
    )


def _adjacent(ctx: Context, prev: Attribution, att: Attribution) -> bool:
    """Whether ``att`` follows ``prev`` with at most one paragraph break and no words
    outside quotes in between."""
    gap = ctx.text[prev.end : att.start]
    return gap.count("\n\n") <= 1 and gap.count("\n") <= 2 and not gap.strip(" \n\t.,")


def attribution_time(ctx: Context, att: Attribution) -> str | None:
    """The time phrase attached to the cue ("recently", "In December last year", "on
    Tuesday"), outside the content."""
    if not att.cue:
        return None
    cue = ctx.doc[att.cue[0]]
    for child in cue.children:
        span = list(child.subtree)
        a = span[0].idx
        if any(x <= a < y for x, y in att.parts) or child.dep_ not in _TIME_DEPS:
            continue
        if child.lower_ in _TIME_WORDS and len(span) <= 6:
            return _np_text(span)
        dated = [t for t in span if t.ent_type_ in ("DATE", "TIME")]
        if dated:
            first, last = dated[0].i, dated[-1].i
            if first > span[0].i and ctx.doc[first - 1].dep_ == "prep":
                first -= 1
            while last + 1 < len(ctx.doc) and ctx.doc[last + 1].ent_iob_ == "I":
                last += 1
            return _np_text([ctx.doc[first], ctx.doc[last]])
    return None
