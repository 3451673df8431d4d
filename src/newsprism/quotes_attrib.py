"""Direct quotes in one parsed article, each tied to its cue and speaker token, with the
unquoted words of the reported clause around it (lead and tail).

Works on a spaCy ``Doc`` plus the quote-mark runs of :mod:`newsprism.quotes_marks`; the cue
words and the speaker of a cue are in :mod:`newsprism.quotes_cues`, indirect attributions in
:mod:`newsprism.quotes_indirect`. Speakers are returned as tokens here; :mod:`newsprism.quotes`
turns them into names.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from newsprism.quotes_cues import (
    SUBJ,
    Attribution,
    Context,
    according_to,
    cue_tokens,
    ends_sentence,
    is_cue,
    is_setting,
    span_of,
    speaker_token,
    token_at,
    words_in,
)
from newsprism.quotes_marks import MarkedQuote
from newsprism.quotes_people import People
from newsprism.text import normalise_lang

Doc = Any
Token = Any

_RELATIVE = frozenset("who that which whom".split())
_MAX_RIGHT_CUE = 30  # tokens between a quote's end and its cue (long speaker descriptions)
_SCENE_MARKS = frozenset("after before since until as once".split())
_DISCOURSE = frozenset("but and however still yet so also then now instead".split())
_RUN_ON = frozenset("for because like and but as than to of in with when while since if or".split())


def _left_bound(ctx: Context, q: MarkedQuote, prev_end: int) -> int:
    lo, _hi = ctx.para_of(q.start)
    lo = max(lo, prev_end)
    toks = ctx.tokens_in(lo, q.start)
    for i in reversed(toks):
        if ends_sentence(ctx, i):
            return int(ctx.doc[i].idx) + 1
    return lo


def _right_bound(ctx: Context, q: MarkedQuote, next_start: int) -> int:
    _lo, hi = ctx.para_of(q.start)
    hi = min(hi, next_start)
    for i in ctx.tokens_in(q.end, hi):
        if ends_sentence(ctx, i):
            return int(ctx.doc[i].idx) + 1
    return hi


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
    # "Warren, who has not endorsed a candidate, told": a clause set off inside the speaker's
    # noun phrase does not count
    aside: set[int] = set()
    for t in words:
        if t.dep_ in ("relcl", "acl", "appos"):
            sub = [x.i for x in t.subtree]
            if t.dep_ == "appos" or ctx.doc[sub[0] - 1].text in (",", "(", "—", "–"):
                aside.update(sub)
    # "Mr. Daniloff, now 81 and retired in Cambridge, Mass., said": whatever stands between
    # the comma after the speaker's name and the comma before the cue is set off too
    before = [i for i in right if i < cue]
    commas = [i for i in before if ctx.doc[i].text == ","]
    if len(commas) >= 2 and before and before[-1] == commas[-1]:
        head = words_in(ctx, [i for i in before if i < commas[0]])
        if head and head[-1].pos_ == "PROPN":
            aside.update(range(commas[0], commas[-1]))
    return not any(
        t.pos_ in ("VERB", "AUX")
        and t.dep_ not in ("amod", "compound")
        and t.i not in aside
        and t.text not in ctx.entity_words  # "Trump senior adviser ..." tagged as a verb
        for t in words
    )


def _is_embedded(ctx: Context, cue: int, q: MarkedQuote) -> bool:
    """Whether a quote after its cue is only part of a reported clause ("stated that X share
    concerns regarding “threats ...”", "says her husband will “be the best”") rather than
    the whole of what was said ("said on Monday, “Next summer ...”", "said “anti-Semitic
    images ...”")."""
    first = bisect_left(ctx.starts, q.start)
    between = [ctx.doc[i] for i in range(cue + 1, first)]
    if all(t.is_punct or t.is_space for t in between):
        return False
    marks = [t for t in between if not t.is_space]
    if marks[-1].text in (",", ":") and not any(
        t.pos_ in ("VERB", "AUX") and t.text not in ctx.entity_words for t in marks
    ):
        return False  # "said last week in Tel Aviv, “...”", "telling reporters, “...”"
    inside = set(ctx.tokens_in(q.start, q.end))
    words = [ctx.doc[i] for i in sorted(inside) if not (ctx.doc[i].is_punct or ctx.doc[i].is_space)]
    if not words:
        return False
    if words[0].text[:1].islower() and any(
        t.pos_ in ("VERB", "AUX") and t.dep_ not in ("relcl", "acl") for t in marks
    ):
        return True  # "said he is a negotiator, “like you folks.”": the clause goes on in it
    root = words[0]
    while root.head.i in inside and root.head.i != root.i:
        root = root.head
    if root.head.i != cue and root.dep_ not in ("parataxis", "ROOT"):
        return True
    lead = [t for t in root.subtree if t.i < first and not (t.is_punct or t.is_space)]
    return bool(lead)


def _clause_before_quote(ctx: Context, cue: int, q: MarkedQuote) -> tuple[int, int] | None:
    """ "added that, “my principle was ...”", "said in an interview that in her state, “there
    is ...”": words between the cue and the quote that the parse hangs on a word inside the
    marks begin the reported clause outside them, so the clause, not the quote, is what was
    said (an indirect quote with a direct part). Words that modify the cue ("said last week in
    Tel Aviv, “...”", "telling reporters, “...”") do not count."""
    inside = set(ctx.tokens_in(q.start, q.end))
    first = bisect_left(ctx.starts, q.start)
    own: list[Token] = []
    for t in words_in(ctx, range(cue + 1, first)):
        x = t
        while x.i not in inside and x.i != cue and x.head.i != x.i:
            x = x.head
        if x.i in inside:
            own.append(t)
    if not own or ctx.quoted[own[0].i]:
        return None
    tail = words_in(ctx, range(own[0].i, first))
    return span_of(tail)


def _colon_verb(ctx: Context, left: Sequence[int]) -> int | None:
    """ "Trump went even further: “...”": the verb before a colon that introduces the quote."""
    toks = [i for i in left if not ctx.doc[i].is_space]
    if not toks or ctx.doc[toks[-1]].text != ":":
        return None
    for i in reversed(toks):
        t = ctx.doc[i]
        if t.pos_ == "VERB" and any(c.dep_ in SUBJ for c in t.children):
            return i
    return None


_NAME_MARKS = frozenset(":-–—")
#: Objects that name the saying itself ("issued a statement:", "recites the line:").
_SAYING = frozenset(
    "statement line words message note tweet post email letter this following it".split()
)


def _between_cue_and_colon(
    ctx: Context, cue: Sequence[int], q: MarkedQuote
) -> tuple[int, int] | None:
    """The words between a cue and the colon that introduces its quote when they report
    something themselves: an object ("recalled the three-year freeze on pay rates: “...”") or
    a clause ("said that ... a bargain might be possible: “...”"). Whom it was said to, how
    and when ("told CNBC:", "said in a statement:", "said of Mr. Rubio:") are not."""
    words = words_in(ctx, range(cue[-1] + 1, token_at(ctx, q.start)))
    words = [t for t in words if not ctx.quoted[t.i]]
    head = ctx.doc[cue[0]]
    told = head.lemma_.lower() in ("tell", "ask", "inform", "assure", "remind")
    reported = any(
        (t.pos_ in ("VERB", "AUX") and t.i != head.i)
        or (t.dep_ == "dobj" and t.head.i == head.i and not told and t.lemma_ not in _SAYING)
        for t in words
    )
    return span_of(words) if words and reported else None


def _name_colon(ctx: Context, left: Sequence[int]) -> int | None:
    """ "Trump: ‘I’m the Worst Thing ...’", "Rep. Trey Gowdy (R-S.C.): “...”", "Hillary
    Clinton - “...”": a quote after a name and a colon or dash, with no verb before it (a
    headline or a transcript). The speaker token is the name's last word."""
    toks = [i for i in left if not ctx.doc[i].is_space]
    # the tokenizer keeps "):" in one token after "(R-S.C."
    if not toks or ctx.doc[toks[-1]].text.lstrip(")") not in _NAME_MARKS:
        return None
    return name_in(ctx, toks[:-1])


def _possessed_copula(ctx: Context, left: Sequence[int], q: MarkedQuote) -> tuple[int, int] | None:
    """ "Clinton's response was: “Is ...?”", "Her campaign slogan is “I'm with her.”": a quote
    that is the complement of a copula whose subject is a noun with a possessor (a reply, a
    slogan) is the possessor's quote. Returns the copula and the possessor. A title
    (“Football Life”) does not count."""
    toks = [i for i in left if not ctx.doc[i].is_space]
    while toks and ctx.doc[toks[-1]].text in (",", ":"):
        toks.pop()
    if not toks or looks_like_title(_quote_text(ctx, q)):
        return None
    cop = ctx.doc[toks[-1]]
    if cop.lemma_.lower() != "be" or cop.dep_ != "ROOT" or ctx.quoted[cop.i]:
        return None  # "said that his claims were “sarcasm”": a phrase in a reported clause
    subj = next((c for c in cop.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if subj is None:
        return None
    owners = [c for c in subj.children if c.dep_ == "poss" and c.i in left]
    owner = owners[-1] if owners else None  # the parse may hang a noun of a line before on it
    if owner is None or ctx.quoted[owner.i] or "\n" in ctx.text[owner.idx : cop.idx]:
        return None
    return int(cop.i), int(owner.i)


def name_in(ctx: Context, toks: Sequence[int]) -> int | None:
    """The last word of a short name with no verb ("Rep. Trey Gowdy (R-S.C.)", "Trump"),
    parentheses left out; a capitalised word counts as a name when the text names a person or
    organisation with it somewhere (the parser tags a bare "Trump" as a verb)."""
    words = words_in(ctx, toks)
    if not words or len(words) > 10:
        return None
    names: list[Token] = []
    depth = 0
    for t in ctx.doc[toks[0] : toks[-1] + 1]:
        depth += (t.text == "(") - (t.text == ")")
        if depth == 0 and (t.pos_ == "PROPN" or t.text in ctx.entity_words):
            names.append(t)
        elif depth == 0 and t.pos_ in ("VERB", "AUX"):
            return None
    return int(names[-1].i) if names else None


def _name_after(ctx: Context, q: MarkedQuote) -> tuple[int, int] | None:
    """A quote followed by a line "- Bernie Sanders." (an epigraph's attribution): the dash
    token and the name's last word."""
    nxt = next((p for p in ctx.paras if p[0] >= q.end), None)
    if nxt is None or ctx.text[q.end : nxt[0]].strip():
        return None
    toks = [i for i in ctx.tokens_in(*nxt) if not ctx.doc[i].is_space]
    if len(toks) < 2 or ctx.doc[toks[0]].text not in _NAME_MARKS:
        return None
    name = name_in(ctx, toks[1:])
    return (toks[0], name) if name is not None else None


def _lead_before(ctx: Context, left: Sequence[int], cue: int) -> tuple[int, int] | None:
    """ "When the regulation goes into effect, Dr. Clark added, ''it will ...''": words before
    a parenthetical speaker and cue belong to what was said (PolNeAR's convention). A lone
    "But" or "Now" does not, nor do scene-setting phrases ("Holding open a book, Beck said",
    "After they divorced, Crawford said", "On ABC Tuesday, he said")."""
    subj = speaker_token(ctx.doc, cue)
    if subj is not None and ctx.doc[subj].lower_ in _RELATIVE:
        return None  # "..., from Mike Lee, who declared, “...”": the clause it hangs on
    first = min([cue] + ([t.i for t in ctx.doc[subj].subtree] if subj is not None else []))
    lead = [ctx.doc[i] for i in left if i < first]
    words = [t for t in lead if not (t.is_punct or t.is_space)]
    if not words or not lead or lead[-1].text != ",":
        return None
    if len(words) == 1 and words[0].lower_ in _DISCOURSE:
        return None  # "But, he noted, “...”": the quote alone is what was said
    if words[0].lower_ in _SCENE_MARKS or words[0].tag_ in ("VBG", "VBN"):
        return None  # "After Beck asked ..., D’Souza replied", "Asked why ..., Earnest said"
    ids = {t.i for t in words}
    roots = [t for t in words if t.head.i not in ids or t.head.i == t.i]
    if len(roots) != 1:
        return None
    r = roots[0]
    kids = list(r.children)
    if not any(c.dep_ in SUBJ for c in kids):  # "Asked why ...," has no subject
        return None
    if any(c.dep_ == "mark" and c.lower_ in _SCENE_MARKS for c in kids):
        return None
    return span_of(words)


def _hangs_on_quote(ctx: Context, q: MarkedQuote) -> bool:
    """Whether the first word after the quote's closing mark depends on a word inside it."""
    inside = set(ctx.tokens_in(q.start, q.end))
    for i in ctx.tokens_in(q.end, ctx.para_of(q.start)[1]):
        t = ctx.doc[i]
        if t.is_space or (t.is_punct and ctx.quoted[i]):
            continue
        return not t.is_punct and t.pos_ != "CCONJ" and t.head.i in inside
    return False


def _tail_after(ctx: Context, q: MarkedQuote) -> tuple[int, int] | None:
    """Words after a quote that continue its sentence: the reported clause goes on."""
    return tail_after(ctx, q.start, q.end)


def split_tail(ctx: Context, att: Attribution) -> tuple[int, int] | None:
    """ "“...,” Clinton said. “That is the fight we're taking” to the rest of the country.":
    the last part of a split quote that closes in mid-sentence (no closing punctuation inside
    the marks) is continued by the words after it, when no cue and no other quote stand among
    them ("“... of President Obama” and his team “just quietly ...”" is quoted in pieces)."""
    if len(att.parts) < 2 or att.embedded or att.tail is not None:
        return None
    a, b = att.parts[-1]
    if ctx.text[a:b].rstrip()[-1:] in ".!?…,;:—–-":
        return None
    tail = tail_after(ctx, a, att.end)
    if tail is None or any(is_cue(ctx.doc[i]) or ctx.quoted[i] for i in ctx.tokens_in(*tail)):
        return None
    return tail


def tail_after(ctx: Context, start: int, end: int) -> tuple[int, int] | None:
    """The words from ``end`` to the end of the sentence (in the paragraph of ``start``)."""
    _lo, hi = ctx.para_of(start)
    toks: list[Token] = []
    for i in ctx.tokens_in(end, hi):
        if ends_sentence(ctx, i):
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
        inner = _inner_end(ctx, q)
        colon = ctx.text[: q.start].rstrip().endswith(":")
        if not colon and words_in(ctx, left) and looks_like_title(_quote_text(ctx, q)):
            att.embedded, att.rule = True, "title"  # “Good Morning America” mid-sentence
            out.append(att)
            continue
        lc = _cue_in(ctx, left, nearest_last=True)
        rc = _right_cue(ctx, q, right, lc, inner)
        if rc is not None and (inner[-1:] in ",?!—–-" or lc is None):
            _right_cued(ctx, att, rc, left, q, colon)
        elif (
            lc is not None
            and colon
            and (cv := _colon_verb(ctx, left)) is not None
            and lc < cv
            and ctx.doc[lc].head.i == cv
            and ctx.doc[lc].dep_ == "advcl"
        ):
            # "Asked which county ..., he demurred: “...”": the clause's own verb, before the
            # colon, introduces the quote; the cue inside its adverbial clause does not
            att.cue, att.rule = [cv], "colon-verb"
        elif lc is not None:
            _left_cued(ctx, att, lc, left, q, colon, tail_ok=rc is None)
        else:
            cv = _colon_verb(ctx, left)
            named = _name_colon(ctx, left) if cv is None else None
            owned = _possessed_copula(ctx, left, q) if cv is None and named is None else None
            if cv is not None:
                att.cue, att.rule = [cv], "colon-verb"
            elif owned is not None:
                att.cue, att.speaker, att.rule = [owned[0]], owned[1], "copula-noun"
            elif named is not None:
                att.cue, att.speaker, att.rule = [left[-1]], named, "name-colon"
            elif (after := _name_after(ctx, q)) is not None:
                att.cue, att.speaker, att.rule = [after[0]], after[1], "name-after"
            elif words_in(ctx, left) or words_in(ctx, right):
                att.embedded = True  # a phrase quoted inside a sentence with no cue
        if att.cue and att.speaker is None:
            att.speaker = speaker_token(ctx.doc, att.cue[0], ctx.quoted)
        out.append(att)
    return out


def _right_cue(
    ctx: Context, q: MarkedQuote, right: Sequence[int], lc: int | None, inner: str
) -> int | None:
    """The cue after a quote that may be its cue, given the cue ``lc`` before it."""
    rc = _cue_in(ctx, right, nearest_last=False)
    if rc is None or not _right_cue_ok(ctx, right, rc, inner):
        return None
    if _points_ahead(ctx, rc):
        return None  # "... “schools,” Trump said: “...”": the colon gives the cue to the next
    if lc is None:
        return rc
    if not words_in(ctx, range(lc + 1, token_at(ctx, q.start))):
        return None  # "shouted, “Cruz,” Beck joked": the cue right before it is its cue
    opened = ctx.text[: q.start].rstrip()[-1:] in ",:"
    if ctx.doc[rc].head.i == lc and opened:
        return None  # "said of it, ''X,'' adding that ...": the later verb continues the cue
    if opened and _opens_next_quote(ctx, rc):
        return None  # "X responds with, “...?” Y writes back, “...”": each cue opens its own
    return rc


def _opens_next_quote(ctx: Context, cue: int) -> bool:
    """Whether the cue phrase (the cue, its particles and adverbs) is followed by a comma and a
    quote mark: the cue then introduces the quote after it."""
    doc = ctx.doc
    i = cue_tokens(doc, cue)[-1] + 1
    while i < len(doc) and (doc[i].is_space or doc[i].dep_ in ("prt", "advmod")):
        i += 1
    return i + 1 < len(doc) and doc[i].text == "," and ctx.quoted[i + 1]


def _left_cued(
    ctx: Context,
    att: Attribution,
    lc: int,
    left: Sequence[int],
    q: MarkedQuote,
    colon: bool,
    *,
    tail_ok: bool,
) -> None:
    """A quote with its cue before it: whether it is embedded in the cue's clause, and the
    words of that clause before it (lead) and after it (tail)."""
    att.cue, att.rule = cue_tokens(ctx.doc, lc), "left-cue"
    att.embedded = not colon and _is_embedded(ctx, lc, q)
    if not att.embedded and not colon:
        att.lead = _clause_before_quote(ctx, lc, q) or _lead_before(ctx, left, lc)
    elif colon:  # "said of gay couples: “...”": what follows the cue is said too
        att.lead = _between_cue_and_colon(ctx, att.cue, q)
    inner = _inner_end(ctx, q)
    opened = ctx.text[: q.start].rstrip()[-1:] in ",:"  # said, “...” is whole
    # after "said, “...”" only words that hang on the quoted ones continue it
    # (“... battle with Cruz” for second place), not "“...” and vowing to ..."
    if (
        not att.embedded
        and tail_ok
        and inner[-1:] not in ".!?…,;:"
        and (not opened or _hangs_on_quote(ctx, q))
    ):
        tail = _tail_after(ctx, q)
        if tail is None or not _about_the_saying(ctx, tail, lc, q):
            att.tail = tail


def _about_the_saying(ctx: Context, tail: tuple[int, int], cue: int, q: MarkedQuote) -> bool:
    """Whether the words after a quote say when or on what occasion it was said ("tweeted,
    “Thank you Indiana!” on Friday afternoon", "saying “pray for him” in response") or, after
    a quote set off by a comma or dash, what came with it ("posted two words - ''So
    terrible'' - with a link to ..."): a phrase about the saying, not part of what was said."""
    words = words_in(ctx, ctx.tokens_in(*tail))
    ids = {t.i for t in words}
    roots = [t for t in words if t.head.i not in ids or t.head.i == t.i]
    if len(roots) != 1 or roots[0].i != words[0].i:
        return False
    r = roots[0]
    if is_setting(r):
        return True
    set_off = ctx.text[: q.start].rstrip()[-1:] in ",:-—–"
    return set_off and r.dep_ == "prep" and r.head.i == cue


def _points_ahead(ctx: Context, cue: int) -> bool:
    """Whether a colon follows the cue phrase (the cue, its particles and adverbs): the cue
    then introduces what comes after it."""
    doc = ctx.doc
    i = cue_tokens(doc, cue)[-1] + 1
    while i < len(doc) and (doc[i].is_space or doc[i].dep_ in ("prt", "advmod")):
        i += 1
    return i < len(doc) and doc[i].text == ":"


def _inner_end(ctx: Context, q: MarkedQuote) -> str:
    """The quote's last part without a nested quote's closing mark at its end (“... what they
    call ‘a flight to quality,’ ” he said), so that its closing punctuation shows."""
    return ctx.text[q.parts[-1][0] : q.parts[-1][1]].rstrip().rstrip("'’\" ")


def _quote_text(ctx: Context, q: MarkedQuote) -> str:
    return " ".join(ctx.text[a:b] for a, b in q.parts)


def _right_cued(
    ctx: Context, att: Attribution, rc: int, left: Sequence[int], q: MarkedQuote, colon: bool
) -> None:
    """A quote with its cue after it. Words before it in its clause belong to what was said
    ("America needs leaders “who ...,” Clinton said"), unless the quote opens a clause of its
    own (after a comma or dash) or those words hold the speaker ("Some in the “Bernie or
    Bust” crowd suggest": then the quote is a phrase in the speaker's noun phrase)."""
    speaker = speaker_token(ctx.doc, cue_tokens(ctx.doc, rc)[0], ctx.quoted)
    if speaker is not None and left and left[0] <= speaker < token_at(ctx, q.start):
        att.embedded, att.rule = True, "in-subject"
        return
    att.cue, att.rule, att.speaker = cue_tokens(ctx.doc, rc), "right-cue", speaker
    lead = words_in(ctx, left)
    before = ctx.text[: q.start].rstrip()[-1:]
    if lead and not colon and before not in ",;—–-(":
        att.lead = (int(lead[0].idx), int(lead[-1].idx) + len(lead[-1].text))


_MINOR = frozenset("a an the of and or in on at to for with by from as vs".split())


def looks_like_title(text: str) -> bool:
    """“Bridge of Spies”, “Good Morning America”: two to eight capitalised words (short
    function words aside), not ending in ? or !."""
    words = [w.strip(".,:;!?'\"’‘“”") for w in text.split()]
    words = [w for w in words if w]
    if not words or len(words) > 8 or text.rstrip().endswith(("?", "!")):
        return False
    capital = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
    return (
        len(words) >= 2
        and all(w[:1].isupper() or w.lower() in _MINOR for w in words)
        and len(capital) >= 2
    )


#: Languages that capitalise every noun: a capitalised word there is no sign of a name.
NOUN_CAPITALS = frozenset(("de", "lb"))


def marks_only_attributions(
    ctx: Context, people: People, lang: str | None = None
) -> list[Attribution]:
    """Direct quotes of a text in a language the cue rules do not know (they are English):
    every quote found by its marks, its speaker the person named in the rest of its sentence,
    after the quote first ("« ... », a déclaré M. Lavrov"), then before it ("Lavrov a déclaré
    : « ... »"): a capitalised word of the name of a person named in the text, else a word
    the parser tags as a person (its English tagger is less sure of other languages). A
    quote whose sentence names no one (", a-t-il insisté.") is left to the speaker of the
    quote before it; no cue is given. In a language that capitalises its nouns (German),
    only the first kind of word counts."""
    doc = ctx.doc

    def known(i: int) -> bool:  # a word of the name of a person named in the text
        t = doc[i]
        return (
            not ctx.quoted[i]
            and t.text[:1].isupper()
            and people.person_by_word(t.text, i + 1) is not None
        )

    def tagged(i: int) -> bool:  # the parser's person tag (weaker outside English)
        return not ctx.quoted[i] and doc[i].ent_type_ == "PERSON" and doc[i].text[:1].isupper()

    tests = (known,) if normalise_lang(lang) in NOUN_CAPITALS else (known, tagged)
    out: list[Attribution] = []
    for q in ctx.quotes:
        att = Attribution("direct", list(q.parts), q.start, q.end, rule="marks-only")
        first, last = token_at(ctx, q.start), token_at(ctx, max(q.start, q.end - 1))
        sent = doc[first].sent
        after = range(max(last + 1, sent.start + 1), sent.end)
        before = range(first - 1, sent.start - 1, -1)
        for test in tests:
            found = next((i for i in after if test(i)), None)
            found = next((i for i in before if test(i)), None) if found is None else found
            if found is not None:
                while found + 1 < len(doc) and test(found + 1):  # the name's last word
                    found += 1
                att.speaker = found
                break
        out.append(att)
    return out
