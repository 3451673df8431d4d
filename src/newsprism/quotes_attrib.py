"""Attributions in one parsed article: direct quotes tied to their cue and speaker token, and
indirect ("X said that ...", "according to X, ...") attributions with their content span.

Works on a spaCy ``Doc`` plus the quote-mark runs of :mod:`newsprism.quotes_marks`. Speakers
are returned as tokens here; :mod:`newsprism.quotes` turns them into names.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsprism.quotes_marks import MarkedQuote, paragraphs

Doc = Any
Token = Any

#: Verbs that report speech or writing (lemmas).
SPEECH_VERBS: frozenset[str] = frozenset(
    """say tell add note warn fume cry exhort scoff snap rail gush plead marvel sigh tease
    brag confess grumble read write stress claim state declare argue insist explain announce report
    write acknowledge admit deny suggest assert contend maintain reiterate repeat emphasize
    emphasise confirm predict caution complain concede recall reply respond answer observe
    remark comment testify tweet ask urge allege charge estimate indicate reveal disclose vow
    promise pledge boast joke quip continue conclude agree counter retort mention inform
    assure threaten demand proclaim recount lament shout yell scream whisper muse reason
    posit speculate hint signal exclaim chant tell post email text blog declare affirm
    underline underscore highlight clarify specify point insist advise propose recommend
    acknowledge concur dispute contest question wonder predict forecast calculate""".split()
)
#: Verbs of belief and knowledge that attribute a claim to someone ("X believes that ...").
BELIEF_VERBS: frozenset[str] = frozenset(
    "think believe feel hope fear expect know worry doubt suspect guess figure assume".split()
)
CUE_VERBS = SPEECH_VERBS | BELIEF_VERBS
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_RELATIVE = frozenset("who that which whom".split())
_MAX_RIGHT_CUE = 20  # tokens between a quote's end and its cue
_SCENE_MARKS = frozenset("after before since until as once".split())
_DISCOURSE = frozenset("but and however still yet so also then now instead".split())
_RUN_ON = frozenset("for because like and but as than to of in with when while since if or".split())


@dataclass(slots=True)
class Attribution:
    """One attribution before speaker naming: character spans of the content and the quote
    (``start``/``end``, quote marks included), the cue tokens and the speaker token."""

    kind: str  # "direct" | "indirect"
    parts: list[tuple[int, int]]
    start: int
    end: int
    cue: list[int] = field(default_factory=list)
    speaker: int | None = None
    inherit: int | None = None  # index of an earlier attribution whose speaker this one takes
    embedded: bool = False
    closed: bool = True
    lead: tuple[int, int] | None = (
        None  # unquoted words of the reported clause ("X, he added, “Y”")
    )
    tail: tuple[int, int] | None = None  # ... and after it ("says “...” between Cruz and Trump")


class Context:
    """Token lookups shared by the rules: char offset -> token, quoted tokens, paragraphs."""

    def __init__(self, doc: Doc, quotes: Sequence[MarkedQuote]) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.starts = [t.idx for t in doc]
        self.quotes = list(quotes)
        self.paras = paragraphs(self.text)
        self._para_starts = [a for a, _ in self.paras]
        self.quoted = [False] * len(doc)
        for q in self.quotes:
            for i in self.tokens_in(q.start, q.end):
                self.quoted[i] = True

    def tokens_in(self, a: int, b: int) -> range:
        """Indices of the tokens starting in [a, b)."""
        return range(bisect_left(self.starts, a), bisect_left(self.starts, b))

    def para_of(self, offset: int) -> tuple[int, int]:
        k = max(0, bisect_left(self._para_starts, offset + 1) - 1)
        return self.paras[k] if self.paras else (0, len(self.text))


def is_cue(tok: Token) -> bool:
    if tok.lemma_.lower() not in CUE_VERBS or not tok.tag_.startswith("VB"):
        return False
    if tok.lemma_.lower() == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    return tok.dep_ not in ("amod", "compound")


def according_to(tok: Token) -> Token | None:
    """For the token "according" of "according to X", the head token of X."""
    if tok.lower_ != "according":
        return None
    for c in tok.children:
        if c.lower_ == "to":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for p in nxt.children:
            if p.dep_ == "pobj":
                return p
    return None


def subject_of(cue: Token) -> Token | None:
    """The speaker token of a cue verb: its subject, climbing conjoined and participial verbs
    ("..., adding that", "and said"), a relative clause's antecedent, or an inverted subject
    ("said Lavrov")."""
    frm = according_to(cue)
    if frm is not None:
        return frm
    v = cue
    for _ in range(4):
        for c in v.children:
            if c.dep_ in _SUBJ:
                if c.lower_ in _RELATIVE and v.dep_ == "relcl":
                    return v.head
                return c
        for c in v.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        if v.dep_ in ("conj", "xcomp", "advcl", "dep") and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            continue
        break
    for c in cue.rights:  # "said Lavrov" parsed with Lavrov as object
        if c.dep_ in ("dobj", "attr", "npadvmod", "dep") and c.pos_ == "PROPN":
            return c
    return None


def _ends_sentence(ctx: Context, i: int) -> bool:
    """A full stop, question or exclamation mark standing as its own token outside quotes
    ("Mr." and "U.S." are single tokens, so abbreviations do not end sentences)."""
    t = ctx.doc[i]
    return t.text in (".", "!", "?", "...", "…") and not ctx.quoted[i]


def _left_bound(ctx: Context, q: MarkedQuote, prev_end: int) -> int:
    lo, _hi = ctx.para_of(q.start)
    lo = max(lo, prev_end)
    toks = ctx.tokens_in(lo, q.start)
    for i in reversed(toks):
        if _ends_sentence(ctx, i):
            return int(ctx.doc[i].idx) + 1
    return lo


def _right_bound(ctx: Context, q: MarkedQuote, next_start: int) -> int:
    _lo, hi = ctx.para_of(q.start)
    hi = min(hi, next_start)
    for i in ctx.tokens_in(q.end, hi):
        if _ends_sentence(ctx, i):
            return int(ctx.doc[i].idx) + 1
    return hi


def _token_at(ctx: Context, offset: int) -> int:
    return max(0, bisect_left(ctx.starts, offset + 1) - 1)


def _cue_in(ctx: Context, toks: Sequence[int], nearest_last: bool) -> int | None:
    order = list(reversed(toks)) if nearest_last else list(toks)
    for i in order:
        t = ctx.doc[i]
        if not ctx.quoted[i] and (is_cue(t) or according_to(t) is not None):
            return i
    return None


def _right_cue_ok(ctx: Context, right: Sequence[int], cue: int, inner: str) -> bool:
    """A cue after a quote belongs to it when only the speaker's noun phrase (no verb) stands
    between them, the sentence does not run on from the quote ("... “liar” for continuing
    to ..."), and the quote did not end its sentence (“... state.” She noted ...)."""
    words = [
        ctx.doc[i] for i in right if i < cue and not (ctx.doc[i].is_punct or ctx.doc[i].is_space)
    ]
    if words and words[0].lower_ in _RUN_ON:
        return False
    first = words[0] if words else ctx.doc[cue]
    if inner[-1:] == "." and first.text[:1].isupper() and first.i != cue:
        return False
    return not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in words)


