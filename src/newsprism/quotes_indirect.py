"""Indirect attributions over the dependency parse: "X said (that) ...", "X warned/stressed/
noted/added/claimed ... that ...", "..., X said.", "The risk, he said, is ...", "according to
X, ...", "X proposed a safe zone", "X pledged to ...", "X praised / accused / called for ...".

The content is the reported clause (the cue verb's clausal complement, with its "that"); for a
cue with no clause, its object or infinitive and what follows them; for a parenthetical cue,
the clause around it; for "according to X", the rest of the clause the phrase is attached to.
Each attribution records which of these rules found it (``Attribution.rule``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsprism.quotes_cues import (
    ATTITUDE_ADJECTIVES,
    CLAUSE_ONLY,
    CUE_VERBS,
    NOUN_CUES,
    RAISING_VERBS,
    STANCE_VERBS,
    Attribution,
    Context,
    according_to,
    is_cue,
    is_setting,
    lemma,
    nearest_person_before,
    parts_of,
    subject_of,
)
from newsprism.quotes_headlines import headline_attributions

Token = Any

_MIN_CONTENT_WORDS = 3
_MIN_WORDS = {"object": 1, "stance": 1, "raising": 2, "attitude": 1, "noun": 1}
_SAY_LIKE = frozenset(
    """say tell add note warn claim argue insist explain write suggest report state declare
    predict acknowledge admit assert contend stress emphasize believe think""".split()
)
_OBJECT_CUES = frozenset("tell inform assure remind warn".split())
_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))


def _words(tokens: Sequence[Token]) -> list[Token]:
    return [t for t in tokens if not t.is_punct and not t.is_space]


def _complement(cue: Token) -> tuple[list[Token] | None, str]:
    """The reported clause of a cue verb, as tokens in order, and the rule that found it."""
    comps = [c for c in cue.children if c.dep_ == "ccomp"]
    if comps:
        right = [c for c in comps if c.i > cue.i]
        left = [c for c in comps if c.i < cue.i]
        comp = right[0] if right else comps[-1]
        if left and right and _after_comma(cue) and min(t.i for t in right[0].subtree) > cue.i + 2:
            comp = left[-1]  # "X, said a former spokesman ..., who ... helped form": X
        return _cut_coordinated(list(comp.subtree), comp), "ccomp"
    subj = [c for c in cue.children if c.dep_ == "nsubj"]
    if len(subj) == 2 and subj[0].i < cue.i < subj[1].i and _after_comma(cue):
        return list(subj[0].subtree), "ccomp"  # "X get nervous, said Christine Link"
    misattached = _misattached_that_clause(cue)
    if misattached is not None:
        return _cut_coordinated(list(misattached.subtree), misattached), "ccomp"
    around = _around(cue)
    return (around, "cue-after") if around else (None, "")


def _misattached_that_clause(cue: Token) -> Token | None:
    """ "telling reporters during a visit to Scotland that he thinks ...": the parser hangs the
    reported clause on the nearest noun as a relative clause, but a relative clause does not
    open with the complementizer "that" (a relative "that" is its subject or object, not a
    ``mark``). The first such clause to the right of a say-like cue without a complement of
    its own is the cue's."""
    if cue.lemma_.lower() not in _SAY_LIKE:
        return None
    for t in cue.subtree:
        if t.i <= cue.i or t.dep_ not in ("relcl", "acl") or t.head.i == cue.i:
            continue
        if any(c.dep_ == "mark" and c.lower_ == "that" and c.i < t.i for c in t.children):
            return t
    return None


_SET_OFF = frozenset(",—–-(;:")


