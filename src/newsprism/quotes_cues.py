"""The shared ground of the quote rules: cue verbs and their lemmas, the speaker token of a
cue, and the per-article token lookups (:class:`Context`) and attribution record
(:class:`Attribution`) that :mod:`newsprism.quotes_attrib` (direct quotes),
:mod:`newsprism.quotes_indirect` and :mod:`newsprism.quotes_split` work on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsprism.quotes_marks import MarkedQuote, paragraphs
from newsprism.quotes_model import CueClass

__all__ = [
    "ATTITUDE_ADJECTIVES",
    "BELIEF_VERBS",
    "CLAUSE_ONLY",
    "CUE_VERBS",
    "FINDING_VERBS",
    "NOUN_CUES",
    "RAISING_VERBS",
    "SPEECH_VERBS",
    "STANCE_VERBS",
    "SUBJ",
    "Attribution",
    "Context",
    "according_to",
    "cue_class",
    "cue_tokens",
    "ends_sentence",
    "is_cue",
    "is_setting",
    "lemma",
    "nearest_person_before",
    "span_of",
    "speaker_token",
    "subject_of",
    "token_at",
    "words_in",
]

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
    posit speculate hint signal exclaim chant tell post email text blog declare affirm interject
    underline underscore highlight clarify specify point insist advise propose recommend
    acknowledge concur dispute contest question wonder predict forecast calculate put""".split()
)
#: Verbs of belief and knowledge that attribute a claim to someone ("X believes that ...").
BELIEF_VERBS: frozenset[str] = frozenset(
    "think believe feel hope fear expect know worry doubt suspect guess figure assume".split()
)
CUE_VERBS = SPEECH_VERBS | BELIEF_VERBS
#: Verbs of stance, evaluation and intention ("praised the deal", "accused Trump of ...",
#: "called for a ban", "wants to ...", "polls show ..."): they attribute a view to their
#: subject, so their object or clause is reported as an indirect attribution, but they do not
#: introduce direct quotes.
STANCE_VERBS: frozenset[str] = frozenset(
    """praise criticize criticise condemn denounce decry blast slam lambaste attack mock ridicule
    accuse blame chide scold rebuke endorse oppose reject dismiss welcome applaud commend hail
    thank congratulate cite reference describe portray characterize call tout echo voice express
    prefer want plan refuse decline deem show find offer address consider view ignore compare
    recite remember identify love hate decide discuss""".split()
)
_KNOWN_VERBS = CUE_VERBS | STANCE_VERBS
#: Nouns of speech, belief and stance that attribute their complement to their possessor
#: ("Trump's proposal to ban ...", "her support for the deal", "his claim that ...").
NOUN_CUES: frozenset[str] = frozenset(
    """support criticism concern endorsement proposal plan decision request attack praise
    assertion allegation opposition call claim warning promise pledge belief fear demand
    insistence argument suggestion accusation denial admission complaint vow threat refusal
    embrace defense defence rejection""".split()
)
#: Adjectives of attitude and readiness after a copula ("X is worried that ...", "voters are
#: skeptical of ...", "Sanders was ready to ..."): with a clause, an infinitive or a phrase of
#: what the attitude is about, they attribute that view to the copula's subject.
ATTITUDE_ADJECTIVES: frozenset[str] = frozenset(
    """worried concerned confident convinced sure certain skeptical sceptical aware afraid
    optimistic pessimistic hopeful upbeat tired angry unhappy happy pleased disappointed eager
    reluctant ready willing critical supportive opposed wary nervous anxious fearful doubtful
    frustrated furious excited proud interested uncomfortable impressed satisfied dissatisfied
    determined adamant""".split()
)
#: Stance verbs that report a finding rather than a view ("a poll found that ...", "the
#: figures show ...").
FINDING_VERBS: frozenset[str] = frozenset(("find", "show"))
#: Noun cues of speech ("his claim that ...") and of belief ("their fear that ..."); the other
#: :data:`NOUN_CUES` are stances.
_SPEECH_NOUNS = frozenset(
    """assertion allegation call claim warning promise pledge demand insistence argument
    suggestion accusation denial admission complaint vow threat request""".split()
)
_BELIEF_NOUNS = frozenset(("belief", "fear", "concern"))
#: Verbs that attribute a view to no one in particular ("voters appear fatigued", "it seems
#: that ..."): the whole clause is what appears, and there is no speaker.
RAISING_VERBS: frozenset[str] = frozenset(("appear", "seem"))
# the parser's lemmatiser says "hop"
_LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "hopes": "hope"}