def _is_embedded(ctx: Context, cue: int, q: MarkedQuote) -> bool:
    """Whether a quote after its cue is only part of a reported clause ("stated that X share
    concerns regarding “threats ...”", "says her husband will “be the best”") rather than
    the whole of what was said ("said on Monday, “Next summer ...”", "said “anti-Semitic
    images ...”")."""
    first = bisect_left(ctx.starts, q.start)
    between = [ctx.doc[i] for i in range(cue + 1, first)]
    if all(t.is_punct or t.is_space for t in between):
        return False
    inside = set(ctx.tokens_in(q.start, q.end))
    words = [ctx.doc[i] for i in sorted(inside) if not (ctx.doc[i].is_punct or ctx.doc[i].is_space)]
    if not words:
        return False
    root = words[0]
    while root.head.i in inside and root.head.i != root.i:
        root = root.head
    if root.head.i != cue and root.dep_ not in ("parataxis", "ROOT"):
        return True
    lead = [t for t in root.subtree if t.i < first and not (t.is_punct or t.is_space)]
    return bool(lead)


def _words_in(ctx: Context, toks: Sequence[int]) -> list[Token]:
    return [ctx.doc[i] for i in toks if not (ctx.doc[i].is_punct or ctx.doc[i].is_space)]


def _colon_verb(ctx: Context, left: Sequence[int]) -> int | None:
    """ "Trump went even further: “...”": the verb before a colon that introduces the quote."""
    toks = [i for i in left if not ctx.doc[i].is_space]
    if not toks or ctx.doc[toks[-1]].text != ":":
        return None
    for i in reversed(toks):
        t = ctx.doc[i]
        if t.pos_ == "VERB" and any(c.dep_ in _SUBJ for c in t.children):
            return i
    return None