def _around(cue: Token) -> list[Token] | None:
    """ "..., the minister said.", "The bigger risk, he said, is ...", "..., as many experts
    believe": a cue set off by punctuation inside the clause it reports, with its own subject
    and no complement of its own. The content is that clause without the cue's words (one or
    two runs of tokens)."""
    head = cue.head
    as_mark = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    last = max(t.i for t in _words(head.subtree))
    final = last <= max(t.i for t in cue.subtree)  # "..., she said." ends the clause
    if cue.dep_ not in ("parataxis", "ccomp") and not (cue.dep_ == "advcl" and (as_mark or final)):
        return None
    if head.pos_ not in ("VERB", "AUX") or cue.tag_ in ("VBG", "VBN", "TO"):
        return None
    kids = list(cue.children)
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in kids):
        return None
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "dative") for c in kids):
        return None
    sub = {t.i for t in cue.subtree}
    lo, hi = min(t.i for t in _words(cue.subtree)), max(t.i for t in _words(cue.subtree))
    doc = cue.doc
    before = doc[lo - 1] if lo > 0 else None
    if not as_mark and (before is None or before.text not in _SET_OFF):
        return None
    content = [t for t in head.subtree if t.i not in sub]
    if any(t.i > hi for t in _words(content)) and any(t.i < lo for t in _words(content)):
        after = doc[hi + 1] if hi + 1 < len(doc) else None
        if after is None or after.text not in _SET_OFF:  # a cue in mid-clause is set off
            return None
    return content


def _after_comma(cue: Token) -> bool:
    """Whether the cue's own words ("..., she said", "..., said Lavrov") follow a comma."""
    own = [cue] + [c for c in cue.children if c.dep_ in ("nsubj", "advmod", "aux") and c.i < cue.i]
    first = min(t.i for t in own)
    return first > 0 and cue.doc[first - 1].text in (",", "—", "–")


def _cut_coordinated(toks: list[Token], root: Token) -> list[Token]:
    """Leave out a coordinated clause whose verb is a cue of its own and has no subject of its
    own ("said she admires him and highlighted their shared goals"): the parser hung it on
    the reported clause, but it is another attribution of the same speaker."""
    cut: set[int] = set()
    for c in root.children:
        own_subject = any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
        if c.dep_ == "conj" and c.i > root.i and is_cue(c) and not own_subject:
            sub = [t.i for t in c.subtree]
            lo = min(sub)
            while lo - 1 > root.i and root.doc[lo - 1].dep_ in ("cc", "punct", "mark"):
                lo -= 1
            cut.update(range(lo, max(sub) + 1))
    return [t for t in toks if t.i not in cut]


def _generic(cue: Token) -> bool:
    """ "Voters who say the economy ...", "Those who said ...": a group defined by what its
    members say is not an attribution."""
    return bool(cue.dep_ == "relcl" and cue.head.tag_ in ("NNS", "DT"))


def _bare_clause(ctx: Context, cue: Token) -> list[Token] | None:
    """When the parser missed the reported clause ("said his focus groups ... show that",
    parsed with "groups" as an object): the rest of the sentence after a say-like verb (and
    after the person told, for "told reporters ..."), if it holds a finite verb of its own."""
    if cue.lemma_.lower() not in _SAY_LIKE or _object_gap(cue):
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
    # a comma right before a verb starts another predicate ("wanted to admit 250,000 Syrians,
    # said he would ..."), not the rest of a missed reported clause
    stop = next(
        (
            k
            for k, t in enumerate(toks)
            if t.text == ";" or (t.text == "," and k + 1 < len(toks) and toks[k + 1].pos_ == "VERB")
        ),
        len(toks),
    )
    toks = toks[:stop]
    if len(toks) < 3 or not any(t.tag_ in _FINITE and not ctx.quoted[t.i] for t in toks[1:]):
        return None
    if toks[0].lower_ in ("it", "so", "nothing", "this", "something", "anything"):
        return None
    return toks


def _object_gap(cue: Token) -> bool:
    """ "not everything Trump says is true": a relative clause whose subject is not the
    relative word has the noun it modifies as its object, so what follows it is not what
    was said."""
    if cue.dep_ != "relcl":
        return False
    subj = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subj) and subj[0].lower_ not in _RELATIVE_WORDS