_DOUBLED = re.compile(r"^([a-z]+?([bdgklmnprt]))\2(?:ed|ing)$")


def lemma(tok: Token) -> str:
    """The token's lemma, lower-cased, with the parser's known slips fixed: the lemmatiser
    leaves a doubled final consonant on some verbs ("blogged" -> "blogge", "quipping" ->
    "quipp"), so a doubled-consonant form whose single-consonant stem is a known cue or
    stance verb takes that stem."""
    low = tok.lower_
    fixed = _LEMMA_FIXES.get(low)
    if fixed:
        return fixed
    found = str(tok.lemma_).lower()
    if found not in _KNOWN_VERBS and (m := _DOUBLED.match(low)) and m.group(1) in _KNOWN_VERBS:
        return m.group(1)
    return found


def cue_class(tok: Token | None, rule: str, kind: str) -> CueClass:
    """The kind of attribution (:data:`newsprism.quotes_model.CueClass`) that a cue token
    makes: every direct quote is speech, and so are "according to", "reported by" and a
    headline colon; otherwise the cue's word list decides."""
    if kind == "direct" or tok is None:
        return "speech"
    word = lemma(tok)
    if rule.startswith("attitude") or rule.startswith("raising") or word in BELIEF_VERBS:
        return "belief"
    if rule.startswith("noun"):
        if word in _SPEECH_NOUNS:
            return "speech"
        return "belief" if word in _BELIEF_NOUNS else "stance"
    if word in FINDING_VERBS:
        return "finding"
    if word in STANCE_VERBS and word not in CUE_VERBS:
        return "stance"
    return "speech"


#: Stance verbs that report only a clause ("a poll found that ..."), not an object.
CLAUSE_ONLY: frozenset[str] = frozenset(("find", "decide", "discuss"))
SUBJ = ("nsubj", "nsubjpass", "csubj")


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
    rule: str = ""  # which rule found it (for error analysis)


class Context:
    """Token lookups shared by the rules: char offset -> token, quoted tokens, paragraphs."""

    def __init__(self, doc: Doc, quotes: Sequence[MarkedQuote]) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.starts = [t.idx for t in doc]
        self.quotes = list(quotes)
        self.paras = paragraphs(self.text)
        self._para_starts = [a for a, _ in self.paras]
        self.entity_words = {
            w for e in doc.ents if e.label_ in ("PERSON", "ORG") for w in e.text.split()
        }
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
    if lemma(tok) not in CUE_VERBS or not tok.tag_.startswith("VB"):
        return False
    if lemma(tok) == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    if lemma(tok) == "put":  # "as Dana Milbank puts it, “...”"
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)
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


_CONTROL = frozenset("urge ask lead tell force push encourage press call invite prompt".split())
_INVERTED = frozenset(("VBD", "VBZ", "VBP"))