def _lead_before(ctx: Context, left: Sequence[int], cue: int) -> tuple[int, int] | None:
    """ "When the regulation goes into effect, Dr. Clark added, ''it will ...''", "But, she
    added, ''I think ...''": words before a parenthetical speaker and cue belong to what was
    said (PolNeAR's convention). Scene-setting phrases do not ("Holding open a book, Beck
    said", "After they divorced, Crawford said", "On ABC Tuesday, he said")."""
    subj = _speaker_token(ctx.doc, cue)
    first = min([cue] + ([t.i for t in ctx.doc[subj].subtree] if subj is not None else []))
    lead = [ctx.doc[i] for i in left if i < first]
    words = [t for t in lead if not (t.is_punct or t.is_space)]
    if not words or not lead or lead[-1].text != ",":
        return None
    if len(words) == 1 and words[0].lower_ in _DISCOURSE:
        return _span(words)
    ids = {t.i for t in words}
    roots = [t for t in words if t.head.i not in ids or t.head.i == t.i]
    if len(roots) != 1:
        return None
    r = roots[0]
    kids = list(r.children)
    if r.tag_ in ("VBG", "VBN") or not any(c.dep_ in _SUBJ for c in kids):
        return None
    if any(c.dep_ == "mark" and c.lower_ in _SCENE_MARKS for c in kids):
        return None
    return _span(words)


def _span(words: Sequence[Token]) -> tuple[int, int]:
    return int(words[0].idx), int(words[-1].idx) + len(words[-1].text)


def _tail_after(ctx: Context, q: MarkedQuote) -> tuple[int, int] | None:
    """Words after a quote that continue its sentence: the reported clause goes on."""
    _lo, hi = ctx.para_of(q.start)
    toks: list[Token] = []
    for i in ctx.tokens_in(q.end, hi):
        if _ends_sentence(ctx, i):
            break
        toks.append(ctx.doc[i])
    words = [t for t in toks if not (t.is_punct or t.is_space) or ctx.quoted[t.i]]
    if not any(not (t.is_punct or t.is_space) and not ctx.quoted[t.i] for t in words):
        return None
    last = words[-1]
    return int(words[0].idx), int(last.idx) + len(last.text)


def direct_attributions(ctx: Context) -> list[Attribution]:
    """Every quote-mark run as an attribution with the cue found around it (if any)."""
    out: list[Attribution] = []
    quotes = ctx.quotes
    for k, q in enumerate(quotes):
        prev_end = quotes[k - 1].end if k else 0
        next_start = quotes[k + 1].start if k + 1 < len(quotes) else len(ctx.text)
        left = list(ctx.tokens_in(_left_bound(ctx, q, prev_end), q.start))
        right = list(ctx.tokens_in(q.end, _right_bound(ctx, q, next_start)))[:_MAX_RIGHT_CUE]
        att = Attribution("direct", list(q.parts), q.start, q.end, closed=q.closed)
        inner = ctx.text[q.parts[-1][0] : q.parts[-1][1]].rstrip()
        rc = _cue_in(ctx, right, nearest_last=False)
        if rc is not None and not _right_cue_ok(ctx, right, rc, inner):
            rc = None
        lc = _cue_in(ctx, left, nearest_last=True)
        colon = ctx.text[: q.start].rstrip().endswith(":")
        if rc is not None and (inner[-1:] in ",?!—–-" or lc is None):
            att.cue = _cue_tokens(ctx.doc, rc)
            # "America needs leaders “who ...,” Clinton said": the quote ends a clause
            lead = [t for t in _words_in(ctx, left) if t.lower_ not in _DISCOURSE]
            if len(lead) >= 2 and not colon:
                att.lead = (int(lead[0].idx), int(lead[-1].idx) + len(lead[-1].text))
        elif lc is not None:
            att.cue = _cue_tokens(ctx.doc, lc)
            att.embedded = not colon and _is_embedded(ctx, lc, q)
            if not att.embedded and not colon:
                att.lead = _lead_before(ctx, left, lc)
            if not att.embedded and rc is None and inner[-1:] not in ".!?…":
                att.tail = _tail_after(ctx, q)
        else:
            cv = _colon_verb(ctx, left)
            if cv is not None:
                att.cue = [cv]
            elif _words_in(ctx, left) or _words_in(ctx, right):
                att.embedded = True  # a phrase quoted inside a sentence with no cue
        if att.cue:
            att.speaker = _speaker_token(ctx.doc, att.cue[0], ctx.quoted)
        out.append(att)
    return out


def _cue_tokens(doc: Doc, i: int) -> list[int]:
    t = doc[i]
    if t.lower_ == "according":
        return [i, i + 1] if i + 1 < len(doc) and doc[i + 1].lower_ == "to" else [i]
    if t.lemma_.lower() == "point":
        outs = [c.i for c in t.children if c.dep_ == "prt"]
        return [i, *outs]
    return [i]