_TELL_LIKE = frozenset("tell inform assure remind ask notify brief".split())
_OBJ_DEPS = frozenset(("dobj", "xcomp", "oprd", "ccomp"))
#: Prepositions that introduce the content right after the cue ("called for X", "joked about
#: X", "responded to X"); the content is their object.
_CUE_PREPS = frozenset("for about on to against".split())
#: Cue verbs whose object is seldom what was said ("continue to", "know him", "maintained a
#: lead", "read the story", "adds to the drama", "advising leaders", "answer a question").
_NO_OBJECT = frozenset(
    "continue know maintain read add underscore advise assume figure observe guess tell answer "
    "confirm charge snap text post".split()
)
_NOT_CONTENT = frozenset("it this that so something anything nothing one which what".split())


def _object_content(cue: Token) -> list[Token] | None:
    """What a cue reports when it has no reported clause: its object and what goes with it
    ("proposed a safe zone inside Syria", "pledged to oppose ...", "urged the party to ...",
    "accused Trump of ...", "called her “third-rate”"), or the object of a preposition right
    after it ("called for more flexibility", "joked about moving to New Zealand")."""
    if cue.lemma_.lower() in _NO_OBJECT:
        return None
    kids = [c for c in cue.children if c.i > cue.i]
    take = [c for c in kids if c.dep_ in _OBJ_DEPS]
    if take and cue.lemma_.lower() in _TELL_LIKE and len(take) > 1:
        take = [c for c in take if c.dep_ != "dobj"]  # "told reporters to ...": not the listener
    if take:
        if len(take) == 1 and take[0].dep_ == "dobj" and take[0].lower_ in _NOT_CONTENT:
            return None
        content = _run_on(cue, kids, take)
        subj = _passive_subject(cue)
        return list(subj.subtree) + content if subj is not None else content
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in _CUE_PREPS and c.i == cue.i + 1:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            timely = objs and objs[0].ent_type_ in ("DATE", "TIME")
            if objs and not timely and objs[0].lower_ not in _NOT_CONTENT:
                xcomp = [x for x in kids if x.dep_ == "xcomp"]
                return sorted((t for o in objs + xcomp for t in o.subtree), key=lambda t: t.i)
    return None


def _passive_subject(cue: Token) -> Token | None:
    """ "The decision is widely expected to be ...", "X was seen as ...": with no agent, the
    passive subject is part of what is expected or seen."""
    subj = [c for c in cue.children if c.dep_ == "nsubjpass" and c.i < cue.i]
    if not subj or any(c.dep_ == "agent" for c in cue.children):
        return None
    if subj[0].lower_ in _NOT_CONTENT or subj[0].lower_ in _RELATIVE_WORDS:
        return None
    return subj[0]


_RELATIVE_WORDS = frozenset("who whom which that".split())
_QUOTE_MARKS = frozenset(("''", "``", '"', "“", "”", "‘", "’", "'"))
_RUN_ON_DEPS = frozenset(("dobj", "xcomp", "oprd", "ccomp", "prep", "npadvmod", "dative", "advmod"))


def _run_on(cue: Token, kids: Sequence[Token], take: Sequence[Token]) -> list[Token]:
    """The cue's object phrases and what follows them in the clause without a comma: "recalled
    Ali's generosity in support of an anti-hunger program", "urged him ... to bow out"."""
    first = min(c.i for c in take)
    keep: list[Token] = []
    setting: list[Token] = []  # a time or occasion phrase, kept only if more follows it
    end = first - 1
    for c in sorted((c for c in kids if c.i >= first), key=lambda c: c.i):
        if c.dep_ == "punct" and c.text in _QUOTE_MARKS:
            continue  # "called her ''the first lady ...''": the mark hangs on the verb
        sub = list(c.subtree)
        gap = cue.doc[end + 1 : sub[0].i]
        if c not in take and (c.dep_ not in _RUN_ON_DEPS or any(t.text in ",;:—–(" for t in gap)):
            break
        end = max(end, sub[-1].i)
        if c not in take and is_setting(c):
            setting.extend(sub)
            continue
        keep.extend(setting + sub)
        setting = []
    return sorted(keep, key=lambda t: t.i)


def _is_stance(tok: Token) -> bool:
    return bool(
        lemma(tok) in STANCE_VERBS
        and lemma(tok) not in CUE_VERBS
        and tok.tag_.startswith("VB")
        and tok.dep_ not in ("amod", "compound")
        and not _naming(tok)
    )