def subject_of(cue: Token, *, participles: bool = True) -> Token | None:
    """The speaker token of a cue verb: its subject, climbing conjoined and participial verbs
    ("..., adding that", "and said", "issued a statement saying", "by threatening", "is likely
    to stress"), the object of a verb of asking ("urged Ryan to say"), a relative pronoun
    ("Lee, who declared": the pronoun, as written; its antecedent is named later), or an
    inverted subject ("said Lavrov"). With ``participles``, a participle hung on a noun
    ("50 percent saying", "a message to supporters saying", "..., remarking") is resolved by
    :func:`_noun_participle`; the learned cue detector, trained without that, turns it off."""
    frm = according_to(cue)
    if frm is not None:
        return frm
    v = cue
    for _ in range(5):
        subj = _nearest_subject(v)
        if subj is not None:
            return subj
        for c in v.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        head = v.head
        if head.i == v.i:
            break
        if v.dep_ == "xcomp" and head.lemma_.lower() in _CONTROL:
            objs = [c for c in head.children if c.dep_ in ("dobj", "dative") and c.i < v.i]
            if objs:
                return objs[0]
        if v.dep_ in ("conj", "xcomp", "advcl", "dep", "acomp") and head.pos_ in (
            "VERB",
            "AUX",
            "ADJ",
        ):
            v = head
        elif v.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            v = head.head  # "pressured them to stop by threatening ..."
        elif v.dep_ == "acl" and participles and (step := _noun_participle(v)) is not None:
            found, up = step
            if found:
                return up  # "with 50 percent saying ...", "an item suggesting ..."
            if up is None:
                break
            v = up
        elif v.dep_ == "acl" and head.dep_ == "dobj" and head.head.pos_ in ("VERB", "AUX"):
            v = head.head  # "issued a statement saying ..."
        else:
            break
    if cue.tag_ in _INVERTED and cue.lemma_.lower() not in _CONTROL:
        for c in cue.rights:  # "said Lavrov" parsed with Lavrov as object
            if c.dep_ in ("dobj", "attr", "npadvmod", "dep") and c.pos_ == "PROPN":
                return c
    return _mislabelled_subject(v)


_NOMINAL = frozenset(("NOUN", "PROPN", "NUM"))


def _noun_participle(v: Token) -> tuple[bool, Token | None] | None:
    """The speaker of a present participle that the parser hung on a noun before it:
    ``(True, noun)`` when the noun is its subject ("with 50 percent saying she is prepared",
    "an item suggesting that ...", "anyone questioning her lead"); ``(False, verb)`` when the
    verb of the noun's clause is to be climbed to: the noun is a recipient ("sent a message
    to supporters saying ...": the message, and so its sender, says) or the participle is set
    off by a comma or dash ("ended the debate with a reference ..., remarking"), so it goes
    with the clause; ``(False, None)`` when there is no such verb; ``None`` when the rule does
    not apply (a time: "after years adding ..."; a dobj: "issued a statement saying", which
    :func:`subject_of` climbs itself)."""
    noun = v.head
    if v.tag_ != "VBG" or noun.i > v.i or noun.ent_type_ in ("DATE", "TIME"):
        return None
    if noun.pos_ not in _NOMINAL and noun.pos_ != "PRON":
        return None
    if noun.dep_ == "pobj" and noun.head.lower_ == "to":
        up = noun.head.head
        if up.pos_ == "NOUN" and up.dep_ == "dobj":
            up = up.head
        return False, up if up.pos_ in ("VERB", "AUX") else None
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        return None
    if v.i > 0 and v.doc[v.i - 1].text in (",", "-", "—", "–", "("):
        if noun.dep_ == "ROOT":
            return True, noun  # "Erin Brockovich, the activist, ..., saying" (no verb parsed)
        return False, _governing_verb(noun)
    return True, noun


_NOUN_UP = frozenset(("dobj", "pobj", "prep", "dative", "npadvmod", "attr", "appos", "conj"))


def _governing_verb(noun: Token) -> Token | None:
    """The verb of the clause a noun is in, through objects, preposition phrases and
    appositions ("ended the debate with a reference to ...": ended)."""
    t = noun
    for _ in range(8):
        if t.dep_ not in _NOUN_UP or t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _mislabelled_subject(v: Token) -> Token | None:
    """A finite verb has a subject: when the parser gave it none but hung the noun before it
    on it with another label ("Black Lives Matter issued", Matter as an adverb; "4 in 10
    say", 10 as a number modifier), that noun is the subject. Times ("Friday, ...") and
    words set off by a comma are not."""
    if v.tag_ not in _INVERTED:
        return None
    lefts = [c for c in v.lefts if not (c.is_punct or c.is_space)]
    if not lefts:
        return None
    c = lefts[-1]
    nxt = v.doc[c.i + 1] if c.i + 1 < len(v.doc) else None
    if c.pos_ not in _NOMINAL or c.ent_type_ in ("DATE", "TIME") or c.dep_ in ("prep", "mark"):
        return None
    if nxt is not None and nxt.text in (",", "—", "–", "("):
        return None
    return c