def _speaker_token(doc: Doc, cue: int, quoted: Sequence[bool] | None = None) -> int | None:
    """The cue's speaker token, never inside quote marks nor in another paragraph."""
    s = subject_of(doc[cue])
    if s is not None and (quoted is None or not quoted[s.i]) and _same_para(doc, s.i, cue):
        return int(s.i)
    if quoted is not None:  # "... just that Trump articulates it,” Viguerie notes."
        before = doc[cue - 1] if cue > 0 else None
        if before is not None and not quoted[before.i] and before.pos_ in ("PROPN", "PRON"):
            return int(before.i)
        for t in doc[cue + 1 : min(len(doc), cue + 4)]:  # "said Jillian Soto"
            if t.pos_ == "PROPN" and not quoted[t.i]:
                while t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and t.head.i == t.i + 1:
                    t = doc[t.i + 1]
                return int(t.i)
    return nearest_person_before(doc, cue)


def _same_para(doc: Doc, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return not any("\n" in t.text for t in doc[lo:hi] if t.is_space)


def nearest_person_before(doc: Doc, cue: int) -> int | None:
    """Fallback when the parse gives the cue no subject: the nearest person's name or personal
    pronoun before the cue in its sentence."""
    sent_start = doc[cue].sent.start
    for i in range(cue - 1, sent_start - 1, -1):
        t = doc[i]
        if t.ent_type_ == "PERSON" and (i + 1 >= len(doc) or doc[i + 1].ent_type_ != "PERSON"):
            return i
        if t.lower_ in ("he", "she") and t.dep_.startswith("nsubj"):
            return i
    return None


def join_split_quotes(ctx: Context, atts: list[Attribution]) -> list[Attribution]:
    """Join ``"X," he said, "Y."`` and ``"X," he said. "Y."`` (same paragraph, nothing but the
    cue clause or blank space between) into one attribution with several parts."""
    out: list[Attribution] = []
    for att in atts:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "direct" and _continues(ctx, prev, att):
            prev.parts.extend(att.parts)
            prev.end = att.end
            prev.closed = prev.closed and att.closed
            continue
        out.append(att)
    return out


def _continues(ctx: Context, prev: Attribution, att: Attribution) -> bool:
    if prev.embedded:
        return False
    p_prev, p_att = ctx.para_of(prev.end - 1), ctx.para_of(att.start)
    if p_prev != p_att:
        # “X,” Viguerie tells Breitbart News.¶“Y.” — the next paragraph is all quote
        nxt = ctx.paras.index(p_prev) + 1
        if att.cue or nxt >= len(ctx.paras) or ctx.paras[nxt] != p_att:
            return False
        if ctx.text[p_att[0] : att.start].strip() or not prev.cue:
            return False
    if att.embedded and (att.cue or ctx.text[: att.start].rstrip()[-1:] not in ".!?"):
        return False  # only a cue-less quote that starts a sentence may continue
    gap = ctx.text[prev.end : att.start]
    if not gap.strip():
        return prev.cue != [] or att.cue == []
    if not prev.cue or (att.cue and att.cue != prev.cue):
        return False
    # the cue must stand between the two parts: "X," he said, "Y" / "X," said Kirk, ... "Y",
    # and no other sentence may come between the cue's sentence and the next part
    if not (prev.cue[0] >= _token_at(ctx, prev.end) and prev.cue[-1] < _token_at(ctx, att.start)):
        return False
    gap_toks = [i for i in ctx.tokens_in(prev.end, att.start) if not ctx.doc[i].is_space]
    ends = [i for i in gap_toks if _ends_sentence(ctx, i)]
    return not ends or ends == gap_toks[-1:]


def colon_intro(ctx: Context, att: Attribution) -> int | None:
    """The cue verb of "X said:" / "Cruz continued:" ending the text right before a quote."""
    before = ctx.text[: att.start].rstrip()
    if not before.endswith(":"):
        return None
    lo = max(0, before.rfind("\n", 0, len(before) - 1))
    toks = [i for i in ctx.tokens_in(lo, len(before)) if not ctx.quoted[i]]
    for i in reversed(toks):
        if is_cue(ctx.doc[i]):
            return i
    return _colon_verb(ctx, toks)


def merge_continuations(ctx: Context, atts: list[Attribution]) -> list[Attribution]:
    """Give a cue-less quote the cue of a colon-ended introduction before it, else merge it
    into the direct quote just before it when only blank space (at most one paragraph break)
    lies between: a speaker's quote running on over sentences and paragraphs."""
    out: list[Attribution] = []
    for att in atts:
        if att.kind == "direct" and not att.cue and not att.embedded:
            intro = colon_intro(ctx, att)
            if intro is not None:
                att.cue = [intro]
                att.speaker = _speaker_token(ctx.doc, intro, ctx.quoted)
            else:
                prev = out[-1] if out else None
                if prev is not None and prev.kind == "direct" and not prev.embedded:
                    gap = ctx.text[prev.end : att.start]
                    if not gap.strip() and gap.count("\n") <= 2 and prev.cue:
                        prev.parts.extend(att.parts)
                        prev.end = att.end
                        continue
        out.append(att)
    return out