def _naming(tok: Token) -> bool:
    """ "a group called Stop Hillary", "a show called Real News": a participle that names
    the noun it modifies attributes nothing."""
    return bool(
        lemma(tok) == "call"
        and tok.tag_ == "VBN"
        and tok.dep_ == "acl"
        and not any(c.dep_ in ("agent", "nsubjpass") for c in tok.children)
    )


_COPULAS = frozenset("be feel seem remain become appear sound grow look".split())
_ABOUT_PREPS = frozenset("about of with on by in over at".split())


def _attitude_content(tok: Token) -> list[Token] | None:
    """ "Cruz has been acutely aware that the contest ...", "voters are skeptical of the
    establishment", "Sanders was ready to follow that script": an adjective of attitude
    (:data:`ATTITUDE_ADJECTIVES`) after a copula with a subject reports its clause, its
    infinitive or the phrase of what the attitude is about."""
    if tok.pos_ != "ADJ" or tok.dep_ != "acomp" or tok.lower_ not in ATTITUDE_ADJECTIVES:
        return None
    head = tok.head
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    if lemma(head) not in _COPULAS or not has_subject:
        return None
    return adjective_complement(tok, _ABOUT_PREPS)


def adjective_complement(tok: Token, preps: frozenset[str]) -> list[Token] | None:
    """What an adjective after a copula reports: its clause or infinitive, else the object of
    the first of ``preps`` after it ("skeptical of the establishment")."""
    kids = [c for c in tok.children if c.i > tok.i]
    comp = [c for c in kids if c.dep_ in ("ccomp", "xcomp")]
    if not comp:
        comp = [c for c in kids if c.dep_ == "prep" and c.lower_ in preps][:1]
        comp = [o for c in comp for o in c.children if o.dep_ in ("pobj", "pcomp")]
    if not comp:
        return None
    return sorted((t for c in comp for t in c.subtree), key=lambda t: t.i)


_NOUN_PREPS = frozenset("of for on against about to with".split())


def _noun_content(tok: Token) -> list[Token] | None:
    """ "Trump's proposal to ban Muslims", "her support for the deal", "his claim that ...": a
    noun of :data:`NOUN_CUES` with a possessor reports its infinitive, its "that" clause or the
    object of its preposition; the possessor is the speaker."""
    if tok.pos_ != "NOUN" or lemma(tok) not in NOUN_CUES:
        return None
    if not any(c.dep_ == "poss" for c in tok.children) or _verb_object(tok):
        return None
    return noun_complement(tok, _NOUN_PREPS)[0]


def noun_complement(tok: Token, preps: frozenset[str]) -> tuple[list[Token] | None, str]:
    """What a noun reports: its "that" clause or infinitive (``"noun-clause"``), else the object
    of one of ``preps`` right after it, not a date (``"noun-prep"``)."""
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ in ("acl", "relcl", "ccomp") and any(
            (x.dep_ == "mark" and x.lower_ == "that") or (x.dep_ == "aux" and x.lower_ == "to")
            for x in c.children
            if x.i < c.i
        ):
            return list(c.subtree), "noun-clause"
        if c.dep_ == "prep" and c.lower_ in preps and c.i == tok.i + 1:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs and objs[0].ent_type_ not in ("DATE", "TIME"):
                return list(objs[0].subtree), "noun-prep"
    return None, ""