def _nearest_subject(v: Token) -> Token | None:
    """The verb's subject; of two ("BUENA PARK, Calif. - Hillary Clinton promised", a dateline
    parsed as a subject), the one nearest the verb on its line."""
    subj = [c for c in v.children if c.dep_ in SUBJ]
    if len(subj) > 1:
        before = [c for c in subj if c.i < v.i]
        near = before[-1] if before else subj[0]
        lo = min(t.i for t in near.subtree)
        if not any("\n" in t.text for t in v.doc[lo : v.i]):
            return near
    return subj[0] if subj else None


#: Nouns of the occasion on which something was said ("endorsed Clinton during a conference
#: call", "mentions her in speeches"): a phrase naming one is when or where, not what.
_OCCASIONS = frozenset(
    """call conference interview speech rally debate statement meeting appearance event hearing
    session visit address remark briefing broadcast show program programme letter email tweet
    post video ad op-ed column editorial stop forum summit convention gathering luncheon dinner
    breakfast response""".split()
)
_SETTING_PREPS = frozenset("at during in on".split())


def is_setting(c: Token) -> bool:
    """A phrase after a cue's object that gives the time or occasion of the attribution
    ("endorsed Clinton on Thursday", "during a conference call with reporters", "at a news
    conference", "in the past"), which is not part of what is attributed."""
    if c.dep_ == "npadvmod":
        return bool(c.ent_type_ in ("DATE", "TIME"))
    if c.dep_ != "prep" or c.lower_ not in _SETTING_PREPS:
        return False
    objs = [o for o in c.children if o.dep_ == "pobj"]
    if not objs:
        return False
    o = objs[0]
    return bool(o.ent_type_ in ("DATE", "TIME") or o.lower_ == "past" or lemma(o) in _OCCASIONS)


def ends_sentence(ctx: Context, i: int) -> bool:
    """A full stop, question or exclamation mark standing as its own token outside quotes
    ("Mr." and "U.S." are single tokens, so abbreviations do not end sentences)."""
    t = ctx.doc[i]
    return t.text in (".", "!", "?", "...", "…") and not ctx.quoted[i]


def token_at(ctx: Context, offset: int) -> int:
    return max(0, bisect_left(ctx.starts, offset + 1) - 1)


def words_in(ctx: Context, toks: Sequence[int]) -> list[Token]:
    return [ctx.doc[i] for i in toks if not (ctx.doc[i].is_punct or ctx.doc[i].is_space)]


def span_of(words: Sequence[Token]) -> tuple[int, int]:
    return int(words[0].idx), int(words[-1].idx) + len(words[-1].text)


def cue_tokens(doc: Doc, i: int) -> list[int]:
    t = doc[i]
    if t.lower_ == "according":
        return [i, i + 1] if i + 1 < len(doc) and doc[i + 1].lower_ == "to" else [i]
    if t.lemma_.lower() == "point":
        outs = [c.i for c in t.children if c.dep_ == "prt"]
        return [i, *outs]
    return [i]


def speaker_token(doc: Doc, cue: int, quoted: Sequence[bool] | None = None) -> int | None:
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


def trimmed_span(tokens: Sequence[Any]) -> tuple[int, int] | None:
    """The character span of ``tokens`` without spaces and edge punctuation (quote marks
    stay); ``None`` when nothing is left."""
    toks = [t for t in tokens if not t.is_space]
    while toks and ((toks[-1].is_punct and toks[-1].text not in '”"’»') or toks[-1].is_space):
        toks.pop()
    while toks and toks[0].is_punct and toks[0].text not in '“"‘«':
        toks.pop(0)
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def parts_of(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """Character spans of the runs of consecutive tokens (edge punctuation trimmed)."""
    runs: list[list[Any]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and runs[-1][-1].i + 1 == t.i:
            runs[-1].append(t)
        else:
            runs.append([t])
    spans = [trimmed_span(run) for run in runs if any(not (t.is_punct or t.is_space) for t in run)]
    return [s for s in spans if s is not None]