def _verb_object(tok: Token) -> bool:
    """ "railed at Obama's refusal to ...", "point to Trump's call for ...": a noun that is
    what a verb is about belongs to that verb's attribution, if any, not to one of its own."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif tok.dep_ != "dobj":
        return False
    return bool(head.pos_ == "VERB")


def _raising_content(tok: Token) -> list[Token] | None:
    """ "Voters already appear fatigued", "It seems that ...": the subject (unless it is an
    empty "it") and the complement."""
    if lemma(tok) not in RAISING_VERBS or not tok.tag_.startswith("VB"):
        return None
    kids = list(tok.children)
    comp = [c for c in kids if c.dep_ in ("xcomp", "ccomp", "acomp", "attr", "oprd")]
    if not comp:
        return None
    subj = [c for c in kids if c.dep_ == "nsubj" and c.lower_ not in ("it", "there")]
    if subj and (subj[0].lower_ in _RELATIVE_WORDS or subj[0].lower_ == "what"):
        return None  # "which appeared to be directed at ...": the clause is elsewhere
    parts = subj + comp
    return sorted((t for c in parts for t in c.subtree), key=lambda t: t.i)


def _according_content(tok: Token) -> list[Token] | None:
    """For "according to X", the clause the phrase modifies, minus the phrase itself. A phrase
    that closes its sentence after a comma ("X said that ..., according to a poll") covers
    the whole sentence, whatever clause the parser hung it on: the poll is the source of
    "X said" too (PolNeAR's reading)."""
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl") and head.head.i != head.i:
        head = head.head
    if _closes_sentence(tok):
        head = tok.sent.root
    phrase = {t.i for t in tok.subtree}
    toks = [t for t in head.subtree if t.i not in phrase]
    if not toks:
        return None
    # keep one contiguous side: the side of the clause's head
    side = [t for t in toks if (t.i > tok.i) == (head.i > tok.i)]
    return side or None


_CLOSING_MARKS = frozenset(("”", '"', "’", "'", "''", "»"))


def _closes_sentence(tok: Token) -> bool:
    """Whether the phrase headed by ``tok`` follows a comma and ends its sentence."""
    sub = list(tok.subtree)
    lo, hi = sub[0].i, sub[-1].i
    while lo > 0 and tok.doc[lo - 1].text in _CLOSING_MARKS:
        lo -= 1  # 'threatening "a major lawsuit," according to ...'
    if lo == 0 or tok.doc[lo - 1].text != ",":
        return False
    rest = tok.doc[hi + 1 : tok.sent.end]
    return all(t.is_punct or t.is_space for t in rest)


def _without_closing_source(content: Sequence[Token]) -> list[Token]:
    """A reported clause without an "according to X" that closes its sentence ("said that
    Wall Street does more harm than good, according to exit polls"): that phrase is the
    source of the whole sentence, cue and all, not part of what was said."""
    drop: set[int] = set()
    for t in content:
        if t.lower_ == "according" and according_to(t) is not None and _closes_sentence(t):
            sub = list(t.subtree)
            drop.update(x.i for x in sub)
            if sub[0].i > 0 and t.doc[sub[0].i - 1].text == ",":
                drop.add(sub[0].i - 1)
    return [t for t in content if t.i not in drop] if drop else list(content)


#: Reporting verbs whose passive participle with a "by" agent attributes a whole clause
#: ("The campaign, first reported by The Post, is ...", "As noted by X, ...").
_REPORTED_BY = frozenset("report reveal disclose confirm note state announce write".split())


def _reported_by(tok: Token) -> list[Token] | None:
    """ "The nationwide campaign, first reported by The Washington Post, is a key element
    ...", "As reported by Western Journalism, last year Seattle became ...": a passive
    reporting participle with a "by" agent, set off inside the clause it reports (after the
    clause's subject, or as an "as" clause), works like "according to X": the content is that
    clause without the participle phrase, and the agent is the speaker."""
    if tok.tag_ != "VBN" or lemma(tok) not in _REPORTED_BY:
        return None
    if not any(c.dep_ == "agent" for c in tok.children):
        return None
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        clause = tok.head
    elif tok.dep_ == "acl" and tok.head.dep_ in ("nsubj", "nsubjpass"):
        lo = min(t.i for t in tok.subtree)
        if lo == 0 or tok.doc[lo - 1].text not in (",", "—", "–", "("):
            return None  # "the story reported by ...": restrictive, names what was reported
        clause = tok.head.head
    else:
        return None
    phrase = {t.i for t in tok.subtree}
    return [t for t in clause.subtree if t.i not in phrase]


def indirect_attributions(ctx: Context) -> list[Attribution]:
    """Indirect attributions whose cue lies outside quote marks."""
    out: list[Attribution] = []
    for tok in ctx.doc:
        if ctx.quoted[tok.i]:
            continue
        found = _cue_content(tok, ctx)
        if found is not None:
            att = _attribution(ctx, tok, *found)
            if att is not None:
                out.append(att)
    out.extend(headline_attributions(ctx))
    _share_speakers(ctx.doc, out)
    return _drop_nested(out)


def _cue_content(tok: Token, ctx: Context) -> tuple[list[Token] | None, str, list[int]] | None:
    """The content, the rule that found it and the cue's tokens, when ``tok`` is a cue."""
    if according_to(tok) is not None:
        return _according_content(tok), "according", [tok.i, tok.i + 1]
    if (reported := _reported_by(tok)) is not None:
        return reported, "reported-by", [tok.i]
    if (noun := _noun_content(tok)) is not None:
        return noun, "noun", [tok.i]
    if (attitude := _attitude_content(tok)) is not None:
        return attitude, "attitude", [tok.i]
    if (raised := _raising_content(tok)) is not None:
        return raised, "raising", [tok.i]
    if _is_stance(tok) and not _generic(tok):
        content, rule = _complement(tok)
        if rule == "cue-after":
            content = None
        if not content and tok.lemma_.lower() not in CLAUSE_ONLY:
            return _object_content(tok), "stance", [tok.i]
        return content, "stance-" + rule, [tok.i]
    if is_cue(tok) and not _generic(tok):
        content, rule = _complement(tok)
        if not content and tok.lemma_.lower() in _SAY_LIKE:
            content, rule = _bare_clause(ctx, tok), "bare"
        if not content:
            content, rule = _object_content(tok), "object"
        return content, rule, [tok.i]
    return None


def _attribution(
    ctx: Context, tok: Token, content: list[Token] | None, rule: str, cue: list[int]
) -> Attribution | None:
    """The attribution of cue ``tok`` with ``content`` (kept inside its paragraph), with its
    speaker; None when too little is left or the content is a direct quote handled there."""
    lo, hi = ctx.para_of(tok.idx)
    content = [t for t in content or () if lo <= t.idx < hi]  # never past its paragraph
    if rule != "according":
        content = _without_closing_source(content)
    if len(_words(content)) < _MIN_WORDS.get(rule, _MIN_CONTENT_WORDS):
        return None
    right = [t for t in _words(content) if t.i > tok.i]
    if rule == "cue-after" and right and all(ctx.quoted[t.i] for t in right):
        return None  # "On ABC Tuesday, he said, “...”": a direct quote with its cue
    quoted = all(ctx.quoted[t.i] for t in _words(content))
    if quoted and rule not in ("object", "stance"):
        return None  # the clause is a direct quote, handled there
    parts = parts_of(content)
    if not parts:
        return None
    if rule == "noun":
        speaker = next(c for c in tok.children if c.dep_ == "poss")
    else:
        speaker = subject_of(tok) if rule != "raising" else None
    if speaker is not None and any(a <= speaker.idx < b for a, b in parts):
        speaker = None
    rule = rule + "-quoted" if quoted else rule  # quotes.py makes it a direct quote's cue
    att = Attribution("indirect", parts, parts[0][0], parts[-1][1], cue=cue, rule=rule)
    if speaker is not None:
        att.speaker = speaker.i
    elif rule != "raising":
        att.speaker = nearest_person_before(ctx.doc, tok.i)
    return att


def _share_speakers(doc: Any, atts: Sequence[Attribution]) -> None:
    """ "Podesta said Gates was not working for them and said Manafort was not involved": the
    parser hangs the second cue on the first one's clause; it shares the first one's speaker."""
    for att in atts:
        cue = doc[att.cue[0]]
        if cue.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
            continue
        at = cue.head.idx
        for other in atts:
            if other is not att and any(a <= at < b for a, b in other.parts):
                att.speaker = other.speaker
                break


def _drop_nested(atts: list[Attribution]) -> list[Attribution]:
    """Drop an attribution whose content repeats another's exactly (one cue is enough)."""
    seen: set[tuple[int, int]] = set()
    keep: list[Attribution] = []
    for a in sorted(atts, key=lambda a: (a.start, -a.end)):
        if (a.start, a.end) not in seen:
            seen.add((a.start, a.end))
            keep.append(a)
    return keep
